"""The grid's result tables: connections with their flows, reinforcement steps with their year in service,
substations with the headroom used and the value of 1 MW more (duals of the LP with the binaries fixed)."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyomo.environ as pyo
import shapely

from siting.candidates import Candidates
from siting.layers.load import LayerSet
from siting.model.data import ModelData
from siting.model.families import component, with_role
from siting.results.values import value
from siting.solve.highs import PersistentSolver
from siting.units import is_on


def headroom_values(m: pyo.ConcreteModel, d: ModelData, solver: PersistentSolver) -> dict[tuple[int, int], float]:
    """JPY that 1 MW more headroom at substation b in year t would save (>= 0), from the fixed-binary LP.

    The big-Ms of the connections repeat the headroom; they are loosened for this LP so the headroom row alone
    carries its dual. With ``v[a]`` fixed at its value, ``f - M v <= 0`` is ``f <= M v``; loosening M to the
    site's draw D is the row bound ``(D - M) v``. The cuts whose coefficients hold the headroom too
    (``holds_headroom`` in :data:`siting.model.families.FAMILIES`) are implied by the other rows once the binaries
    are fixed, so they are switched off.
    """
    if not d.grid:
        return {}
    loose: dict[Any, float] = {}
    big_m = d.index().arc_max_mw
    for (a, t), con in m.connection_capacity.items():
        v_a = round(m.v[a].value or 0.0)
        loose[con] = (d.max_draw_mw(d.arc_site[a], t) - big_m[a, t]) * v_a
    for cut in with_role("cut"):
        comp = component(m, cut.name)
        if cut.holds_headroom and comp is not None:
            loose.update((con, math.inf) for con in comp.values())
    duals = solver.fixed_lp_duals([m.headroom], row_upper=loose)
    return {key.index(): max(0.0, -val / d.cost_scale) for key, val in duals.items()}


def connection_table(m: pyo.ConcreteModel, d: ModelData, cand: Candidates, layers: LayerSet
                     ) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """``connections``: every candidate arc, ``built``, grid MW by year and the earliest year it can carry load,
    drawn as a line from the site to the substation; and the flows [arc, year] (grid MW)."""
    ix = d.index()
    years = d.years
    subs_layer = layers.geo("substations").set_index("substation_id")
    arcs = cand.arcs.copy()
    flows = np.zeros((len(arcs), len(years)))
    if d.grid and len(arcs):
        arcs["built"] = [is_on(m.v[a].value) for a in range(len(arcs))]
        for a, t in ix.arc_time:
            flows[a, t] = value(m.f[a, t])
        for t, y in enumerate(years):
            arcs[f"grid_mw_{y}"] = flows[:, t]
        arcs["earliest_year"] = [years[f] if f is not None else None for f in ix.arc_first_t]
    else:
        arcs["built"] = False
    site_pt = cand.sites.set_index("site_id").geometry.representative_point()
    ends = np.stack([shapely.get_coordinates(site_pt.reindex(arcs["site_id"]).values),
                     shapely.get_coordinates(subs_layer.geometry.reindex(arcs["substation_id"]).values)], axis=1)
    return gpd.GeoDataFrame(arcs, geometry=shapely.linestrings(ends) if len(arcs) else [],
                            crs=cand.sites.crs), flows


def _in_service(m: pyo.ConcreteModel, k: int, t: int) -> bool:
    return (k, t) in m.KT and is_on(m.r[k, t].value)


def reinforcement_table(m: pyo.ConcreteModel, d: ModelData, cand: Candidates, layers: LayerSet
                        ) -> gpd.GeoDataFrame:
    """``reinforcements``: every candidate step, its first year in service in the plan (``built``) and the
    earliest its lead time allows, at its substation."""
    ix = d.index()
    years = d.years
    subs_layer = layers.geo("substations").set_index("substation_id")
    steps = cand.steps.copy()
    in_service: list[int | None] = []
    for k in range(len(steps)):
        first = next((years[t] for t in range(len(years)) if _in_service(m, k, t)), None) if d.grid else None
        in_service.append(first)
    steps["in_service_year"] = pd.array(in_service, dtype="Int64")
    steps["earliest_year"] = [years[f] if f is not None else None for f in ix.step_first_t] if d.grid else None
    steps["built"] = steps["in_service_year"].notna()
    steps["name"] = steps["substation_id"].map(subs_layer["name"])
    return gpd.GeoDataFrame(steps, geometry=list(subs_layer.geometry.reindex(steps["substation_id"])),
                            crs=cand.sites.crs)


def substation_table(m: pyo.ConcreteModel, d: ModelData, layers: LayerSet, flows: np.ndarray,
                     values: dict[tuple[int, int], float]) -> gpd.GeoDataFrame:
    """``substations``: the layer's rows with, per year, the grid MW used, the headroom with the plan's steps
    and the value of 1 MW more (``values``, :func:`headroom_values`); ``connectable`` where a site may connect."""
    ix = d.index()
    years = d.years
    b_rows = []
    for b, sid in enumerate(d.substation_ids):
        row: dict[str, Any] = {"substation_id": sid}
        added = 0.0
        for t, y in enumerate(years):
            row[f"used_mw_{y}"] = sum(flows[a, t] for a in ix.arcs_of_sub[b]) if d.grid else 0.0
            added_t = sum(d.step_added_mw[k] for k in ix.steps_of_sub[b] if _in_service(m, k, t))
            row[f"headroom_mw_{y}"] = d.headroom_mw[b] + added_t
            row[f"headroom_value_jpy_per_mw_{y}"] = values.get((b, t), np.nan)
            added = max(added, added_t)
        row["reinforced_mw"] = added
        row["headroom_value_jpy_per_mw"] = float(np.nansum([values.get((b, t), np.nan) for t in range(len(years))])) \
            if values else np.nan
        b_rows.append(row)
    b_table = pd.DataFrame(b_rows) if b_rows else pd.DataFrame(columns=["substation_id"])
    substations = layers.geo("substations").merge(b_table, on="substation_id", how="left")
    substations["connectable"] = substations["substation_id"].isin(d.substation_ids)
    return substations
