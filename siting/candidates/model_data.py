"""Model data from candidates, layers and the scenario: the last stage that sees tables; the model sees lists.

Also the quick feasibility checks with numbers (spopt's habit): what the candidates could deliver per year
against demand, before any solve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from siting.candidates import Candidates
from siting.candidates.committed import committed_column
from siting.candidates.cooling import spare_table
from siting.errors import InputError, Problem
from siting.layers.load import LayerSet
from siting.layers.schema import GRID_AREAS, SCHEMAS
from siting.model.data import ModelData
from siting.scenario import Scenario
from siting.units import GWH_PER_MW_YEAR


@dataclass
class Prechecks:
    """Numbers worth knowing before a solve; ``notes`` are printed by ``siting run``."""

    demand_it_mw: list[float]
    capacity_it_mw: float
    reachable_grid_mw: list[float]
    notes: list[str]


def demand_by_year(layers: LayerSet, sc: Scenario) -> pd.DataFrame:
    """IT MW per node and planning year: the layer's ``it_mw_YYYY`` columns, linearly interpolated between
    the years it gives and held flat outside them, times the scenario's multiplier."""
    frame = layers["demand"]
    cols = SCHEMAS["demand"].pattern_columns(list(frame.columns))
    given = sorted((int(c[-4:]), c) for c in cols)
    xs = np.array([y for y, _ in given], dtype=float)
    out = pd.DataFrame(index=frame["node_id"].to_numpy())
    values = frame[[c for _, c in given]].fillna(0.0).to_numpy(dtype=float)
    for year in sc.years.planning:
        out[year] = [float(np.interp(year, xs, row)) * sc.demand.multiplier for row in values]
    return out


def supply_rows(layers: LayerSet, sc: Scenario) -> pd.DataFrame:
    """Decarbonised supply as the model counts it: per row its ``area``, ``first_year`` (NaN: never) and
    ``gwh`` per year (``annual_gwh``, else capacity x capacity factor x 8,760 h; unknown energy counts 0).

    Nuclear units supply from the later of ``decarbonised.nuclear_earliest_year[status]`` and their
    ``online_year`` (a status left out of the table: never); other supply counts from its ``online_year`` when
    its status is in ``decarbonised.count_statuses``."""
    if "decarbonised_supply" not in layers:
        return pd.DataFrame({"area": [], "first_year": [], "gwh": []})
    sup = layers["decarbonised_supply"]
    online = sup["online_year"].astype(float)
    nuclear = (sup["kind"] == "nuclear").to_numpy()
    floor = sup["status"].map(sc.decarbonised.nuclear_earliest_year).astype(float)
    first_nuclear = np.fmax(online, floor).where(floor.notna())
    first_other = online.where(sup["status"].isin(sc.decarbonised.count_statuses))
    cf = sup["capacity_factor"] if "capacity_factor" in sup else pd.Series(np.nan, index=sup.index)
    energy = sup["annual_gwh"] if "annual_gwh" in sup else pd.Series(np.nan, index=sup.index)
    from_capacity = sup["capacity_mw"].astype(float) * cf * GWH_PER_MW_YEAR
    return pd.DataFrame({"area": sup["area"], "first_year": first_nuclear.where(nuclear, first_other),
                         "gwh": energy.astype(float).fillna(from_capacity).fillna(0.0)})


def decarbonised_gwh(layers: LayerSet, sc: Scenario, areas: list[str]) -> list[list[float]]:
    """GWh per year that new data centres may claim per area and planning year (``available_share`` of the
    supply counted by :func:`supply_rows`)."""
    if "decarbonised_supply" not in layers:
        return []
    rows = supply_rows(layers, sc)
    return [[claimable_gwh(rows, sc, area, y) for y in sc.years.planning] for area in areas]


def claimable_gwh(rows: pd.DataFrame, sc: Scenario, area: str, year: int) -> float:
    """GWh/year of decarbonised supply in ``area`` that new data centres may claim in ``year``: the rows of
    :func:`supply_rows` online by then, times ``decarbonised.available_share``."""
    gwh = rows["gwh"].to_numpy() * sc.decarbonised.available_share
    counted = (rows["area"] == area).to_numpy() & (rows["first_year"].to_numpy() <= year)
    return float(gwh[counted].sum())


def share_by_year(sc: Scenario) -> list[float]:
    """Decarbonised share for each planning year (a year takes the value of the latest key at or before it)."""
    keys = sorted((int(k), v) for k, v in sc.decarbonised.share_by_year.items())
    out = []
    for year in sc.years.planning:
        past = [v for k, v in keys if k <= year]
        out.append(past[-1] if past else 0.0)
    return out


