"""Japan's 47 prefectures: JIS X 0401 codes, names and the grid area that serves most of each.

Used to resolve a prefecture given as a code, a Japanese name or an English name (proposals, scenarios),
and by the N03 adapter. Grid areas follow the general transmission/distribution service areas; Niigata is
served by Tohoku EPCO; Shizuoka is split by the Fuji River (east: Tokyo, west: Chubu) and counted as Chubu
here; Fukui's Reinan is served by Kansai but most of Fukui by Hokuriku.
"""

from __future__ import annotations

import unicodedata

#: (pref_code, name_ja, name_en, main grid area)
PREFECTURES: tuple[tuple[str, str, str, str], ...] = (
    ("01", "北海道", "Hokkaido", "Hokkaido"),
    ("02", "青森県", "Aomori", "Tohoku"),
    ("03", "岩手県", "Iwate", "Tohoku"),
    ("04", "宮城県", "Miyagi", "Tohoku"),
    ("05", "秋田県", "Akita", "Tohoku"),
    ("06", "山形県", "Yamagata", "Tohoku"),
    ("07", "福島県", "Fukushima", "Tohoku"),
    ("08", "茨城県", "Ibaraki", "Tokyo"),
    ("09", "栃木県", "Tochigi", "Tokyo"),
    ("10", "群馬県", "Gunma", "Tokyo"),
    ("11", "埼玉県", "Saitama", "Tokyo"),
    ("12", "千葉県", "Chiba", "Tokyo"),
    ("13", "東京都", "Tokyo", "Tokyo"),
    ("14", "神奈川県", "Kanagawa", "Tokyo"),
    ("15", "新潟県", "Niigata", "Tohoku"),
    ("16", "富山県", "Toyama", "Hokuriku"),
    ("17", "石川県", "Ishikawa", "Hokuriku"),
    ("18", "福井県", "Fukui", "Hokuriku"),
    ("19", "山梨県", "Yamanashi", "Tokyo"),
    ("20", "長野県", "Nagano", "Chubu"),
    ("21", "岐阜県", "Gifu", "Chubu"),
    ("22", "静岡県", "Shizuoka", "Chubu"),
    ("23", "愛知県", "Aichi", "Chubu"),
    ("24", "三重県", "Mie", "Chubu"),
    ("25", "滋賀県", "Shiga", "Kansai"),
    ("26", "京都府", "Kyoto", "Kansai"),
    ("27", "大阪府", "Osaka", "Kansai"),
    ("28", "兵庫県", "Hyogo", "Kansai"),
    ("29", "奈良県", "Nara", "Kansai"),
    ("30", "和歌山県", "Wakayama", "Kansai"),
    ("31", "鳥取県", "Tottori", "Chugoku"),
    ("32", "島根県", "Shimane", "Chugoku"),
    ("33", "岡山県", "Okayama", "Chugoku"),
    ("34", "広島県", "Hiroshima", "Chugoku"),
    ("35", "山口県", "Yamaguchi", "Chugoku"),
    ("36", "徳島県", "Tokushima", "Shikoku"),
    ("37", "香川県", "Kagawa", "Shikoku"),
    ("38", "愛媛県", "Ehime", "Shikoku"),
    ("39", "高知県", "Kochi", "Shikoku"),
    ("40", "福岡県", "Fukuoka", "Kyushu"),
    ("41", "佐賀県", "Saga", "Kyushu"),
    ("42", "長崎県", "Nagasaki", "Kyushu"),
    ("43", "熊本県", "Kumamoto", "Kyushu"),
    ("44", "大分県", "Oita", "Kyushu"),
    ("45", "宮崎県", "Miyazaki", "Kyushu"),
    ("46", "鹿児島県", "Kagoshima", "Kyushu"),
    ("47", "沖縄県", "Okinawa", "Okinawa"),
)

_BY_KEY: dict[str, str] = {}
for _code, _ja, _en, _area in PREFECTURES:
    for _key in (_code, str(int(_code)), _ja, _ja[:-1] if _ja[-1] in "都府県" else _ja, _en.lower(),
                 f"{_en.lower()} prefecture", f"{_en.lower()}-ken"):
        _BY_KEY[_key] = _code
_BY_KEY["tokyo-to"] = "13"
_BY_KEY["osaka-fu"] = "27"
_BY_KEY["kyoto-fu"] = "26"
_BY_KEY["東京"] = "13"

NAME_JA = {c: ja for c, ja, _, _ in PREFECTURES}
NAME_EN = {c: en for c, _, en, _ in PREFECTURES}
MAIN_AREA = {c: a for c, _, _, a in PREFECTURES}


def pref_code(value: object) -> str | None:
    """Return the two-digit JIS code for a prefecture given as a code, a Japanese or an English name.

    >>> pref_code("千葉県"), pref_code("chiba"), pref_code(12), pref_code("１２")
    ('12', '12', '12', '12')
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.endswith(".0"):
        text = text[:-2]
    key = text.lower()
    if key.isdigit():
        key = key.zfill(2)
        return key if key in NAME_JA else None
    return _BY_KEY.get(key) or _BY_KEY.get(text)
