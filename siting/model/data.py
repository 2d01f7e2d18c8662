"""Model data: the siting MILP's input as plain Python values -- no geometry, no files.

A :class:`ModelData` can be written by hand in a test, made from OR-Library files
(:mod:`benchmarks.orlib_cfl`), or built from candidates and layers (:mod:`siting.candidates.model_data`).
Everything is indexed by integers 0..n-1 with a parallel list of ids for the results; adjacency lists are
precomputed once in :meth:`ModelData.index` so no constraint rule ever scans an arc set.

Units: IT MW for site load and demand, grid MW (= PUE x IT MW) for connections and headroom, JPY for costs,
GWh per year for energy, m3/day for water, years for lead times.

Cooling: a site cools evaporatively (industrial water, PUE ``pue``) or dry / closed-loop (no industrial water,
PUE ``pue_dry``). Only sites in a water system whose spare supply is known may cool evaporatively; unknown spare
(``None``) is never unlimited. ``pue_dry = None`` means dry cooling costs nothing more (no cooling choice to make).

Committed capacity (``committed_it_mw``): IT MW of today's clusters whose grid supply is already committed by the
TSO; it runs whatever the plan, serves demand first and draws on no modelled headroom. Committed headroom
(``headroom_added_mw``): substation headroom the TSO has committed to add by a year, at no cost to the plan.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from siting.units import FLOAT_EPS, GWH_PER_MW_YEAR


@dataclass
class ModelData:
    """Input of the siting model (the symbol key of :mod:`siting.model` says what each field means)."""

    # --- time -----------------------------------------------------------------------------------------
    years: list[int]
    decision_year: int
    end_year: int
    # --- regions G and sites S ------------------------------------------------------------------------
    region_ids: list[str]
    region_fixed_cost_jpy: list[float]
    region_min_mw: list[float]
    site_ids: list[str]
    site_region: list[int]
    site_cap_mw: list[float]
    # --- demand nodes N and the (node, site) pairs within the latency limit ----------------------------
    node_ids: list[str]
    demand_mw: list[list[float]]  # [node][year index], IT MW
    pair_node: list[int] = field(default_factory=list)
    pair_site: list[int] = field(default_factory=list)
    pair_cost_jpy_per_mw_year: list[float] = field(default_factory=list)
    # --- grid: substations B, arcs A (site-substation), reinforcement steps K -------------------------
    substation_ids: list[str] = field(default_factory=list)
    headroom_mw: list[float] = field(default_factory=list)
    arc_site: list[int] = field(default_factory=list)
    arc_sub: list[int] = field(default_factory=list)
    arc_cost_jpy: list[float] = field(default_factory=list)
    arc_lead_years: list[float] = field(default_factory=list)
    step_sub: list[int] = field(default_factory=list)
    step_order: list[int] = field(default_factory=list)  # 1, 2, ... within a substation
    step_added_mw: list[float] = field(default_factory=list)
    step_cost_jpy: list[float] = field(default_factory=list)
    step_lead_years: list[float] = field(default_factory=list)
    # --- areas, decarbonised energy, interconnectors ---------------------------------------------------
    area_ids: list[str] = field(default_factory=list)
    site_area: list[int] = field(default_factory=list)  # empty: no area families
    decarb_gwh: list[list[float]] = field(default_factory=list)  # [area][year]; empty: family off
    decarb_share: list[float] = field(default_factory=list)  # [year]
    link_from: list[int] = field(default_factory=list)
    link_to: list[int] = field(default_factory=list)
    link_gwh: list[list[float]] = field(default_factory=list)  # [link][year], per direction
    #: GWh a year per IT MW: 8.76 x load factor x PUE (a hand-written instance's 0.8 and 1.4; a scenario's own from
    #: :func:`siting.candidates.model_data.build_model_data`).
    gwh_per_it_mw_year: float = GWH_PER_MW_YEAR * 0.8 * 1.4
    max_area_share: float | None = None
    #: Committed headroom added by the TSO, cumulative grid MW [substation][year]; empty: none.
    headroom_added_mw: list[list[float]] = field(default_factory=list)
    # --- water and cooling -----------------------------------------------------------------------------
    water_ids: list[str] = field(default_factory=list)
    #: Spare supply per system, m3/day; ``None``: unknown (its sites cool dry).
    water_spare_m3_per_day: list[float | None] = field(default_factory=list)
    site_water: list[int] = field(default_factory=list)  # -1: no industrial-water system
    water_m3_per_day_per_mw: float = 0.0
    # --- policy and weights ----------------------------------------------------------------------------
    #: Grid MW per IT MW with evaporative cooling.
    pue: float = 1.4
    #: Grid MW per IT MW with dry / closed-loop cooling (no industrial water); ``None``: same as ``pue``.
    pue_dry: float | None = None
    #: IT MW of committed capacity [site][year] (today's clusters); empty: none.
    committed_it_mw: list[list[float]] = field(default_factory=list)
    max_regions: int | None = None
    #: Regions that exist already (today's clusters): always on, free, not counted in max_regions.
    region_existing: list[bool] = field(default_factory=list)
    forced_in: list[int] = field(default_factory=list)
    forced_out: list[int] = field(default_factory=list)
    delay_cost_jpy_per_mw_year: float = 0.5e9
    allow_unserved: bool = True
    discount_rate: float = 0.0
    #: Objective coefficients are multiplied by this (1e-8: the model works in oku-yen, 1e8 JPY).
    cost_scale: float = 1e-8
    # --- formulation switches --------------------------------------------------------------------------
    connection_binaries: bool = True
    capacity_cover_cut: bool = True
    strong_linking: bool = False
    #: Valid inequalities tying free headroom to the binaries that unlock it
    #: (siting.model.constraints.headroom_cover).
    headroom_cover: bool = True
    #: Extended formulation tying each region's draw on a substation to its own designation
    #: (siting.model.constraints.headroom_link).
    headroom_link: bool = True
    #: Valid inequality sum_g z_g >= p (fewest regions whose land covers the demand); only without unserved
    #: demand (siting.model.constraints.cuts).
    min_region_count_cut: bool = False
    #: Pairs that get the strong linking row when ``strong_linking`` is off (siting.model.constraints.cuts).
    link_pairs: list[int] = field(default_factory=list)
    #: Set by :meth:`index`.
    idx: Index | None = None

    # ------------------------------------------------------------------------------------------------
    @property
    def grid(self) -> bool:
        """Whether the grid families (connection, headroom, reinforcement) are in the model."""
        return len(self.substation_ids) > 0

    @property
    def dur_years(self) -> list[float]:
        """Years each planning year stands for: until the next one, the last until ``end_year``."""
        nxt = [*self.years[1:], self.end_year]
        return [float(b - a) for a, b in zip(self.years, nxt, strict=True)]

    def discount(self, t: int) -> float:
        """Discount factor of planning year index ``t`` relative to the decision year."""
        return (1.0 + self.discount_rate) ** -(self.years[t] - self.decision_year)

    def first_year_index(self, lead_years: float) -> int | None:
        """Index of the first planning year at least ``lead_years`` after the decision year, or None."""
        for t, year in enumerate(self.years):
            if year >= self.decision_year + lead_years - FLOAT_EPS:
                return t
        return None

    def is_existing(self, g: int) -> bool:
        return bool(self.region_existing) and self.region_existing[g]

    @property
    def max_pue(self) -> float:
        """Grid MW per IT MW of the thirstiest-for-power cooling (dry), the bound every big-M must use."""
        return self.pue if self.pue_dry is None else max(self.pue, self.pue_dry)

    @property
    def cooling_choice(self) -> bool:
        """Whether evaporative cooling saves grid MW, so that the model splits cooling and water can bind."""
        return self.pue_dry is not None and self.pue_dry > self.pue and self.water_m3_per_day_per_mw > 0

    def can_evaporate(self, s: int) -> bool:
        """Site s is in a water system whose spare supply is known (the only sites that may cool with water)."""
        if not self.site_water or self.site_water[s] < 0:
            return False
        return self.water_spare_m3_per_day[self.site_water[s]] is not None

    def site_pue(self, s: int) -> float:
        """The smallest grid MW per IT MW site s can reach (evaporative where it may, else dry)."""
        return self.pue if (not self.cooling_choice or self.can_evaporate(s)) else self.max_pue

    def committed(self, s: int, t: int) -> float:
        """Committed IT MW of site s in year index t (0 without committed capacity)."""
        return self.committed_it_mw[s][t] if self.committed_it_mw else 0.0

    def max_draw_mw(self, s: int, t: int) -> float:
        """The most grid MW site s can draw in year index t: its capacity beyond committed, cooled dry."""
        return self.max_pue * (self.site_cap_mw[s] - self.committed(s, t))

    def free_headroom(self, b: int, t: int) -> float:
        """Headroom at substation b in year index t without a reinforcement of the plan (today's + committed)."""
        return self.headroom_mw[b] + (self.headroom_added_mw[b][t] if self.headroom_added_mw else 0.0)

    def index(self) -> Index:
        """Precompute adjacency and the first usable year of every arc and step (cached)."""
        if self.idx is None:
            self.idx = Index.build(self)
        return self.idx

    def validate(self) -> None:
        """Check lengths and signs; raises ValueError naming the field (the data are built by code)."""
        n_s, n_t = len(self.site_ids), len(self.years)
        for name, seq, n in (("site_region", self.site_region, n_s), ("site_cap_mw", self.site_cap_mw, n_s),
                             ("region_fixed_cost_jpy", self.region_fixed_cost_jpy, len(self.region_ids)),
                             ("region_min_mw", self.region_min_mw, len(self.region_ids)),
                             ("demand_mw", self.demand_mw, len(self.node_ids)),
                             ("headroom_mw", self.headroom_mw, len(self.substation_ids))):
            if len(seq) != n:
                raise ValueError(f"model data: {name} has {len(seq)} entries, expected {n}")
        if any(len(row) != n_t for row in self.demand_mw):
            raise ValueError(f"model data: demand_mw rows must have {n_t} years")
        for name, n in (("committed_it_mw", n_s), ("headroom_added_mw", len(self.substation_ids))):
            table = getattr(self, name)
            if table and (len(table) != n or any(len(row) != n_t for row in table)):
                raise ValueError(f"model data: {name} must be empty or {n} rows of {n_t} years")
        for name in ("site_cap_mw", "headroom_mw", "step_added_mw", "arc_cost_jpy", "step_cost_jpy",
                     "region_fixed_cost_jpy"):
            if any(v < 0 for v in getattr(self, name)):
                raise ValueError(f"model data: {name} has negative values")
        if any(v is not None and v < 0 for v in self.water_spare_m3_per_day):
            raise ValueError("model data: water_spare_m3_per_day has negative values")
        if self.pue_dry is not None and self.pue_dry < self.pue:
            raise ValueError(f"model data: pue_dry ({self.pue_dry}) is below pue ({self.pue})")
        for s in range(n_s if self.committed_it_mw else 0):
            row = self.committed_it_mw[s]
            if any(v < 0 for v in row) or any(b < a - FLOAT_EPS for a, b in itertools.pairwise(row)):
                raise ValueError(f"model data: committed_it_mw of site {self.site_ids[s]} must be >= 0 and "
                                 "non-decreasing")
            if max(row, default=0.0) > self.site_cap_mw[s] + FLOAT_EPS:
                raise ValueError(f"model data: committed_it_mw of site {self.site_ids[s]} exceeds its capacity")
            if max(row, default=0.0) > 0 and not self.is_existing(self.site_region[s]):
                raise ValueError(f"model data: site {self.site_ids[s]} has committed capacity but its region "
                                 "is not an existing one")


@dataclass
class Index:
    """Adjacency lists and sparse time indices derived from :class:`ModelData`."""

    sites_of_region: list[list[int]]
    arcs_of_site: list[list[int]]
    arcs_of_sub: list[list[int]]
    steps_of_sub: list[list[int]]  # ordered by step_order
    pairs_of_node: list[list[int]]
    pairs_of_site: list[list[int]]
    sites_of_area: list[list[int]]
    sites_of_water: list[list[int]]
    links_in: list[list[int]]
    links_out: list[list[int]]
    arc_first_t: list[int | None]
    step_first_t: list[int | None]
    step_prev: list[int | None]
    arc_time: list[tuple[int, int]]  # (arc, t) pairs where the arc can carry load
    step_time: list[tuple[int, int]]
    arc_max_mw: dict[tuple[int, int], float]
    #: (b, t) -> grid MW substation b can deliver in year t: free headroom (today's plus committed additions) and
    #: every reinforcement step that can be in service by then.
    reach_mw: dict[tuple[int, int], float]
    site_first_t: list[int | None]
    #: Sites that may split their cooling (in a water system with known spare, when dry cooling costs more).
    evap_sites: list[int]
    #: (b, t) -> in-service arcs and steps, filled on first use (three families read each pair; do not mutate)
    _arcs_at: dict[tuple[int, int], list[int]] = field(default_factory=dict, repr=False)
    _steps_at: dict[tuple[int, int], list[int]] = field(default_factory=dict, repr=False)

    def arcs_of_sub_at(self, b: int, t: int) -> list[int]:
        """Connections to substation b in service in year t (their lead time has passed)."""
        out = self._arcs_at.get((b, t))
        if out is None:
            out = self._arcs_at[b, t] = [a for a in self.arcs_of_sub[b]
                                         if (fa := self.arc_first_t[a]) is not None and fa <= t]
        return out

    def steps_of_sub_at(self, b: int, t: int) -> list[int]:
        """Reinforcement steps of substation b that can be in service in year t, in order."""
        out = self._steps_at.get((b, t))
        if out is None:
            out = self._steps_at[b, t] = [k for k in self.steps_of_sub[b]
                                          if (fk := self.step_first_t[k]) is not None and fk <= t]
        return out

    @staticmethod
    def build(d: ModelData) -> Index:
        def group(keys: list[int], n: int) -> list[list[int]]:
            out: list[list[int]] = [[] for _ in range(n)]
            for i, k in enumerate(keys):
                if k >= 0:
                    out[k].append(i)
            return out

        n_b = len(d.substation_ids)
        steps_of_sub = group(d.step_sub, n_b)
        for lst in steps_of_sub:
            lst.sort(key=lambda k: d.step_order[k])
        step_first: list[int | None] = [None] * len(d.step_sub)
        step_prev: list[int | None] = [None] * len(d.step_sub)
        for lst in steps_of_sub:
            prev_first: int | None = 0
            prev: int | None = None
            for k in lst:
                own = d.first_year_index(d.step_lead_years[k])
                # A step cannot be in service before the step it follows.
                first = None if own is None or prev_first is None else max(own, prev_first)
                step_first[k], step_prev[k] = first, prev
                prev_first, prev = first, k
        arc_first = [d.first_year_index(lead) for lead in d.arc_lead_years]
        arc_time = [(a, t) for a, f in enumerate(arc_first) if f is not None for t in range(f, len(d.years))]
        step_time = [(k, t) for k, f in enumerate(step_first) if f is not None for t in range(f, len(d.years))]
        # The grid MW each substation can reach by t: free headroom plus every step that can be in service
        reach = {(b, t): d.free_headroom(b, t) + sum(d.step_added_mw[k] for k in steps_of_sub[b]  # type: ignore[misc]
                                                     if step_first[k] is not None and step_first[k] <= t)  # type: ignore[operator]
                 for b in range(n_b) for t in range(len(d.years))}
        # Tightest big-M of f[a,t]: the site's grid draw or the headroom the substation can reach by t.
        # a connection carries the site's draw beyond its committed capacity, at most at the dry PUE
        arc_max = {(a, t): min(d.max_draw_mw(d.arc_site[a], t), reach[d.arc_sub[a], t]) for a, t in arc_time}
        n_areas = len(d.area_ids)
        arcs_of_site = group(d.arc_site, len(d.site_ids))
        site_first = [min((arc_first[a] for a in arcs if arc_first[a] is not None), default=None)  # type: ignore[type-var]
                      for arcs in arcs_of_site]
        evap = [s for s in range(len(d.site_ids)) if d.cooling_choice and d.can_evaporate(s)]
        return Index(
            site_first_t=site_first,
            sites_of_region=group(d.site_region, len(d.region_ids)),
            arcs_of_site=arcs_of_site,
            arcs_of_sub=group(d.arc_sub, n_b),
            steps_of_sub=steps_of_sub,
            pairs_of_node=group(d.pair_node, len(d.node_ids)),
            pairs_of_site=group(d.pair_site, len(d.site_ids)),
            sites_of_area=group(d.site_area, n_areas) if d.site_area else [],
            sites_of_water=group(d.site_water, len(d.water_ids)) if d.site_water else [],
            links_in=group(d.link_to, n_areas),
            links_out=group(d.link_from, n_areas),
            arc_first_t=arc_first,
            step_first_t=step_first,
            step_prev=step_prev,
            arc_time=arc_time,
            step_time=step_time,
            arc_max_mw=arc_max,
            reach_mw=reach,
            evap_sites=evap,
        )
