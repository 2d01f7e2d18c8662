"""Colours and sizes of the map's symbols, the legend that explains them, and the solver-status box.

Everything shown here is escaped: run data (scenario and region names) never reaches the page as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

import folium

from siting.i18n import money, tr, value

AREA_COLOURS = {"Hokkaido": "#1b9e77", "Tohoku": "#d95f02", "Tokyo": "#7570b3", "Chubu": "#e7298a",
                "Hokuriku": "#66a61e", "Kansai": "#e6ab02", "Chugoku": "#a6761d", "Shikoku": "#1f78b4",
                "Kyushu": "#b2df8a", "Okinawa": "#fb9a99"}
SUPPLY_COLOURS = {"nuclear": "#6a3d9a", "hydro": "#1f78b4", "geothermal": "#b15928", "wind": "#33a02c",
                  "solar": "#ffb000", "solar_wind": "#c7a600", "biomass": "#8c6d31"}
HAZARD_COLOURS = {"flood": "#2b8cbe", "tsunami": "#08306b", "landslide": "#a63603"}
COMM_COLOURS = {"internet_exchange": "#e7298a", "landing_station": "#00838f", "backbone": "#5e35b1"}
HEADROOM_BINS = ((0.0, "#d7191c"), (50.0, "#fdae61"), (200.0, "#a6d96a"), (500.0, "#1a9641"))
LINE_CLASSES = ((500.0, "#6a1b9a", 3.0), (275.0, "#c2185b", 2.0), (154.0, "#ef6c00", 1.4), (0.0, "#9e9e9e", 1.0))
MW_BINS = ((0.0, "#fee5d9"), (300.0, "#fcae91"), (700.0, "#fb6a4a"), (1200.0, "#cb181d"))
SITE_USED, SITE_OPEN, SITE_SCREENED = "#c51b8a", "#2c7fb8", "#9e9e9e"
REGION_OTHER, CONNECTION, REINFORCEMENT, VALUE, WATER = "#555555", "#1565c0", "#6a1b9a", "#00897b", "#0288d1"
COMPARE_A, COMPARE_B = "#1f77b4", "#ff7f0e"


def _bin(x: Any, bins: Sequence[tuple[float, str]]) -> str:
    v = float(x) if x is not None and x == x else 0.0
    colour = bins[0][1]
    for low, c in bins:
        if v >= low:
            colour = c
    return colour


def headroom_colour(mw: Any) -> str:
    return _bin(mw, HEADROOM_BINS)


def mw_colour(mw: Any) -> str:
    return _bin(mw, MW_BINS)


def voltage_radius(kv: Any) -> float:
    return round(2.5 + min(float(kv or 0), 1000.0) / 90.0, 1)


def capacity_radius(mw: Any) -> float:
    """Marker radius for a capacity in MW; an unknown capacity (None, NaN) gets the smallest marker."""
    x = float(mw) if mw is not None else 0.0
    return round(3 + min(math.sqrt(x if x > 0 else 0.0) / 6.0, 12.0), 1)


def cost_radius(jpy: float) -> float:
    return round(6 + min(math.sqrt(max(jpy, 0.0) / 1e9), 14.0), 1)


def line_style(kv: Any) -> tuple[str, float]:
    v = float(kv or 0)
    for low, colour, weight in LINE_CLASSES:
        if v >= low:
            return colour, weight
    return LINE_CLASSES[-1][1], LINE_CLASSES[-1][2]


def dot(colour: str, label: str) -> str:
    return (f"<div class='ws-row'><span class='ws-dot' style='background:{colour}'></span>"
            f"{escape(label)}</div>")


def note(text: str) -> str:
    """A grey note line of a legend (escaped)."""
    return f"<div class='ws-note'>{escape(text)}</div>"


def _bar(colour: str, label: str, dash: bool = False) -> str:
    style = f"border-top:3px {'dashed' if dash else 'solid'} {colour}"
    return f"<div class='ws-row'><span class='ws-bar' style='{style}'></span>{escape(label)}</div>"


def box(colour: str, label: str, opacity: float = 0.45) -> str:
    return (f"<div class='ws-row'><span class='ws-box' style='background:{colour};opacity:{opacity}'></span>"
            f"{escape(label)}</div>")


def sections(lang: str, last_year: int | None, keys: Sequence[str]) -> list[tuple[str, str, str]]:
    """(layer key, layer name, legend HTML) for each layer key in ``keys``."""
    hb = HEADROOM_BINS
    mb = MW_BINS
    out = {
        "prefectures": box("#f3f1ea", tr("layer.prefectures", lang), 1.0),
        "grid_areas": "".join(box(c, value(a, lang), 0.5) for a, c in AREA_COLOURS.items()),
        "substations": "".join(dot(c, f"{tr('lg.headroom', lang)} ≥ {lo:,.0f}") for lo, c in hb)
        + f"<div class='ws-note'>{escape(tr('lg.size_voltage', lang))}</div>",
        "lines": "".join(_bar(c, f"≥ {lo:,.0f} kV" if lo else "< 154 kV") for lo, c, _w in LINE_CLASSES),
        "supply": "".join(dot(c, value(k, lang)) for k, c in SUPPLY_COLOURS.items())
        + f"<div class='ws-note'>{escape(tr('lg.size_capacity', lang))}</div>",
        "sites": dot(SITE_USED, tr("lg.site_used", lang)) + dot(SITE_OPEN, tr("lg.site_open", lang))
        + dot(SITE_SCREENED, tr("lg.site_screened", lang)),
        "water": dot(WATER, tr("layer.water", lang)),
        "comms": "".join(dot(c, value(k, lang)) for k, c in COMM_COLOURS.items()),
        "hazards": "".join(box(c, value(k, lang), 0.4) for k, c in HAZARD_COLOURS.items()),
        "regions": "".join(box(c, f"{tr('lg.region_designated', lang)} ≥ {lo:,.0f} MW ({last_year})")
                           for lo, c in mb) + _bar(REGION_OTHER, tr("lg.region_other", lang), dash=True),
        "connections": _bar(CONNECTION, tr("lg.connection", lang)),
        "reinforcements": dot(REINFORCEMENT, tr("lg.reinforcement", lang))
        + f"<div class='ws-note'>{escape(tr('lg.size_cost', lang))}</div>",
        "headroom_value": dot(VALUE, tr("lg.value", lang))
        + f"<div class='ws-note'>{escape(tr('lg.size_value', lang))}</div>",
        "regions_a": box(COMPARE_A, "A"),
        "regions_b": box(COMPARE_B, "B"),
    }
    return [(k, tr(f"layer.{k}", lang), out[k]) for k in keys if k in out]


CSS = """
<style>
.ws-panel{position:absolute;z-index:1000;background:rgba(255,255,255,.93);padding:6px 9px;border-radius:4px;
 box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.35 "Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;
 color:#222;max-height:calc(100% - 40px);overflow-y:auto}
.ws-legend{left:10px;bottom:56px;max-width:270px;max-height:52vh;overflow-x:hidden}
.leaflet-control-layers{font-size:12px;line-height:1.35}
.leaflet-control-layers-list label{margin:0}
.leaflet-control-attribution{max-width:calc(100% - 130px);font-size:10px;line-height:1.3}
.ws-status{left:54px;top:10px;max-width:460px}
.ws-panel h4{margin:2px 0 4px;font-size:13px}
.ws-panel h5{margin:6px 0 2px;font-size:12px}
.ws-row{padding-left:19px;text-indent:-19px}
.ws-dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;vertical-align:middle;
 border:1px solid #444}
.ws-box{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle;border:1px solid #444}
.ws-bar{display:inline-block;width:18px;height:0;margin-right:5px;vertical-align:middle}
.ws-note{color:#555;font-size:11px}
.ws-warn{color:#b00020;font-weight:bold}
.ws-popup table{border-collapse:collapse;font-size:12px}
.ws-popup th{text-align:left;padding:1px 8px 1px 0;color:#444;font-weight:normal;white-space:nowrap}
.ws-popup td{padding:1px 0}
.ws-sub{color:#555}
.ws-label{background:rgba(255,255,255,.85);border:none;box-shadow:none;padding:0 3px;font-size:11px}
.ws-label:before{display:none}
.ws-cmp td,.ws-cmp th{padding:1px 6px 1px 0;text-align:left}
</style>
"""


def legend_html(lang: str, entries: Sequence[tuple[str, str, str]], right: bool = False) -> str:
    """The legend panel, bottom left (the run map: the layer control holds the right), or bottom ``right`` over
    the Pacific, clear of the labels of western Japan."""
    place = " style='left:auto;right:10px;bottom:40px'" if right else ""
    body = "".join(f"<div class='ws-section' data-layer='{escape(key)}'><h5>{escape(name)}</h5>{html}</div>"
                   for key, name, html in entries)
    return f"<div class='ws-panel ws-legend' id='ws-legend'{place}><h4>{escape(tr('lg.title', lang))}</h4>{body}</div>"


def status_html(summary: dict[str, Any], lang: str, scenario: str, years: Sequence[int]) -> str:
    """The solver status as the run reported it: 'time limit'/not proven optimal is said outright, with the gap."""
    status = str(summary.get("status", ""))
    head = {"optimal": "st.optimal", "time_limit": "st.time_limit", "interrupted": "st.interrupted"}.get(status,
                                                                                                        "st.other")
    gap = summary.get("mip_gap")
    gap_text = "n/a" if gap is None else f"{100 * float(gap):.3g} %"
    warn = " ws-warn" if status != "optimal" else ""
    obj = summary.get("objective_jpy")
    bound = summary.get("bound_jpy")

    def oku(x: Any) -> str:
        return money(x, lang)

    last = years[-1] if years else None
    mw_last = (summary.get("mw_by_year") or {}).get(str(last))
    rows = [
        (tr("st.scenario", lang), scenario),
        # the run's own status line in English; Japanese pages give its translation (the gap is the next row)
        (tr("st.solver", lang), tr(head, lang) if lang == "ja" else str(summary.get("status_text", status))),
        (tr("st.gap", lang), gap_text),
        (tr("st.objective", lang), oku(obj)), (tr("st.bound", lang), oku(bound)),
        (tr("st.gap_abs", lang), oku(summary.get("gap_jpy"))),
        (tr("st.unavoidable", lang), oku(summary.get("unavoidable_delay_jpy"))),
        (tr("st.regions", lang), str(len(summary.get("designated_regions") or []))),
    ]
    if "robust_core" in summary:
        names = summary.get("region_names") or {}
        none = "なし" if lang == "ja" else "none"
        for key, ids in (("st.core", summary["robust_core"]), ("st.interchangeable", summary["interchangeable"])):
            rows.append((tr(key, lang), ", ".join(str(names.get(r, r)) for r in ids) or none))
    if last is not None and mw_last is not None:
        rows.append((tr("st.mw_last", lang, y=last), f"{float(mw_last):,.0f}"))
    body = "".join(f"<div><b>{escape(k)}</b>: <span class='{'ws-solver' + warn if i == 1 else ''}'>{escape(v)}"
                   f"</span></div>" for i, (k, v) in enumerate(rows))
    return f"<div class='ws-panel ws-status' id='ws-status'>{body}</div>"


def add_panels(m: folium.Map, *htmls: str) -> None:
    """Put the panels (legend, status, comparison) over the map container, with the shared CSS."""
    root = m.get_root()
    root.header.add_child(folium.Element(CSS), name="ws_css")
    for i, h in enumerate(htmls):
        root.html.add_child(folium.Element(h), name=f"ws_panel_{i}")
