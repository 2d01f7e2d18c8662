"""The GX data-centre-type scorecard of each proposal: every criterion measured, its threshold and a verdict.

One row per proposal and criterion: ``proposal_id``, ``criterion``, ``value``, ``unit``, ``threshold``,
``threshold_key`` (the scenario key it comes from), ``result`` (pass / warn / fail) and a one-line ``reason``,
in English and in Japanese (``reason_ja``, shown by the ``--lang ja`` reports).
The criteria are those a データセンター集積型 (data-centre type) GX proposal is judged on;
``models/PROPOSALS.md`` says how each one is computed. Geometry work is vectorised (shapely arrays).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from siting.candidates.cooling import Split, spare_table, split
from siting.candidates.fibre import GEOD, route_km, rtt_ms
from siting.candidates.model_data import claimable_gwh, supply_rows
from siting.i18n import value as coded
from siting.layers.load import LayerSet
from siting.layers.schema import HAZARD_KINDS
from siting.proposals.grid import GridReach, grid_reach, timeline, years_label
from siting.proposals.read import Proposals, pref_label
from siting.scenario import Scenario
from siting.units import FLOAT_EPS, GWH_PER_MW_YEAR, MW_TOL

COLUMNS = ["proposal_id", "criterion", "value", "unit", "threshold", "threshold_key", "result", "reason", "reason_ja"]
_HAZARD_JA = {"flood": "洪水", "tsunami": "津波", "landslide": "土砂災害"}
_CITY_JA = {"tokyo": "東京", "osaka": "大阪"}


@dataclass
class Screening:
    """Scorecard rows, per-proposal metrics and the grid facts they came from."""

    rows: pd.DataFrame
    metrics: pd.DataFrame
    reach: GridReach


def _row(pid: str, crit: str, value: object, unit: str, threshold: object, key: str, result: str,
         reason: str, reason_ja: str) -> dict[str, object]:
    return dict(zip(COLUMNS, (pid, crit, value, unit, threshold, key, result, reason, reason_ja), strict=True))


def _whole(x: float) -> int:
    """A count of MW or m3/day as a whole number (1243, not 1243.0)."""
    return round(float(x)) + 0


def _year_ja(year: object) -> str:
    label = years_label(year)
    return "計画期間内は不可" if label == "never" else f"{label}年"


def hazard_shares(sites: gpd.GeoDataFrame, layers: LayerSet) -> pd.DataFrame:
    """Share of each proposal's site area inside hazard zones: ``any`` (union of all zones) and per kind."""
    out = pd.DataFrame({"proposal_id": sites["proposal_id"].unique()}).set_index("proposal_id")
    for k in ("any", *HAZARD_KINDS):
        out[k] = 0.0
    if "hazards" not in layers or sites.empty:
        return out
    hz = layers.geo("hazards")
    kinds = {k: shapely.union_all(hz.loc[hz["hazard"] == k].geometry.values) for k in HAZARD_KINDS}
    kinds["any"] = shapely.union_all(list(kinds.values()))
    geoms = sites.geometry.values
    area = shapely.area(geoms)
    total = pd.Series(area, index=sites.index).groupby(sites["proposal_id"]).sum()
    for k, zone in kinds.items():
        # the (costly) intersection only for the sites that touch the zone; the others have none inside it
        shapely.prepare(zone)
        hit = shapely.intersects(geoms, zone)
        area_in = np.zeros(len(geoms))
        area_in[hit] = shapely.area(shapely.intersection(geoms[hit], zone))
        inside = pd.Series(area_in, index=sites.index)
        out[k] = (inside.groupby(sites["proposal_id"]).sum() / total).reindex(out.index).fillna(0.0)
    return out


