"""Compare two runs on one map: each run's designated regions as its own layer, and a panel of what changed.

The runs are named by their folders (:func:`siting.reports.compare.labels`). The panel (bottom right, over the
Pacific) lists the scenario keys that differ, the regions added and removed (B against A), the MW change per
region in the last year and the cost terms of both runs; the two solver statuses share one panel (top left, over
the Sea of Japan). All text from the runs is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import folium
import pandas as pd

from siting.i18n import LABELS, money, region_name, tr
from siting.maps import layers as lyr
from siting.maps import legend
from siting.maps.features import popup_html, to_map_crs, with_markers
from siting.maps.inputs import RunData, read_run
from siting.maps.labels import label_layer
from siting.maps.render import add_overlays, base_map, base_overlays, finish, save
from siting.reports.compare import RunDiff, diff_runs

#: The panels' places: nothing of the four main islands lies under them at 1280 x 800 (tests/test_map_browser.py).
CHANGES_STYLE = "left:auto;right:10px;bottom:30px;max-width:430px;max-height:min(48vh, calc(100% - 220px))"
MARKER_RADIUS = {"regions_a": 10, "regions_b": 6}
STATUS_STYLE = "max-height:calc(50vh - 20px)"


def _designated(d: RunData) -> dict[str, dict[str, Any]]:
    r = d.results["regions"]
    return {str(row["region_id"]): row for _, row in r[r["designated"].astype(bool)].iterrows()}


def _mw_rows(a: RunData, b: RunData, last: int | None, lang: str) -> str:
    da, db = _designated(a), _designated(b)
    col = f"mw_{last}"
    rows = []
    for rid in sorted(set(da) | set(db)):
        mw_a = float(da[rid].get(col, 0) or 0) if rid in da else 0.0
        mw_b = float(db[rid].get(col, 0) or 0) if rid in db else 0.0
        name = region_name((db[rid] if rid in db else da[rid]).get("name", rid), lang)
        rows.append(f"<tr><td>{escape(name)}</td><td>{mw_a:,.0f}</td><td>{mw_b:,.0f}</td>"
                    f"<td>{round(mw_b - mw_a) + 0:+,}</td></tr>")
    return "".join(rows)


def _cost_rows(diff: RunDiff, lang: str) -> str:
    rows = []
    for k, va, vb in diff.costs:
        delta = None if va is None or vb is None else vb - va
        label = tr(f"term.{k}", lang) if f"term.{k}" in LABELS else k
        rows.append(f"<tr><td>{escape(label)}</td><td>{money(va, lang)}</td><td>{money(vb, lang)}</td>"
                    f"<td>{'' if delta is None else money(delta, lang, signed=True)}</td></tr>")
    return "".join(rows)


def changes_html(a: RunData, b: RunData, lang: str, diff: RunDiff | None = None) -> str:
    """The comparison panel: which run is which, scenario keys that differ, regions added/removed, MW change per
    region in the last year, cost terms."""
    diff = diff or diff_runs(a, b)
    last = (b.years or a.years or [None])[-1]  # type: ignore[list-item]
    none = escape(tr("cmp.none", lang))

    def names(pairs: list[tuple[str, str]]) -> str:
        return escape(", ".join(region_name(n, lang) for _, n in pairs)) if pairs else none

    keys = "".join(f"<div>{escape(k)}: {escape(str(va))} → {escape(str(vb))}</div>" for k, va, vb in
                   [*diff.scenario_keys, ("--set", " ".join(diff.overrides_a), " ".join(diff.overrides_b))]
                   if k != "--set" or diff.overrides_a or diff.overrides_b)
    head = "<tr><th></th><th>A</th><th>B</th><th>Δ</th></tr>"
    who = "".join(legend.box(colour, f"{tag} = {_named(label, d)}", 0.8) for tag, label, d, colour in (
        ("A", diff.label_a, a, legend.COMPARE_A), ("B", diff.label_b, b, legend.COMPARE_B)))
    return (f"<div class='ws-panel ws-legend ws-cmp' id='ws-compare' style='{CHANGES_STYLE}'>"
            f"<h4>{escape(tr('cmp.title', lang))}</h4>{who}"
            f"<h5>{escape(tr('cmp.scenario_keys', lang))}</h5>{keys or none}"
            f"<div><b>{escape(tr('cmp.added', lang))}</b>: {names(diff.added)}</div>"
            f"<div><b>{escape(tr('cmp.removed', lang))}</b>: {names(diff.removed)}</div>"
            f"<h5>{escape(tr('cmp.mw_change', lang, y=last))}</h5><table>{head}{_mw_rows(a, b, last, lang)}</table>"
            f"<h5>{escape(tr('cmp.terms', lang))}</h5><table>{head}{_cost_rows(diff, lang)}</table></div>")


def _named(label: str, d: RunData) -> str:
    """A run's label (its folder) with its scenario's name when the two differ."""
    return label if label == d.scenario else f"{label} ({d.scenario})"


def _status(a: RunData, b: RunData, diff: RunDiff, lang: str) -> str:
    """Both runs' solver status in one panel, A above B."""
    parts = []
    for tag, label, d in (("A", diff.label_a, a), ("B", diff.label_b, b)):
        html = legend.status_html(d.summary, lang, f"{tag} = {_named(label, d)}", d.years)
        parts.append(html[html.index(">") + 1:-len("</div>")])  # the rows without their own panel
    return (f"<div class='ws-panel ws-status' id='ws-status' style='{STATUS_STYLE}'>"
            f"{'<hr>'.join(parts)}</div>")


