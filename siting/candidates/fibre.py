"""Fibre between demand nodes and sites: route length and round-trip time, and the pairs within the latency limit.

The one home of the RTT formula; the proposal scorecard measures its RTT to the internet exchanges with it too.
Distances are geodesic on GRS80 (the ellipsoid of JGD2011): demand nodes can be 1,000 km from a site, where the
working CRS's scale error would show.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj

from siting.layers.load import LayerSet
from siting.scenario import Scenario

#: Geodesic distances on the ellipsoid of JGD2011.
GEOD = pyproj.Geod(ellps="GRS80")


def route_km(geodesic_m: np.ndarray, sc: Scenario) -> np.ndarray:
    """Fibre route length: ``candidates.route_factor`` times the geodesic distance (fibre follows roads and
    railways, not the great circle)."""
    return sc.candidates.route_factor * geodesic_m / 1000


def rtt_ms(route: np.ndarray, sc: Scenario) -> np.ndarray:
    """Round-trip time over a fibre route of ``route`` km: there and back at ``candidates.fibre_km_per_s``."""
    return 2 * route / sc.candidates.fibre_km_per_s * 1000


def fibre_pairs(sites: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario) -> pd.DataFrame:
    """(demand node, site) pairs within the latency limit, with fibre route length, RTT and cost.

    Route and RTT as in :func:`route_km` and :func:`rtt_ms`. Nodes are few (metros), so all node-site
    combinations are computed as arrays.
    """
    live = sites[sites["screened_reason"].isna()]
    nodes = layers.geo("demand")
    cols = ["node_id", "site_id", "route_km", "rtt_ms", "cost_jpy_per_mw_year"]
    if live.empty:
        return pd.DataFrame(columns=cols)
    s_ll = gpd.GeoSeries(live["point"].values, crs=sites.crs).to_crs(4326)
    n_ll = nodes.geometry.to_crs(4326)
    ni, si = np.meshgrid(np.arange(len(nodes)), np.arange(len(live)), indexing="ij")
    ni, si = ni.ravel(), si.ravel()  # type: ignore[assignment]
    _, _, dist_m = GEOD.inv(n_ll.x.to_numpy()[ni], n_ll.y.to_numpy()[ni], s_ll.x.to_numpy()[si],
                            s_ll.y.to_numpy()[si])
    route = route_km(dist_m, sc)
    rtt = rtt_ms(route, sc)
    ok = rtt <= sc.network.latency_limit_ms
    return pd.DataFrame({
        "node_id": nodes["node_id"].to_numpy()[ni[ok]], "site_id": live["site_id"].to_numpy()[si[ok]],
        "route_km": route[ok], "rtt_ms": rtt[ok],
        "cost_jpy_per_mw_year": sc.network.fibre_cost_jpy_per_mw_km_year * route[ok],
    })[cols]
