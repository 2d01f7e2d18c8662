"""Japanese and English text of every output: maps, reports, tables and the terminal, in one place.

Labels are looked up with :func:`tr` (``ja`` or ``en``), coded values (supply kinds, grid areas, results,
solver statuses) with :func:`value`. Money has one unit per language -- 億円 (1e8 JPY) in Japanese, bn JPY
(1e9 JPY) in English -- through :func:`money`, and MW counts are whole numbers (:func:`mw`). This module is
configuration: every stage may import it.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Any

import pandas as pd

from siting.i18n.labels import LABELS as MAP_LABELS
from siting.i18n.labels import VALUES
from siting.i18n.pages import PAGES
from siting.i18n.terminal import RULES_JA, STAGES_JA, TERMINAL, UNITS_JA, WHERE_JA

LANGS = ("ja", "en")
#: key -> (Japanese, English)
LABELS: dict[str, tuple[str, str]] = {**MAP_LABELS, **TERMINAL, **PAGES}
assert len(LABELS) == len(MAP_LABELS) + len(TERMINAL) + len(PAGES), "a label key is defined twice"


class Lang(StrEnum):
    """The output languages (``--lang``)."""

    ja = "ja"
    en = "en"


def check_lang(lang: str) -> str:
    lang = lang.value if isinstance(lang, Lang) else lang
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def tr(key: str, lang: str, **fmt: object) -> str:
    """The label ``key`` in ``lang`` (``ja`` or ``en``), formatted with ``fmt``."""
    ja, en = LABELS[key]
    text = ja if lang == "ja" else en
    return text.format(**fmt) if fmt else text


def value(code: object, lang: str) -> str:
    """A coded value (supply kind, hazard, grid area, result, status) in ``lang``; unknown codes come back
    unchanged."""
    pair = VALUES.get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang == "ja" else pair[1]


def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def money_unit(lang: str) -> str:
    """億円 in Japanese, bn JPY in English."""
    return "億円" if lang == "ja" else "bn JPY"


def money_number(jpy: Any, lang: str, signed: bool = False) -> str:
    """JPY in the language's unit without the unit: 億円 to the yen-hundred-million, bn JPY to 0.1 bn."""
    if _missing(jpy):
        return "-"
    digits = 0 if lang == "ja" else 1
    x = round(float(jpy) / (1e8 if lang == "ja" else 1e9), digits) + 0.0  # + 0.0: never -0
    return f"{x:{'+' if signed and x != 0 else ''},.{digits}f}"


def money(jpy: Any, lang: str, signed: bool = False) -> str:
    """JPY with its unit: ``1,234 億円`` / ``123.4 bn JPY``; a dash when missing."""
    text = money_number(jpy, lang, signed)
    return text if text == "-" else f"{text} {money_unit(lang)}"


def mw(x: Any, unit: bool = False) -> str:
    """A count of MW as a whole number with thousands separators (``1,243``); a dash when missing."""
    if _missing(x):
        return "-"
    v = round(float(x))
    return f"{v + 0:,}" + (" MW" if unit else "")


def yes_no(flag: Any, lang: str) -> str:
    """はい / いいえ, yes / no; a dash when unknown."""
    if flag is None or flag is pd.NA or (isinstance(flag, float) and math.isnan(flag)):
        return "-"
    return value(str(bool(flag)), lang)


_LIMITS: dict[str, str] = {
    "land": "用地", "headroom": "空き容量", "water (the rest cools dry)": "工業用水（残りはドライ冷却）",
    "decarbonised supply": "脱炭素電源", "area share": "エリア比率", "minimum region size": "最小地域規模",
    "demand (runs what the national optimum assigns it)": "需要（全国最適の配分どおり）",
    "committed capacity only (no new connection: policy.existing_in_excluded_areas)":
        "確約容量のみ（新規接続なし：policy.existing_in_excluded_areas）",
}


def limited_by(text: Any, lang: str) -> str:
    """A region's ``limited_by`` (comma-separated families) in ``lang``."""
    if _missing(text) if not isinstance(text, str) else not text:
        return ""
    if lang != "ja":
        return str(text)
    if text in _LIMITS:
        return _LIMITS[text]
    return "、".join(_LIMITS.get(part.strip(), part.strip()) for part in str(text).split(","))


def region_name(name: Any, lang: str) -> str:
    """A region's name in ``lang``: ``Niigata (新潟県)`` is 新潟県 in Japanese, ``Existing clusters, Hokkaido
    (北海道)`` is 既存集積地（北海道）; other names (proposals) as they are."""
    text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else str(name)
    if lang != "ja":
        return text
    if m := re.fullmatch(r"Existing clusters, .* \((.+)\)", text):
        return f"既存集積地（{m.group(1)}）"
    if m := re.fullmatch(r"[A-Za-z -]+ \(([^()]+)\)", text):
        return m.group(1)
    return text


def stage(text: str, lang: str) -> str:
    """A pipeline stage line (``solve: LP relaxation ...``) with its stage name in ``lang``."""
    if lang != "ja":
        return text
    head, sep, rest = text.partition(": ")
    return STAGES_JA.get(head, head) + ("：" + rest if sep else "")


def violation_ja(family: str, where: str, amount: str) -> str:
    """An elastic-relaxation violation (:class:`siting.solve.elastic.Violation`) in Japanese:
    ``最小地域規模 を緩める必要：地域 prop-x（2034年）で 300.0 MW``."""
    if where.startswith("water system "):
        head, rest = "water", where.removeprefix("water system ")
    else:
        head, _, rest = where.partition(" ")
    if head in WHERE_JA:
        place, _, year = rest.partition(" in ")
        where = f"{WHERE_JA[head]} {place}" + (f"（{year}年）" if year else "")
    elif where == "national":
        where = "全国"
    number, _, unit = amount.partition(" ")
    return f"{RULES_JA.get(family, family)}を緩める必要：{where} で {number} {UNITS_JA.get(unit, unit)}"


def status_text(status: Any, lang: str) -> str:
    """A solve's status (``optimal``, ``optimal (the optimum)``: the national optimum itself) in ``lang``."""
    if _missing(status) if not isinstance(status, str) else not status:
        return "-"
    code, optimum = (status[:-len(" (the optimum)")], True) if status.endswith(" (the optimum)") else (status, False)
    if lang != "ja":
        return status
    return value(code, lang) + ("（全国最適解そのもの）" if optimum else "")