def _regions(d: RunData, key: str, label: str, colour: str, lang: str) -> folium.GeoJson | None:
    """The designated regions of one run, with a marker at each so a thin region shows at the national zoom."""
    frame = d.results.get("regions")
    if frame is None:
        return None
    frame = frame[frame["designated"].astype(bool)]
    if frame.empty:
        return None
    marked = RunData(d.folder, d.summary, d.manifest, {**d.results, "regions": with_markers(frame)}, d.layers,
                     d.years)
    # Leaflet's layer control shows layer names as HTML: the run's own text is escaped
    name = escape(f"{tr(f'layer.{key}', lang)}: {_named(label, d)}")
    layer = lyr.regions(marked, lang, name=name, colour=colour)
    for feature in layer.data["features"] if layer is not None else []:
        if feature["geometry"]["type"] == "Point":  # A's circles ring B's, so both show where they coincide
            feature["properties"]["r"] = MARKER_RADIUS[key]
    return layer


def _name_labels(a: RunData, b: RunData, lang: str) -> folium.GeoJson | None:
    """The names of the regions designated in A or B, beside their markers."""
    frames = [d.results["regions"][d.results["regions"]["designated"].astype(bool)] for d in (a, b)]
    both = pd.concat(frames).drop_duplicates("region_id")
    if both.empty:
        return None
    points = to_map_crs(both.set_geometry(both.geometry.representative_point()))
    texts = [region_name(n, lang) for n in points["name"]]
    return label_layer(points, texts, [popup_html(t, []) for t in texts], tr("layer.region_labels", lang))


def render_compare(run_a: Path, run_b: Path, out: Path, *, offline: bool = False, lang: str = "ja",
                   basemap: str = "pale") -> Path:
    """Write a map of runs A and B (designated regions with MW, one layer each) and the change panel."""
    a = read_run(Path(run_a))
    b = read_run(Path(run_b), background=False)
    diff = diff_runs(a, b)
    m = base_map(lang, offline=offline, basemap=basemap,
                 title=tr("page.compare", lang, a=diff.label_a, b=diff.label_b))
    overlays = base_overlays(a.layers.get("prefectures"), lang, offline=offline)
    for key, d, label, colour in (("regions_a", a, diff.label_a, legend.COMPARE_A),
                                  ("regions_b", b, diff.label_b, legend.COMPARE_B)):
        layer = _regions(d, key, label, colour, lang)
        if layer is not None:
            overlays.append((key, layer))
    names = _name_labels(a, b, lang)
    if names is not None:
        overlays.append(("region_labels", names))
    add_overlays(m, overlays, offline=offline)
    finish(m, overlays, lang, offline=offline, panels=[changes_html(a, b, lang, diff), _status(a, b, diff, lang)])
    return save(m, out)