def interconnector_links(layers: LayerSet, sc: Scenario, areas: list[str]) -> tuple[list[int], list[int],
                                                                                    list[list[float]]]:
    """Directed links (both ways) per area pair with GWh/year per planning year available to new DCs."""
    if "interconnectors" not in layers:
        return [], [], []
    ic = layers["interconnectors"]
    pos = {a: i for i, a in enumerate(areas)}
    pairs: dict[tuple[int, int], list[float]] = {}
    for row in ic.itertuples(index=False):
        if row.from_area not in pos or row.to_area not in pos or row.from_area == row.to_area:
            continue
        key = tuple(sorted((pos[row.from_area], pos[row.to_area])))
        added = getattr(row, "planned_added_mw", np.nan)
        year = getattr(row, "planned_year", np.nan)
        mw = [float(row.capacity_mw) + (float(added) if pd.notna(added) and pd.notna(year) and year <= y else 0.0)
              for y in sc.years.planning]
        cur = pairs.setdefault(key, [0.0] * len(mw))  # type: ignore[arg-type]
        pairs[key] = [a + b for a, b in zip(cur, mw, strict=True)]  # type: ignore[index]
    frm, to, gwh = [], [], []
    share = sc.decarbonised.interconnector_share
    for (a, b), mw in sorted(pairs.items()):
        for x, y in ((a, b), (b, a)):
            frm.append(x)
            to.append(y)
            gwh.append([m * GWH_PER_MW_YEAR * share for m in mw])
    return frm, to, gwh


def committed_headroom(subs: pd.DataFrame, used: list[str], years: list[int]) -> list[list[float]]:
    """Headroom the TSO has committed to add, in service by each planning year, per used substation (grid MW);
    empty when the layer has none."""
    if "headroom_added_mw" not in subs.columns or not subs["headroom_added_mw"].fillna(0).gt(0).any():
        return []
    table = subs.set_index("substation_id").loc[used]
    year = table["headroom_added_year"] if "headroom_added_year" in table.columns else pd.Series(np.nan, table.index)
    missing = table["headroom_added_mw"].fillna(0).gt(0) & year.isna()
    if missing.any():
        raise InputError(Problem("substations layer", f"rows {', '.join(table.index[missing])} have "
                                 "headroom_added_mw but no headroom_added_year", "give the year the committed "
                                 "headroom is in service"))
    added = table["headroom_added_mw"].fillna(0.0).astype(float).to_numpy()
    when = year.astype(float).fillna(np.inf).to_numpy()
    return [[float(a) if w <= y else 0.0 for y in years] for a, w in zip(added, when, strict=True)]


