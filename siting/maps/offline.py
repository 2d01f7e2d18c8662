"""Offline pages: Leaflet's JS and CSS inlined from the installed ``xstatic-leaflet`` package, nothing fetched.

Folium's page pulls Leaflet, jQuery, Bootstrap and Awesome Markers from CDNs; on a network without internet
that is a blank page. :func:`make_offline` drops every default script and stylesheet from the map and puts
Leaflet inline instead; the images Leaflet's CSS refers to (layer-control icon, default marker) become
``data:`` URIs. Leaflet is read from the package with :mod:`importlib.resources` at run time: it is neither
copied into this repository nor downloaded.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from importlib import resources

import folium

LEAFLET_PACKAGE = "xstatic.pkg.leaflet"
INSTALL_HINT = "offline maps need the 'xstatic-leaflet' package: pip install 'xstatic-leaflet>=1.9'"
#: The one absolute URL allowed to stay in an offline page: the SVG namespace, an identifier never fetched.
SVG_NS = "http://www.w3.org/2000/svg"
_SCHEME = re.compile(r"\b[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s\"'<>)]*", re.IGNORECASE)


def _data() -> resources.abc.Traversable:
    try:
        return resources.files(LEAFLET_PACKAGE) / "data"
    except ModuleNotFoundError as exc:
        raise ImportError(INSTALL_HINT) from exc


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """leaflet.js without its source-map comment and with no web address left in it but the SVG namespace."""
    js = (_data() / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    # the licence header names the Leaflet site and the default attribution prefix links to it: keep the name,
    # drop the link, so an offline page holds no web address at all
    js = js.replace('href="https://leafletjs.com"', 'href="#"').replace("https://leafletjs.com", "leafletjs.com")
    return js


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """leaflet.css with comments removed and every image as a data: URI."""
    css = (_data() / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)

    def inline(match: re.Match[str]) -> str:
        name = match.group(1)
        raw = (_data() / name).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(raw).decode('ascii')})"

    return re.sub(r"url\((images/[\w.@-]+\.png)\)", inline, css)


def external_urls(text: str) -> list[str]:
    """Every absolute URL in ``text`` except the SVG namespace (for checks and tests)."""
    return [u for u in _URL.findall(text) if u != SVG_NS]


def strip_schemes(layer: folium.GeoJson) -> None:
    """Show web addresses in the run's text (source citations in notes) without their scheme offline.

    The citation stays readable (``www.example.jp/page``) but the page holds no address a browser could fetch.
    """
    for feature in layer.data.get("features", []):
        props = feature.get("properties") or {}
        for key in ("tip", "popup"):
            if isinstance(props.get(key), str):
                props[key] = _SCHEME.sub("", props[key])


def make_offline(m: folium.Map) -> None:
    """Make ``m`` render with no external resource: no CDN script or stylesheet, Leaflet inline."""
    m.default_js = []
    m.default_css = []
    root = m.get_root()
    root.header.add_child(folium.Element(f"<style>{leaflet_css()}</style>"), name="leaflet_css_inline")
    # '</' inside the script would end the <script> element early: escape it the way JSON does
    js = leaflet_js().replace("</", "<\\/")
    root.header.add_child(folium.Element(f"<script>{js}</script>"), name="leaflet_js_inline")
