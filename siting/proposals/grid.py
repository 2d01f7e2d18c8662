"""What the grid can give one proposal on its own: reachable headroom and reinforcement steps by year.

The proposal's sites are turned into a land layer and run through the same candidate machinery as a national
run (:mod:`siting.candidates.build`): grid area, industrial-water system, sparse connection arcs to the nearest
substations within reach and the ordered reinforcement steps of those substations. This module then builds a
*standalone* timeline per proposal, without solving anything:

* a substation's headroom becomes usable when the proposal's connection to it can be in service
  (``decision_year + lead_years`` of the arc, rounded up to a calendar year);
* reinforcement step k of that substation is in service at ``decision_year + max(arc lead, lead of k and every
  step before it)`` -- the same precedence as the model (:class:`siting.model.data.Index`);
* the capacity events of all reachable substations are taken earliest first (cheaper per MW on a tie), so
  grid MW by year is their running sum; IT MW = grid MW / PUE.

It is an optimistic estimate for one proposal alone: other loads at the same substations, and the national
trade-offs, are what the portfolio re-solves (:mod:`siting.proposals.portfolio`) price.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from siting.candidates.build import connection_arcs, reinforcement_steps, site_grid_area, site_water_system
from siting.layers.load import LayerSet
from siting.scenario import Scenario
from siting.units import FLOAT_EPS, MW_TOL


@dataclass
class GridReach:
    """Per-proposal grid facts.

    Attributes
    ----------
    sites
        The proposal sites with ``area`` (grid area), ``water_id``, ``cap_mw`` (IT MW the land allows).
    arcs
        Site-substation arcs (candidate-builder columns) with ``proposal_id``.
    events
        Capacity events per proposal: ``proposal_id``, ``substation_id``, ``kind`` (headroom / step),
        ``step``, ``added_mw`` (grid MW), ``cost_jpy``, ``year``, ``cum_grid_mw``.
    """

    sites: gpd.GeoDataFrame
    arcs: pd.DataFrame
    events: pd.DataFrame


def land_frame(sites: gpd.GeoDataFrame, sc: Scenario) -> gpd.GeoDataFrame:
    """The proposal sites as a land layer (``site_id``, ``name``, ``area_ha``, ``pref_code``, ``status``,
    ``max_it_mw``): status ``proposed``; the prefecture is the one the site lies in when known."""
    pref = sites["located_pref_code"].where(sites["located_pref_code"].notna(), sites["pref_code"])
    return gpd.GeoDataFrame({
        "site_id": sites["site_id"].to_numpy(), "name": sites["name"].fillna(sites["proposal_id"]).to_numpy(),
        "area_ha": sites["site_area_ha"].astype(float).to_numpy(), "pref_code": pref.astype(str).to_numpy(),
        "status": "proposed", "max_it_mw": sites["requested_mw"].astype(float).to_numpy(),
        "proposal_id": sites["proposal_id"].to_numpy(),
    }, geometry=sites.geometry.values, crs=sites.crs)


def _eval_scenario(sc: Scenario) -> Scenario:
    """The scenario with the evaluation's connection radius and substation count."""
    ev, cand = sc.evaluation, sc.candidates
    update: dict[str, object] = {"max_arcs_per_site": ev.max_substations}
    if ev.grid_radius_km is not None:
        update["connection_radius_km"] = {k: ev.grid_radius_km for k in cand.connection_radius_km}
    return sc.model_copy(update={"candidates": cand.model_copy(update=update)})


def within_one(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame, column: str) -> pd.Series:
    """``column`` of the polygon holding each point when exactly one holds it (None otherwise).

    A prepared point-in-polygon test: the fast answer for the points that ``sjoin_nearest`` would give at
    distance 0 anyway; only the other points need the costly distances to large polygons."""
    out = pd.Series(None, index=points.index, dtype=object)
    hits = gpd.sjoin(gpd.GeoDataFrame(geometry=points.values, index=points.index, crs=points.crs),
                     polygons[[column, "geometry"]], how="inner", predicate="within")
    single = hits[~hits.index.duplicated(keep=False)]
    out.loc[single.index] = single[column].to_numpy(dtype=object)
    return out