def rtt_to_ix(sites: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario) -> pd.DataFrame:
    """Round trip (ms) from each proposal's first site to the nearest Tokyo and Osaka internet exchange, by the
    candidates' fibre formula (:func:`siting.candidates.fibre.rtt_ms`)."""
    first = sites.drop_duplicates("proposal_id")
    out = pd.DataFrame(index=first["proposal_id"].to_numpy(), columns=["tokyo", "osaka"], dtype=float)
    if "communications" not in layers or first.empty:
        return out
    comm = layers.geo("communications")
    ix = comm[(comm["kind"] == "internet_exchange") & (comm.geom_type == "Point")].to_crs(4326)
    pts = gpd.GeoSeries(first.geometry.representative_point().values, crs=sites.crs).to_crs(4326)
    names = ix["name"].astype(str) + " " + ix.get("name_ja", pd.Series("", index=ix.index)).fillna("").astype(str)
    for city, pattern in (("tokyo", "tokyo|東京"), ("osaka", "osaka|大阪")):
        hubs = ix[names.str.lower().str.contains(pattern)]
        if hubs.empty:
            continue
        si, hi = np.meshgrid(np.arange(len(pts)), np.arange(len(hubs)), indexing="ij")
        _, _, d_m = GEOD.inv(pts.x.to_numpy()[si.ravel()], pts.y.to_numpy()[si.ravel()],
                             hubs.geometry.x.to_numpy()[hi.ravel()], hubs.geometry.y.to_numpy()[hi.ravel()])
        out[city] = rtt_ms(route_km(d_m.reshape(si.shape).min(axis=1), sc), sc)
    return out


def area_decarbonised_gwh(layers: LayerSet, sc: Scenario, area: str | None, year: int) -> float:
    """GWh/year of decarbonised supply in ``area`` that new data centres may claim in ``year`` (the model's rule,
    :func:`siting.candidates.model_data.claimable_gwh`)."""
    if "decarbonised_supply" not in layers or area is None:
        return 0.0
    return claimable_gwh(supply_rows(layers, sc), sc, area, year)


def screen(props: Proposals, layers: LayerSet, sc: Scenario) -> Screening:
    """Compute every criterion of every valid proposal (no solve)."""
    reach = grid_reach(props.sites, layers, sc)
    metrics = timeline(reach, props.proposals, sc)
    spares = spare_table(layers.get("water"))
    rows: list[dict[str, object]] = []
    # every per-proposal table as a dict, looked up in O(1): the loop below only formats
    m_by = metrics.set_index("proposal_id").to_dict("index")
    haz_by = hazard_shares(props.sites, layers).to_dict("index")
    rtt_by = rtt_to_ix(props.sites, layers, sc).to_dict("index")
    point_by = props.sites.groupby("proposal_id")["point_site"].any().to_dict()
    decarb_gwh: dict[tuple[object, int], float] = {}
    for p in props.proposals.itertuples(index=False):
        pid, m = p.proposal_id, m_by[p.proposal_id]
        rows += _land_rows(p, sc)
        grid_rows, ry = _grid_rows(p, m, sc)
        rows += grid_rows
        rows.append(_hazard_row(p, haz_by[pid], bool(p.n_sites and point_by[pid]), sc))
        water_row, cool = _water_row(p, m, spares, sc)
        rows.append(water_row)
        rows += _communication_rows(p, rtt_by[pid], sc)
        year = int(p.full_year) if pd.notna(p.full_year) else (ry or sc.years.planning[-1])
        if (m["area"], year) not in decarb_gwh:
            decarb_gwh[m["area"], year] = area_decarbonised_gwh(layers, sc, m["area"], year)
        rows.append(_decarbonised_row(p, m["area"], year, decarb_gwh[m["area"], year], cool, sc))
    table = pd.DataFrame(rows, columns=COLUMNS)
    return Screening(table, metrics, reach)


def _land_rows(p: Any, sc: Scenario) -> list[dict[str, object]]:
    """The largest site against the minimum area, and the prefecture the site lies in against the stated one."""
    pid, ev = p.proposal_id, sc.evaluation
    ok = p.largest_site_ha >= ev.min_site_area_ha
    located = p.located_pref_code if isinstance(p.located_pref_code, str) else None
    same = located == p.pref_code
    return [_row(pid, "site_area", round(p.largest_site_ha, 1), "ha", ev.min_site_area_ha,
                 "evaluation.min_site_area_ha", "pass" if ok else "fail",
                 f"largest site {p.largest_site_ha:.1f} ha ({p.n_sites} site(s), {p.site_area_ha:.1f} ha in "
                 f"all) {'>=' if ok else '<'} {ev.min_site_area_ha:g} ha",
                 f"最大区画 {p.largest_site_ha:.1f} ha（{p.n_sites} 区画、計 {p.site_area_ha:.1f} ha）"
                 f"{'≥' if ok else '<'} 基準 {ev.min_site_area_ha:g} ha"),
            _row(pid, "in_stated_prefecture", pref_label(located), "prefecture", pref_label(p.pref_code),
                 "stated prefecture", "pass" if same else "fail",
                 f"site lies in {pref_label(located)}" + ("" if same else
                                                          f", not in the stated {pref_label(p.pref_code)}"),
                 f"用地の所在：{pref_label(located, 'ja')}"
                 + ("" if same else f"（申請の{pref_label(p.pref_code, 'ja')}ではない）"))]


