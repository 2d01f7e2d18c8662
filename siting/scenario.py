"""Scenario files (TOML): which layers to load and every assumption of a siting run, validated by pydantic.

A scenario names its layer files (paths relative to the scenario file) and sets the model's parameters.
Unknown keys and wrong types are errors that name the key and the fix, never silently ignored. Every section
has defaults, so a scenario only writes what differs. ``models/reference.toml`` is the annotated example.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from siting.errors import Problem, ScenarioError, validation_problems
from siting.layers.schema import GRID_AREAS, LAYER_KINDS, NUCLEAR_STATUSES
from siting.scenario_checks import (
    YEAR_RANGE,
    ByVoltage,
    Year,
    base_scenario_path,
    check_voltage_tables,
    did_you_mean,
    unknown_key,
    year_keys,
)
from siting.scenario_files import apply_overrides as apply_raw_overrides
from siting.scenario_files import merge_tables, read_toml

# allow_inf_nan=False: 'inf' and 'nan' (valid TOML) are refused by name in every number of a scenario
_STRICT = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)
Positive = Annotated[float, Field(gt=0)]
NonNeg = Annotated[float, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]


def _known_areas(v: list[str]) -> list[str]:
    bad = [a for a in v if a not in GRID_AREAS]
    if bad:
        raise ValueError(f"unknown grid area(s) {bad}; use {', '.join(GRID_AREAS)}")
    return v


#: A list of grid-area names, checked against the ten areas.
AreaList = Annotated[list[str], AfterValidator(_known_areas)]
#: A nuclear unit's regulator status (siting.layers.schema.NUCLEAR_STATUSES).
NuclearStatus = Literal[NUCLEAR_STATUSES]  # type: ignore[valid-type]


class LayerRef(BaseModel):
    """A layer file, optionally with the layer name inside a GeoPackage and a forced text encoding."""

    model_config = _STRICT
    path: str
    layer: str | None = None
    encoding: str | None = None


class Years(BaseModel):
    """Planning years. ``dur[t]`` is the number of years until the next planning year (to ``end_year`` for
    the last), the weight of year t in MW-years of delay and in fibre costs."""

    model_config = _STRICT
    decision_year: Year = Field(2026, description="year the plan is decided (t0 of lead times)")
    planning: list[Year] = Field(default_factory=lambda: [2028, 2030, 2034, 2040], min_length=1)
    end_year: int = Field(2045, ge=YEAR_RANGE[0] + 1, le=YEAR_RANGE[1] + 1,
                          description="end of the last planning period (exclusive)")

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        p = self.planning
        if any(b <= a for a, b in itertools.pairwise(p)):
            raise ValueError(f"planning years must increase strictly, got {p}")
        if p[0] <= self.decision_year:
            raise ValueError(f"the first planning year ({p[0]}) must come after decision_year "
                             f"({self.decision_year})")
        if self.end_year <= p[-1]:
            raise ValueError(f"end_year ({self.end_year}) must come after the last planning year ({p[-1]})")
        return self


class Demand(BaseModel):
    """How demand-layer IT MW becomes model demand."""

    model_config = _STRICT
    multiplier: float = Field(1.0, gt=0, le=100, description="scales every node's IT MW")
    pue: float = Field(1.4, ge=1.0, le=3.0, description="grid MW drawn per IT MW (power usage effectiveness) "
                       "with evaporative cooling on industrial water")
    pue_dry: float = Field(1.5, ge=1.0, le=3.0, description="grid MW per IT MW with dry / closed-loop cooling (no "
                           "industrial water); sites with no known water cool this way. 1.5 assumed: +0.1 over "
                           "evaporative; range 1.4 (well-designed dry or adiabatic cooling matches evaporative, "
                           "Uptime Intelligence 2026) to 1.58 (industry average, Uptime 2023)")
    load_factor: Share = Field(0.8, description="average / peak load of a data centre (OCCTO: ~80 %)")

    @model_validator(mode="after")
    def _dry_not_below(self) -> Demand:
        if self.pue_dry < self.pue:
            raise ValueError(f"pue_dry ({self.pue_dry}) is below pue ({self.pue}): set demand.pue_dry >= "
                             "demand.pue (dry cooling never draws less power)")
        return self


class Candidates(BaseModel):
    """Turning the land layer into candidate sites, regions and connection arcs."""

    model_config = _STRICT
    region_by: Literal["prefecture", "proposal", "cluster"] = "prefecture"
    cluster_km: Positive = Field(40.0, description="sites closer than this form one region (region_by=cluster)")
    ha_per_mw: Positive = Field(0.23, description="land per IT MW for sites whose land layer row states no "
                                "ha_per_mw of its own (Tomakomai: 70 ha for >=300 MW)")
    connection_radius_km: ByVoltage = Field(
        default_factory=lambda: {"154": 25.0, "220": 35.0, "275": 50.0, "500": 80.0},
        description="largest site-substation distance by substation voltage class (kV)")
    max_arcs_per_site: int = Field(3, ge=1, le=20, description="nearest substations kept per site")
    max_sea_crossing_km: NonNeg = Field(5.0, description="a connection whose straight line crosses more sea than "
                                        "this in one stretch (a strait, a bay) is not considered; the coast is the "
                                        "prefectures layer's")
    connection_cost_jpy_per_km: ByVoltage = Field(
        default_factory=lambda: {"154": 0.3e9, "220": 0.4e9, "275": 0.5e9, "500": 0.8e9},
        description="line cost by voltage class, JPY per km (275 kV ~0.5 bn/km, facts/grid_costs.csv)")
    connection_fixed_jpy: ByVoltage = Field(
        default_factory=lambda: {"154": 2e9, "220": 3e9, "275": 5e9, "500": 10e9},
        description="bay, switchgear and receiving substation per connection, JPY")
    connection_lead_years: NonNeg = Field(3.0, description="lead time of a connection before its length term")
    connection_lead_years_per_km: NonNeg = Field(0.05, description="extra lead time per km of line")
    existing_connection_lead_years: NonNeg = Field(
        1.0, description="lead time for sites with an existing status (already connected): their limit is "
        "substation headroom, not a new line")
    route_factor: float = Field(1.3, ge=1.0, le=3.0, description="fibre route length / straight line")
    fibre_km_per_s: Positive = Field(200_000.0, description="speed of light in fibre")
    exclude_hazard_classes: list[str] = Field(
        default_factory=lambda: ["tsunami:high", "flood:high", "landslide:high"],
        description="'hazard:class' pairs whose zones screen a site out")
    min_site_mw: NonNeg = Field(10.0, description="sites whose land allows less than this are dropped")
    existing_statuses: list[str] = Field(
        default_factory=lambda: ["existing-cluster", "expanding"],
        description="sites with these statuses form 'existing' regions per prefecture: always available, no "
                    "designation cost, no minimum size, not counted in max_regions (today's clusters keep "
                    "growing whether or not a GX region is designated)")

    @model_validator(mode="after")
    def _voltage_tables(self) -> Candidates:
        check_voltage_tables(self.connection_radius_km, self.connection_cost_jpy_per_km, self.connection_fixed_jpy)
        return self


class Network(BaseModel):
    """The bit side: demand nodes served from sites over fibre."""

    model_config = _STRICT
    latency_limit_ms: Positive = Field(20.0, description="largest round-trip time from a node to a site")
    fibre_cost_jpy_per_mw_km_year: float = Field(5_000.0, ge=0, le=1e8, description="cost of carrying 1 MW of "
                                                  "demand 1 km for a year over leased fibre")


class Water(BaseModel):
    model_config = _STRICT
    m3_per_day_per_mw: NonNeg = Field(43.0, description="industrial water per IT MW cooled evaporatively "
                                      "(WUE 1.8 L/kWh)")
    enforce: bool = Field(True, description="false: a what-if where water limits nothing and every site cools "
                          "evaporatively at demand.pue")


class Decarbonised(BaseModel):
    """Decarbonised energy for new data centres: which supply counts from when, and how much of it is theirs.

    Both shares are ASSUMPTIONS (no public figure exists); their anchors and low / central / high values are
    in ``geodata/sources/facts/new_dc_share_assumptions.csv`` and ``models/reference-sweep.toml`` sweeps them.
    One share serves every kind: the anchors are for decarbonised energy as a whole. A nuclear unit supplies
    from the later of ``nuclear_earliest_year[status]`` and its ``online_year``; a status left out never
    supplies. ``models/reference.toml`` gives the grounds of each value.
    """

    model_config = _STRICT
    share_by_year: Annotated[dict[str, Share], AfterValidator(year_keys)] = Field(
        default_factory=lambda: {"2028": 0.3, "2030": 0.5, "2034": 0.7, "2040": 1.0},
        description="share of data-centre energy to be covered by decarbonised supply, by year "
                    "(a year between keys takes the previous key's value)")
    available_share: Share = Field(0.2, description="ASSUMPTION: share of an area's decarbonised energy that new "
                                   "data centres may claim (the rest serves existing load); low 0.10, central "
                                   "0.20, high 0.30 (geodata/sources/facts/new_dc_share_assumptions.csv)")
    nuclear_earliest_year: dict[NuclearStatus, Annotated[int, Field(ge=1950, le=2100)]] = Field(
        default_factory=lambda: {"operating": 2026, "approved-awaiting-restart": 2028, "under-review": 2035},
        description="first year a nuclear unit of each regulator status may supply (the later of this and its "
                    "online_year); statuses left out never supply")
    count_statuses: list[Literal["operating", "planned"]] = Field(
        default_factory=lambda: ["operating", "planned"],  # type: ignore[arg-type]
        description="statuses of non-nuclear supply counted once their online_year has come (nuclear units "
                    "follow nuclear_earliest_year)")
    interconnector_share: Share = Field(0.2, description="ASSUMPTION: share of an interconnector's annual energy "
                                        "(capacity x 8,760 h) that may carry decarbonised energy for new DCs; low "
                                        "0.10, central 0.20, high 0.30 (new_dc_share_assumptions.csv)")
    enforce: bool = True

    @field_validator("count_statuses", mode="before")
    @classmethod
    def _retired_status(cls, v: Any) -> Any:
        if isinstance(v, list) and "restart-pending" in v:
            raise ValueError("'restart-pending' is no longer a supply status: nuclear units supply by regulator "
                             "status through decarbonised.nuclear_earliest_year; list only 'operating' and "
                             "'planned' here")
        return v


class Policy(BaseModel):
    """GX strategic-region rules."""

    model_config = _STRICT
    max_regions: int = Field(6, ge=1, description="at most this many regions designated")
    min_region_mw: NonNeg = Field(1000.0, description="a designated region must be able to run this many IT MW "
                                  "in the last year (GX: ~1 GW per hub)")
    max_area_share: Share = Field(0.6, description="largest share of new IT MW in one grid area")
    excluded_areas: AreaList = Field(default_factory=list, description="grid areas where no region may be "
                                      "designated, e.g. ['Tokyo'] for the GX DC-type rule")
    existing_in_excluded_areas: Literal["committed", "grow"] = Field(
        "committed", description="today's clusters in an excluded area: 'committed' runs only their committed "
        "capacity (no new connection or headroom), 'grow' lets them grow like any existing cluster")
    forced_in: list[str] = Field(default_factory=list, description="region ids that must be designated")
    forced_out: list[str] = Field(default_factory=list, description="region ids that must not be designated")
    region_fixed_cost_jpy: float = Field(10e9, ge=0, le=1e13, description="common infrastructure per designated "
                                         "region")

    @model_validator(mode="after")
    def _forced_apart(self) -> Policy:
        both = sorted(set(self.forced_in) & set(self.forced_out))
        if both:
            raise ValueError(f"region(s) {both} are both forced in and forced out; keep each in one list")
        return self



class Weights(BaseModel):
    """Objective weights. All cost terms are in JPY; delay is priced per MW-year of unserved IT demand."""

    model_config = _STRICT
    delay_jpy_per_mw_year: float = Field(0.5e9, ge=0, le=1e12, description="value of 1 MW-year of connection "
                                         "delay (above 1e12 JPY the objective is beyond the solver's precision)")
    discount_rate: Share = Field(0.03, description="discounts reinforcement costs by in-service year")


class Solver(BaseModel):
    model_config = _STRICT
    time_limit_s: Positive = 120.0
    mip_gap: Share = 0.01
    threads: int = Field(2, ge=1, le=64, description="cores to use; with 2 or more the screened strategy runs "
                         "the full MIP in a second process, for the bound, beside its own phases")
    strategy: Literal["auto", "monolithic", "screened"] = "auto"
    seed: int = 0
    connection_binaries: bool = Field(True, description="false: connections cost per MW (v continuous), "
                                      "much faster at national scale")
    headroom_cover: bool = Field(True, description="valid inequalities tying free headroom to the connections "
                                 "and regions that unlock it; same optimum, far stronger bound at national scale")
    headroom_link: bool = Field(True, description="extended formulation: a region draws a substation's headroom "
                                "and reinforcements only as far as it is designated; same optimum, stronger bound")
    highs_options: dict[str, float | int | str | bool] = Field(
        default_factory=dict, description="extra HiGHS options by name, e.g. { mip_heuristic_effort = 0.3 }")


class Evaluation(BaseModel):
    """Thresholds of the municipal-proposal scorecard (``siting evaluate``; see models/PROPOSALS.md).

    Each criterion of a GX data-centre-type proposal is measured and compared with one key here (water per MW
    comes from ``[water]``, the latency limit from ``[network]``)."""

    model_config = _STRICT
    min_site_area_ha: NonNeg = Field(30.0, description="GX: a stable site of at least this many ha")
    target_mw: Positive = Field(1000.0, description="IT MW the grid must be able to grow to (GX: ~1 GW)")
    target_year: Year = Field(2036, description="year by which target_mw must be able to run "
                             "(GX: new 1 GW-class hubs within ~10 years); later but within the horizon warns")
    grid_radius_km: Positive | None = Field(None, description="substations within this distance count for a "
                                            "proposal's grid; None: the per-voltage [candidates] radii")
    max_substations: int = Field(6, ge=1, le=50, description="nearest substations counted per proposal site")
    excluded_areas: AreaList = Field(default_factory=lambda: ["Tokyo"], description="grid areas a proposal "
                                      "must lie outside (GX: away from the existing Tokyo cluster)")
    hazard_max_share_warn: Share = Field(0.05, description="share of the site area in hazard zones above "
                                         "which the hazard criterion warns")
    hazard_max_share_fail: Share = Field(0.25, description="... and above which it fails")
    rtt_tokyo_ms: Positive = Field(15.0, description="round trip to the Tokyo internet exchange that passes; "
                                   "above it warns, above [network] latency_limit_ms fails")
    rtt_osaka_ms: Positive = Field(15.0, description="the same for the Osaka internet exchange")
    decarbonised_share_min: Share = Field(0.5, description="decarbonised share of the requested energy that "
                                          "passes; below half of it fails")
    resolve_time_limit_s: Positive = Field(30.0, description="time limit of each portfolio re-solve (forced in / "
                                           "out), capped by [solver] time_limit_s")
    coast_tolerance_km: NonNeg = Field(1.0, description="a site this close to a prefecture polygon is on land "
                                       "(coastline simplification)")


    @model_validator(mode="after")
    def _hazard_order(self) -> Evaluation:
        if self.hazard_max_share_fail < self.hazard_max_share_warn:
            raise ValueError(f"hazard_max_share_fail ({self.hazard_max_share_fail}) must be >= "
                             f"hazard_max_share_warn ({self.hazard_max_share_warn})")
        return self


class Scenario(BaseModel):
    """A whole scenario; ``path`` is where it was read from (for relative layer paths)."""

    model_config = _STRICT
    name: str = "unnamed"
    description: str = ""
    layers: dict[str, str | LayerRef] = Field(default_factory=dict)
    years: Years = Field(default_factory=Years)
    demand: Demand = Field(default_factory=Demand)
    candidates: Candidates = Field(default_factory=Candidates)
    network: Network = Field(default_factory=Network)
    water: Water = Field(default_factory=Water)
    decarbonised: Decarbonised = Field(default_factory=Decarbonised)
    policy: Policy = Field(default_factory=Policy)
    weights: Weights = Field(default_factory=Weights)
    solver: Solver = Field(default_factory=Solver)
    evaluation: Evaluation = Field(default_factory=Evaluation)
    base_dir: Path = Field(default=Path("."), exclude=True)

    @field_validator("layers")
    @classmethod
    def _kinds(cls, v: dict[str, Any]) -> dict[str, Any]:
        bad = [k for k in v if k not in LAYER_KINDS]
        if bad:
            raise ValueError(f"unknown layer kind(s) {bad}; the kinds are {', '.join(LAYER_KINDS)}")
        return v

    def layer_ref(self, kind: str) -> LayerRef | None:
        """The layer file of ``kind`` with its path resolved against the scenario's folder."""
        ref = self.layers.get(kind)
        if ref is None:
            return None
        ref = LayerRef(path=ref) if isinstance(ref, str) else ref
        path = Path(ref.path)
        if not path.is_absolute():
            path = (self.base_dir / path).resolve()
        return ref.model_copy(update={"path": str(path)})


