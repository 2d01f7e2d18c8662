"""The sweep's selection-frequency map: each candidate region coloured by the share of solved scenarios that
designate it, over the prefectures.

A region is drawn twice in one layer: the convex hull of its sites (buffered) where it is large enough to read
when zoomed in, and a circle of fixed screen size at its representative point, so every region is legible at the
national zoom. Regions designated at least once carry a permanent label (name and share). The page is built like
a run map (:mod:`siting.maps.render`): Leaflet inline, a ``<title>``, a legend, GSI tiles online, the prefectures
as the base map offline, ``window.wattbit`` for tests.
"""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from siting.i18n import region_name, tr
from siting.maps import legend as lg
from siting.maps.features import num, popup_html, to_map_crs, with_markers, with_props
from siting.maps.labels import label_layer
from siting.maps.layers import geojson
from siting.maps.render import PageOptions, add_overlays, base_map, base_overlays, finish, save

NEVER = "#bdbdbd"
STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)


def share_colour(share: float) -> str:
    """YlOrRd from a quarter of the way up (a share just above 0 is still visible); grey for never."""
    import matplotlib

    if not np.isfinite(share) or share <= 0:
        return NEVER
    return str(matplotlib.colors.to_hex(matplotlib.colormaps["YlOrRd"](0.25 + 0.75 * min(share, 1.0))))


def _frame(robust: pd.DataFrame, footprints: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Footprints joined to the robustness table, in EPSG:4326; rows without a footprint dropped."""
    cols = [c for c in robust.columns if c != "name" or "name" not in footprints]
    geo = footprints[[c for c in ("region_id", "name", "geometry") if c in footprints]].merge(
        robust[cols], on="region_id", how="left")
    geo = gpd.GeoDataFrame(geo, geometry="geometry", crs=footprints.crs)
    return to_map_crs(geo[geo.geometry.notna() & ~geo.geometry.is_empty], 200.0)


def _texts(geo: gpd.GeoDataFrame, lang: str) -> tuple[list[str], list[str], list[str], list[float]]:
    """Names, tooltips, popups and shares of the regions of ``geo``."""
    names, tips, pops, shares = [], [], [], []
    for r in geo.itertuples():
        share = float(r.designated_share) if pd.notna(r.designated_share) else 0.0
        name = region_name(r.name, lang) if isinstance(r.name, str) and r.name else str(r.region_id)
        tip = tr("sw.tip", lang, name=name, n=int(r.designated_count or 0), of=int(r.scenarios_solved or 0),
                 pct=f"{100 * share:.0f}")
        mws = " / ".join(num(getattr(r, f"mw_last_year_{k}"), "MW") for k in ("min", "median", "max"))
        names.append(name)
        tips.append(tip)
        pops.append(popup_html(tip, [("id", r.region_id), (tr("swmap.mw", lang), mws)]))
        shares.append(share)
    return names, tips, pops, shares


def _layers(geo: gpd.GeoDataFrame, lang: str) -> list[tuple[str, folium.GeoJson]]:
    names, tips, pops, shares = _texts(geo, lang)
    colours = [share_colour(s) for s in shares]
    n = len(geo)
    both = with_markers(geo)
    points = both.iloc[n:]
    style = {"c": colours * 2, "o": [0.55] * n + [0.9] * n, "w": [1] * n + [1.5] * n, "r": [7] * (2 * n)}
    regions = geojson(tr("layer.sweep_regions", lang), with_props(both, tips * 2, pops * 2, style), points=True)
    out = [("sweep_regions", regions)]
    named = [i for i, s in enumerate(shares) if s > 0]
    if named:
        texts = [f"{names[i]} {100 * shares[i]:.0f} %" for i in named]
        layer = label_layer(points.iloc[named], texts, [pops[i] for i in named], tr("layer.sweep_labels", lang))
        out.append(("sweep_labels", layer))
    return out


def _legend(robust: pd.DataFrame, geo: gpd.GeoDataFrame, lang: str) -> str:
    solved = int(robust["scenarios_solved"].max()) if len(robust) else 0
    rows = "".join(lg.box(share_colour(s), f"{100 * s:.0f} %", 0.9) for s in STEPS[1:])
    rows += lg.box(NEVER, tr("sw.never", lang), 0.9) + lg.note(tr("sw.marker", lang))
    missing = sorted(set(robust.loc[robust["designated_count"] > 0, "region_id"]) - set(geo["region_id"]))
    if missing:
        rows += lg.note(tr("sw.no_footprint", lang, ids=", ".join(map(str, missing))))
    return lg.note(tr("swmap.share", lang)) + rows + lg.note(tr("sw.scenarios", lang, n=solved, of=solved))


def write_map(robust: pd.DataFrame, footprints: gpd.GeoDataFrame, path: Path, name: str, *, lang: str = "ja",
              prefectures: gpd.GeoDataFrame | None = None, page: PageOptions | None = None) -> Path:
    """Write the selection-frequency map of the sweep ``name`` to ``path``."""
    page = page or PageOptions()
    m = base_map(lang, offline=page.offline, basemap=page.basemap, title=tr("page.sweep", lang, name=name))
    geo = _frame(robust, footprints)
    overlays = base_overlays(prefectures, lang, offline=page.offline)
    if len(geo):
        overlays.extend(_layers(geo, lang))
    add_overlays(m, overlays, offline=page.offline)
    entries = [("sweep_regions", tr("layer.sweep_regions", lang), _legend(robust, geo, lang))]
    finish(m, overlays, lang, offline=page.offline, panels=[lg.legend_html(lang, entries, right=True)])
    return save(m, path)
