"""Render a run folder as one self-contained interactive HTML map (Folium/Leaflet).

``render_map`` reads only the run folder (and the layer files its manifest names). Every page carries Leaflet
inline (:mod:`siting.maps.offline`), so no page needs a CDN. Online pages (the default, and the ``map.html`` that
``siting run`` writes) draw GSI tiles (地理院タイル, pale or standard) or OpenStreetMap under the overlays, with
the credit each requires always on screen; without internet they still show every layer over a blank background.
Offline pages (``offline=True``) load nothing at all: no tiles, and the prefecture polygons are the base map.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from siting.i18n import check_lang, tr
from siting.maps import layers as lyr
from siting.maps import legend
from siting.maps.inputs import RunData, read_run
from siting.maps.offline import make_offline, strip_schemes
from siting.outputs import write_page

BASEMAPS = ("pale", "std")
GSI_URL = "https://cyberjapandata.gsi.go.jp/xyz/{name}/{{z}}/{{x}}/{{y}}.png"
GSI_CREDIT = "https://maps.gsi.go.jp/development/ichiran.html"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_CREDIT = '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank">OpenStreetMap</a> contributors'
JAPAN_BOUNDS = [[30.0, 128.5], [45.6, 146.0]]  # the four main islands with room around them


def gsi_attribution(lang: str) -> str:
    """The credit GSI requires whenever its tiles are on screen (出典：国土地理院ウェブサイト, linked)."""
    label = "国土地理院ウェブサイト（地理院タイル）" if lang == "ja" else "国土地理院ウェブサイト (GSI Tiles)"
    return f'出典：<a href="{GSI_CREDIT}" target="_blank">{label}</a>'


@dataclass(frozen=True)
class PageOptions:
    """How a page is drawn: ``offline`` (nothing from the web, prefectures as the base map) or online over the
    GSI tiles ``basemap`` (``pale`` or ``std``)."""

    offline: bool = False
    basemap: str = "pale"


class _PageScript(MacroElement):
    """Runs after every layer exists: data credits, offline look, and ``window.wattbit`` for tests and users."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          {% if this.prefix is not none %}map.attributionControl.setPrefix({{ this.prefix }});{% endif %}
          map.attributionControl.addAttribution({{ this.credit }});
          var overlays = {
            {%- for key, var in this.overlays %}{{ key|tojson }}: {{ var }}{{ "," if not loop.last }}{% endfor -%}
          };
          window.wattbit = {map: map, overlays: overlays};
          // the legend shows the sections of the layers that are on the map
          function sync() {
            document.querySelectorAll(".ws-section").forEach(function(el) {
              var layer = overlays[el.getAttribute("data-layer")];
              el.style.display = (layer && map.hasLayer(layer)) ? "" : "none";
            });
          }
          map.on("overlayadd overlayremove", sync);
          sync();
        })();
        {% endmacro %}
    """)

    def __init__(self, credit: str, overlays: list[tuple[str, str]], prefix: str | None):
        super().__init__()
        self._name = "WattbitPage"
        self.credit = _js(credit)
        self.overlays = overlays
        self.prefix = None if prefix is None else _js(prefix)


def _js(text: str) -> str:
    """A JS string literal that cannot close the surrounding <script> element."""
    return json.dumps(text, ensure_ascii=False).replace("</", "<\\/")


def base_map(lang: str, *, offline: bool, basemap: str, title: str) -> folium.Map:
    """An empty map over Japan titled ``title``: tiles online (GSI first, OSM as the alternative), none offline."""
    lang = check_lang(lang)
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}: use one of {', '.join(BASEMAPS)}")
    m = folium.Map(location=[37.5, 137.5], zoom_start=5, tiles=None, control_scale=True,
                   zoom_snap=0.25)
    m.get_root().title = escape(title)  # branca writes the title into <title> as it is
    # Leaflet is inlined in every page, online ones too: a run's default map.html then still works on a network
    # with no internet (the layers are drawn; only the background tiles are missing).
    make_offline(m)
    if offline:
        m.get_root().header.add_child(folium.Element(
            "<style>.leaflet-container{background:#dbe9f4}</style>"), name="ws_offline_css")
    else:
        folium.TileLayer(GSI_URL.format(name=basemap), name=tr(f"base.gsi_{basemap}", lang),
                         attr=gsi_attribution(lang), max_zoom=18, min_zoom=2).add_to(m)
        folium.TileLayer(OSM_URL, name=tr("base.osm", lang), attr=OSM_CREDIT, max_zoom=19,
                         show=False).add_to(m)  # GSI is the base map shown first; OSM is the alternative
    m.fit_bounds(JAPAN_BOUNDS)
    return m


def finish(m: folium.Map, overlays: list[tuple[str, folium.GeoJson]], lang: str, *, offline: bool,
           panels: list[str]) -> None:
    """Layer control, legend/status panels and the page script; call after every overlay is added."""
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    credit = tr("attr.data", lang)
    _PageScript(credit, [(k, layer.get_name()) for k, layer in overlays],
                prefix="Leaflet" if offline else None).add_to(m)
    legend.add_panels(m, *panels)


def base_overlays(prefectures: Any, lang: str, *, offline: bool) -> list[tuple[str, folium.GeoJson]]:
    """The overlays every page starts with: the prefecture outlines (the base map offline), when there are any."""
    pref = lyr.prefecture_layer(prefectures, lang, offline=offline)
    return [] if pref is None else [("prefectures", pref)]


def add_overlays(m: folium.Map, overlays: list[tuple[str, folium.GeoJson]], *, offline: bool) -> None:
    """Add the overlays to ``m`` in order; offline, web addresses in their text lose their scheme."""
    for _key, layer in overlays:
        if offline:
            strip_schemes(layer)
        layer.add_to(m)


def layer_builders(offline: bool) -> list[tuple[str, Callable[[RunData, str], Any]]]:
    """The overlays of a run map, bottom to top: (legend/i18n key, builder)."""
    return [
        ("prefectures", lambda d, lang: lyr.prefectures(d, lang, offline=offline)),
        ("grid_areas", lyr.grid_areas),
        ("hazards", lyr.hazards),
        ("lines", lyr.lines),
        ("regions", lyr.regions),
        ("supply", lyr.supply),
        ("water", lyr.water),
        ("comms", lyr.comms),
        ("connections", lyr.connections),
        ("substations", lyr.substations),
        ("headroom_value", lyr.headroom_value),
        ("reinforcements", lyr.reinforcements),
        ("sites", lyr.sites),
    ]


def build_map(data: RunData, *, offline: bool = False, lang: str = "ja", basemap: str = "pale") -> folium.Map:
    """The folium map of one run (not yet written)."""
    m = base_map(lang, offline=offline, basemap=basemap, title=tr("page.run", lang, name=data.scenario))
    overlays: list[tuple[str, folium.GeoJson]] = []
    for key, build in layer_builders(offline):
        layer = build(data, lang)
        if layer is not None:
            overlays.append((key, layer))
    add_overlays(m, overlays, offline=offline)
    last = data.years[-1] if data.years else None
    entries = legend.sections(lang, last, [k for k, _ in overlays])
    status = legend.status_html(data.summary, lang, data.scenario, data.years)
    finish(m, overlays, lang, offline=offline, panels=[legend.legend_html(lang, entries), status])
    return m


def _element_ids(element: Any) -> Iterator[str]:
    """The ids of ``element`` and everything under it, in the order the page is built."""
    yield element._id
    for child in element._children.values():
        yield from _element_ids(child)


def stable_ids(m: folium.Map, html: str) -> str:
    """Folium's random element ids (32 hex digits) numbered in the order the page is built, so the same map
    renders to the same bytes (the pages in maps/ change only when the map does). Only the elements' own ids
    are renamed, never text that happens to look like one."""
    for i, eid in enumerate(dict.fromkeys(_element_ids(m.get_root())), start=1):
        html = html.replace(eid, f"{i:032d}")
    return html


def save(m: folium.Map, out: Path) -> Path:
    """Write the page atomically; an existing file is replaced only if the tool wrote it (:mod:`siting.outputs`)."""
    return write_page(out, stable_ids(m, m.get_root().render()))


def render_map(run_dir: Path, out: Path, *, offline: bool = False, lang: str = "ja", basemap: str = "pale") -> Path:
    """Write the interactive map of the run folder ``run_dir`` to ``out`` (HTML) and return ``out``.

    Parameters
    ----------
    run_dir
        A run folder written by ``siting run`` (summary.json, manifest.json, results.gpkg).
    out
        The HTML file to write.
    offline
        No external resource at all: Leaflet inlined, no tiles, prefectures as the base map.
    lang
        ``ja`` (default) or ``en`` for labels, legends, popups and layer names.
    basemap
        GSI tiles ``pale`` (default) or ``std``; ignored offline.
    """
    data = read_run(Path(run_dir))
    return save(build_map(data, offline=offline, lang=lang, basemap=basemap), out)
