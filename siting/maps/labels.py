"""Permanent labels beside markers, placed so that they keep clear of each other at the national zoom.

A label layer is one GeoJSON layer of points (no visible marker) whose ``tip`` property (escaped HTML: the text is
data, never part of the script) is opened as a permanent Leaflet tooltip on the side ``side`` of the point that
:func:`label_sides` chose; their look is ``.ws-label`` in :data:`siting.maps.legend.CSS`.
"""

from __future__ import annotations

import unicodedata

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from siting.maps.features import with_props

#: Sizes at the national zoom (5.75 in a 1280x800 window: about 39 px a degree), in degrees: a marker's half width
#: with the label's 8 px offset, a label's height (17 px), a character's width (Latin about 6.5 px, CJK 12 px).
MARKER_DEG, LABEL_H_DEG, CHAR_DEG, WIDE_CHAR_DEG = 0.2, 0.45, 0.17, 0.31


def label_sides(lon: list[float], lat: list[float], texts: list[str]) -> list[str]:
    """The side of its marker each label goes (right, left, top, bottom): the first that overlaps no marker and
    no label placed before it at the national zoom, else the one that overlaps least."""
    def width(text: str) -> float:
        return sum(WIDE_CHAR_DEG if unicodedata.east_asian_width(c) in "WF" else CHAR_DEG for c in text)

    m, h = MARKER_DEG, LABEL_H_DEG
    taken = [shapely.box(x - m, y - m, x + m, y + m) for x, y in zip(lon, lat, strict=True)]
    sides = []
    for x, y, text in zip(lon, lat, texts, strict=True):
        w = width(text)
        boxes = {"right": (x + m, y - h / 2, x + m + w, y + h / 2), "left": (x - m - w, y - h / 2, x - m, y + h / 2),
                 "top": (x - w / 2, y + m, x + w / 2, y + m + h), "bottom": (x - w / 2, y - m - h, x + w / 2, y - m)}
        own = shapely.box(x - m, y - m, x + m, y + m)
        others = [t for t in taken if not t.equals(own)]
        cost = {k: sum(shapely.box(*b).intersection(t).area for t in others) for k, b in boxes.items()}
        side = min(cost, key=cost.__getitem__)  # the first of the least overlapping sides
        sides.append(side)
        taken.append(shapely.box(*boxes[side]))
    return sides


class _PermanentLabels(MacroElement):
    """Opens a permanent tooltip on every feature of a layer, from its ``tip`` property (already escaped HTML:
    the text is data, never part of the script)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.layer }}.eachLayer(function(l) {
          var side = l.feature.properties.side;
          var offset = {right: [8, 0], left: [-8, 0], top: [0, -8], bottom: [0, 8]}[side];
          l.bindTooltip(l.feature.properties.tip, {permanent: true, direction: side, offset: offset,
                                                   className: "ws-label", interactive: false});
        });
        {% endmacro %}
    """)

    def __init__(self, layer: str):
        super().__init__()
        self._name = "PermanentLabels"
        self.layer = layer


def label_layer(points: gpd.GeoDataFrame, texts: list[str], popups: list[str], name: str) -> folium.GeoJson:
    """A layer of the permanent labels ``texts`` at ``points`` (EPSG:4326), each on its clearest side."""
    sides = label_sides(list(points.geometry.x), list(points.geometry.y), texts)
    frame = with_props(points, texts, popups, {"r": [0] * len(points), "side": sides})
    layer = folium.GeoJson(frame, name=name, marker=folium.CircleMarker(radius=0, opacity=0, fill=False))
    _PermanentLabels(layer.get_name()).add_to(layer)
    return layer
