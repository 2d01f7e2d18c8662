"""Overview map of all proposals coloured by their overall result (folium, GSI pale tiles).

Every user string (proposal id, name, municipality) is HTML-escaped before it enters a tooltip or popup:
folium inserts popup HTML as is.
"""

from __future__ import annotations

import html
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from siting.maps.offline import make_offline

GSI_TILES = "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"
GSI_ATTRIBUTION = ('<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank">'
                   "出典：国土地理院ウェブサイト</a>")
COLOURS = {"pass": "#2e8b57", "warn": "#e6a700", "fail": "#c0392b", "rejected": "#777777"}


def esc(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else html.escape(str(value))


def overview_map(sites: gpd.GeoDataFrame, verdict: dict[str, str], labels: dict[str, str], out: Path) -> Path:
    """Write ``out``: one circle per proposal site (EPSG:4326 only here), coloured by the proposal's result."""
    m = folium.Map(location=[37.5, 137.5], zoom_start=5, tiles=None, control_scale=True)
    make_offline(m)  # Leaflet inline: the page works without internet, only the tiles are then missing
    folium.TileLayer(GSI_TILES, attr=GSI_ATTRIBUTION, name="地理院タイル (淡色)", max_zoom=18).add_to(m)
    if not sites.empty:
        pts = sites.geometry.representative_point().to_crs(4326)
        for pid, name, muni, ha, pt in zip(sites["proposal_id"], sites["name"], sites["municipality"],
                                           sites["site_area_ha"], pts, strict=True):
            res = verdict.get(pid, "rejected")
            popup = (f"<b>{esc(name)}</b><br><code>{esc(pid)}</code><br>{esc(muni)}<br>{float(ha):,.1f} ha<br>"
                     f"{esc(labels.get(res, res))}")
            folium.CircleMarker([pt.y, pt.x], radius=7, color=COLOURS.get(res, "#333"), fill=True,
                                fill_opacity=0.8, tooltip=esc(pid), popup=folium.Popup(popup, max_width=300)).add_to(m)
    legend = "".join(f'<div><span style="color:{c}">&#9679;</span> {esc(labels.get(k, k))}</div>'
                     for k, c in COLOURS.items() if k != "rejected")
    m.get_root().html.add_child(folium.Element(
        f'<div style="position:fixed;bottom:20px;left:10px;z-index:999;background:white;padding:6px;'
        f'border:1px solid #999;font-size:12px">{legend}</div>'))
    m.save(str(out))
    return out
