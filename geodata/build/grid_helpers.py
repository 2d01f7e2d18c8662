"""Small geometry and table helpers shared by the compile tools (grid, supply, sites)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.build.grid_tables import GRID_SIZE_DEG


# ========================================================================================================
# helpers
# ========================================================================================================
def on_grid(geoms: np.ndarray) -> np.ndarray:
    """Snap to the 4-decimal grid keeping geometries valid (shapely set_precision, valid output)."""
    return shapely.set_precision(geoms, GRID_SIZE_DEG)


def polygonal(geom: shapely.Geometry, min_area: float = 0.0) -> shapely.Geometry:
    """Keep only the polygon parts (make_valid may return collections), dropping slivers below min_area."""
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom))
             if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p) if q.area > min_area]
    return shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]


def max_kv(text: pd.Series) -> pd.Series:
    """Highest voltage in kV of OSM ';'-lists of volts ('275000;154000' -> 275.0); NaN if none."""
    volts = pd.to_numeric(text.fillna("").astype(str).str.split(";").explode().str.strip(), errors="coerce")
    return (volts.groupby(level=0).max() / 1000.0).reindex(text.index)


def round5(mw: pd.Series) -> pd.Series:
    return np.floor(mw / 5.0 + 0.5) * 5.0


def slug(text: pd.Series) -> pd.Series:
    return (text.str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-"))


def join_flags(flags: pd.DataFrame) -> pd.Series:
    """Comma-joined names of the True columns of a boolean frame, row by row; None where none is True."""
    names = np.array(flags.columns)
    out = [",".join(names[row]) or None for row in flags.to_numpy(dtype=bool)]
    return pd.Series(out, index=flags.index, dtype=object)


def join_estimated(flags: dict[str, pd.Series], index: pd.Index) -> pd.Series:
    """:func:`join_flags` of ``flags`` aligned on ``index`` (missing rows: not estimated)."""
    return join_flags(pd.DataFrame({k: v.reindex(index).fillna(False).astype(bool) for k, v in flags.items()},
                                   index=index))


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write RFC 7946 GeoJSON (lon/lat WGS 84, no crs member) with 4-decimal coordinates."""
    frame = frame.to_crs("EPSG:4326")
    if path.exists():
        path.unlink()
    frame.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=4,
                  WRITE_NAME="NO")