def _grid_rows(p: Any, m: dict[str, Any], sc: Scenario) -> tuple[list[dict[str, object]], int | None]:
    """The grid area against the excluded ones, the IT MW reachable by the target year, and the year the grid can
    run the whole request (returned too: the decarbonised criterion counts from it)."""
    pid, ev, req = p.proposal_id, sc.evaluation, float(p.requested_mw)
    area = m["area"]
    out = area in ev.excluded_areas
    rows = [_row(pid, "outside_excluded_area", area, "grid area", ", ".join(ev.excluded_areas),
                 "evaluation.excluded_areas", "fail" if out else "pass",
                 f"inside the {area} grid area (GX: away from existing clusters)" if out
                 else f"in the {area} grid area, outside {', '.join(ev.excluded_areas) or 'no excluded area'}",
                 f"{coded(area, 'ja')}エリア内（GX：既存の集積地から離れることが要件）" if out
                 else f"{coded(area, 'ja')}エリア（除外エリア "
                      f"{'、'.join(coded(a, 'ja') for a in ev.excluded_areas) or 'なし'} の外）")]
    gw_by, gw_year = m["grid_it_mw_by_target_year"], m["target_year_reached"]
    gw_year = None if pd.isna(gw_year) else int(gw_year)
    res = "pass" if gw_by >= ev.target_mw - MW_TOL else ("warn" if gw_year is not None else "fail")
    rows.append(_row(pid, "grid_1gw", _whole(gw_by), "IT MW", _whole(ev.target_mw), "evaluation.target_mw",
                     res, f"{gw_by:,.0f} IT MW reachable by {ev.target_year} (headroom + reinforcement of "
                     f"substations in reach); {ev.target_mw:,.0f} MW from {years_label(gw_year)}, "
                     f"{m['grid_it_mw_max']:,.0f} MW at most",
                     f"{ev.target_year}年までに {gw_by:,.0f} IT MW まで接続可能"
                     "（接続圏内の変電所の空き容量＋増強）；"
                     f"{ev.target_mw:,.0f} MW は{_year_ja(gw_year)}から、最大 {m['grid_it_mw_max']:,.0f} MW"))
    ry = None if pd.isna(m["requested_year"]) else int(m["requested_year"])
    want = p.full_year if pd.notna(p.full_year) else sc.years.planning[-1]
    res = "fail" if ry is None else ("pass" if ry <= want else "warn")
    land_note = land_note_ja = ""
    if m["land_it_mw"] < req - MW_TOL:
        res = "fail" if res == "fail" else "warn"
        land_note = (f"; but the land allows only {m['land_it_mw']:,.0f} IT MW at "
                     f"{sc.candidates.ha_per_mw:g} ha/MW")
        land_note_ja = f"；ただし用地は {sc.candidates.ha_per_mw:g} ha/MW で {m['land_it_mw']:,.0f} IT MW まで"
    rows.append(_row(pid, "requested_mw_year", ry, "year", int(want), "full_year (or last planning year)",
                     res, f"the grid can run {req:,.0f} IT MW from {years_label(ry)} (first MW "
                     f"{years_label(m['in_service_year'])}); wanted by {int(want)}{land_note}",
                     f"希望の {req:,.0f} IT MW を系統で賄えるのは{_year_ja(ry)}から（最初の MW は"
                     f"{_year_ja(m['in_service_year'])}）；希望は {int(want)}年{land_note_ja}"))
    return rows, ry