def grid_area(land: gpd.GeoDataFrame, layers: LayerSet) -> pd.Series:
    """:func:`siting.candidates.build.site_grid_area` of each site, the sites inside one area polygon found
    first by a point-in-polygon test."""
    if "grid_areas" not in layers:
        return site_grid_area(land, layers)
    area = within_one(land["point"], layers.geo("grid_areas"), "area")
    rest = area.isna()
    if rest.any():
        area[rest] = site_grid_area(land[rest], layers).to_numpy(dtype=object)
    return area


def grid_reach(sites: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario) -> GridReach:
    """Arcs, steps and the standalone capacity timeline of every proposal (see the module docstring)."""
    land = land_frame(sites, sc)
    land["screened_reason"] = None
    land["screened_reason_ja"] = None
    land["point"] = land.geometry.representative_point()
    land["cap_mw"] = np.minimum(land["area_ha"] / sc.candidates.ha_per_mw, land["max_it_mw"])
    land["area"] = grid_area(land, layers)
    land["water_id"] = site_water_system(land, layers)
    esc = _eval_scenario(sc)
    arcs = connection_arcs(land, layers, esc)
    arcs["proposal_id"] = arcs["site_id"].map(land.set_index("site_id")["proposal_id"])
    steps = reinforcement_steps(arcs, layers)
    events = _events(arcs, steps, layers, sc)
    return GridReach(land.drop(columns="point"), arcs, events)


def _events(arcs: pd.DataFrame, steps: pd.DataFrame, layers: LayerSet, sc: Scenario) -> pd.DataFrame:
    cols = ["proposal_id", "substation_id", "kind", "step", "added_mw", "cost_jpy", "year", "cum_grid_mw"]
    if arcs.empty:
        return pd.DataFrame(columns=cols)
    t0 = sc.years.decision_year
    # the cheapest connection of each proposal to each substation
    best = arcs.sort_values(["cost_jpy", "lead_years"]).drop_duplicates(["proposal_id", "substation_id"])
    head = layers["substations"].set_index("substation_id")["headroom_mw"].astype(float)
    h = best[["proposal_id", "substation_id", "cost_jpy", "lead_years"]].copy()
    h["kind"], h["step"], h["added_mw"] = "headroom", 0, h["substation_id"].map(head).to_numpy()
    h["year"] = np.ceil(t0 + h["lead_years"] - FLOAT_EPS)
    frames = [h]
    if not steps.empty:
        st = steps.sort_values(["substation_id", "step"]).copy()
        st["lead_cum"] = st.groupby("substation_id")["lead_time_years"].cummax()
        k = best[["proposal_id", "substation_id", "lead_years"]].merge(st, on="substation_id")
        k["kind"] = "step"
        k["year"] = np.ceil(t0 + np.maximum(k["lead_years"], k["lead_cum"]) - FLOAT_EPS)
        frames.append(k[["proposal_id", "substation_id", "kind", "step", "added_mw", "cost_jpy", "year"]])
    ev = pd.concat(frames, ignore_index=True)
    ev["per_mw"] = ev["cost_jpy"] / ev["added_mw"].clip(lower=FLOAT_EPS)
    ev["is_step"] = ev["kind"] == "step"
    ev = ev.sort_values(["proposal_id", "year", "is_step", "per_mw", "substation_id", "step"], kind="stable")
    ev["cum_grid_mw"] = ev.groupby("proposal_id")["added_mw"].cumsum()
    ev["year"] = ev["year"].astype(int)
    return ev[cols].reset_index(drop=True)


