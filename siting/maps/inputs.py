"""Read a run folder for the map: results.gpkg, summary.json, manifest.json and the layers the manifest names.

The map reads nothing else: no model, no solver, no scenario file. A missing folder, summary or GeoPackage is an
:class:`~siting.errors.InputError` (one line for the user, exit code 2); a background layer whose file has gone
is left off the map and named in ``missing``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio

from siting.errors import InputError, Problem
from siting.layers import load_layer
from siting.layers.read import short_error

RESULT_LAYERS = ("regions", "sites", "connections", "reinforcements", "substations")
#: The fields of each result layer the map reads (siting/maps/layers.py).
MAP_COLUMNS: dict[str, tuple[str, ...]] = {
    "regions": ("region_id", "name", "designated", "area", "first_year", "connection_cost_jpy",
                "reinforcement_cost_jpy", "sites_used", "substations_used", "limited_by"),
    "sites": ("site_id", "name", "status", "area_ha", "cap_mw", "first_year"),
    "connections": ("site_id", "substation_id", "built", "dist_km", "voltage_kv", "cost_jpy", "earliest_year"),
    "reinforcements": ("substation_id", "name", "step", "built", "added_mw", "cost_jpy", "in_service_year"),
    "substations": ("substation_id", "name", "voltage_kv", "area", "headroom_mw", "headroom_is_estimate"),
}
BACKGROUND = ("prefectures", "grid_areas", "lines", "decarbonised_supply", "water", "communications", "hazards")


@dataclass
class RunData:
    """One run folder, as the map needs it (all frames in the working CRS, EPSG:6690)."""

    folder: Path
    summary: dict[str, Any]
    manifest: dict[str, Any]
    results: dict[str, gpd.GeoDataFrame]
    layers: dict[str, gpd.GeoDataFrame]
    years: list[int]
    missing: list[str] = field(default_factory=list)

    @property
    def scenario(self) -> str:
        sc = self.manifest.get("scenario")
        return str(self.summary.get("scenario") or (sc.get("name") if isinstance(sc, dict) else None)
                   or self.folder.name)


def _json(path: Path, fix: str) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(Problem(str(path), "not found", fix))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(Problem(str(path), f"unreadable: {exc}", fix)) from None
    if not isinstance(data, dict):
        raise InputError(Problem(str(path), f"holds a JSON {type(data).__name__}, not the run's table of fields",
                                 fix))
    return data


def _check_summary(summary: dict[str, Any], path: Path, fix: str) -> None:
    """The summary fields the map shows must have their type (a hand-edited or damaged file is named)."""
    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    bad = [k for k in ("mip_gap", "objective_jpy", "bound_jpy") if summary.get(k) is not None
           and not number(summary[k])]
    bad += [k for k in ("mw_by_year", "objective_terms_jpy") if summary.get(k) is not None and not (
        isinstance(summary[k], dict) and all(v is None or number(v) for v in summary[k].values()))]
    bad += [k for k in ("designated_regions",) if summary.get(k) is not None and not isinstance(summary[k], list)]
    if bad:
        raise InputError(Problem(str(path), "has fields of the wrong type", fix, tuple(bad), "fields"))


def _results(gpkg: Path, fix: str) -> dict[str, gpd.GeoDataFrame]:
    """The result layers of ``gpkg``; a damaged or truncated file, or a layer without the columns the map
    reads, is an :class:`InputError` naming the file, the layer and the field."""
    try:
        present = {str(name) for name, _ in pyogrio.list_layers(gpkg)}
        results = {name: gpd.read_file(gpkg, layer=name) for name in RESULT_LAYERS if name in present}
    except Exception as exc:  # GDAL's DataSourceError and friends: the file is not a whole GeoPackage
        reason = short_error(exc).split(";")[-1].strip()  # GDAL's last clause: "database disk image is malformed"
        raise InputError(Problem(str(gpkg), f"cannot be read as a GeoPackage ({reason})",
                                 "the file is damaged or truncated: run 'siting run' again")) from None
    if "regions" not in results:
        raise InputError(Problem(f"{gpkg} [regions]", "layer missing", fix))
    for name, frame in results.items():
        missing = [c for c in MAP_COLUMNS[name] if c not in frame.columns]
        if missing:
            raise InputError(Problem(f"{gpkg} [{name}]", "lacks the field(s) the map reads",
                                     "run 'siting run' again with this version", tuple(missing), "fields"))
    return results


def read_run(folder: Path, *, background: bool = True) -> RunData:
    """Read the run folder ``folder``; ``background=False`` skips the manifest's layer files."""
    folder = Path(folder)
    fix = "give a run folder written by 'siting run' (it holds summary.json, manifest.json and results.gpkg)"
    if not folder.is_dir():
        raise InputError(Problem(str(folder), "run folder not found", fix))
    summary = _json(folder / "summary.json", fix)
    _check_summary(summary, folder / "summary.json", fix)
    manifest = _json(folder / "manifest.json", fix) if (folder / "manifest.json").exists() else {}
    gpkg = folder / "results.gpkg"
    if not gpkg.is_file():
        raise InputError(Problem(str(gpkg), "not found", fix))
    results = _results(gpkg, fix)
    years = sorted(int(m.group(1)) for c in results["regions"].columns if (m := re.fullmatch(r"mw_(\d{4})", c)))
    layers: dict[str, gpd.GeoDataFrame] = {}
    missing: list[str] = []
    paths = manifest.get("layers", {}) if background else {}
    paths = paths if isinstance(paths, dict) else {}
    for kind in BACKGROUND if background else ():
        path = paths.get(kind)
        if not isinstance(path, str) or not path or not Path(path).is_file():
            missing.append(kind)
            continue
        frame = load_layer(kind, Path(path)).frame
        if frame is not None and "geometry" in frame:
            layers[kind] = frame
    return RunData(folder, summary, manifest, results, layers, years, missing)
