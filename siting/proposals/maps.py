"""Overview map of all proposals coloured by their overall result, over the prefectures (folium/Leaflet).

The page is built like a run map (:mod:`siting.maps.render`): Leaflet inline, GSI tiles online, the prefectures
as the base map offline, a ``<title>``, a legend with the count of each result, and ``window.wattbit``. User text
(proposal id, name, municipality) travels into the page as data only: one GeoJSON layer whose feature properties
hold the tooltip and popup as escaped HTML (:func:`siting.maps.layers.geojson`). No user string is ever part of
the page's JavaScript source, so a backtick or ``${...}`` in an id is text, not code.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import folium
import geopandas as gpd

from siting.i18n import tr, value
from siting.maps import legend as lg
from siting.maps.features import num, popup_html, to_map_crs, with_props
from siting.maps.labels import label_layer
from siting.maps.layers import geojson
from siting.maps.render import PageOptions, add_overlays, base_map, base_overlays, finish, save

COLOURS = {"pass": "#2e8b57", "warn": "#e6a700", "fail": "#c0392b"}
NO_RESULT = "#777777"
#: Proposals are named on the map when there are at most this many sites (beyond, names are on hover only).
MAX_LABELS = 40


def _layer(sites: gpd.GeoDataFrame, verdict: dict[str, str], lang: str) -> folium.GeoJson:
    """One circle per proposal site, in one GeoJSON layer (EPSG:4326 only here)."""
    pts = sites.set_geometry(sites.geometry.representative_point())
    g = to_map_crs(pts)
    results = [verdict.get(pid, "") for pid in g["proposal_id"]]
    names = [name if isinstance(name, str) and name else pid for pid, name in zip(g["proposal_id"], g["name"],
                                                                                    strict=True)]
    tips = [f"{name} ({pid})" if name != pid else str(pid) for name, pid in zip(names, g["proposal_id"], strict=True)]
    pops = [popup_html(name, [("id", pid), (tr("pr.municipality", lang), muni if isinstance(muni, str) else ""),
                              (tr("pr.site_area", lang), num(ha, "ha", 1)),
                              (tr("pr.overall", lang), value(res, lang) if res else "-")])
            for name, pid, muni, ha, res in zip(names, g["proposal_id"], g["municipality"], g["site_area_ha"],
                                                results, strict=True)]
    n = len(g)
    style = {"c": [COLOURS.get(r, NO_RESULT) for r in results], "r": [8] * n, "o": [0.85] * n, "w": [2] * n}
    return geojson(tr("layer.proposals", lang), with_props(g, tips, pops, style), points=True)


def _legend(verdict: dict[str, str], lang: str, rejected: int) -> str:
    counts = Counter(verdict.values())
    rows = "".join(lg.dot(c, f"{value(k, lang)} ({counts.get(k, 0)})") for k, c in COLOURS.items())
    head = tr("pr.count", lang, n=len(verdict), ok=counts.get("pass", 0), warn=counts.get("warn", 0),
              fail=counts.get("fail", 0))
    note = lg.note(head) + (lg.note(tr("pr.rejected", lang, n=rejected)) if rejected else "")
    return rows + note


def overview_map(sites: gpd.GeoDataFrame, verdict: dict[str, str], out: Path, *, lang: str, scenario: str,
                 prefectures: gpd.GeoDataFrame | None = None, rejected: int = 0,
                 page: PageOptions | None = None) -> Path:
    """Write ``out``: one circle per proposal site, coloured by the proposal's result, over the prefectures."""
    page = page or PageOptions()
    m = base_map(lang, offline=page.offline, basemap=page.basemap, title=tr("page.proposals", lang, name=scenario))
    overlays = base_overlays(prefectures, lang, offline=page.offline)
    if not sites.empty:
        overlays.append(("proposals", _layer(sites, verdict, lang)))
    if 0 < len(sites) <= MAX_LABELS:
        first = sites.drop_duplicates("proposal_id")  # one name per proposal, at its first site
        pts = to_map_crs(first.set_geometry(first.geometry.representative_point()))
        texts = [n if isinstance(n, str) and n else str(pid) for n, pid in zip(pts["name"], pts["proposal_id"],
                                                                               strict=True)]
        overlays.append(("proposal_labels", label_layer(pts, texts, [popup_html(t, []) for t in texts],
                                                        tr("layer.proposal_labels", lang))))
    add_overlays(m, overlays, offline=page.offline)
    entries = [("proposals", tr("layer.proposals", lang), _legend(verdict, lang, rejected))]
    finish(m, overlays, lang, offline=page.offline, panels=[lg.legend_html(lang, entries, right=True)])
    return save(m, out)
