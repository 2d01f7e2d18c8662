"""Write an evaluation folder: scorecard tables, ranking, rejected proposals, one HTML report per proposal and
an overview map. Jinja2 renders with ``autoescape=True``: every user string is escaped in every page.

Files: ``evaluation.csv`` / ``evaluation.json`` (one row per proposal and criterion), ``metrics.csv`` (costs,
years and IT MW by year per proposal), ``ranking.csv``, ``rejected.csv``, ``portfolio.json`` (the national
optimum's status and gap, when run), ``reports/<proposal>.html`` and ``map.html``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from siting.i18n import money, status_text, tr, value, yes_no
from siting.layers.load import LayerSet
from siting.maps.render import PageOptions
from siting.proposals.localize import (
    metrics_table,
    ranking_table,
    rejected_table,
    scorecard_table,
    substation_names,
)
from siting.proposals.maps import overview_map
from siting.proposals.portfolio import Portfolio
from siting.proposals.read import Proposals, pref_label
from siting.proposals.scorecard import Screening, verdicts
from siting.text import write_csv

TEXT: dict[str, dict[str, Any]] = {
    "en": {"title": "GX data-centre proposal", "proposal_id": "proposal", "municipality": "municipality",
           "prefecture": "prefecture", "requested": "requested", "overall": "overall", "notes": "notes",
           "scorecard": "Scorecard", "criterion": "criterion", "value": "value", "unit": "unit",
           "threshold": "threshold", "result": "result", "reason": "reason", "pass": "pass", "warn": "warn",
           "fail": "fail", "metrics": "Grid metrics (this proposal alone)", "connection_cost": "connection cost",
           "reinforcement_cost": "reinforcement cost", "in_service": "first year in service",
           "substations": "substations used", "portfolio": "Portfolio value (national model)",
           "mw_by_year": "IT MW online by year (standalone estimate)", "map": "Sites and reachable substations",
           "map_note": "Red: sites; orange: substations within reach; grey lines: prefecture boundaries.",
           "footer": "wattbit-siting evaluation, scenario",
           "criteria": {"site_area": "site area", "in_stated_prefecture": "in the stated prefecture",
                        "outside_excluded_area": "outside the Tokyo grid area", "grid_1gw": "grid to ~1 GW",
                        "requested_mw_year": "year the requested MW can run", "hazard_share": "hazard exposure",
                        "industrial_water": "industrial water", "fibre_redundant": "redundant fibre",
                        "rtt_tokyo": "RTT to Tokyo IX", "rtt_osaka": "RTT to Osaka IX",
                        "decarbonised_share": "decarbonised supply share"}},
    "ja": {"title": "GX戦略地域 データセンター集積型 提案", "proposal_id": "提案ID", "municipality": "市町村",
           "prefecture": "都道府県", "requested": "希望規模", "overall": "総合判定", "notes": "備考",
           "scorecard": "評価表", "criterion": "評価項目", "value": "値", "unit": "単位", "threshold": "基準",
           "result": "判定", "reason": "理由", "pass": "適合", "warn": "注意", "fail": "不適合",
           "metrics": "系統指標（単独評価）", "connection_cost": "接続費用", "reinforcement_cost": "増強費用",
           "in_service": "供給開始年", "substations": "利用変電所", "portfolio": "ポートフォリオ価値（全国モデル）",
           "mw_by_year": "年別 IT MW（単独推計）", "map": "用地と到達可能な変電所",
           "map_note": "赤：用地、橙：接続圏内の変電所、灰色線：都道府県境界。",
           "footer": "wattbit-siting 評価、シナリオ",
           "criteria": {"site_area": "用地面積", "in_stated_prefecture": "申請都道府県内",
                        "outside_excluded_area": "東京エリア外", "grid_1gw": "系統拡張余力（約1GW）",
                        "requested_mw_year": "希望規模の供給可能年", "hazard_share": "災害リスク",
                        "industrial_water": "工業用水", "fibre_redundant": "通信の冗長性",
                        "rtt_tokyo": "東京IXまでの往復遅延", "rtt_osaka": "大阪IXまでの往復遅延",
                        "decarbonised_share": "脱炭素電源の比率"}},
}


def criterion_label(criterion: str, lang: str) -> str:
    """A scorecard criterion's name in ``lang`` (its code when unknown)."""
    return str(TEXT[lang]["criteria"].get(criterion, criterion))


