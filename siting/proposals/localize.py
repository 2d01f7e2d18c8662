"""The evaluation's tables as written, in the report language: yes / no instead of True / False, grid areas and
prefectures by name, units, results and statuses in Japanese with ``--lang ja``, substations by name.

The tables the stages compute keep their codes (``pass``, ``optimal``, booleans); only what is written and
shown goes through here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from siting.i18n import region_name, status_text, value, yes_no
from siting.i18n.problems import fix_ja, problem_ja
from siting.i18n.terminal import UNITS_JA


def _cell(x: Any, criterion: str, lang: str) -> Any:
    if isinstance(x, bool):
        return yes_no(x, lang)
    if lang != "ja" or not isinstance(x, str):
        return x
    if criterion == "in_stated_prefecture":
        return region_name(x, lang)
    if criterion == "outside_excluded_area":
        return "、".join(value(a.strip(), lang) for a in x.split(",")) if x else x
    if criterion == "hazard_share":
        return x.replace("warn", value("warn", lang)).replace("fail", value("fail", lang)).replace(", ", "、")
    return x


#: Thresholds that do not come from a scenario key: where they come from, in Japanese.
THRESHOLD_SOURCES_JA = {
    "stated prefecture": "申請の都道府県", "proposal commitment": "提案での表明",
    "full_year (or last planning year)": "full_year（記載がなければ計画最終年）",
    "water layer spare_m3_per_day in reach + water_m3_per_day":
        "接続圏内の工業用水（water レイヤーの spare_m3_per_day）＋ water_m3_per_day",
}


def scorecard_table(rows: pd.DataFrame, lang: str, results: bool = True) -> pd.DataFrame:
    """The scorecard rows with ``value`` / ``threshold`` / ``unit`` (and, when ``results``, ``result``) in
    ``lang``; the reports keep the result codes for their styles (``results=False``)."""
    out = rows.copy()
    for col in ("value", "threshold"):
        out[col] = [_cell(x, c, lang) for x, c in zip(out[col].astype(object), out["criterion"], strict=True)]
    if lang == "ja":
        out["unit"] = out["unit"].map(lambda u: UNITS_JA.get(u, u))
        out["threshold_key"] = out["threshold_key"].map(lambda k: THRESHOLD_SOURCES_JA.get(k, k))
        if results:
            out["result"] = out["result"].map(lambda r: value(r, lang))
    return out


def ranking_table(rank: pd.DataFrame, lang: str, criteria: dict[str, str]) -> pd.DataFrame:
    """The ranking with yes / no, statuses in ``lang``; in Japanese also the results and the failed criteria
    (``criteria``: code -> label)."""
    out = rank.copy()
    if "selected" in out:
        out["selected"] = out["selected"].map(lambda x: yes_no(x, lang) if pd.notna(x) else "")
    for col in ("status_in", "status_out"):
        if col in out:
            out[col] = out[col].map(lambda s: status_text(s, lang) if isinstance(s, str) else s)
    if lang == "ja":
        out["overall"] = out["overall"].map(lambda r: value(r, lang))
        out["failed"] = out["failed"].map(lambda t: "、".join(criteria.get(c.strip(), c.strip())
                                                             for c in t.split(",")) if isinstance(t, str) and t
                                          else "")
    return out


def rejected_table(rejected: pd.DataFrame) -> pd.DataFrame:
    """``rejected.csv``: each problem and fix also in Japanese (``problem_ja``, ``fix_ja``)."""
    out = rejected.copy()
    out["problem_ja"] = out["problem"].map(problem_ja)
    out["fix_ja"] = out["fix"].map(fix_ja)
    return out


def substation_names(ids: Any, names: dict[str, str]) -> str:
    """``osm-681, osm-637`` as the substations' names (the id where a substation has none)."""
    if not isinstance(ids, str) or not ids:
        return ""
    return ", ".join(names.get(i.strip()) or i.strip() for i in ids.split(","))


def metrics_table(metrics: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``metrics.csv``: MW as whole numbers, JPY to the yen, and the substations by name (``substation_names``)."""
    out = metrics.copy()
    for col in out.columns:
        if (col.endswith("_mw") or col.startswith("mw_") or col.startswith("grid_it_mw") or col.endswith("_jpy")) \
                and pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round().astype("Int64")
    out["substation_names"] = out["substations"].map(lambda ids: substation_names(ids, names))
    return out
