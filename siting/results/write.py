"""Write a run folder atomically: everything goes into a temporary sibling folder that replaces the old run
only when complete, so a killed run leaves the previous results untouched and never a mixed folder.

Contents: ``results.gpkg`` (layers regions, sites, connections, reinforcements, substations), one CSV per
table, ``summary.json`` and ``manifest.json`` (scenario as resolved, input hashes, versions, timings).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from siting.results.extract import Results


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success it replaces ``out`` in two renames."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def region_footprints(results: Results) -> gpd.GeoDataFrame:
    """A polygon per region: the convex hull of its candidate sites, buffered by 3 km."""
    live = results.sites[results.sites["screened_reason"].isna()]
    hulls = live.dissolve(by="region_id").geometry.convex_hull.buffer(3000)
    geo = gpd.GeoDataFrame(results.regions.set_index("region_id"), geometry=hulls.reindex(
        results.regions["region_id"]).values, crs=results.sites.crs).reset_index()
    return geo


def _hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
        gpkg = tmp / "results.gpkg"
        for name, frame in tables.items():
            frame = frame.copy()
            for col in frame.columns:
                if frame[col].dtype == object and col != "geometry":
                    frame[col] = frame[col].astype("string")
            frame.to_file(gpkg, layer=name, driver="GPKG")
        csvs = {**tables, "demand": results.demand}
        if results.alternatives is not None:
            csvs["alternatives"] = results.alternatives
        for name, frame in csvs.items():
            _clean(frame).to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n")
        (tmp / "summary.json").write_text(json.dumps(results.summary, indent=2, ensure_ascii=False,
                                                     default=str) + "\n", encoding="utf-8")
        manifest = dict(manifest)
        manifest["inputs"] = {str(p): _hash(p) for p in inputs if p.exists()}
        manifest["versions"] = _versions()
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n",
                                           encoding="utf-8")
        if extra is not None:
            extra(tmp)
    return out
