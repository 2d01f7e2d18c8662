"""The proposal reader's problems and fixes (:mod:`siting.proposals.read`) in Japanese, for ``rejected.csv`` and
the warnings of ``siting evaluate --lang ja``. Each English message is matched by a pattern; one that matches
none comes back unchanged, so a new message is never lost, only left in English."""

from __future__ import annotations

import re

from siting.errors import Problem

_FIELD = r"(?P<f>[a-z_]+)"
#: (pattern of the English text, Japanese with the pattern's groups)
PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"proposal_id is empty", "proposal_id が空です"),
    (r"unknown prefecture", "都道府県名が不明です"),
    (rf"{_FIELD} is not a finite number \((?P<v>.*)\)", "{f} が有限の数値ではありません（{v}）"),
    (rf"{_FIELD} is not a number \((?P<v>.*)\)", "{f} が数値ではありません（{v}）"),
    (rf"{_FIELD} has a unit that is not allowed here \((?P<v>.*); units: (?P<u>.*)\)",
     "{f} の単位はこの項目では使えません（{v}；使える単位：{u}）"),
    (rf"{_FIELD} is not a year \((?P<v>.*)\)", "{f} が年ではありません（{v}）"),
    (rf"{_FIELD} is a year in kanji numerals \((?P<v>.*)\); .*", "{f} の年が漢数字です（{v}）"),
    (rf"{_FIELD} is negative", "{f} が負の値です"),
    (rf"{_FIELD} is above (?P<n>[\d,]+), more than any one site can be",
     "{f} が {n} を超えています（1 用地の規模を超える）"),
    (rf"{_FIELD} is empty", "{f} が空です"),
    (rf"{_FIELD} lies outside (?P<a>\d+)-(?P<b>\d+)", "{f} が {a}～{b} の範囲外です"),
    (r"full_year comes before first_year", "full_year が first_year より前です"),
    (r"fibre_redundant is not true/false", "fibre_redundant が true/false（はい/いいえ）ではありません"),
    (r"the site has no geometry", "用地の形状がありません"),
    (r"the site is neither a point nor a polygon", "用地が点でも多角形でもありません"),
    (r"a point site needs site_area_ha", "点で示す用地には site_area_ha が必要です"),
    (r"the site polygon is invalid \((?P<r>.*)\)", "用地の多角形が不正です（{r}）"),
    (r"the site lies in the sea \(more than (?P<k>[\d.]+) km from every prefecture\)",
     "用地が海上にあります（どの都道府県からも {k} km 超）"),
    (r"duplicate proposal_id: its rows name different prefectures", "proposal_id の重複：行ごとに都道府県が異なります"),
    (r"duplicate proposal_id: the same site is listed twice", "proposal_id の重複：同じ用地が 2 回あります"),
    (r"longitude and latitude are swapped: lon (?P<a>\S+), lat (?P<b>\S+) lies outside Japan, .*",
     "経度と緯度が逆です：経度 {a}・緯度 {b} は日本の外、経度 {b}・緯度 {a} なら日本の中"),
    (r"the coordinates lon (?P<a>\S+), lat (?P<b>\S+) are not on the globe .*",
     "座標（経度 {a}、緯度 {b}）が地球上にありません（経度 -180～180、緯度 -90～90）"),
)
FIXES: tuple[tuple[str, str], ...] = (
    (r"give every row the id of its proposal .*", "すべての行に提案 ID を記入（同じ提案の行は同じ ID）"),
    (r"write a Japanese name .*", "日本語名（千葉県）、英語名（Chiba）または JIS コード（12）を記入"),
    (r"write a number such as (?P<e>.*)", "{e} のような数値を記入"),
    (r"write a number >= 0 or leave it empty", "0 以上の数値を記入するか空欄に"),
    (r"write a number >= 0", "0 以上の数値を記入"),
    (r"check the unit: (?P<f>\S+) is in (?P<u>.*)", "単位を確認（{f} の単位は {u}）"),
    (r"write the IT MW requested at the site, e.g. 300", "用地で希望する IT MW を記入（例：300）"),
    (r"write a year such as 2030 \(or 令和12年\)", "2030 のような年（または 令和12年）を記入"),
    (r"write the calendar year, e.g. 2030", "西暦年を記入（例：2030）"),
    (r"full_year is when the whole requested load runs: .*", "full_year は希望規模の全量が稼働する年：first_year 以降"),
    (r"write true or false", "true / false（はい / いいえ）を記入"),
    (r"give a polygon, or a point with site_area_ha", "多角形、または site_area_ha 付きの点を記入"),
    (r"draw the site as a polygon or give its centre point", "用地を多角形で描くか中心点を記入"),
    (r"give the usable site area in ha, or draw the site as a polygon",
     "使用可能な用地面積（ha）を記入するか多角形で描く"),
    (r"redraw the polygon, or repair it .*", "多角形を描き直すか修復（QGIS の「ジオメトリを修復」）して再提出"),
    (r"check the coordinates \(lon/lat swapped\? wrong sign\?\) and the CRS",
     "座標（経度・緯度の順、符号）と座標参照系を確認"),
    (r"write the longitude first: .*", "経度を先に記入（GeoJSON は [経度, 緯度]、CSV は lon、lat の順）"),
    (r"check the coordinates and the file's CRS", "座標とファイルの座標参照系を確認"),
    (r"give each proposal its own id, or correct the prefecture of its rows",
     "提案ごとに別の ID を付けるか、行の都道府県を修正"),
    (r"delete the repeated row \(one row per site\)", "重複した行を削除（1 用地 1 行）"),
)


def _translate(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for pattern, ja in table:
        if m := re.fullmatch(pattern, text):
            return ja.format(**m.groupdict())
    return text


def problem_ja(text: str) -> str:
    """A reader problem (``what``) in Japanese; unchanged when unknown."""
    return _translate(str(text), PROBLEMS)


def fix_ja(text: str) -> str:
    """A reader fix in Japanese; unchanged when unknown."""
    return _translate(str(text), FIXES)


def problem_text(problem: Problem, lang: str) -> str:
    """One line for the terminal: the problem as :class:`Problem` says it, or in Japanese."""
    if lang != "ja":
        return str(problem)
    where = re.sub(r"proposal '(.*)' row (\d+)$", r"提案 '\1' \2 行目", problem.where)
    where = re.sub(r" row (\d+)$", r" \1 行目", where)
    return f"{where}：{problem_ja(problem.what)} -- 対処：{fix_ja(problem.fix)}"
