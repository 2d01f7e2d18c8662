"""Compare two runs on one map: each run's designated regions as its own layer, and a table of what changed.

The table lists the regions added and removed (B against A), the MW change per region in the last year and the
objective terms of both runs. All text from the runs is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from siting.maps import layers as lyr
from siting.maps import legend
from siting.maps.i18n import tr
from siting.maps.inputs import RunData, read_run
from siting.maps.offline import strip_schemes
from siting.maps.render import base_map, finish, save


def _designated(d: RunData) -> dict[str, dict[str, Any]]:
    r = d.results["regions"]
    return {str(row["region_id"]): row for _, row in r[r["designated"].astype(bool)].iterrows()}


def _bn(jpy: Any, lang: str) -> str:
    if jpy is None:
        return "-"
    return f"{float(jpy) / 1e8:,.0f} 億円" if lang == "ja" else f"{float(jpy) / 1e9:,.1f} bn JPY"


def changes_html(a: RunData, b: RunData, lang: str) -> str:
    """The comparison panel: regions added/removed, MW change per region in the last year, objective terms."""
    da, db = _designated(a), _designated(b)
    last = (b.years or a.years or [None])[-1]  # type: ignore[list-item]
    col = f"mw_{last}"

    def names(ids: list[str], frame: dict[str, dict[str, Any]]) -> str:
        return escape(", ".join(f"{frame[i]['name']}" for i in ids)) if ids else escape(tr("cmp.none", lang))

    added = sorted(set(db) - set(da))
    removed = sorted(set(da) - set(db))
    rows = []
    for rid in sorted(set(da) | set(db)):
        mw_a = float(da[rid].get(col, 0) or 0) if rid in da else 0.0
        mw_b = float(db[rid].get(col, 0) or 0) if rid in db else 0.0
        name = (db[rid] if rid in db else da[rid]).get("name", rid)
        rows.append(f"<tr><td>{escape(str(name))}</td><td>{mw_a:,.0f}</td><td>{mw_b:,.0f}</td>"
                    f"<td>{mw_b - mw_a:+,.0f}</td></tr>")
    ta = a.summary.get("objective_terms_jpy") or {}
    tb = b.summary.get("objective_terms_jpy") or {}
    terms = []
    for k in [*dict.fromkeys([*ta, *tb]), "total"]:
        va = a.summary.get("objective_jpy") if k == "total" else ta.get(k)
        vb = b.summary.get("objective_jpy") if k == "total" else tb.get(k)
        delta = None if va is None or vb is None else float(vb) - float(va)
        label = tr(f"term.{k}", lang) if f"term.{k}" in legend_keys() else k
        terms.append(f"<tr><td>{escape(label)}</td><td>{_bn(va, lang)}</td><td>{_bn(vb, lang)}</td>"
                     f"<td>{'' if delta is None else ('+' if delta >= 0 else '') + _bn(delta, lang)}</td></tr>")
    head = "<tr><th></th><th>A</th><th>B</th><th>Δ</th></tr>"
    return (f"<div class='ws-panel ws-legend ws-cmp' id='ws-compare' style='max-width:420px'>"
            f"<h4>{escape(tr('cmp.title', lang))}: A = {escape(a.scenario)} ({escape(a.folder.name)}), "
            f"B = {escape(b.scenario)} ({escape(b.folder.name)})</h4>"
            f"<div><b>{escape(tr('cmp.added', lang))}</b>: {names(added, db)}</div>"
            f"<div><b>{escape(tr('cmp.removed', lang))}</b>: {names(removed, da)}</div>"
            f"<h5>{escape(tr('cmp.mw_change', lang, y=last))}</h5><table>{head}{''.join(rows)}</table>"
            f"<h5>{escape(tr('cmp.terms', lang))}</h5><table>{head}{''.join(terms)}</table></div>")


def legend_keys() -> set[str]:
    from siting.maps.i18n import LABELS

    return set(LABELS)


def render_compare(run_a: Path, run_b: Path, out: Path, *, offline: bool = False, lang: str = "ja",
                   basemap: str = "pale") -> Path:
    """Write a map of runs A and B (designated regions with MW, one layer each) and the change table."""
    a = read_run(Path(run_a))
    b = read_run(Path(run_b), background=False)
    m = base_map(lang, offline=offline, basemap=basemap)
    overlays = []
    pref = lyr.prefectures(a, lang, offline=offline)
    if pref is not None:
        overlays.append(("prefectures", pref))
    for key, d, colour in (("regions_a", a, legend.COMPARE_A), ("regions_b", b, legend.COMPARE_B)):
        # Leaflet's layer control shows layer names as HTML: the run's own text is escaped
        name = escape(f"{tr(f'layer.{key}', lang)}: {d.scenario} ({d.folder.name})")
        layer = lyr.regions(d, lang, name=name, colour=colour)
        if layer is not None:
            overlays.append((key, layer))
    for _key, layer in overlays:
        if offline:
            strip_schemes(layer)
        layer.add_to(m)
    status = [legend.status_html(d.summary, lang, f"{tag}: {d.scenario}", d.years) for tag, d in (("A", a), ("B", b))]
    status[1] = status[1].replace("ws-status'", "ws-status' style='top:170px'", 1)
    entries = legend.sections(lang, None, [k for k, _ in overlays if k != "prefectures"])
    finish(m, overlays, lang, offline=offline, panels=[changes_html(a, b, lang), *status,
                                                       legend.legend_html(lang, entries).replace(
                                                           "ws-legend'", "ws-legend' style='left:auto;right:10px'", 1)])
    return save(m, out)
