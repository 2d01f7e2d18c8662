"""Write a run folder atomically: everything goes into a temporary sibling folder that replaces the old run
only when complete, so a killed run leaves the previous results untouched and never a mixed folder.

Contents: ``results.gpkg`` (layers regions, sites, connections, reinforcements, substations, demand), one CSV per
table, ``summary.json`` and ``manifest.json`` (scenario as resolved, input hashes, the bundled data vintage and which
inputs are bundled files, versions, timings).
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from siting.layers.vintage import data_vintage, sha256
from siting.outputs import safe_folder
from siting.results.extract import Results
from siting.scenario import Scenario
from siting.text import write_csv


@contextmanager
def atomic_folder(out: Path, kind: str = "run") -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success it replaces ``out`` (see :func:`siting.outputs.safe_folder`:
    only a folder the tool wrote is ever replaced)."""
    with safe_folder(out, kind) as tmp:
        yield tmp


def region_footprints(results: Results) -> gpd.GeoDataFrame:
    """A polygon per region: the convex hull of its candidate sites, buffered by 3 km."""
    live = results.sites[results.sites["screened_reason"].isna()]
    hulls = live.dissolve(by="region_id").geometry.convex_hull.buffer(3000)
    geo = gpd.GeoDataFrame(results.regions.set_index("region_id"), geometry=hulls.reindex(
        results.regions["region_id"]).values, crs=results.sites.crs).reset_index()
    return geo


def demand_layer(demand: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One point per demand node with its demand, served and unserved IT MW by year as columns."""
    wide = demand.pivot_table(index="node_id", columns="year", values=["demand_it_mw", "served_it_mw",
                                                                        "unserved_it_mw"], aggfunc="first")
    wide.columns = [f"{name}_{year}" for name, year in wide.columns]
    points = demand.drop_duplicates("node_id").set_index("node_id").geometry
    return gpd.GeoDataFrame(wide, geometry=points.reindex(wide.index).values, crs=demand.crs).reset_index()


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("wattbit-siting", "pyomo", "highspy", "geopandas", "shapely", "pandas", "numpy", "folium"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable column order and rounded floats, so the same inputs give byte-identical tables."""
    out = pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame.columns]))
    floats = out.select_dtypes("float").columns
    out[floats] = out[floats].round(6)
    return out


def manifest_fields(sc: Scenario, overrides: list[str], layers: dict[str, str], started_utc: str,
                    layer_overrides: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    """What every manifest of the tool records first (runs, sweep runs, evaluations): the scenario as resolved,
    the ``--set`` overrides, the layer files read and those replaced, when it started; then ``fields``."""
    return {"scenario": sc.model_dump(mode="json"), "overrides": list(overrides), "layers": layers,
            "layer_overrides": dict(layer_overrides or {}), "started_utc": started_utc, **fields}


def write_manifest(folder: Path, manifest: dict[str, Any], inputs: list[Path]) -> None:
    """The one writer of ``manifest.json``: ``manifest`` (see :func:`manifest_fields`) with the SHA-256 of every
    input file, the bundled data vintage and the versions of the tool and its libraries."""
    manifest = dict(manifest)
    manifest["inputs"] = {str(p): sha256(p) for p in inputs if p.exists()}
    manifest["data_vintage"] = data_vintage(manifest["inputs"])
    manifest["versions"] = _versions()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n",
                                          encoding="utf-8")


def write_results(results: Results, out: Path, manifest: dict[str, Any], inputs: list[Path],
                  extra: Callable[[Path], None] | None = None) -> Path:
    """Write the run folder ``out`` atomically; ``extra`` may add files (e.g. the map) inside the same folder."""
    with atomic_folder(out) as tmp:
        tables = {
            "regions": region_footprints(results),
            "sites": results.sites,
            "connections": results.connections,
            "reinforcements": results.reinforcements,
            "substations": results.substations,
        }
        if isinstance(results.demand, gpd.GeoDataFrame):
            tables_gpkg = {**tables, "demand": demand_layer(results.demand)}
        else:
            tables_gpkg = tables
        gpkg = tmp / "results.gpkg"
        for name, frame in tables_gpkg.items():
            frame = frame.copy()
            for col in frame.columns:
                if frame[col].dtype == object and col != "geometry":
                    frame[col] = frame[col].astype("string")
            frame.to_file(gpkg, layer=name, driver="GPKG")
        csvs = {**tables, "demand": results.demand}
        if results.alternatives is not None:
            csvs["alternatives"] = results.alternatives
        for name, frame in csvs.items():
            write_csv(_clean(frame), tmp / f"{name}.csv")
        (tmp / "summary.json").write_text(json.dumps(results.summary, indent=2, ensure_ascii=False,
                                                     default=str) + "\n", encoding="utf-8")
        write_manifest(tmp, manifest, inputs)
        if extra is not None:
            extra(tmp)
    return out
