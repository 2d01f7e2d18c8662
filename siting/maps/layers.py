"""One function per map layer: each returns a single ``folium.GeoJson`` (or ``None`` when there is no data).

Points are drawn as CircleMarkers through GeoJson's ``marker=`` argument, so a layer is one GeoJSON object and
one Leaflet layer however many features it has. Styles live in each feature's properties (``c`` colour,
``r`` radius, ``w`` weight, ``f`` fill colour, ``o`` fill opacity, ``d`` dash) and are read by one style function.
"""

from __future__ import annotations

import math
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from siting.i18n import limited_by, tr, value
from siting.maps import legend as lg
from siting.maps.features import by_year, money, name_of, num, popup_html, present, to_map_crs, with_props, year
from siting.maps.inputs import RunData
from siting.units import MW_TOL

BOUNDARY_SIMPLIFY_M = 500.0
HAZARD_SIMPLIFY_M = 100.0


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    p = feature["properties"]
    out = {"color": p.get("c", "#333"), "weight": p.get("w", 1), "opacity": 0.9,
           "fill": True, "fillColor": p.get("f", p.get("c", "#333")), "fillOpacity": p.get("o", 0.6)}
    if "r" in p:
        out["radius"] = p["r"]
    if p.get("d"):
        out["dashArray"] = p["d"]
    return out


def geojson(name: str, frame: gpd.GeoDataFrame, *, show: bool = True, points: bool = False) -> folium.GeoJson:
    """The one GeoJson layer of ``frame`` (properties ``tip``, ``popup`` and the style columns)."""
    return folium.GeoJson(
        frame, name=name, show=show, style_function=_style,
        marker=folium.CircleMarker(radius=5) if points else None,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=420),
        highlight_function=lambda _f: {"weight": 3},
    )


def _empty(frame: gpd.GeoDataFrame | None) -> bool:
    return frame is None or len(frame) == 0


def prefectures(d: RunData, lang: str, *, offline: bool) -> folium.GeoJson | None:
    return prefecture_layer(d.layers.get("prefectures"), lang, offline=offline)


def prefecture_layer(frame: gpd.GeoDataFrame | None, lang: str, *, offline: bool) -> folium.GeoJson | None:
    """The prefecture outlines; offline, filled, they are the base map."""
    if _empty(frame):
        return None
    g = to_map_crs(frame, BOUNDARY_SIMPLIFY_M)
    rows = list(g.itertuples())
    tips = [name_of(r, lang, "name_ja", "name_en") for r in rows]
    pops = [popup_html(t, [(tr("f.id", lang), r.pref_code),
                           (tr("f.area", lang), value(getattr(r, "grid_area", ""), lang))])
            for t, r in zip(tips, rows, strict=True)]
    # offline there are no tiles: the prefectures, filled, are the base map
    style = {"c": "#6b6b6b", "w": 0.8, "f": "#f3f1ea" if offline else "#ffffff", "o": 1.0 if offline else 0.0}
    extra = {k: [v] * len(g) for k, v in style.items()}
    return geojson(tr("layer.prefectures", lang), with_props(g, tips, pops, extra))


