"""Overview map of all proposals coloured by their overall result (folium, GSI pale tiles).

User text (proposal id, name, municipality) travels into the page as data only: one GeoJSON layer whose feature
properties hold the tooltip and popup as escaped HTML, shown by Folium's ``GeoJsonTooltip`` / ``GeoJsonPopup``
(:func:`siting.maps.layers.geojson`). No user string is ever part of the page's JavaScript source, so a backtick
or ``${...}`` in an id is text, not code.
"""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd

from siting.maps.features import num, popup_html, to_map_crs, with_props
from siting.maps.layers import geojson
from siting.maps.offline import make_offline
from siting.outputs import write_page

GSI_TILES = "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"
GSI_ATTRIBUTION = ('<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank">'
                   "出典：国土地理院ウェブサイト</a>")
COLOURS = {"pass": "#2e8b57", "warn": "#e6a700", "fail": "#c0392b", "rejected": "#777777"}


def _layer(sites: gpd.GeoDataFrame, verdict: dict[str, str], labels: dict[str, str]) -> folium.GeoJson:
    """One circle per proposal site, in one GeoJSON layer (EPSG:4326 only here)."""
    pts = sites.set_geometry(sites.geometry.representative_point())
    g = to_map_crs(pts)
    results = [verdict.get(pid, "rejected") for pid in g["proposal_id"]]
    tips = [str(pid) for pid in g["proposal_id"]]
    pops = [popup_html(name if isinstance(name, str) else pid,
                       [("id", pid), ("", muni if isinstance(muni, str) else ""), ("", num(ha, "ha", 1)),
                        ("", labels.get(res, res))])
            for pid, name, muni, ha, res in zip(g["proposal_id"], g["name"], g["municipality"], g["site_area_ha"],
                                                results, strict=True)]
    n = len(g)
    style = {"c": [COLOURS.get(r, "#333") for r in results], "r": [7] * n, "o": [0.8] * n, "w": [2] * n}
    return geojson("proposals", with_props(g, tips, pops, style), points=True)


def overview_map(sites: gpd.GeoDataFrame, verdict: dict[str, str], labels: dict[str, str], out: Path) -> Path:
    """Write ``out``: one circle per proposal site, coloured by the proposal's result."""
    m = folium.Map(location=[37.5, 137.5], zoom_start=5, tiles=None, control_scale=True)
    make_offline(m)  # Leaflet inline: the page works without internet, only the tiles are then missing
    folium.TileLayer(GSI_TILES, attr=GSI_ATTRIBUTION, name="地理院タイル (淡色)", max_zoom=18).add_to(m)
    if not sites.empty:
        _layer(sites, verdict, labels).add_to(m)
    legend = "".join(f'<div><span style="color:{c}">&#9679;</span> {labels.get(k, k)}</div>'
                     for k, c in COLOURS.items() if k != "rejected")
    m.get_root().html.add_child(folium.Element(
        f'<div style="position:fixed;bottom:20px;left:10px;z-index:999;background:white;padding:6px;'
        f'border:1px solid #999;font-size:12px">{legend}</div>'))
    return write_page(out, m.get_root().render())