def _hazard_row(p: Any, h: dict[str, Any], point: bool, sc: Scenario) -> dict[str, object]:
    """The share of the site area in hazard zones against the warn and fail shares."""
    ev = sc.evaluation
    res = ("fail" if h["any"] > ev.hazard_max_share_fail else "warn" if h["any"] > ev.hazard_max_share_warn
           else "pass")
    parts = ", ".join(f"{k} {100 * h[k]:.0f} %" for k in HAZARD_KINDS if h[k] > 0) or "no hazard zone"
    parts_ja = ("、".join(f"{_HAZARD_JA.get(k, k)} {100 * h[k]:.0f} %" for k in HAZARD_KINDS if h[k] > 0)
                or "区域なし")
    return _row(p.proposal_id, "hazard_share", round(float(h["any"]), 3), "share of site area",
                f"warn > {ev.hazard_max_share_warn:g}, fail > {ev.hazard_max_share_fail:g}",
                "evaluation.hazard_max_share_warn/fail", res, f"{100 * h['any']:.0f} % of the site area in "
                f"hazard zones ({parts})" + (" (point site: circle of its area)" if point else ""),
                f"用地面積の {100 * h['any']:.0f} % が災害リスク区域内（{parts_ja}）"
                + ("（点で示された用地：同じ面積の円で評価）" if point else ""))


def _water_row(p: Any, m: dict[str, Any], spares: dict[str, float | None], sc: Scenario
               ) -> tuple[dict[str, object], Split]:
    """Industrial water in reach against evaporative cooling of the request, by the cooling rule shared with the
    model (:mod:`siting.candidates.cooling`); also the cooling split, which sets the energy the request needs."""
    req = float(p.requested_mw)
    own = float(p.water_m3_per_day or 0.0)
    systems = [w.strip() for w in str(m["water_ids"]).split(",") if w.strip()]
    known = [spares[w] for w in systems if spares.get(w) is not None]
    avail = float(sum(known)) + own  # type: ignore[arg-type]
    cool = split(req, avail if (known or own > 0) else None, sc)
    res, why, why_ja = water_verdict(cool, systems, known, sc)
    per_mw = sc.water.m3_per_day_per_mw
    return _row(p.proposal_id, "industrial_water", _whole(req * per_mw), "m3/day", _whole(avail),
                "water layer spare_m3_per_day in reach + water_m3_per_day", res,
                f"needs {req * per_mw:,.0f} m3/day to cool {req:,.0f} MW evaporatively ({per_mw:g} m3/day/MW); {why}",
                f"{req:,.0f} MW を蒸発冷却するには {req * per_mw:,.0f} m3/日（{per_mw:g} m3/日/MW）；{why_ja}"), cool


def _communication_rows(p: Any, rtt: dict[str, Any], sc: Scenario) -> list[dict[str, object]]:
    """Redundant fibre as committed, and the round trip to the Tokyo and Osaka internet exchanges."""
    pid, ev = p.proposal_id, sc.evaluation
    fib = None if pd.isna(p.fibre_redundant) else bool(p.fibre_redundant)
    rows = [_row(pid, "fibre_redundant", fib, "bool", True, "proposal commitment", "pass" if fib is True else "warn",
                 "redundant (underground) fibre committed" if fib is True
                 else ("no redundant fibre route" if fib is False else "fibre redundancy not stated"),
                 "冗長（地中）光ファイバーの確保を表明" if fib is True
                 else ("冗長な光ファイバー経路なし" if fib is False else "冗長性の記載なし"))]
    for city, key in (("tokyo", "rtt_tokyo_ms"), ("osaka", "rtt_osaka_ms")):
        val, lim = rtt[city], getattr(ev, key)
        if pd.isna(val):
            rows.append(_row(pid, f"rtt_{city}", None, "ms", lim, f"evaluation.{key}", "warn",
                             f"no {city.title()} internet exchange in the communications layer",
                             f"通信レイヤーに{_CITY_JA[city]}の IX がない"))
            continue
        res = "pass" if val <= lim else ("warn" if val <= sc.network.latency_limit_ms else "fail")
        rows.append(_row(pid, f"rtt_{city}", round(float(val), 1), "ms", lim, f"evaluation.{key}", res,
                         f"{val:.1f} ms round trip to the {city.title()} IX ({sc.candidates.route_factor:g} x "
                         f"straight line at {sc.candidates.fibre_km_per_s:,.0f} km/s)",
                         f"{_CITY_JA[city]} IX まで往復 {val:.1f} ms"
                         f"（直線距離の {sc.candidates.route_factor:g} 倍、"
                         f"光ファイバー中 {sc.candidates.fibre_km_per_s:,.0f} km/s）"))
    return rows