def grid_areas(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.layers.get("grid_areas")
    if _empty(frame):
        return None
    g = to_map_crs(frame, BOUNDARY_SIMPLIFY_M)
    rows = list(g.itertuples())
    tips = [name_of(r, lang, "name_ja", "area") for r in rows]
    pops = [popup_html(t, [(tr("f.area", lang), value(r.area, lang)),
                           (tr("f.frequency", lang), num(r.frequency_hz, "Hz"))])
            for t, r in zip(tips, rows, strict=True)]
    cols = [lg.AREA_COLOURS.get(str(r.area), "#888") for r in rows]
    return geojson(tr("layer.grid_areas", lang), with_props(g, tips, pops, {"c": cols, "w": [2] * len(g),
                                                                           "o": [0.12] * len(g)}), show=False)


def substations(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.results.get("substations", d.layers.get("substations"))
    if _empty(frame):
        return None
    g = to_map_crs(frame)
    rows = list(g.itertuples())
    tips = [name_of(r, lang, "name", "name_en") for r in rows]
    pops = []
    for t, r in zip(tips, rows, strict=True):
        fields = [(tr("f.id", lang), r.substation_id), (tr("f.voltage", lang), num(r.voltage_kv, "kV")),
                  (tr("f.area", lang), value(r.area, lang)), (tr("f.headroom", lang), num(r.headroom_mw, "MW")),
                  *by_year(r, "headroom_mw_", d.years, "f.headroom_year", lang),
                  *by_year(r, "used_mw_", d.years, "f.used_year", lang),
                  (tr("f.reinforced", lang), num(getattr(r, "reinforced_mw", None), "MW")),
                  (tr("f.value", lang), num(getattr(r, "headroom_value_jpy_per_mw", None), "JPY/MW")),
                  (tr("f.estimate", lang), tr("f.yes" if bool(r.headroom_is_estimate) else "f.no", lang)),
                  (tr("f.operator", lang), getattr(r, "operator", ""))]
        pops.append(popup_html(t, fields, getattr(r, "name_en", None) if lang == "ja" else None))
    cols = [lg.headroom_colour(r.headroom_mw) for r in rows]
    radii = [lg.voltage_radius(r.voltage_kv) for r in rows]
    extra = {"c": cols, "r": radii, "o": [0.8] * len(g)}
    return geojson(tr("layer.substations", lang), with_props(g, tips, pops, extra), points=True)


def lines(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.layers.get("lines")
    if _empty(frame):
        return None
    g = to_map_crs(frame, 50.0)
    rows = list(g.itertuples())
    tips = [f"{name_of(r, lang, 'name') or r.line_id} {num(r.voltage_kv, 'kV')}" for r in rows]
    pops = [popup_html(name_of(r, lang, "name") or r.line_id, [
        (tr("f.id", lang), r.line_id), (tr("f.voltage", lang), num(r.voltage_kv, "kV")),
        (tr("f.distance", lang), num(getattr(r, "length_km", None), "km", 1)),
        (tr("f.operator", lang), getattr(r, "operator", ""))]) for r in rows]
    cols = [lg.line_style(r.voltage_kv)[0] for r in rows]
    weights = [lg.line_style(r.voltage_kv)[1] for r in rows]
    return geojson(tr("layer.lines", lang), with_props(g, tips, pops, {"c": cols, "w": weights}))


def supply(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.layers.get("decarbonised_supply")
    if _empty(frame):
        return None
    g = to_map_crs(frame, 100.0)
    g = g.set_geometry(g.geometry.where(g.geometry.geom_type == "Point", g.geometry.representative_point()))
    rows = list(g.itertuples())
    tips = [f"{r.name} ({value(r.kind, lang)})" for r in rows]
    pops = [popup_html(r.name, [
        (tr("f.kind", lang), value(r.kind, lang)), (tr("f.capacity", lang), num(r.capacity_mw, "MW")),
        (tr("f.capacity_factor", lang), num(getattr(r, "capacity_factor", None), "", 2)),
        (tr("f.status", lang), value(r.status, lang)), (tr("f.online_year", lang), year(r.online_year)),
        (tr("f.area", lang), value(r.area, lang))]) for r in rows]
    cols = [lg.SUPPLY_COLOURS.get(str(r.kind), "#666") for r in rows]
    radii = [lg.capacity_radius(r.capacity_mw) for r in rows]
    return geojson(tr("layer.supply", lang), with_props(g, tips, pops, {"c": cols, "r": radii}), show=False,
                   points=True)


def sites(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.results.get("sites")
    if _empty(frame):
        return None
    g = to_map_crs(frame)
    g = g.set_geometry(g.geometry.representative_point())
    last = d.years[-1] if d.years else None
    rows = list(g.itertuples())
    tips, pops, cols, radii = [], [], [], []
    for r in rows:
        screened = present(getattr(r, "screened_reason", None))
        reason = name_of(r, lang, "screened_reason_ja", "screened_reason") if screened else ""
        used = last is not None and float(getattr(r, f"mw_{last}", 0) or 0) > MW_TOL
        tip = name_of(r, lang, "name_ja", "name")
        tips.append(tip + (f" — {tr('f.screened', lang)}: {reason}" if screened else ""))
        fields = [(tr("f.id", lang), r.site_id), (tr("f.status", lang), r.status),
                  (tr("f.screened", lang), reason),
                  (tr("f.region", lang), getattr(r, "region_id", "")),
                  (tr("f.site_area", lang), num(r.area_ha, "ha")), (tr("f.cap", lang), num(r.cap_mw, "MW")),
                  *by_year(r, "mw_", d.years, "f.mw_year", lang), (tr("f.first_year", lang), year(r.first_year)),
                  (tr("f.operator", lang), getattr(r, "operators", "")), (tr("f.notes", lang), getattr(r, "notes", ""))]
        pops.append(popup_html(tip, fields, r.name if lang == "ja" and r.name != tip else None))
        cols.append(lg.SITE_SCREENED if screened else (lg.SITE_USED if used else lg.SITE_OPEN))
        radii.append(4 if screened else 6)
    return geojson(tr("layer.sites", lang), with_props(g, tips, pops, {"c": cols, "r": radii, "o": [0.85] * len(g)}),
                   points=True)


def water(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.layers.get("water")
    if _empty(frame):
        return None
    g = to_map_crs(frame, 100.0)
    g = g.set_geometry(g.geometry.representative_point())
    rows = list(g.itertuples())
    tips = [name_of(r, lang, "name_ja", "name") for r in rows]
    pops = [popup_html(t, [(tr("f.id", lang), r.water_id), (tr("f.spare", lang), num(r.spare_m3_per_day, "m³/day")),
                           (tr("f.water_cap", lang), num(getattr(r, "capacity_m3_per_day", None), "m³/day")),
                           (tr("f.reach", lang), num(getattr(r, "reach_km", None), "km")),
                           (tr("f.notes", lang), getattr(r, "notes", ""))]) for t, r in zip(tips, rows, strict=True)]
    return geojson(tr("layer.water", lang), with_props(g, tips, pops, {"c": [lg.WATER] * len(g), "r": [5] * len(g)}),
                   show=False, points=True)


def comms(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.layers.get("communications")
    if _empty(frame):
        return None
    g = to_map_crs(frame, 100.0)
    rows = list(g.itertuples())
    tips = [f"{name_of(r, lang, 'name_ja', 'name')} ({value(r.kind, lang)})" for r in rows]
    pops = [popup_html(name_of(r, lang, "name_ja", "name"), [
        (tr("f.kind", lang), value(r.kind, lang)), (tr("f.status", lang), value(r.status, lang)),
        (tr("f.operator", lang), getattr(r, "operator", "")), (tr("f.notes", lang), getattr(r, "notes", ""))])
        for r in rows]
    cols = [lg.COMM_COLOURS.get(str(r.kind), "#555") for r in rows]
    extra = {"c": cols, "r": [5] * len(g), "w": [2] * len(g)}
    return geojson(tr("layer.comms", lang), with_props(g, tips, pops, extra), show=False, points=True)


def hazards(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.layers.get("hazards")
    if _empty(frame):
        return None
    g = to_map_crs(frame, HAZARD_SIMPLIFY_M)
    rows = list(g.itertuples())
    tips = [f"{value(r.hazard, lang)}: {name_of(r, lang, 'name') or r.hazard_id}" for r in rows]
    pops = [popup_html(name_of(r, lang, "name") or r.hazard_id, [
        (tr("f.hazard", lang), value(r.hazard, lang)), (tr("f.hazard_class", lang), r.hazard_class),
        (tr("f.notes", lang), getattr(r, "notes", ""))]) for r in rows]
    cols = [lg.HAZARD_COLOURS.get(str(r.hazard), "#900") for r in rows]
    return geojson(tr("layer.hazards", lang), with_props(g, tips, pops, {"c": cols, "o": [0.3] * len(g)}), show=False)


def _named(ids: object, names: dict[str, str]) -> str:
    """Comma-separated substation ids as their names (an id without a name stays as it is)."""
    if not isinstance(ids, str) or not ids:
        return ""
    return ", ".join(names.get(i.strip(), i.strip()) for i in ids.split(","))


def regions(d: RunData, lang: str, *, name: str | None = None, colour: str | None = None) -> folium.GeoJson | None:
    """Designated regions filled by MW in the last year; the other candidate regions outlined, dashed.

    With ``colour`` (comparison maps) only the designated regions are drawn, all in that colour.
    """
    frame = d.results.get("regions")
    if colour is not None and frame is not None:
        frame = frame[frame["designated"].astype(bool)]
    if _empty(frame):
        return None
    g = to_map_crs(frame, 100.0)
    last = d.years[-1] if d.years else None
    subs = d.results.get("substations", d.layers.get("substations"))
    names: dict[str, str] = {}
    if subs is not None and not _empty(subs):
        names = dict(zip(subs["substation_id"].astype(str), subs["name"].astype(str), strict=True))
    rows = list(g.itertuples())
    tips, pops, cols, fills, ops, dash = [], [], [], [], [], []
    for r in rows:
        mw_last = float(getattr(r, f"mw_{last}", 0) or 0) if last else 0.0
        des = bool(r.designated)
        tips.append(f"{r.name}: {num(mw_last, 'MW')} ({last})" if des else str(r.name))
        fields = [(tr("f.id", lang), r.region_id), (tr("f.designated", lang), tr("f.yes" if des else "f.no", lang)),
                  (tr("f.area", lang), value(r.area, lang)), *by_year(r, "mw_", d.years, "f.mw_year", lang),
                  (tr("f.first_year", lang), year(r.first_year)),
                  (tr("f.connection_cost", lang), money(r.connection_cost_jpy, lang)),
                  (tr("f.reinforcement_cost", lang), money(r.reinforcement_cost_jpy, lang)),
                  (tr("f.sites_used", lang), r.sites_used),
                  (tr("f.substations_used", lang), _named(r.substations_used, names)),
                  (tr("f.limited_by", lang), limited_by(r.limited_by, lang))]
        pops.append(popup_html(r.name, fields))
        c = colour or (lg.mw_colour(mw_last) if des else lg.REGION_OTHER)
        cols.append(c)
        fills.append(c)
        ops.append(0.45 if des else 0.0)
        dash.append("" if des else "4 4")
    extra = {"c": cols, "f": fills, "o": ops, "d": dash, "w": [2.5 if o else 1 for o in ops]}
    return geojson(name or tr("layer.regions", lang), with_props(g, tips, pops, extra), points=True)


def connections(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.results.get("connections")
    if frame is None or _empty(frame):
        return None
    built = frame[frame["built"].astype(bool)]
    if built.empty:
        return None
    g = to_map_crs(built)
    rows = list(g.itertuples())
    tips = [f"{r.site_id} → {r.substation_id}" for r in rows]
    pops = [popup_html(t, [(tr("f.site", lang), r.site_id), (tr("f.substation", lang), r.substation_id),
                           (tr("f.distance", lang), num(r.dist_km, "km", 1)),
                           (tr("f.voltage", lang), num(r.voltage_kv, "kV")),
                           (tr("f.cost", lang), money(r.cost_jpy, lang)),
                           (tr("f.earliest_year", lang), year(r.earliest_year)),
                           *by_year(r, "grid_mw_", d.years, "f.grid_mw_year", lang)])
            for t, r in zip(tips, rows, strict=True)]
    return geojson(tr("layer.connections", lang), with_props(g, tips, pops, {"c": [lg.CONNECTION] * len(g),
                                                                            "w": [2.5] * len(g)}))


def reinforcements(d: RunData, lang: str) -> folium.GeoJson | None:
    """Built reinforcement steps, one circle per substation listing each step's cost and in-service year."""
    frame = d.results.get("reinforcements")
    if frame is None or _empty(frame):
        return None
    built = frame[frame["built"].astype(bool)].sort_values(["substation_id", "step"])
    if built.empty:
        return None
    first = built.drop_duplicates("substation_id")
    g = to_map_crs(first)
    tips, pops, radii = [], [], []
    for r in g.itertuples():
        steps = built[built["substation_id"] == r.substation_id]
        total = float(steps["cost_jpy"].sum())
        label = r.name if present(r.name) else r.substation_id
        tips.append(f"{label}: {money(total, lang)}")
        fields = [(tr("f.id", lang), r.substation_id), (tr("f.total_cost", lang), money(total, lang))]
        for s in steps.itertuples():
            fields.append((f"{tr('f.step', lang)} {int(s.step)}",
                           f"+{num(s.added_mw, 'MW')} · {money(s.cost_jpy, lang)} · "
                           f"{tr('f.in_service', lang)} {year(s.in_service_year)}"))
        pops.append(popup_html(label, fields))
        radii.append(lg.cost_radius(total))
    extra = {"c": [lg.REINFORCEMENT] * len(g), "r": radii, "o": [0.35] * len(g), "w": [2] * len(g)}
    return geojson(tr("layer.reinforcements", lang), with_props(g, tips, pops, extra), points=True)


def headroom_value(d: RunData, lang: str) -> folium.GeoJson | None:
    frame = d.results.get("substations")
    if frame is None or _empty(frame) or "headroom_value_jpy_per_mw" not in frame:
        return None
    vals = pd.to_numeric(frame["headroom_value_jpy_per_mw"], errors="coerce")
    sel = frame[vals.fillna(0) > 0]
    if sel.empty:
        return None
    g = to_map_crs(sel)
    rows = list(g.itertuples())
    tips = [f"{r.name}: {num(r.headroom_value_jpy_per_mw, 'JPY/MW')}" for r in rows]
    pops = [popup_html(r.name, [(tr("f.id", lang), r.substation_id),
                                (tr("f.value", lang), num(r.headroom_value_jpy_per_mw, "JPY/MW")),
                                *[(tr("f.value_year", lang, y=y),
                                   num(getattr(r, f"headroom_value_jpy_per_mw_{y}", None), "JPY/MW"))
                                  for y in d.years]])
            for r in rows]
    top = max(float(v) for v in g["headroom_value_jpy_per_mw"])
    radii = [4 + 10 * math.sqrt(float(r.headroom_value_jpy_per_mw) / top) for r in rows]
    return geojson(tr("layer.headroom_value", lang), with_props(g, tips, pops, {"c": [lg.VALUE] * len(g), "r": radii}),
                   show=False, points=True)
