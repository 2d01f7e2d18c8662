"""Committed capacity of today's clusters and the TSOs' committed headroom, from
``geodata/sources/facts/committed_capacity.csv`` (one fact per row, with its source and ``as_of`` date).

Row kinds:

* ``supply_grid_mw``: the grid supply the TSO has built or committed for a cluster, in service from ``year``;
* ``baseline_grid_mw``: the cluster's load in the demand layer's base year (FY2024), a modelled estimate;
* ``area_headroom_grid_mw``: headroom a TSO states for part of its area by ``year`` (status ``expected``);
* ``area_new_substations_grid_mw``: planned new substations (status ``planned``): recorded, not applied.

Rules (geodata/README-sites.md, geodata/README.md):

* committed IT MW of a cluster in year Y = (supply in force in Y - baseline) / PUE 1.4, the demand layer's
  convention (the demand layer counts load new against FY2024, so only supply beyond the FY2024 load serves it);
  split over the cluster's sites in proportion to their land capacity (``max_it_mw``, else ``area_ha`` / 0.23
  ha per MW, the scenario default); every committed value is marked estimated (the baseline is);
* an area headroom target is spread over the eligible EHV (>= 275 kV) substations of the listed prefectures in
  that area, outside the Inzai radius (whose supply is the Inzai programme), in proportion to their class
  transformer capacity: each gets ``(target - today's headroom there) x share`` as ``headroom_added_mw`` from
  ``year``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: Grid MW per IT MW used by the site-side build (the demand layer's convention).
PUE = 1.4
#: Land per IT MW where a site states no IT capacity (the scenario default, Tomakomai).
HA_PER_MW = 0.23


def read_facts(facts: Path) -> pd.DataFrame:
    table = pd.read_csv(facts / "committed_capacity.csv", dtype={"pref_codes": str})
    bad = table[table["source"].isna() | table["as_of"].isna()]
    if len(bad):
        raise ValueError(f"committed_capacity.csv rows {bad.index.tolist()} lack a source or an as_of date")
    return table


def committed_columns(land: pd.DataFrame, facts: Path) -> pd.DataFrame:
    """``committed_it_mw_YYYY`` per land site (NaN where none) and ``committed_source``, indexed like ``land``."""
    table = read_facts(facts)
    supply = table[table["kind"] == "supply_grid_mw"]
    base = table[table["kind"] == "baseline_grid_mw"].set_index("cluster")["value_mw"]
    years = sorted(supply["year"].astype(int).unique())
    out = pd.DataFrame(index=land.index, columns=[f"committed_it_mw_{y}" for y in years], dtype=float)
    out["committed_source"] = None
    by_id = pd.Series(land.index, index=land["site_id"])
    for cluster, rows in supply.groupby("cluster", sort=True):
        ids = rows["site_ids"].iloc[0].split(";")
        missing = set(ids) - set(by_id.index)
        if missing:
            raise ValueError(f"committed_capacity.csv names sites not in the land table: {sorted(missing)}")
        if cluster not in base.index:
            raise ValueError(f"committed_capacity.csv: cluster {cluster!r} has no baseline_grid_mw row")
        idx = by_id[ids].to_numpy()
        cap = land.loc[idx, "max_it_mw"].fillna(land.loc[idx, "area_ha"] / HA_PER_MW).to_numpy(dtype=float)
        rows = rows.sort_values("year")
        for y in years:
            in_force = rows[rows["year"] <= y]["value_mw"]
            grid = max(0.0, float(in_force.iloc[-1]) - float(base[cluster])) if len(in_force) else 0.0
            out.loc[idx, f"committed_it_mw_{y}"] = np.round(grid / PUE * cap / cap.sum(), 1)
        steps = " -> ".join(f"{v:,.0f} MW ({int(y)})" for y, v in zip(rows["year"], rows["value_mw"], strict=True))
        works = rows.dropna(subset=["reinforcement_jpy"])
        cost = (f", JPY {works['reinforcement_jpy'].iloc[-1] / 1e9:,.0f} bn" if len(works) else "")
        out.loc[idx, "committed_source"] = (
            f"{cluster}: grid supply {steps}; {rows['reinforcement'].iloc[-1]}{cost}; "
            f"{' ; '.join(dict.fromkeys(rows['source']))} (as of {rows['as_of'].max()}); committed IT MW = "
            f"(supply - FY2024 load {float(base[cluster]):,.0f} MW, estimate) / PUE {PUE}, split over "
            f"{len(ids)} site(s) by land capacity")
    return out


def area_headroom(subs: pd.DataFrame, pref_of: pd.Series, class_mw: pd.Series, facts: Path,
                  exclude: pd.Series) -> pd.DataFrame:
    """``headroom_added_mw`` / ``headroom_added_year`` / ``headroom_added_source`` per substation (NaN where none)
    from the applied area rows; ``pref_of`` (prefecture code), ``class_mw`` (class transformer MW) and ``exclude``
    (stations left out) are indexed like ``subs``."""
    table = read_facts(facts)
    out = pd.DataFrame({"headroom_added_mw": np.nan, "headroom_added_year": pd.NA,
                        "headroom_added_source": None}, index=subs.index)
    out["headroom_added_year"] = out["headroom_added_year"].astype("Int64")
    for row in table[(table["kind"] == "area_headroom_grid_mw") & (table["status"] == "expected")].itertuples():
        prefs = str(row.pref_codes).split(";")
        take = (pref_of.isin(prefs) & (subs["area"] == row.grid_area) & (subs["voltage_kv"] >= 275)
                & subs["eligible"].astype(bool) & ~exclude)
        if not take.any():
            raise ValueError(f"committed_capacity.csv: no substation takes the headroom of {row.cluster!r}")
        extra = max(0.0, float(row.value_mw) - float(subs.loc[take, "headroom_mw"].sum()))
        share = class_mw[take] / class_mw[take].sum()
        out.loc[take, "headroom_added_mw"] = np.floor(extra * share / 5.0 + 0.5) * 5.0
        out.loc[take, "headroom_added_year"] = int(row.year)
        out.loc[take, "headroom_added_source"] = (
            f"{row.cluster}: {float(row.value_mw):,.0f} MW of headroom by {int(row.year)} ({row.status}); "
            f"{row.source} (as of {row.as_of}); spread over {int(take.sum())} EHV substations by class capacity "
            "(estimate)")
    return out