def build_model_data(cand: Candidates, layers: LayerSet, sc: Scenario) -> ModelData:
    """Assemble :class:`ModelData` (integers and lists) from the candidate tables."""
    live = cand.candidates.reset_index(drop=True)
    regions = cand.regions.reset_index(drop=True)
    r_pos = {r: i for i, r in enumerate(regions["region_id"])}
    s_pos = {s: i for i, s in enumerate(live["site_id"])}
    subs = layers["substations"]
    used_subs = sorted(set(cand.arcs["substation_id"]))
    b_pos = {b: i for i, b in enumerate(used_subs)}
    headroom = subs.set_index("substation_id").loc[used_subs, "headroom_mw"].astype(float).tolist()
    demand = demand_by_year(layers, sc)
    nodes = list(demand.index)
    n_pos = {n: i for i, n in enumerate(nodes)}
    pairs = cand.pairs
    areas = list(GRID_AREAS)
    a_pos = {a: i for i, a in enumerate(areas)}
    spares = spare_table(layers.get("water")) if sc.water.enforce else {}
    water_ids = list(spares)
    w_pos = {w: i for i, w in enumerate(water_ids)}
    committed = live[[committed_column(y) for y in sc.years.planning]].to_numpy(dtype=float)
    decarb = decarbonised_gwh(layers, sc, areas) if sc.decarbonised.enforce else []
    frm, to, link_gwh = interconnector_links(layers, sc, areas) if decarb else ([], [], [])
    steps = cand.steps
    pol = sc.policy
    return ModelData(
        years=list(sc.years.planning), decision_year=sc.years.decision_year, end_year=sc.years.end_year,
        region_ids=regions["region_id"].tolist(),
        region_fixed_cost_jpy=[0.0 if e else pol.region_fixed_cost_jpy for e in regions["existing"]],
        region_min_mw=[0.0 if e else pol.min_region_mw for e in regions["existing"]],
        region_existing=regions["existing"].astype(bool).tolist(),
        site_ids=live["site_id"].tolist(), site_region=[r_pos[r] for r in live["region_id"]],
        site_cap_mw=live["cap_mw"].astype(float).tolist(),
        node_ids=nodes, demand_mw=demand.to_numpy(dtype=float).tolist(),
        pair_node=[n_pos[n] for n in pairs["node_id"]], pair_site=[s_pos[s] for s in pairs["site_id"]],
        pair_cost_jpy_per_mw_year=pairs["cost_jpy_per_mw_year"].astype(float).tolist(),
        substation_ids=used_subs, headroom_mw=headroom,
        headroom_added_mw=committed_headroom(subs, used_subs, list(sc.years.planning)),
        arc_site=[s_pos[s] for s in cand.arcs["site_id"]], arc_sub=[b_pos[b] for b in cand.arcs["substation_id"]],
        arc_cost_jpy=cand.arcs["cost_jpy"].astype(float).tolist(),
        arc_lead_years=cand.arcs["lead_years"].astype(float).tolist(),
        step_sub=[b_pos[b] for b in steps["substation_id"]], step_order=steps["step"].astype(int).tolist(),
        step_added_mw=steps["added_mw"].astype(float).tolist(), step_cost_jpy=steps["cost_jpy"].astype(float).tolist(),
        step_lead_years=steps["lead_time_years"].astype(float).tolist(),
        area_ids=areas, site_area=[a_pos[a] for a in live["area"]],
        decarb_gwh=decarb, decarb_share=share_by_year(sc) if decarb else [],
        link_from=frm, link_to=to, link_gwh=link_gwh,
        gwh_per_it_mw_year=GWH_PER_MW_YEAR * sc.demand.load_factor * sc.demand.pue,
        max_area_share=pol.max_area_share,
        water_ids=water_ids, water_spare_m3_per_day=[spares[w] for w in water_ids],
        site_water=[w_pos.get(w, -1) if isinstance(w, str) else -1 for w in live["water_id"]],
        water_m3_per_day_per_mw=sc.water.m3_per_day_per_mw,
        # water.enforce = false: water limits nothing, every site cools evaporatively (a what-if)
        pue=sc.demand.pue, pue_dry=sc.demand.pue_dry if sc.water.enforce else None,
        committed_it_mw=committed.tolist() if committed.any() else [], max_regions=pol.max_regions,
        forced_in=[r_pos[r] for r in pol.forced_in], forced_out=[r_pos[r] for r in pol.forced_out],
        delay_cost_jpy_per_mw_year=sc.weights.delay_jpy_per_mw_year, discount_rate=sc.weights.discount_rate,
        connection_binaries=sc.solver.connection_binaries, headroom_cover=sc.solver.headroom_cover,
        headroom_link=sc.solver.headroom_link,
    )


def prechecks(d: ModelData) -> Prechecks:
    """Quick numbers: demand per year against what designated land and reachable headroom could deliver."""
    demand = [sum(row[t] for row in d.demand_mw) for t in range(len(d.years))]
    cap = sum(d.site_cap_mw)
    ix = d.index()
    reach = []
    for t in range(len(d.years)):
        total = 0.0
        for b in range(len(d.substation_ids)):
            total += ix.reach_mw[b, t]
        reach.append(total / d.pue + sum(d.committed(s, t) for s in range(len(d.site_ids))))
    notes = []
    for t, year in enumerate(d.years):
        if reach[t] < demand[t]:
            notes.append(f"{year}: demand {demand[t]:,.0f} IT MW exceeds all headroom reachable by then "
                         f"({reach[t]:,.0f} IT MW incl. committed capacity and reinforcement in service): at least "
                         f"{demand[t] - reach[t]:,.0f} MW will be delayed")
    for g in d.forced_in:
        sites = ix.sites_of_region[g]
        land = sum(d.site_cap_mw[s] for s in sites)
        subs = {d.arc_sub[a] for s in sites for a in ix.arcs_of_site[s]}
        last = len(d.years) - 1
        grid = sum(ix.reach_mw[b, last] for b in subs) / d.pue
        best = min(land, grid)
        if best < d.region_min_mw[g]:
            notes.append(f"forced-in region {d.region_ids[g]} can run at most {best:,.0f} IT MW by {d.years[-1]} "
                         f"(land {land:,.0f}, reachable grid {grid:,.0f}) < the minimum region size "
                         f"{d.region_min_mw[g]:,.0f} MW: lower policy.min_region_mw or do not force it in")
    if cap < demand[-1]:
        notes.append(f"candidate land allows {cap:,.0f} IT MW < {demand[-1]:,.0f} IT MW wanted in {d.years[-1]}")
    return Prechecks(demand, cap, reach, notes)