def safe_name(pid: str) -> str:
    """A file name for a proposal id: its safe characters plus a short hash (ids may hold anything)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", pid)[:40].strip("_") or "proposal"
    return f"{stem}-{hashlib.sha1(pid.encode('utf-8')).hexdigest()[:6]}"


def _env() -> Environment:
    return Environment(loader=PackageLoader("siting.proposals", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def _chart(metrics: Mapping[str, Any], years: list[int], requested: float) -> dict[str, Any]:
    w, h, base, top = 80 + 70 * len(years), 220, 190, 20
    mws = [float(metrics.get(f"mw_{y}", 0.0)) for y in years]
    peak = max([requested, *mws, 1.0])
    scale = (base - top) / peak
    bars = [{"x": 50 + 70 * i, "w": 40, "y": base - v * scale, "h": v * scale, "mw": v, "year": y}
            for i, (y, v) in enumerate(zip(years, mws, strict=True))]
    return {"w": w, "h": h, "base": base, "req_y": base - requested * scale, "bars": bars}


def _paths(geoms: Sequence[shapely.Geometry] | np.ndarray, tf) -> list[str]:  # type: ignore[no-untyped-def]
    """SVG path data of the polygon rings of each geometry (``tf``: metres -> pixels), one decimal; all
    coordinates are formatted in one go."""
    rings: list[Any] = []
    owner: list[int] = []
    for i, geom in enumerate(geoms):
        for poly in getattr(geom, "geoms", [geom]):
            if hasattr(poly, "exterior"):
                rings.extend((poly.exterior, *poly.interiors))
                owner.extend([i] * (1 + len(poly.interiors)))
    parts: list[list[str]] = [[] for _ in geoms]
    if rings:
        arr = np.asarray(rings, dtype=object)
        sizes = shapely.get_num_coordinates(arr)
        flat = tf(shapely.get_coordinates(arr)).ravel().tolist()  # Python floats format fastest
        pairs = [f"{x:.1f},{y:.1f}" for x, y in zip(flat[0::2], flat[1::2], strict=True)]
        for i, n, end in zip(owner, sizes, np.cumsum(sizes), strict=True):
            parts[i].append(f"M{' L'.join(pairs[end - n:end])} Z")
    return [Markup(" ".join(p)) for p in parts]  # digits, M, L, Z, ',', '.', '-' only: nothing to escape


class _Outlines:
    """Prefecture outlines for the reports' small maps, simplified once per zoom level.

    A map spanning ``span`` metres (320 pixels) draws the outlines simplified at the first level of at least
    ``span / 400`` (0.8 to 1.1 pixels), clipped to its box by the rectangle clip; the outlines are simplified
    (topology kept) once per level, not once per map, so a map costs the same however many there are.
    """

    LEVELS_M = tuple(10.0 * 2 ** (k / 2) for k in range(16))  # 10 m to 1.8 km in steps of sqrt(2)

    def __init__(self, prefs: gpd.GeoDataFrame):
        self.geoms = np.asarray(prefs.geometry.values, dtype=object)
        self.tree = shapely.STRtree(self.geoms)
        self.levels: dict[float, np.ndarray] = {}

    def clip(self, box: shapely.Geometry, tolerance_m: float) -> list[shapely.Geometry]:
        level = min((t for t in self.LEVELS_M if t >= tolerance_m), default=self.LEVELS_M[-1])
        if level not in self.levels:
            self.levels[level] = shapely.simplify(self.geoms, level)
        near = np.sort(self.tree.query(box))  # in layer order; the others do not meet the box
        clipped = shapely.clip_by_rect(self.levels[level][near], *box.bounds)
        return [g for g in clipped if not g.is_empty]


def _small_map(own: np.ndarray, sub_xy: np.ndarray, labels: list[str], outlines: _Outlines | None) -> Markup:
    """An inline SVG map in the working CRS (metres): the sites (``own``, geometries), the substations in reach
    (``sub_xy``, with their ``labels``), prefecture outlines."""
    size = 320
    b = shapely.bounds(own)
    lo = np.concatenate([b[:, :2], sub_xy])
    hi = np.concatenate([b[:, 2:], sub_xy])
    (xmin, ymin), (xmax, ymax) = np.nanmin(lo, axis=0), np.nanmax(hi, axis=0)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    span = max(xmax - xmin, ymax - ymin, 5000.0) * 1.25
    k = size / span

    def tf(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([(xy[:, 0] - cx) * k + size / 2, size / 2 - (xy[:, 1] - cy) * k])

    box = shapely.box(cx - span / 2, cy - span / 2, cx + span / 2, cy + span / 2)
    pref_paths = []
    if outlines is not None:
        pref_paths = _paths(outlines.clip(box, span / 400), tf)
    sxy = tf(sub_xy) if len(sub_xy) else np.empty((0, 2))
    centres = shapely.centroid(own)
    cxy = tf(np.column_stack([shapely.get_x(centres), shapely.get_y(centres)]))
    scale_km = max(1, round(span / 5000))
    # the SVG is written here, not in the template: a page's many numbers need no escaping, only the labels do
    return Markup("".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" role="img" '
        'style="background:#eef5fb">\n',
        *(f'<path d="{d}" fill="#f4f1e8" stroke="#999" stroke-width="0.6"/>' for d in pref_paths), "\n",
        *(f'<circle cx="{x}" cy="{y}" r="3" fill="#e67e22"><title>{escape(lab)}</title></circle>'
          f'<text x="{x + 5:.1f}" y="{y + 3:.1f}" font-size="9" fill="#7a3e00">{escape(lab)}</text>'
          for (x, y), lab in zip(sxy, labels, strict=True)), "\n",
        *(f'<path d="{d}" fill="#c0392b" fill-opacity="0.6" stroke="#c0392b"/>' for d in _paths(own, tf)), "\n",
        *(f'<circle cx="{x}" cy="{y}" r="5" fill="none" stroke="#c0392b" stroke-width="2"/>' for x, y in cxy), "\n",
        f'<path d="M8,{size - 14} v4 h{scale_km * 1000 * k:.1f} v-4" fill="none" stroke="#333"/>'
        f'<text x="8" y="{size - 18}" font-size="10">{scale_km} km</text>\n</svg>']))


def rank_text(row: Mapping[str, Any], lang: str, overall: str | None = None) -> str:
    """The rank with its ties and the scorecard result beside it: ``2 (tied within the re-solve gaps with a, b)
    · scorecard: fail``."""
    text = "-" if _absent(row.get("rank")) else str(int(row["rank"]))
    tied = row.get("tied_with")
    if isinstance(tied, str) and tied:
        text += " " + tr("pf.tied", lang, ids=", ".join(tied.split(";")))
    if overall:
        text += " · " + tr("pf.scorecard", lang, result=value(overall, lang))
    return text


def _absent(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def _portfolio_rows(row: Mapping[str, Any], lang: str = "en", overall: str | None = None) -> list[tuple[str, str]]:
    def cost(v: Any) -> str:
        return money(v, lang, signed=True)

    def solve(side: str) -> str:
        return tr("pf.solve", lang, status=status_text(row[f"status_{side}"], lang), gap=_pct(row[f"gap_{side}"]))

    if not bool(row.get("candidate", False)):
        reason = row.get("screened_reason_ja") if lang == "ja" else None
        return [(tr("pf.candidate", lang),
                 f"{tr('pf.no', lang)}: {reason if isinstance(reason, str) else row.get('screened_reason')}")]
    because = row.get("infeasible_in_because_ja" if lang == "ja" else "infeasible_in_because")
    cost_in = tr("pf.infeasible", lang, why=because) if isinstance(because, str) and because \
        else tr("pf.cost_solve", lang, cost=cost(row["delta_cost_in_jpy"]), solve=solve("in"))
    mwy = tr("pf.mwy", lang)
    return [(tr("pf.selected", lang), yes_no(row["selected"], lang)),
            (tr("pf.cost_in", lang), cost_in),
            (tr("pf.delay_in", lang), f"{_num(row['delta_delay_in_mw_years'])} {mwy}"),
            (tr("pf.cost_out", lang), tr("pf.cost_solve", lang, cost=cost(row["delta_cost_out_jpy"]),
                                         solve=solve("out"))),
            (tr("pf.delay_out", lang), f"{_num(row['delta_delay_out_mw_years'])} {mwy}"),
            (tr("pf.value", lang), cost(row["portfolio_value_jpy"]) + _range(row, lang)),
            (tr("pf.rank", lang), rank_text(row, lang, overall))]


def _range(row: Mapping[str, Any], lang: str) -> str:
    low, high = row.get("value_low_jpy"), row.get("value_high_jpy")
    if _absent(low) or _absent(high):
        return ""
    return " " + tr("pf.range", lang, low=money(low, lang, signed=True), high=money(high, lang, signed=True))


def _pct(v: Any) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{100 * v:.2f} %"


def _num(v: Any) -> str:
    return "-" if v is None or pd.isna(v) else f"{v:+,.0f}"


def ranking(props: Proposals, screening: Screening, portfolio: Portfolio | None) -> pd.DataFrame:
    """One row per proposal: verdict counts, failed criteria and (when run) the portfolio value and rank."""
    v = verdicts(screening.rows)
    out = props.proposals[["proposal_id", "name", "pref_code", "requested_mw"]].merge(v, on="proposal_id")
    if portfolio is not None:
        cols = ["proposal_id", "rank", "tied_with", "selected", "delta_cost_in_jpy", "delta_cost_out_jpy",
                "delta_delay_in_mw_years", "delta_delay_out_mw_years", "status_in", "status_out", "gap_in", "gap_out",
                "abs_gap_in_jpy", "abs_gap_out_jpy", "portfolio_value_jpy", "value_low_jpy", "value_high_jpy",
                "infeasible_in_because", "infeasible_in_because_ja"]
        table = portfolio.table.reindex(columns=cols)
        # the portfolio's order (rank, value, id): deterministic, ties kept together
        out = table.merge(out, on="proposal_id", how="left")
    else:
        out["rank"] = out[["fail", "warn"]].apply(tuple, axis=1).rank(method="min").astype(int)
        out = out.sort_values(["rank", "proposal_id"])
    first = ["rank", "overall", "proposal_id"]  # the scorecard's result beside the rank
    return out[first + [c for c in out.columns if c not in first]].reset_index(drop=True)


def _indented(records: list[dict[str, Any]]) -> str:
    """``json.dumps(records, ensure_ascii=False, indent=1)`` for a list of flat records, with the C encoder:
    ``indent`` would make json fall back to its pure-Python encoder, ten times slower on 100,000 rows."""
    if not records:
        return "[]"
    item = json.JSONEncoder(ensure_ascii=False, separators=(",\n  ", ": "))
    body = ",\n ".join("{\n  " + item.encode(r)[1:-1] + "\n }" if r else "{}" for r in records)
    return "[\n " + body + "\n]"


def write_evaluation(folder: Path, props: Proposals, screening: Screening, portfolio: Portfolio | None,
                     layers: LayerSet, years: list[int], lang: str, scenario: str,
                     page: PageOptions | None = None) -> pd.DataFrame:
    """Write every output file into ``folder`` (the caller makes it atomic); return the ranking. ``page``: how
    the overview map is drawn (online by default)."""
    t = TEXT[lang]
    rows = screening.rows
    rank = ranking(props, screening, portfolio)
    ranked = ranking_table(rank, lang, t["criteria"])
    # each criterion's row with its proposal's rank and overall result beside it; yes / no, names, units (and in
    # Japanese the results) as written
    shown = scorecard_table(rows, lang)
    shown.insert(1, "rank", shown["proposal_id"].map(rank.set_index("proposal_id")["rank"]))
    shown.insert(2, "overall", shown["proposal_id"].map(ranked.set_index("proposal_id")["overall"]))
    write_csv(shown, folder / "evaluation.csv")
    records = json.loads(shown.to_json(orient="records", force_ascii=False))
    (folder / "evaluation.json").write_text(_indented(records) + "\n", "utf-8")
    names = _substation_names(layers)
    write_csv(metrics_table(screening.metrics, names), folder / "metrics.csv")
    write_csv(ranked, folder / "ranking.csv")
    write_csv(rejected_table(props.rejected), folder / "rejected.csv")
    if portfolio is not None:
        (folder / "portfolio.json").write_text(json.dumps({
            "status": portfolio.base.status, "status_text": portfolio.base.describe(), "gap": portfolio.base.gap,
            "objective_jpy": portfolio.base_cost_jpy, "mw_years_delay": portfolio.base_delay_mw_years,
            "resolves": portfolio.resolves}, indent=1) + "\n", "utf-8")
    v = verdicts(rows).set_index("proposal_id")
    _write_reports(folder / "reports", props, screening, portfolio, layers, years, lang, scenario,
                   v["overall"].to_dict())
    overview_map(props.sites, v["overall"].to_dict(), folder / "map.html", lang=lang, scenario=scenario,
                 prefectures=layers.geo("prefectures") if "prefectures" in layers else None,
                 rejected=len(props.rejected_ids), page=page)
    return rank


def _scorecard_rows(rows: list[Any], t: dict[str, Any]) -> Markup:
    """The scorecard table's rows as HTML, every cell escaped (written here rather than in the template: ten
    thousand pages of eleven rows)."""
    out = []
    for r in rows:
        value = "-" if r.value is None else r.value
        out.append(f'\n<tr><td>{t["criteria"].get(r.criterion) or escape(r.criterion)}</td>'
                   f'<td class="num">{escape(value)}</td><td>{escape(r.unit)}</td>\n<td>{escape(r.threshold)} '
                   f'<span class="note">({escape(r.threshold_key)})</span></td><td class="{escape(r.result)}">'
                   f'{t[r.result]}</td><td>{escape(r.reason)}</td></tr>\n')
    return Markup("".join(out))


def _substation_names(layers: LayerSet) -> dict[str, str]:
    if "substations" not in layers:
        return {}
    subs = layers.geo("substations")
    return {str(i): n for i, n in zip(subs["substation_id"], subs["name"], strict=True) if isinstance(n, str) and n}


def _escaped(text: dict[str, Any]) -> dict[str, Any]:
    return {k: _escaped(v) if isinstance(v, dict) else escape(v) for k, v in text.items()}


def _write_reports(folder: Path, props: Proposals, screening: Screening, portfolio: Portfolio | None,
                   layers: LayerSet, years: list[int], lang: str, scenario: str, overall: dict[str, str]) -> None:
    """One HTML page per proposal. Every table is split by proposal once, so each page costs the same
    however many proposals there are."""
    t = _escaped(TEXT[lang])  # the page's fixed words, escaped once rather than on every page
    tpl = _env().get_template("proposal.html.j2")
    folder.mkdir()
    rows = scorecard_table(screening.rows, lang, results=False)  # the result codes style the cells
    shown = rows.assign(reason=rows["reason_ja"]) if lang == "ja" else rows  # the report's language
    names = _substation_names(layers)
    records = list(shown.astype(object).where(shown.notna(), None).itertuples(index=False))
    rows_of = shown.groupby("proposal_id", sort=False).indices
    sites_of = props.sites.groupby("proposal_id", sort=False).indices
    site_geoms = np.asarray(props.sites.geometry.values, dtype=object)
    arcs = screening.reach.arcs
    subs = layers.geo("substations").reset_index(drop=True)
    pos = {sid: i for i, sid in enumerate(subs["substation_id"])}
    # the substations each proposal reaches, in the order its arcs name them (first appearance)
    near_of = {pid: np.array([pos[s] for s in dict.fromkeys(ids)], dtype=np.int64)
               for pid, ids in arcs["substation_id"].astype(object).groupby(arcs["proposal_id"], sort=False)} \
        if len(arcs) else {}
    sub_xy = np.column_stack([subs.geometry.x, subs.geometry.y])
    sub_label = [f"{name if isinstance(name, str) else sid} {float(kv):.0f} kV"
                 for sid, name, kv in zip(subs["substation_id"], subs["name"], subs["voltage_kv"], strict=True)]
    outlines = _Outlines(layers.geo("prefectures")) if "prefectures" in layers else None
    m_by = screening.metrics.set_index("proposal_id").to_dict("index")
    pf = portfolio.table.set_index("proposal_id") if portfolio is not None else None
    for p in props.proposals.itertuples(index=False):
        pid = p.proposal_id
        near = near_of.get(pid, np.empty(0, dtype=np.int64))
        page = tpl.render(
            lang=lang, t=t, p=p, pref=pref_label(p.pref_code, lang), overall=overall[pid],
            rows=_scorecard_rows([records[i] for i in rows_of.get(pid, [])], t), m=m_by[pid],
            money=lambda jpy: money(jpy, lang), substations=substation_names(m_by[pid]["substations"], names),
            chart=_chart(m_by[pid], years, float(p.requested_mw)),
            smap=_small_map(site_geoms[sites_of[pid]], sub_xy[near], [sub_label[i] for i in near], outlines),
            scenario=scenario, pf=_portfolio_rows(pf.loc[pid], lang, overall[pid]) if pf is not None else None)
        (folder / f"{safe_name(pid)}.html").write_text(page, encoding="utf-8")