def _decarbonised_row(p: Any, area: str, year: int, area_gwh: float, cool: Split, sc: Scenario
                      ) -> dict[str, object]:
    """The share of the energy the request needs (at the PUE of its cooling: dry cooling needs more) that the
    area's claimable decarbonised supply and the proposal's own cover."""
    lf = sc.demand.load_factor
    need_gwh = cool.grid_mw * GWH_PER_MW_YEAR * lf
    own_gwh = float(p.decarbonised_mw or 0.0) * GWH_PER_MW_YEAR * lf
    share = 1.0 if need_gwh <= 0 else min(1.0, (area_gwh + own_gwh) / need_gwh)
    lim = sc.evaluation.decarbonised_share_min
    res = "pass" if share >= lim else ("warn" if share >= lim / 2 else "fail")
    return _row(p.proposal_id, "decarbonised_share", round(share, 3), "share of requested energy", lim,
                "evaluation.decarbonised_share_min", res,
                f"{area_gwh:,.0f} GWh/yr for new DCs in {area} in {year} + {own_gwh:,.0f} GWh committed vs "
                f"{need_gwh:,.0f} GWh requested",
                f"{year}年に{coded(area, 'ja')}エリアで新設 DC が使える脱炭素電源 {area_gwh:,.0f} GWh/年 ＋ 自己確保 "
                f"{own_gwh:,.0f} GWh、必要量 {need_gwh:,.0f} GWh")


def water_verdict(cool: Split, systems: list[str], known: list[float | None], sc: Scenario
                  ) -> tuple[str, str, str]:
    """pass when industrial water (systems with a known spare, plus the proposal's own) covers evaporative
    cooling of the whole request; otherwise a warning that dry cooling is needed, with its PUE and what it
    costs in grid MW and energy -- never a fail: dry cooling needs no industrial water."""
    if cool.dry_mw <= FLOAT_EPS:
        return "pass", "covered by industrial water in reach", "接続圏内の工業用水で賄える"
    pue_dry = sc.demand.pue_dry
    cost = (f"{cool.dry_mw:,.0f} MW must cool dry at PUE {pue_dry:g} instead of {sc.demand.pue:g}: "
            f"+{cool.extra_grid_mw:,.0f} MW of grid, +{cool.extra_gwh_per_year:,.0f} GWh/yr")
    cost_ja = (f"{cool.dry_mw:,.0f} MW はドライ冷却（PUE {pue_dry:g}、蒸発冷却は {sc.demand.pue:g}）："
               f"系統 +{cool.extra_grid_mw:,.0f} MW、電力量 +{cool.extra_gwh_per_year:,.0f} GWh/年")
    if not systems:
        return "warn", f"no industrial-water system in reach: {cost}", f"接続圏内に工業用水道なし：{cost_ja}"
    if not known:
        return ("warn", f"spare supply of {', '.join(systems)} unknown: {cost}",
                f"{'、'.join(systems)} の余裕水量が不明：{cost_ja}")
    return ("warn", f"spare {sum(v or 0.0 for v in known):,.0f} m3/day in {', '.join(systems)} falls short: "
            f"{cost}", f"{'、'.join(systems)} の余裕 {sum(v or 0.0 for v in known):,.0f} m3/日では不足：{cost_ja}")


def verdicts(rows: pd.DataFrame) -> pd.DataFrame:
    """Per proposal: counts of pass / warn / fail and the overall result (the worst of its criteria)."""
    counts = rows.pivot_table(index="proposal_id", columns="result", values="criterion", aggfunc="count",
                              fill_value=0).reindex(columns=["pass", "warn", "fail"], fill_value=0)
    counts["overall"] = np.where(counts["fail"] > 0, "fail", np.where(counts["warn"] > 0, "warn", "pass"))
    counts["failed"] = rows[rows["result"] == "fail"].groupby("proposal_id")["criterion"].agg(", ".join)
    counts["failed"] = counts["failed"].fillna("")
    return counts.reset_index()
