"""Committed capacity of today's clusters, and how far clusters in an excluded area may grow.

The land layer's ``committed_it_mw_YYYY`` columns give, per existing-cluster site, the IT MW whose grid supply
the TSO has already committed (for instance TEPCO PG's Inzai programme), in service from year YYYY; a planning
year takes the latest value at or before it. Committed capacity runs whatever the plan and serves demand first
(the model's ``x`` is at least it), and its supply is the committed reinforcement, so it draws on no modelled
headroom. Only sites with an existing status may carry it (a new region's land has no committed supply).

In a grid area the scenario excludes (``policy.excluded_areas``), today's clusters keep running:
``policy.existing_in_excluded_areas = "committed"`` (the default) lets them run only their committed capacity
(no new connection, no modelled headroom: the GX rule steers new load elsewhere); ``"grow"`` lets them grow like
any existing cluster.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from siting.errors import InputError, Problem
from siting.layers.schema import SCHEMAS
from siting.scenario import Scenario


def committed_column(year: int) -> str:
    """Name of the candidate-table column with a site's committed IT MW in planning year ``year``."""
    return f"committed_mw_{year}"


def add_committed(sites: gpd.GeoDataFrame, sc: Scenario) -> None:
    """Add ``committed_mw_<year>`` per planning year (step function of the layer's columns) and raise ``cap_mw``
    to the largest committed value (a committed supply outweighs the land estimate)."""
    given = sorted((int(c[-4:]), c) for c in SCHEMAS["land"].pattern_columns(list(sites.columns)))
    values = sites[[c for _, c in given]].fillna(0.0).to_numpy(dtype=float) if given else None
    for year in sc.years.planning:
        past = [i for i, (y, _) in enumerate(given) if y <= year]
        sites[committed_column(year)] = values[:, past[-1]] if past and values is not None else 0.0
    cols = [committed_column(y) for y in sc.years.planning]
    most = sites[cols].max(axis=1)
    wrong = (most > 0) & ~sites["status"].isin(sc.candidates.existing_statuses)
    if wrong.any():
        raise InputError(Problem("land layer", f"rows {', '.join(sites.loc[wrong, 'site_id'])} carry committed "
                                 "capacity (committed_it_mw_YYYY) but no existing status",
                                 "give committed capacity only to sites with a status in "
                                 "candidates.existing_statuses, or empty those cells"))
    sites["cap_mw"] = np.maximum(sites["cap_mw"], most)


def excluded_existing(sites: gpd.GeoDataFrame, sc: Scenario) -> pd.Series:
    """Existing-cluster sites in an excluded area that may run only their committed capacity."""
    if sc.policy.existing_in_excluded_areas != "committed":
        return pd.Series(False, index=sites.index)
    return sites["area"].isin(sc.policy.excluded_areas) & sites["status"].isin(sc.candidates.existing_statuses)


def hold_to_committed(sites: gpd.GeoDataFrame, sc: Scenario) -> list[str]:
    """Cap the sites of :func:`excluded_existing` at their committed capacity, screen out those with none, and
    return one note per area saying so."""
    held = excluded_existing(sites, sc) & sites["screened_reason"].isna()
    if not held.any():
        return []
    last = committed_column(sc.years.planning[-1])
    sites.loc[held, "cap_mw"] = sites.loc[held, last]
    none = held & (sites[last] <= 0)
    area = sites.loc[none, "area"]
    sites.loc[none, "screened_reason"] = ("existing cluster in excluded grid area " + area
                                          + ": no committed capacity (policy.existing_in_excluded_areas)")
    sites.loc[none, "screened_reason_ja"] = "除外エリア（" + area + "）の既存集積：確定済みの容量なし"
    notes = []
    for a, group in sites[held].groupby("area"):
        mw = ", ".join(f"{y}: {group[committed_column(y)].sum():,.0f}" for y in sc.years.planning)
        notes.append(f"existing clusters in the excluded {a} area run only their committed capacity "
                     f"(policy.existing_in_excluded_areas = 'committed'): IT MW {mw}; "
                     f"{int((group[last] <= 0).sum())} of {len(group)} sites have none and stop growing")
    return notes
