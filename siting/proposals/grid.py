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


def grid_reach(sites: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario) -> GridReach:
    """Arcs, steps and the standalone capacity timeline of every proposal (see the module docstring)."""
    land = land_frame(sites, sc)
    land["screened_reason"] = None
    land["screened_reason_ja"] = None
    land["point"] = land.geometry.representative_point()
    land["cap_mw"] = np.minimum(land["area_ha"] / sc.candidates.ha_per_mw, land["max_it_mw"])
    land["area"] = site_grid_area(land, layers)
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
    h["year"] = np.ceil(t0 + h["lead_years"] - 1e-9)
    frames = [h]
    if not steps.empty:
        st = steps.sort_values(["substation_id", "step"]).copy()
        st["lead_cum"] = st.groupby("substation_id")["lead_time_years"].cummax()
        k = best[["proposal_id", "substation_id", "lead_years"]].merge(st, on="substation_id")
        k["kind"] = "step"
        k["year"] = np.ceil(t0 + np.maximum(k["lead_years"], k["lead_cum"]) - 1e-9)
        frames.append(k[["proposal_id", "substation_id", "kind", "step", "added_mw", "cost_jpy", "year"]])
    ev = pd.concat(frames, ignore_index=True)
    ev["per_mw"] = ev["cost_jpy"] / ev["added_mw"].clip(lower=1e-9)
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
    """
    pue = sc.demand.pue
    ev = reach.events
    sites = reach.sites
    rows = []
    for pid, req in zip(proposals["proposal_id"], proposals["requested_mw"], strict=True):
        e = ev[ev["proposal_id"] == pid]
        own = sites[sites["proposal_id"] == pid]
        land_mw = float(own["area_ha"].sum() / sc.candidates.ha_per_mw)
        areas = own.groupby("area")["area_ha"].sum().sort_values(ascending=False)
        row: dict[str, object] = {"proposal_id": pid, "area": areas.index[0] if len(areas) else None,
                                  "water_ids": ", ".join(sorted(set(own["water_id"].dropna()))),
                                  "land_it_mw": land_mw}
        row["in_service_year"] = int(e["year"].min()) if len(e) else None
        row["requested_year"] = _first_year(e, float(req) * pue)
        row["target_year_reached"] = _first_year(e, sc.evaluation.target_mw * pue)
        row["grid_it_mw_by_target_year"] = float(e.loc[e["year"] <= sc.evaluation.target_year, "added_mw"].sum()) / pue
        row["grid_it_mw_max"] = float(e["added_mw"].sum()) / pue
        used = _used(e, float(req) * pue)
        built_subs = used["substation_id"].unique()
        conn = e[(e["kind"] == "headroom") & e["substation_id"].isin(built_subs)]
        row["connection_cost_jpy"] = float(conn["cost_jpy"].sum())
        row["reinforcement_cost_jpy"] = float(used.loc[used["kind"] == "step", "cost_jpy"].sum())
        row["substations"] = ", ".join(built_subs)
        for y in sc.years.planning:
            grid = float(e.loc[e["year"] <= y, "added_mw"].sum()) / pue
            row[f"mw_{y}"] = min(float(req), land_mw, grid)
        rows.append(row)
    return pd.DataFrame(rows)


def _first_year(e: pd.DataFrame, grid_mw: float) -> int | None:
    ok = e[e["cum_grid_mw"] >= grid_mw - 1e-6]
    return int(ok["year"].iloc[0]) if len(ok) else None


def _used(e: pd.DataFrame, grid_mw: float) -> pd.DataFrame:
    """The events taken (earliest first) until ``grid_mw`` is reached (all of them if it never is)."""
    before = e["cum_grid_mw"] - e["added_mw"]
    return e[before < grid_mw - 1e-6]


def years_label(year: object) -> str:
    return "never" if year is None or (isinstance(year, float) and math.isnan(year)) else str(int(year))  # type: ignore[arg-type]
