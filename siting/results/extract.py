"""Results: read the solved model back into tables a planner can use.

Per designated region: MW by year, the first year it runs, reinforcements with cost and in-service year, the
substations used and what limits it; per site, connection and substation; the objective terms in JPY and the
MW-years of delay; the marginal value of 1 MW of headroom per substation (duals of the LP with the binaries
fixed at the solution).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from siting.candidates import Candidates
from siting.layers.load import LayerSet
from siting.model.data import ModelData
from siting.model.families import component
from siting.model.objective import TERMS
from siting.model.unavoidable import unavoidable_unserved_mw
from siting.results.cooling import cooling_table
from siting.results.costs import COLUMNS as COST_COLUMNS
from siting.results.costs import region_costs
from siting.results.grid import connection_table, headroom_values, reinforcement_table, substation_table
from siting.results.values import value
from siting.solve.alternatives import Alternatives
from siting.solve.highs import PersistentSolver, SolveResult
from siting.units import BINDING_TOL, MW_TOL, is_on


@dataclass
class Results:
    """Tables of one solved run; ``summary`` is what goes into ``summary.json``."""

    regions: pd.DataFrame
    sites: gpd.GeoDataFrame
    connections: gpd.GeoDataFrame
    reinforcements: gpd.GeoDataFrame
    substations: gpd.GeoDataFrame
    demand: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    #: Near-optimal plans (``siting run --alternatives N``): see :func:`alternatives_table`.
    alternatives: pd.DataFrame | None = None



def objective_terms_jpy(m: pyo.ConcreteModel, d: ModelData) -> dict[str, float]:
    return {t: float(pyo.value(getattr(m, f"cost_{t}"))) / d.cost_scale for t in TERMS}


def mw_years_delay(m: pyo.ConcreteModel, d: ModelData) -> float:
    dur = d.dur_years
    return float(sum(dur[t] * value(m.u[n, t]) for n in m.N for t in m.T))


def extract(m: pyo.ConcreteModel, d: ModelData, cand: Candidates, layers: LayerSet, solve: SolveResult,
            solver: PersistentSolver | None, with_duals: bool = True) -> Results:
    """Build every result table from the solved model."""
    ix = d.index()
    years = d.years
    n_t = len(years)
    # --- sites ----------------------------------------------------------------------------------------------
    x = np.array([[value(m.x[s, t]) for t in range(n_t)] for s in range(len(d.site_ids))]).reshape(-1, n_t)
    site_mw = pd.DataFrame(x, columns=[f"mw_{y}" for y in years])
    site_mw["site_id"] = d.site_ids
    site_mw["first_year"] = [next((years[t] for t in range(n_t) if x[s, t] > MW_TOL), None) for s in range(len(x))]
    site_mw["first_year"] = site_mw["first_year"].astype("Int64")
    site_mw = site_mw.merge(cooling_table(m, d, cand.sites, layers), on="site_id", how="left")
    sites = cand.sites.merge(site_mw, on="site_id", how="left")
    for col in [f"mw_{y}" for y in years]:
        sites[col] = sites[col].fillna(0.0)
    z = {d.region_ids[g]: is_on(m.z[g].value) for g in range(len(d.region_ids))}
    sites["designated"] = sites["region_id"].map(z).fillna(False).astype(bool)
    sites = gpd.GeoDataFrame(sites, geometry="geometry", crs=cand.sites.crs)
    connections, flows = connection_table(m, d, cand, layers)
    reinforcements = reinforcement_table(m, d, cand, layers)
    values = headroom_values(m, d, solver) if (with_duals and solver is not None and solve.has_solution) else {}
    substations = substation_table(m, d, layers, flows, values)
    # --- regions --------------------------------------------------------------------------------------------
    costs, unallocated = region_costs(m, d)
    regions = _regions(m, d, cand, sites, reinforcements, costs, ix)
    # --- demand ---------------------------------------------------------------------------------------------
    dem = []
    for n, nid in enumerate(d.node_ids):
        for t, y in enumerate(years):
            dem.append({"node_id": nid, "year": y, "demand_it_mw": d.demand_mw[n][t],
                        "unserved_it_mw": value(m.u[n, t]), "served_it_mw": d.demand_mw[n][t] - value(m.u[n, t])})
    demand = pd.DataFrame(dem)
    if "demand" in layers and len(demand):  # the node points, for the GeoPackage's demand layer
        nodes = layers.geo("demand")[["node_id", "geometry"]].drop_duplicates("node_id")
        demand = gpd.GeoDataFrame(demand.merge(nodes, on="node_id", how="left"), geometry="geometry",
                                  crs=nodes.crs)
    terms = objective_terms_jpy(m, d)
    summary = {
        "status": solve.status,
        "status_text": solve.describe(),
        "termination": solve.termination,
        **gap_summary(solve, d),
        "objective_terms_jpy": terms,
        "unallocated_jpy": unallocated,
        "mw_years_delay": mw_years_delay(m, d),
        "designated_regions": regions.loc[regions["designated"], "region_id"].tolist(),
        "mw_by_year": {str(y): float(x[:, t].sum()) for t, y in enumerate(years)},
        "unserved_it_mw_by_year": {str(y): float(demand.loc[demand["year"] == y, "unserved_it_mw"].sum())
                                   for y in years},
    }
    return Results(regions, sites, connections, reinforcements, substations, demand, summary)


def alternatives_table(alt: Alternatives, d: ModelData) -> pd.DataFrame:
    """``alternatives.csv``: one row per plan (0 = the optimum) with its designated new regions (``;``-joined),
    objective, and how far its avoidable cost lies above the optimum's (JPY and share of the optimum's)."""
    best = alt.plans[0]
    sc = d.cost_scale
    rows = [{"alternative": p.index, "regions": ";".join(p.regions), "objective_jpy": p.objective / sc,
             "avoidable_cost_jpy": p.avoidable / sc, "delta_jpy": (p.avoidable - best.avoidable) / sc,
             "delta_share": (p.avoidable - best.avoidable) / best.avoidable if best.avoidable > 0 else 0.0,
             "status": p.status, "mip_gap": p.gap} for p in alt.plans]
    return pd.DataFrame(rows)


def alternatives_summary(alt: Alternatives) -> dict[str, Any]:
    """What ``summary.json`` says about the alternatives."""
    return {"robust_core": alt.core, "interchangeable": alt.interchangeable,
            "alternatives": {"found": len(alt.plans) - 1, "slack": alt.slack, "stopped": alt.stopped,
                             "seconds": round(alt.seconds, 3)}}


def gap_summary(solve: SolveResult, d: ModelData) -> dict[str, Any]:
    """Objective, bound and gap, absolute and on the avoidable cost, with the floor they are measured from."""
    def jpy(v: float | None) -> float | None:
        return None if v is None else v / d.cost_scale

    floor = solve.floor / d.cost_scale
    unserved = unavoidable_unserved_mw(d)
    return {
        "objective_jpy": jpy(solve.objective),
        "bound_jpy": jpy(solve.bound),
        "gap_jpy": jpy(solve.absolute_gap),
        "unavoidable_delay_jpy": floor,
        "unavoidable_delay_mw_years": sum(t * u for t, u in zip(d.dur_years, unserved, strict=True)),
        "unavoidable_unserved_it_mw_by_year": {str(y): u for y, u in zip(d.years, unserved, strict=True)},
        "avoidable_cost_jpy": None if solve.objective is None else jpy(solve.objective - solve.floor),
        "mip_gap": solve.gap,
        "mip_gap_on_total": (None if solve.objective is None or solve.absolute_gap is None or not solve.objective
                             else solve.absolute_gap / abs(solve.objective)),
        "mip_gap_requested": solve.mip_gap_asked,
    }


def _regions(m: pyo.ConcreteModel, d: ModelData, cand: Candidates, sites: gpd.GeoDataFrame,
             reinforcements: gpd.GeoDataFrame, costs: pd.DataFrame, ix: Any) -> pd.DataFrame:
    """One row per candidate region, from grouped tables (no per-region scans of all rows)."""
    years = d.years
    last = len(years) - 1
    live = sites[sites["screened_reason"].isna()]
    mw = live.groupby("region_id")[[f"mw_{y}" for y in years]].sum()
    source = (live.groupby("region_id")["committed_source"].agg(lambda v: "; ".join(sorted(set(v.dropna()))))
              if "committed_source" in live.columns else pd.Series(dtype=object))
    used = live[live[f"mw_{years[last]}"] > MW_TOL].groupby("region_id")["site_id"].agg(", ".join)
    built = cand.arcs.iloc[0:0]
    if d.grid and len(cand.arcs):
        built = cand.arcs[[is_on(m.v[a].value) for a in range(len(cand.arcs))]]
    built = built.merge(live[["site_id", "region_id"]], on="site_id")
    subs_of = built.groupby("region_id")["substation_id"].agg(lambda b: sorted(set(b)))
    cost_of = costs.set_index("region_id")
    steps = reinforcements[reinforcements["built"]]
    by_sub = {sid: grp for sid, grp in steps.groupby("substation_id")}
    rows = []
    for g, rid in enumerate(d.region_ids):
        subs_used = subs_of.get(rid, [])
        parts = [by_sub[b] for b in subs_used if b in by_sub]
        own = pd.concat(parts) if parts else steps.iloc[0:0]
        values = mw.loc[rid].tolist() if rid in mw.index else [0.0] * len(years)
        row: dict[str, Any] = {"region_id": rid, "designated": is_on(m.z[g].value)}
        row.update({f"mw_{y}": v for y, v in zip(years, values, strict=True)})
        row["first_year"] = next((y for y, v in zip(years, values, strict=True) if v > MW_TOL), None)
        row["sites_used"] = used.get(rid, "")
        row["substations_used"] = ", ".join(subs_used)
        row.update({f"committed_mw_{y}": sum(d.committed(s, t) for s in ix.sites_of_region[g])
                    for t, y in enumerate(years)})
        row["committed_source"] = source.get(rid, "")
        row.update({c: float(cost_of.loc[rid, c]) for c in COST_COLUMNS})
        row["reinforcements"] = "; ".join(f"{r.substation_id} step {int(r.step)} +{r.added_mw:.0f} MW "
                                          f"in {int(r.in_service_year)}" for r in own.itertuples())
        row["limited_by"] = _binding(m, d, g, ix) if row["designated"] else ""
        rows.append(row)
    table = pd.DataFrame(rows)
    table["first_year"] = table["first_year"].astype("Int64")
    return cand.regions.merge(table, on="region_id", how="left")


def _binding(m: pyo.ConcreteModel, d: ModelData, g: int, ix: Any) -> str:
    """Which families are tight for region g in the last year (what stops it from running more)."""
    last = len(d.years) - 1
    sites = ix.sites_of_region[g]
    found = []
    x = sum(value(m.x[s, last]) for s in sites)
    if d.grid and not any(ix.arcs_of_site[s] for s in sites) and any(d.committed(s, last) > 0 for s in sites):
        return "committed capacity only (no new connection: policy.existing_in_excluded_areas)"
    if x >= sum(d.site_cap_mw[s] for s in sites) - BINDING_TOL:
        found.append("land")
    if d.grid:
        subs = {d.arc_sub[a] for s in sites for a in ix.arcs_of_site[s] if is_on(m.v[a].value)}
        if subs and all(_slack(m.headroom, (b, last)) <= BINDING_TOL for b in subs):
            found.append("headroom")
    water = component(m, "water")
    if water is not None:
        ws = {d.site_water[s] for s in sites if d.site_water and d.site_water[s] >= 0}
        if any(_slack(water, w) <= BINDING_TOL for w in ws):
            found.append("water (the rest cools dry)")
    for name, label in (("decarbonised", "decarbonised supply"), ("area_share", "area share")):
        comp = component(m, name)
        if comp is not None and d.site_area and any(_slack(comp, (d.site_area[s], last)) <= BINDING_TOL
                                                    for s in sites):
            found.append(label)
    if d.region_min_mw[g] > 0 and abs(x - d.region_min_mw[g]) <= BINDING_TOL:
        found.append("minimum region size")
    return ", ".join(found) or "demand (runs what the national optimum assigns it)"


def _slack(con: pyo.Constraint, key: Any) -> float:
    if key not in con:
        return float("inf")
    c = con[key]
    body = pyo.value(c.body)
    slacks = []
    if c.upper is not None:
        slacks.append(pyo.value(c.upper) - body)
    if c.lower is not None:
        slacks.append(body - pyo.value(c.lower))
    return min(slacks) if slacks else float("inf")