def scenario_from_dict(data: dict[str, Any], source: str = "<scenario>", base_dir: Path | None = None) -> Scenario:
    """Validate a scenario given as a dict (e.g. built in a notebook)."""
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(source, exc, "see models/reference.toml", hint=_close_keys)) from None
    if base_dir is not None:
        sc.base_dir = base_dir
    return sc


def _close_keys(keys: list[str]) -> str:
    """"did you mean" for an unknown key of the scenario (empty when nothing is close)."""
    unknown = unknown_key(Scenario, keys)
    return did_you_mean(unknown[1]) if unknown is not None else ""


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``--set`` overrides to raw scenario data (before validation, so the same checks apply); an unknown
    key is an error of the override, with the keys it may have meant."""
    return apply_raw_overrides(data, overrides, lambda keys: unknown_key(Scenario, keys))


def _read_raw(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The TOML of ``path`` with its ``base`` scenario merged in and layer paths made absolute."""
    data = read_toml(path, "scenario", "models/reference.toml", ScenarioError)
    folder = path.resolve().parent
    for kind, ref in list(data.get("layers", {}).items()):
        if isinstance(ref, str):
            data["layers"][kind] = str((folder / ref).resolve())
        elif isinstance(ref, dict) and isinstance(ref.get("path"), str):
            ref["path"] = str((folder / ref["path"]).resolve())
    base = data.pop("base", None)
    if base is None:
        return data
    base_path = base_scenario_path(path, str(base))
    if base_path in seen:
        raise ScenarioError(Problem(str(path), f"'base' makes a cycle through {base_path.name}",
                                    "point base at a scenario that does not lead back here"))
    return merge_tables(_read_raw(base_path, (*seen, path.resolve())), data)


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Read and validate a scenario TOML file.

    A scenario may start from another one with ``base = "reference.toml"`` (relative to its own folder) or
    ``base = "reference"`` (a bundled scenario by name) and change only some keys; tables merge key by key,
    lists and values replace.

    Raises
    ------
    ScenarioError
        The file is missing, is not TOML, or has unknown keys or wrong types; one line per problem.
    """
    path = Path(path)
    data = apply_overrides(_read_raw(path), overrides or [])
    return scenario_from_dict(data, str(path), path.resolve().parent)