def timeline(reach: GridReach, proposals: pd.DataFrame, sc: Scenario) -> pd.DataFrame:
    """Per proposal: earliest years, costs to reach the requested MW, and IT MW online by planning year.

    Columns: ``proposal_id``, ``area``, ``water_ids``, ``land_it_mw``, ``in_service_year`` (first MW),
    ``requested_year``, ``target_year_reached`` (earliest year ``evaluation.target_mw`` IT MW can run on the
    grid), ``grid_it_mw_by_target_year``, ``grid_it_mw_max``, ``connection_cost_jpy`` and
    ``reinforcement_cost_jpy`` (what reaching the requested MW takes), ``substations``, ``mw_YYYY``.

    The events and sites are split by proposal once (``groupby(...).indices``); each proposal then works on
    numpy slices of its own rows, so the time grows linearly with the number of proposals.
    """
    pue = sc.demand.pue
    ev, sites = reach.events, reach.sites
    e_rows = ev.groupby("proposal_id", sort=False).indices if len(ev) else {}
    s_rows = sites.groupby("proposal_id", sort=False).indices if len(sites) else {}
    year, added, cum, cost = (ev[c].to_numpy(dtype=float) for c in ("year", "added_mw", "cum_grid_mw", "cost_jpy"))
    is_head = (ev["kind"] == "headroom").to_numpy()
    sub = ev["substation_id"].to_numpy(dtype=object)
    area_ha, area, water = (sites["area_ha"].to_numpy(dtype=float), sites["area"].to_numpy(dtype=object),
                            sites["water_id"].to_numpy(dtype=object))
    empty = np.empty(0, dtype=np.int64)
    rows = []
    for pid, req in zip(proposals["proposal_id"], proposals["requested_mw"], strict=True):
        e, own = e_rows.get(pid, empty), s_rows.get(pid, empty)
        land_mw = float(area_ha[own].sum() / sc.candidates.ha_per_mw)
        row: dict[str, object] = {"proposal_id": pid, "area": _main_area(area[own], area_ha[own]),
                                  "water_ids": ", ".join(sorted({w for w in water[own] if isinstance(w, str)})),
                                  "land_it_mw": land_mw}
        ey, ea, ec = year[e], added[e], cum[e]
        row["in_service_year"] = int(ey.min()) if len(e) else None
        row["requested_year"] = _first_year(ey, ec, float(req) * pue)
        row["target_year_reached"] = _first_year(ey, ec, sc.evaluation.target_mw * pue)
        row["grid_it_mw_by_target_year"] = float(ea[ey <= sc.evaluation.target_year].sum()) / pue
        row["grid_it_mw_max"] = float(ea.sum()) / pue
        used = (ec - ea) < float(req) * pue - MW_TOL  # the events taken, earliest first, until the MW is reached
        built_subs = list(dict.fromkeys(sub[e][used]))
        row["connection_cost_jpy"] = float(cost[e][is_head[e] & np.isin(sub[e], built_subs)].sum())
        row["reinforcement_cost_jpy"] = float(cost[e][used & ~is_head[e]].sum())
        row["substations"] = ", ".join(built_subs)
        for y in sc.years.planning:
            row[f"mw_{y}"] = min(float(req), land_mw, float(ea[ey <= y].sum()) / pue)
        rows.append(row)
    return pd.DataFrame(rows)


def _main_area(areas: np.ndarray, ha: np.ndarray) -> object:
    """The grid area holding most of a proposal's land (the first by name on a tie); None without one."""
    totals: dict[str, float] = {}
    for a in sorted({a for a in areas if isinstance(a, str)}):
        totals[a] = float(ha[areas == a].sum())
    return max(totals, key=lambda a: totals[a]) if totals else None


def _first_year(year: np.ndarray, cum: np.ndarray, grid_mw: float) -> int | None:
    ok = np.flatnonzero(cum >= grid_mw - MW_TOL)
    return int(year[ok[0]]) if len(ok) else None


def years_label(year: object) -> str:
    return "never" if year is None or (isinstance(year, float) and math.isnan(year)) else str(int(year))  # type: ignore[arg-type, call-overload]
