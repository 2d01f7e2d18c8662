"""GeoJSON for the map: simplified geometry in EPSG:4326 with 5-decimal coordinates, and escaped popups.

This is the only place where geometry leaves the working CRS (EPSG:6690, metres) for EPSG:4326. Every value
that reaches a popup or tooltip passes through :func:`html.escape`: Folium's GeoJsonPopup and GeoJsonTooltip
insert feature properties as raw HTML, so the escaping has to happen before the properties are written.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from siting.i18n import money, tr

MAP_CRS = "EPSG:4326"
DECIMALS = 5  # about 1 m


def to_map_crs(frame: gpd.GeoDataFrame, simplify_m: float = 0.0) -> gpd.GeoDataFrame:
    """``frame`` simplified by ``simplify_m`` metres (in its projected CRS), in EPSG:4326, rounded to 1e-5°."""
    out = frame[frame.geometry.notna() & ~frame.geometry.is_empty].copy()
    if simplify_m > 0 and out.crs is not None and out.crs.is_projected:
        out["geometry"] = out.geometry.simplify(simplify_m, preserve_topology=True)
    out = out.to_crs(MAP_CRS)
    out["geometry"] = shapely.transform(out.geometry.values, lambda xy: np.round(xy, DECIMALS))
    return out[~out.geometry.is_empty]


def esc(value: Any) -> str:
    """``value`` as escaped HTML text; missing values show as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "-"
    return html.escape(str(value), quote=True)


def present(value: Any) -> bool:
    if value is None or value is pd.NA:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return str(value).strip() != ""


def num(value: Any, unit: str = "", digits: int = 0) -> str:
    """A number with thousands separators and its unit, or a dash."""
    if not present(value):
        return "-"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{x:,.{digits}f}{(' ' + unit) if unit else ''}"


def year(value: Any) -> str:
    return str(int(float(value))) if present(value) else "-"


def popup_html(title: Any, rows: Iterable[tuple[str, str]], subtitle: Any = None) -> str:
    """A popup: escaped title, then a table of (label, value) rows; labels and values are escaped here."""
    head = f"<b>{esc(title)}</b>"
    if present(subtitle):
        head += f"<br><span class='ws-sub'>{esc(subtitle)}</span>"
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows if v not in ("", None))
    return f"<div class='ws-popup'>{head}<table>{body}</table></div>"


def name_of(row: Any, lang: str, *cols: str) -> str:
    """The first non-empty of ``cols`` (Japanese names first in ``ja``)."""
    order = list(cols)
    if lang == "en":
        order = [c for c in cols if not c.endswith("_ja")] + [c for c in cols if c.endswith("_ja")]
    for c in order:
        v = getattr(row, c, None)
        if present(v):
            return str(v)
    return ""


def by_year(row: Any, prefix: str, years: Sequence[int], key: str, lang: str, unit: str = "MW",
            money_values: bool = False) -> list[tuple[str, str]]:
    out = []
    for y in years:
        v = getattr(row, f"{prefix}{y}", None)
        out.append((tr(key, lang, y=y), money(v, lang) if money_values else num(v, unit)))
    return out


def with_props(frame: gpd.GeoDataFrame, tips: list[str], popups: list[str],
               extra: dict[str, Any] | None = None) -> gpd.GeoDataFrame:
    """A GeoDataFrame holding only the escaped ``tip`` and ``popup`` and the style columns in ``extra``."""
    data: dict[str, Any] = {"fid": [str(i) for i in range(len(frame))], "tip": [esc(t) for t in tips],
                            "popup": popups}
    for k, v in (extra or {}).items():
        data[k] = list(v)
    return gpd.GeoDataFrame(data, geometry=list(frame.geometry.values), crs=frame.crs)


def with_markers(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` followed by one point per row at its representative point (same fields), so that a thin or
    small polygon still shows as a marker at the national zoom."""
    points = frame.copy()
    points[frame.geometry.name] = frame.geometry.representative_point()
    return gpd.GeoDataFrame(pd.concat([frame, points], ignore_index=True), geometry=frame.geometry.name,
                            crs=frame.crs)
