"""What every request shares: the scenario, its layers, the national reference plan and the base map.

The reference plan is solved once when the app starts (:func:`siting.pipeline.run_scenario`, as ``siting run``
does) or read from a run folder ``siting run`` wrote (``--run``, :func:`siting.maps.inputs.read_run`): the page
shows its designated regions and its cost beside the proposals, so a reviewer sees where the national plan already
puts data centres. The proposals' own portfolio value comes from the re-solves of :mod:`siting.serve.jobs`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from siting.errors import InputError, Problem
from siting.layers.load import LayerSet
from siting.maps.features import to_map_crs
from siting.maps.layers import BOUNDARY_SIMPLIFY_M
from siting.scenario import Scenario


@dataclass
class ReferencePlan:
    """The national plan the proposals are reviewed against (no proposal in it)."""

    scenario: str
    source: str  # "solved at start" or the run folder's name
    status: str
    status_text: str
    objective_jpy: float | None
    gap: float | None
    years: list[int]
    #: Designated regions, EPSG:4326: ``region_id``, ``name``, ``area``, ``mw_YYYY``, geometry.
    regions: gpd.GeoDataFrame
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        last = self.years[-1] if self.years else None
        mw = float(self.regions[f"mw_{last}"].fillna(0).sum()) if last and f"mw_{last}" in self.regions else None
        return {"scenario": self.scenario, "source": self.source, "status": self.status,
                "status_text": self.status_text, "objective_jpy": _number(self.objective_jpy),
                "gap": _number(self.gap), "years": self.years, "n_regions": len(self.regions),
                "mw_last_year": mw}

    def geojson(self) -> dict[str, Any]:
        """The designated regions as GeoJSON (names and MW as data, for the page to show as text)."""
        cols = ["region_id", "name", "area", *[f"mw_{y}" for y in self.years if f"mw_{y}" in self.regions]]
        frame = self.regions[[*cols, "geometry"]].copy()
        frame["name"] = frame["name"].fillna(frame["region_id"]).astype(str)
        return json.loads(frame.to_json(na="null", drop_id=True))


def _number(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _designated(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    des = regions[regions["designated"].astype(bool) & regions.geometry.notna()]
    return to_map_crs(des.reset_index(drop=True), 100.0)


def solve_reference(sc: Scenario, layers: LayerSet, progress: Callable[[str], None] | None = None) -> ReferencePlan:
    """Solve the scenario as ``siting run`` does (no duals: the page does not show them)."""
    from siting.pipeline import run_scenario
    from siting.results.write import region_footprints

    run = run_scenario(sc, progress=progress, with_duals=False, layers=layers)
    s = run.results.summary
    years = [int(y) for y in sc.years.planning]
    return ReferencePlan(sc.name, "solved at start", str(s.get("status")), str(s.get("status_text", "")),
                         _number(s.get("objective_jpy")), _number(s.get("mip_gap")), years,
                         _designated(region_footprints(run.results)))


def load_reference(folder: Path, sc: Scenario) -> ReferencePlan:
    """The plan of a run folder ``siting run`` wrote; it must be a run of the app's scenario."""
    from siting.maps.inputs import read_run

    data = read_run(Path(folder), background=False)
    if data.scenario != sc.name:
        raise InputError(Problem(str(folder), f"is a run of scenario '{data.scenario}', not of '{sc.name}'",
                                 f"give --scenario the scenario of that run, or a run folder of '{sc.name}'"))
    s = data.summary
    return ReferencePlan(sc.name, Path(folder).name, str(s.get("status")), str(s.get("status_text", "")),
                         _number(s.get("objective_jpy")), _number(s.get("mip_gap")), list(data.years),
                         _designated(data.results["regions"]))


def base_map(layers: LayerSet) -> dict[str, Any]:
    """The prefecture outlines as GeoJSON (simplified like the run maps' boundaries): the page's base map, which
    needs no web access. Properties: ``pref_code``, ``name_ja``, ``name_en`` where the layer has them."""
    if "prefectures" not in layers:
        return {"type": "FeatureCollection", "features": []}
    frame = layers.geo("prefectures")
    cols = [c for c in ("pref_code", "name_ja", "name_en") if c in frame.columns]
    g = to_map_crs(frame[[*cols, "geometry"]], BOUNDARY_SIMPLIFY_M)
    for c in cols:
        g[c] = g[c].astype(object).where(pd.notna(g[c]), None)
    return json.loads(g.to_json(na="null", drop_id=True))
