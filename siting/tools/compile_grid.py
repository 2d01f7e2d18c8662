"""Compile the bundled grid and supply layers of ``geodata/`` from the shared reference data.

Regenerates, deterministically, from ``<shared>/data`` and ``<shared>/facts``::

    geodata/prefectures.geojson          47 prefectures (MLIT N03 via SmartNews) + main grid area
    geodata/grid_areas.geojson           10 grid areas dissolved from prefectures / municipalities
    geodata/interconnectors.csv          inter-area links, one row per facility
    geodata/substations.geojson          named OSM substations >= 154 kV with a MODELLED demand headroom
    geodata/lines.geojson                OSM high-voltage lines >= 154 kV (straight 2-point segments)
    geodata/reinforcements.csv           reinforcement steps per voltage class (calibrated estimates)
    geodata/decarbonised_supply.geojson  nuclear units, geothermal, large hydro, offshore wind zones

Usage (from the repository root)::

    python -m siting.tools.compile_grid [SHARED_ROOT] [--out geodata]

``SHARED_ROOT`` defaults to ``../shared`` relative to the repository root. Every hand-compiled constant
(free fractions, transformer sizes, reinforcement steps, status mappings, year estimates) is in a commented
table below with its source; ``geodata/README.md`` documents the outputs.
"""

from __future__ import annotations

import argparse
import math
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from siting.layers.japan import MAIN_AREA
from siting.layers.schema import AREA_FREQUENCY_HZ, GRID_AREAS

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Projected CRS for distances and buffers: JGD2011 / UTM zone 53N (the tool's WORK_CRS).
METRIC_CRS = "EPSG:6690"
#: Output coordinates are rounded to 4 decimals (~11 m), enough for national siting maps.
GRID_SIZE_DEG = 1e-4

# --------------------------------------------------------------------------------------------------------
# Licences and attribution
# --------------------------------------------------------------------------------------------------------
MLIT_LICENCE = ("MLIT 国土数値情報 N03 (CC BY 4.0 compatible); "
                "出典：国土数値情報（行政区域データ）（国土交通省）")
OSM_LICENCE = ("ODbL 1.0 © OpenStreetMap contributors; topology by ComplexNetTSP/Power_grids "
               "(doi:10.5281/zenodo.250427)")
OSM_SOURCE = ("OpenStreetMap (2016/17 snapshot) via https://github.com/ComplexNetTSP/Power_grids "
              "Countries/Japan (commit 86f942c), doi:10.5281/zenodo.250427")
GEONUCLEAR_LICENCE = "GeoNuclearData © Cristian Stoica, ODbL 1.0 / DbCL 1.0 (site coordinates, net capacity)"
FACTS_LICENCE = "facts from the cited public sources (see source); compiled for wattbit-siting"

# --------------------------------------------------------------------------------------------------------
# Grid areas: municipalities whose service area differs from their prefecture's main area (MAIN_AREA).
# Service areas follow the general T&D operators' 供給区域 at municipality resolution:
#   Shizuoka: Fuji River boundary, Fuji city, Fujinomiya and everything east -> Tokyo (TEPCO PG);
#   Fukui: Reinan west of Tsuruga (Mihama, Wakasa, Obama, Oi, Takahama) -> Kansai (Tsuruga stays Hokuriku);
#   Mie: Minami-Muro district (Mihama-cho, Kiho) -> Kansai.
# Not resolved at municipality level (left in the prefecture's main area): parts of Kumano (Mie, Kansai),
# Kamioka in Hida city (Gifu, Hokuriku), Imasu in Sekigahara (Gifu, Kansai), Fukura in Ako (Hyogo, Chugoku).
# --------------------------------------------------------------------------------------------------------
MUNI_AREA_OVERRIDES: dict[str, str] = {
    # Shizuoka east of the Fuji River -> Tokyo
    "22203": "Tokyo",  # 沼津市
    "22205": "Tokyo",  # 熱海市
    "22206": "Tokyo",  # 三島市
    "22207": "Tokyo",  # 富士宮市
    "22208": "Tokyo",  # 伊東市
    "22210": "Tokyo",  # 富士市 (its small part west of the river, ex-Fujikawa, is Chubu in reality)
    "22215": "Tokyo",  # 御殿場市
    "22219": "Tokyo",  # 下田市
    "22220": "Tokyo",  # 裾野市
    "22222": "Tokyo",  # 伊豆市
    "22225": "Tokyo",  # 伊豆の国市
    "22301": "Tokyo",  # 東伊豆町
    "22302": "Tokyo",  # 河津町
    "22304": "Tokyo",  # 南伊豆町
    "22305": "Tokyo",  # 松崎町
    "22306": "Tokyo",  # 西伊豆町
    "22325": "Tokyo",  # 函南町
    "22341": "Tokyo",  # 清水町
    "22342": "Tokyo",  # 長泉町
    "22344": "Tokyo",  # 小山町
    # Fukui Reinan -> Kansai
    "18204": "Kansai",  # 小浜市
    "18442": "Kansai",  # 美浜町
    "18481": "Kansai",  # 高浜町
    "18483": "Kansai",  # おおい町
    "18501": "Kansai",  # 若狭町
    # southern Mie -> Kansai
    "24561": "Kansai",  # 御浜町
    "24562": "Kansai",  # 紀宝町
}
GRID_AREA_NAME_JA: dict[str, str] = {
    "Hokkaido": "北海道", "Tohoku": "東北", "Tokyo": "東京", "Chubu": "中部", "Hokuriku": "北陸",
    "Kansai": "関西", "Chugoku": "中国", "Shikoku": "四国", "Kyushu": "九州", "Okinawa": "沖縄",
}
#: The general T&D operator of each area; used as substation operator where OSM has none (marked estimated).
AREA_TSO: dict[str, str] = {
    "Hokkaido": "北海道電力ネットワーク", "Tohoku": "東北電力ネットワーク", "Tokyo": "東京電力パワーグリッド",
    "Chubu": "中部電力パワーグリッド", "Hokuriku": "北陸電力送配電", "Kansai": "関西電力送配電",
    "Chugoku": "中国電力ネットワーク", "Shikoku": "四国電力送配電", "Kyushu": "九州電力送配電",
    "Okinawa": "沖縄電力",
}

# --------------------------------------------------------------------------------------------------------
# Substations and the MODELLED demand headroom.  No public figure exists for demand headroom (the TSOs
# publish generator-side 空容量 only), so:
#     headroom_mw = transformer_mw(voltage class) x free_fraction(area) x kind_factor,
#     0 within INZAI_RADIUS_KM of Inzai, rounded to the nearest 5 MW (halves up).
# --------------------------------------------------------------------------------------------------------
#: Typical firm transformer capacity of a substation by voltage class (class = largest key <= voltage_kv).
#: 500/275/220/154 kV from the project brief (typical EHV bank sizes: 500 kV 1,500 MVA, 275 kV 2 x 300 MVA,
#: 220 kV 2 x 225-300 MVA, 154 kV 2 x 100-200 MVA); 187 kV (Hokkaido, Shikoku, Tohoku) interpolated here.
TRANSFORMER_MW: dict[int, float] = {154: 200.0, 187: 300.0, 220: 450.0, 275: 600.0, 500: 1500.0}
#: Fraction of that capacity free for new demand, by area, reflecting queue pressure (domain.md §1.3):
#: Tokyo 9.27 GW of EHV demand applications FY2025-29 (16 % of its peak), >100 GW of pre-studies and
#: ~40 DCs (~2.5 GW) waiting in Inzai/Shiroi -> very scarce; Kansai has the second DC cluster (Minoh, Ikoma;
#: >JPY 150 bn of new substations); Chubu and Kyushu moderate; the rest have little DC demand queued.
#: Okinawa is an isolated small system (no interconnector) -> low.
FREE_FRACTION: dict[str, float] = {
    "Tokyo": 0.05, "Kansai": 0.15, "Chubu": 0.20, "Kyushu": 0.25, "Tohoku": 0.30, "Hokkaido": 0.30,
    "Chugoku": 0.30, "Shikoku": 0.30, "Hokuriku": 0.30, "Okinawa": 0.10,
}
#: Inzai (Chiba): the queue there exceeds all announced supply (535 MW published vs ~2.5 GW queued).
INZAI_LONLAT = (140.16, 35.78)
INZAI_RADIUS_KM = 10.0
#: Stations that have no load-serving transformers get no headroom (kind_factor 0): switching stations,
#: frequency/AC-DC converter stations, power-station switchyards.  Matched on the Japanese name.
STATION_KINDS: tuple[tuple[str, str, float], ...] = (
    # (kind, name regex, kind_factor)
    ("converter", r"変換所|周波数変換|交直変換|FC", 0.0),
    ("switching", r"開閉所|開閉塔|開閉站", 0.0),
    ("cable_head", r"ケーブルヘッド", 0.0),
    ("power_station", r"発電所|原子力|火力", 0.0),
    ("substation", r".*", 1.0),
)
#: Customer-owned substations (railway traction, waterworks) are not grid connection points: dropped.
NON_GRID_OPERATORS = r"JR|ＪＲ|鉄道|電鉄|旅客鉄道|Railway|モノレール|水道局"
#: Generic station words; a name that is nothing but these identifies no station and is dropped.
GENERIC_NAME = r"変電所|開閉所|変換所|発電所|\s"
#: Same-name nodes closer than this are one substation (OSM node + area mapped twice).
DEDUP_RADIUS_KM = 5.0
MIN_VOLTAGE_KV = 154.0

# --------------------------------------------------------------------------------------------------------
# Reinforcement steps per voltage class (no OCCTO unit-cost table was obtainable; calibrated on project
# totals in shared/facts/grid_costs.csv and domain.md §2.1).  Anchors:
#   A1  TEPCO PG 18 large substations JPY 470 bn / 5 yr -> <= JPY 26 bn per substation incl. lines (derived)
#   A2  Kansai T&D 4 substations (Minoh, Ikoma ...) > JPY 150 bn for +30 % capacity, 2027-29 -> JPY 37.5 bn
#       each; with an assumed ~3,000 MW per large Kansai substation, +30 % = +900 MW -> ~JPY 40,000 per kW
#   A3  TEPCO PG Inzai substations + network JPY 220 bn for 1.1 -> 2.3 GW = +1,200 MW (JPY 183,000 per kW)
#   A4  275 kV overhead ~JPY 0.5 bn/km incl. land (derived, commentator estimate)
#   L1  transformer delivery 140-160 weeks (US benchmark) ~ 3 yr;  L2 Chiba-nishi new EHV substation with a
#       10 km cable tunnel 4.75 yr (fast-tracked);  L3 Echigo 3 transformers + 2 lines uprated to 500 kV
#       5.5 yr;  L4 Inzai EHV substation "up to 8 yr" normally.
# Rules: step 1 adds one bank = half the class transformer capacity at JPY 40,000/kW (A2);
#        step 2 is a new substation of the class sized at the class capacity, cost A1 x sqrt(class_mw/600)
#        (economy of scale, exponent assumed), or for 500 kV an Echigo-type expansion (+1,500 MW at A2 rate);
#        step 3 is an Inzai-type new 500 kV injection substation and network (A3, L4).
# --------------------------------------------------------------------------------------------------------
BANK_JPY_PER_KW = 40_000.0          # A2 (derived)
NEW_SUBSTATION_JPY = 26e9           # A1 (derived), a 275 kV-class station of 600 MW incl. lines
INZAI_ADDED_MW, INZAI_JPY, INZAI_LEAD_YEARS = 1200.0, 220e9, 8.0  # A3, L4
BANK_LEAD_YEARS: dict[int, float] = {154: 3.0, 187: 3.0, 220: 3.5, 275: 3.5, 500: 4.0}  # L1 + installation
NEW_SUBSTATION_LEAD_YEARS: dict[int, float] = {154: 4.0, 187: 4.5, 220: 4.5, 275: 4.75, 500: 5.5}  # L2, L3
GRID_COST_SOURCES = {
    "A1": "https://jakotaindex.com/news-hub/tepco-to-invest-3-24-billion-in-grid-expansion-to-meet-rising-demand-from-data-centers",
    "A2": "https://climateerinvest.blogspot.com/2025/07/japans-utilities-pour-billions-into.html",
    "A3": "https://japannews.yomiuri.co.jp/business/companies/20250731-273001/",
    "L1": "https://www.landgate.com/news/the-new-prize-in-the-data-center-race-isn-t-land-it-s-land-next-to-power",
    "L2": "https://news-pic.com/news/business/article-211446",
    "L3": "https://www.niigata-nippo.co.jp/articles/-/625405",
    "L4": "https://news-pic.com/news/business/article-211446 ; https://shinchonews.com/business/19604.html",
}

# --------------------------------------------------------------------------------------------------------
# Decarbonised supply
# --------------------------------------------------------------------------------------------------------
#: Capacity factors (modelled estimates): nuclear 0.8 (Japanese PWR/BWR fleet after restart, assumed),
#: geothermal 0.7, conventional hydro 0.35, offshore wind 0.33 (project brief).
CAPACITY_FACTOR = {"nuclear": 0.80, "geothermal": 0.70, "hydro": 0.35, "wind": 0.33}
#: Nuclear status text (facts `status`) -> schema status; first match wins.
NUCLEAR_STATUS_RULES: tuple[tuple[str, str], ...] = (
    (r"construction", "planned"),                 # under construction / construction suspended
    (r"^restarted|^operating", "operating"),      # restarted since 2015
    (r"restart-pending|suspended|rejected|不許可|review", "restart-pending"),
)
#: Expected first year for units that have not restarted (modelled estimates, marked in `estimated`):
#: approved by the NRA -> operator target or 2030; no approval (under review, review halted, suspended without
#: review, rejected) -> 2035; under construction -> 2035; Higashidori (TEPCO) 1 construction suspended -> unknown.
NUCLEAR_ONLINE_ESTIMATE: dict[tuple[str, int], int | None] = {
    ("Tomari", 3): 2027,               # NRA approval 2025-07, governor consent 2025-12, operator targets early 2027
    ("Kashiwazaki-Kariwa", 7): 2029,   # NRA approval 2017-12; expected after unit 6
    ("Tokai No.2", 1): 2030,           # NRA approval 2018-07; seawall works and local consent outstanding
    ("Higashidori (TEPCO)", 1): None,  # construction suspended since 2011
}
NUCLEAR_ONLINE_DEFAULT = 2035
#: Restart years for operating units whose status text gives none (general knowledge; marked estimated).
NUCLEAR_RESTART_YEAR_FALLBACK: dict[tuple[str, int], int] = {
    ("Ohi", 3): 2018, ("Ohi", 4): 2018, ("Genkai", 3): 2018, ("Genkai", 4): 2018,
}
#: Higashidori (TEPCO) 1 has no PRIS net capacity; the OSM tag gives 1,385 MW per ABWR unit (estimate).
NUCLEAR_CAPACITY_FALLBACK_MW: dict[tuple[str, int], float] = {("Higashidori (TEPCO)", 1): 1385.0}
#: Commissioning years of geothermal / hydro plants (general knowledge unless the facts give one: Wasabizawa
#: 2019, Shin-Ojiya 1990, Ojiya 1951, Senju 1939); marked estimated where not in the facts table.
PLANT_ONLINE_YEAR: dict[str, tuple[int, bool]] = {
    "Mori": (1982, True), "Kakkonda": (1978, True), "Matsukawa": (1966, True), "Appi": (2024, True),
    "Onikobe": (1975, True), "Sumikawa": (1995, True), "Onuma": (1974, True), "Uenotai": (1994, True),
    "Wasabizawa": (2019, False), "Yanaizu-Nishiyama": (1995, True), "Hatchobaru": (1977, True),
    "Otake": (1967, True), "Takigami": (1996, True), "Ogiri": (1996, True), "Yamagawa": (1995, True),
    "Okutadami": (1960, True), "Tagokura": (1959, True), "Sakuma": (1956, True), "Kurobe No.4": (1961, True),
    "Shin-Ojiya": (1990, False), "Otori": (1963, True), "Ojiya": (1951, False), "Senju": (1939, False),
}
#: Plants not yet confirmed in operation whose status is itself an estimate.
PLANT_STATUS_ESTIMATED = {"Appi"}   # construction from 2019-08, operation targeted 2024 (start not verified)
#: Plants that feed another area's network than the one they stand in (facts notes).
SUPPLY_AREA_OVERRIDES: dict[str, str] = {"Kurobe No.4": "Kansai"}
#: Offshore wind CODs where the facts give none or the plan has slipped (modelled estimates).
WIND_COD_ESTIMATE: dict[str, int] = {
    "Off Murakami City and Tainai City": 2030,  # offshore works delayed 1 year, COD unclear (plan 2029-06)
}
WIND_COD_BY_ROUND: dict[str, int] = {
    "Round 1": 2032,               # consortium withdrew 2025-08; re-tender 2026 + ~6 yr to COD
    "Round 4 (expected)": 2033,    # designated 2025-07, tender pending
}
PREF_EN_TO_CODE: dict[str, str] = {}   # filled from the prefecture file at run time


# ========================================================================================================
# helpers
# ========================================================================================================
def _on_grid(geoms: np.ndarray) -> np.ndarray:
    """Snap to the 4-decimal grid keeping geometries valid (shapely set_precision, valid output)."""
    return shapely.set_precision(geoms, GRID_SIZE_DEG)


def _polygonal(geom: shapely.Geometry, min_area: float = 0.0) -> shapely.Geometry:
    """Keep only the polygon parts (make_valid may return collections), dropping slivers below min_area."""
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom))
             if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p) if q.area > min_area]
    return shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]


def _max_kv(text: pd.Series) -> pd.Series:
    """Highest voltage in kV of OSM ';'-lists of volts ('275000;154000' -> 275.0); NaN if none."""
    volts = pd.to_numeric(text.fillna("").astype(str).str.split(";").explode().str.strip(), errors="coerce")
    return (volts.groupby(level=0).max() / 1000.0).reindex(text.index)


def _round5(mw: pd.Series) -> pd.Series:
    return np.floor(mw / 5.0 + 0.5) * 5.0


def _slug(text: pd.Series) -> pd.Series:
    return (text.str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-"))


def _join_estimated(flags: dict[str, pd.Series], index: pd.Index) -> pd.Series:
    """Comma-joined names of the columns flagged True per row; None where no column is estimated."""
    frame = pd.DataFrame({k: v.reindex(index).fillna(False).astype(bool) for k, v in flags.items()}, index=index)
    joined = frame.apply(lambda r: ",".join(c for c in frame.columns if r[c]), axis=1) if len(frame.columns) \
        else pd.Series("", index=index)
    return joined.where(joined != "", None)


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write RFC 7946 GeoJSON (lon/lat WGS 84, no crs member) with 4-decimal coordinates."""
    frame = frame.to_crs("EPSG:4326")
    if path.exists():
        path.unlink()
    frame.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=4,
                  WRITE_NAME="NO")


# ========================================================================================================
# boundaries
# ========================================================================================================
def build_prefectures(shared: Path) -> gpd.GeoDataFrame:
    pref = gpd.read_file(shared / "data/japan-boundaries/prefectures_s0010.geojson").sort_values("pref_code")
    geoms = _on_grid(pref.geometry.values)
    geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
    out = gpd.GeoDataFrame({
        "pref_code": pref["pref_code"].values,
        "name_ja": pref["name_ja"].values,
        "name_en": pref["name_en"].values,
        "grid_area": pref["pref_code"].map(MAIN_AREA).values,
        "licence": MLIT_LICENCE,
        "estimated": None,
    }, geometry=geoms, crs="EPSG:4326")
    PREF_EN_TO_CODE.update(dict(zip(out.name_en, out.pref_code, strict=True)))
    return out


def _split_prefecture(p_geom: shapely.Geometry, munis: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cut one prefecture polygon (1 % simplification) into grid-area parts along municipality borders.

    The municipalities (0.1 % simplification) cover the prefecture only roughly: each area gets
    P ∩ union(its municipalities), and every leftover piece of P (coastal slivers, small gaps between the two
    simplifications) goes to the area of the municipality nearest to the piece's representative point.
    """
    munis = munis.assign(geometry=_on_grid(munis.geometry.values))
    by_area = munis.dissolve(by="grid_area")
    inside = gpd.GeoDataFrame({"area": by_area.index.values},
                              geometry=shapely.intersection(p_geom, by_area.geometry.values), crs="EPSG:4326")
    leftover = shapely.get_parts(shapely.difference(p_geom, shapely.union_all(munis.geometry.values)))
    leftover = leftover[shapely.get_type_id(leftover) == 3]            # polygons only
    left = gpd.GeoDataFrame(geometry=leftover, crs="EPSG:4326")
    probe = gpd.GeoDataFrame(geometry=left.representative_point(), crs="EPSG:4326").to_crs(METRIC_CRS)
    near = gpd.sjoin_nearest(probe, munis[["grid_area", "geometry"]].to_crs(METRIC_CRS), how="left")
    left["area"] = near[~near.index.duplicated(keep="first")]["grid_area"]
    return pd.concat([inside, left], ignore_index=True)


def build_grid_areas(shared: Path, prefectures: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve prefectures into grid areas; split Shizuoka, Fukui and Mie along municipality borders."""
    muni = gpd.read_file(shared / "data/japan-boundaries/municipalities_s0001.geojson")
    muni["grid_area"] = muni["muni_code"].map(MUNI_AREA_OVERRIDES).fillna(muni["pref_code"].map(MAIN_AREA))
    split_codes = sorted({c[:2] for c in MUNI_AREA_OVERRIDES})
    whole = prefectures[~prefectures.pref_code.isin(split_codes)]
    pieces = [gpd.GeoDataFrame({"area": whole.grid_area.values}, geometry=whole.geometry.values, crs="EPSG:4326")]
    for code in split_codes:
        p_geom = prefectures.loc[prefectures.pref_code == code].geometry.iloc[0]
        pieces.append(_split_prefecture(p_geom, muni[muni.pref_code == code]))
    parts = pd.concat(pieces, ignore_index=True)
    dissolved = parts.dissolve(by="area")
    geoms = _on_grid(dissolved.geometry.values)
    geoms = np.array([_polygonal(g, min_area=1e-7) for g in geoms], dtype=object)
    out = gpd.GeoDataFrame({
        "area": dissolved.index.values,
        "frequency_hz": [AREA_FREQUENCY_HZ[a] for a in dissolved.index],
        "name_ja": [GRID_AREA_NAME_JA[a] for a in dissolved.index],
        "licence": MLIT_LICENCE,
        "estimated": "geometry",
        "notes": "service-area boundary approximated at municipality level (MLIT N03 2021 boundaries); "
                 "see geodata/README.md for the municipalities moved between areas",
    }, geometry=geoms, crs="EPSG:4326")
    out["order"] = out["area"].map({a: i for i, a in enumerate(GRID_AREAS)})
    return out.sort_values("order").drop(columns="order").reset_index(drop=True)


# ========================================================================================================
# interconnectors
# ========================================================================================================
def build_interconnectors(shared: Path) -> pd.DataFrame:
    """One row per facility. Planned totals in the facts become additions: added = planned total − today.

    Dropped: the OCCTO Master Plan 6 GW Hokkaido–Honshu concept row (a 2050 concept, not a project, whose
    2 GW Japan Sea part is already its own row; its far end 'Tohoku/Tokyo' is not one area).
    """
    ic = pd.read_csv(shared / "facts/interconnectors.csv")
    ic = ic[ic.from_area.isin(GRID_AREAS) & ic.to_area.isin(GRID_AREAS)].copy()
    ic["year"] = pd.to_numeric(ic.planned_year.astype(str).str.extract(r"((?:19|20)\d\d)")[0], errors="coerce")
    planned_total = pd.to_numeric(ic.planned_capacity_mw, errors="coerce")
    # Shin-Kitahon's planned figure is the Hokkaido–Tohoku pair total (900 -> 1,200 MW).
    pair_total = ic.name.str.contains("Shin-Kitahon")
    pair_today = ic.groupby(["from_area", "to_area"]).capacity_mw.transform("sum")
    base = ic.capacity_mw.where(~pair_total, pair_today)
    added = (planned_total - base).where(planned_total.notna())
    # id: areas + the facility's name up to its first bracket or '+', at most 5 words
    short = _slug(ic.name.str.split(r"\s*[(+]", regex=True).str[0]).str.split("-").str[:5].str.join("-")
    slug = _slug(ic.from_area) + "-" + _slug(ic.to_area) + "-" + short
    notes = (ic.type + "; owner " + ic.owner.fillna("n/a") + "; capacity basis: " + ic.capacity_basis.fillna("")
             + ic.planned_note.fillna("").map(lambda s: f"; plan: {s}" if s else "")
             + ic.notes.fillna("").map(lambda s: f"; {s}" if s else "")
             + "; confidence " + ic.confidence)
    estimated = pd.Series(None, index=ic.index, dtype=object)
    estimated[ic.notes.fillna("").str.contains("general knowledge")] = "capacity_mw"
    out = pd.DataFrame({
        "interconnector_id": "ic-" + slug,
        "name": ic.name + " / " + ic.name_ja,
        "from_area": ic.from_area,
        "to_area": ic.to_area,
        "capacity_mw": ic.capacity_mw.astype(float),
        "planned_added_mw": added,
        "planned_year": ic.year.astype("Int64"),
        "source": ic.source,
        "notes": notes,
        "licence": FACTS_LICENCE,
        "estimated": estimated,
    })
    return out.reset_index(drop=True)


# ========================================================================================================
# substations and lines (OSM via ComplexNetTSP/Power_grids)
# ========================================================================================================
def _area_of_points(points: gpd.GeoDataFrame, grid_areas: gpd.GeoDataFrame, max_km: float = 25.0) -> pd.Series:
    """Grid area by point-in-polygon; coastal points just outside the simplified coast take the nearest area."""
    pts = points[[points.geometry.name]].to_crs(METRIC_CRS)
    polys = grid_areas[["area", "geometry"]].to_crs(METRIC_CRS)
    hit = gpd.sjoin_nearest(pts, polys, how="left", max_distance=max_km * 1000, distance_col="dist_m")
    hit = hit[~hit.index.duplicated(keep="first")]
    return hit["area"].reindex(points.index)


def build_substations(shared: Path, grid_areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    osm = shared / "data/japan-grid-osm"
    nodes = gpd.read_file(osm / "heuristic_nodes.geojson")      # superset of highvoltage_nodes (same v_id)
    lines = pd.concat([gpd.read_file(osm / f) for f in ("highvoltage_lines.geojson", "heuristic_lines.geojson")])
    lines = lines.drop_duplicates("l_id")
    st = nodes[nodes.typ.isin(["substation", "sub_station", "station"]) & nodes.name.notna()].copy()

    # voltage: OSM tag, else the highest voltage of the lines ending at the node (marked estimated)
    st["v_tag"] = _max_kv(st.voltage)
    ends = pd.concat([lines[["v_id_1", "voltage"]].rename(columns={"v_id_1": "v_id"}),
                      lines[["v_id_2", "voltage"]].rename(columns={"v_id_2": "v_id"})], ignore_index=True)
    ends["kv"] = _max_kv(ends.voltage)
    st["v_lines"] = st.v_id.map(ends.groupby("v_id").kv.max())
    st["voltage_kv"] = st.v_tag.fillna(st.v_lines)
    st["voltage_estimated"] = st.v_tag.isna() & st.v_lines.notna()
    st = st[st.voltage_kv >= MIN_VOLTAGE_KV]
    st = st[~st.operator.fillna("").str.contains(NON_GRID_OPERATORS, regex=True)]

    # names: 'X変電所 (X Hendensho)' -> name 'X変電所', name_en 'X Hendensho'
    raw = st.name.map(lambda s: unicodedata.normalize("NFKC", s).strip())
    latin = raw.str.extract(r"\(([A-Za-z][^()]*)\)\s*$")[0]
    st["name_clean"] = raw.str.replace(r"\s*\([A-Za-z][^()]*\)\s*$", "", regex=True).str.strip()
    st["name_en"] = latin.str.strip()
    # drop names that identify nothing: no letters, or only a generic word ('変電所', '開閉所')
    specific = st.name_clean.str.replace(GENERIC_NAME, "", regex=True)
    st = st[specific.str.contains(r"[^\W\d_]", regex=True)]

    # deduplicate same-name nodes within DEDUP_RADIUS_KM: keep the tagged, highest-voltage, lowest-id one
    st = st.sort_values(["voltage_estimated", "voltage_kv", "v_id"], ascending=[True, False, True])
    st["rank"] = np.arange(len(st))
    m = st[["v_id", "name_clean", "rank", "geometry"]].to_crs(METRIC_CRS)
    pairs = gpd.sjoin(m, m.assign(geometry=m.buffer(DEDUP_RADIUS_KM * 1000)), predicate="within")
    dup = pairs[(pairs.name_clean_left == pairs.name_clean_right) & (pairs.rank_right < pairs.rank_left)]
    st = st[~st.v_id.isin(dup.v_id_left)]

    st["grid_area"] = _area_of_points(st, grid_areas)
    st = st[st.grid_area.notna()]
    freq = pd.to_numeric(st.frequency.astype(str).str.split(";").str[0], errors="coerce")
    st["freq_mismatch"] = freq.notna() & (freq != st.grid_area.map(AREA_FREQUENCY_HZ))

    # headroom (MODELLED): class transformer MW x area free fraction x station-kind factor; Inzai -> 0
    classes = np.array(sorted(TRANSFORMER_MW))
    cls = classes[np.searchsorted(classes, st.voltage_kv.to_numpy(), side="right") - 1]
    st["voltage_class_kv"] = cls
    kind = pd.Series("substation", index=st.index)
    factor = pd.Series(np.nan, index=st.index)
    for name, rx, f in STATION_KINDS:
        hit = factor.isna() & st.name_clean.str.contains(rx, regex=True)
        kind[hit], factor[hit] = name, f
    st["station_kind"] = kind
    x, y = gpd.GeoSeries(gpd.points_from_xy([INZAI_LONLAT[0]], [INZAI_LONLAT[1]]), crs="EPSG:4326") \
        .to_crs(METRIC_CRS).iloc[0].coords[0]
    dist_inzai_km = st.to_crs(METRIC_CRS).distance(shapely.Point(x, y)) / 1000.0
    base_mw = pd.Series(cls, index=st.index).map(TRANSFORMER_MW)
    headroom = _round5(base_mw * st.grid_area.map(FREE_FRACTION) * factor)
    st["headroom_mw"] = headroom.where(dist_inzai_km > INZAI_RADIUS_KM, 0.0)

    operator = st.operator.where(st.operator.notna(), st.grid_area.map(AREA_TSO))
    estimated = _join_estimated({"voltage_kv": st.voltage_estimated, "headroom_mw": pd.Series(True, st.index),
                                 "operator": st.operator.isna()}, st.index)
    out = gpd.GeoDataFrame({
        "substation_id": "osm-" + st.v_id.astype(str),
        "name": st.name_clean,
        "name_en": st.name_en,
        "voltage_kv": st.voltage_kv.astype(float),
        "area": st.grid_area,
        "headroom_mw": st.headroom_mw.astype(float),
        "headroom_is_estimate": True,
        "operator": operator,
        "station_kind": st.station_kind,
        "frequency_hz_osm": freq.astype("Int64"),
        "source": OSM_SOURCE + " node " + st.v_id.astype(str) + "; headroom_mw modelled (geodata/README.md)",
        "licence": OSM_LICENCE,
        "estimated": estimated,
    }, geometry=_on_grid(st.geometry.values), crs="EPSG:4326")
    mism = st[st.freq_mismatch]
    if len(mism):
        print(f"  note: {len(mism)} substations whose OSM frequency tag disagrees with their area: "
              + ", ".join(f"{n} ({a})" for n, a in zip(mism.name_clean, mism.grid_area, strict=True)))
    return out.sort_values("substation_id", key=lambda s: s.str[4:].astype(int)).reset_index(drop=True)


def build_lines(shared: Path) -> gpd.GeoDataFrame:
    hv = gpd.read_file(shared / "data/japan-grid-osm/highvoltage_lines.geojson")
    hv["voltage_kv"] = _max_kv(hv.voltage)
    hv = hv[hv.voltage_kv >= MIN_VOLTAGE_KV].copy()
    geoms = _on_grid(hv.geometry.values)
    keep = ~shapely.is_empty(geoms) & (shapely.length(geoms) > 0)
    hv, geoms = hv[keep], geoms[keep]
    out = gpd.GeoDataFrame({
        "line_id": "osm-" + hv.l_id.astype(str),
        "voltage_kv": hv.voltage_kv.astype(float),
        "name": hv.name,
        "operator": hv.operator,
        "length_km": (hv.length_m / 1000.0).round(2),
        "source": OSM_SOURCE + " link " + hv.l_id.astype(str) + " (straight segment between end nodes)",
        "licence": OSM_LICENCE,
        "estimated": None,
    }, geometry=geoms, crs="EPSG:4326")
    return out.sort_values("line_id", key=lambda s: s.str[4:].astype(int)).reset_index(drop=True)


# ========================================================================================================
# reinforcements
# ========================================================================================================
def build_reinforcements() -> pd.DataFrame:
    rows = []
    src = GRID_COST_SOURCES
    for kv, class_mw in sorted(TRANSFORMER_MW.items()):
        bank_mw = class_mw / 2.0
        rows.append(dict(
            voltage_kv=float(kv), step=1, added_mw=bank_mw, cost_jpy=bank_mw * 1000 * BANK_JPY_PER_KW,
            lead_time_years=BANK_LEAD_YEARS[kv],
            description=(f"Add one {kv} kV transformer bank at the existing substation: +{bank_mw:.0f} MW "
                         f"(half the assumed {class_mw:.0f} MW firm capacity of a {kv} kV station). Cost = "
                         f"{bank_mw:.0f} MW x JPY 40,000/kW, the rate derived from Kansai T&D's 4-substation "
                         f"programme (> JPY 150 bn for +30 % capacity, assumed ~3,000 MW per substation). Lead "
                         f"time = transformer delivery 140-160 weeks (~3 yr) plus installation."),
            source=f"{src['A2']} ; {src['L1']}",
            estimated="added_mw,cost_jpy,lead_time_years"))
        if kv == 500:
            step2 = dict(added_mw=1500.0, cost_jpy=1500.0 * 1000 * BANK_JPY_PER_KW,
                         description=("Echigo-type expansion of the 500 kV substation: 2-3 more 500 kV banks and "
                                      "500 kV circuits added/uprated: +1,500 MW at JPY 40,000/kW (Kansai-derived "
                                      "rate). Lead time 5.5 yr = Tohoku NW Echigo (3 transformers + 2 lines "
                                      "uprated to 500 kV, works 2025-05 -> service 2030-11)."),
                         source=f"{src['A2']} ; {src['L3']}", estimated="added_mw,cost_jpy,lead_time_years")
        else:
            cost = round(NEW_SUBSTATION_JPY * math.sqrt(class_mw / 600.0) / 0.5e9) * 0.5e9
            step2 = dict(added_mw=class_mw, cost_jpy=cost,
                         description=(f"New {kv} kV substation with its line connection (~10 km loop-in), sized "
                                      f"at the class capacity {class_mw:.0f} MW. Cost = JPY 26 bn x "
                                      f"sqrt({class_mw:.0f}/600) rounded to JPY 0.5 bn; JPY 26 bn = TEPCO PG's "
                                      f"JPY 470 bn for 18 large substations incl. lines (derived); the square "
                                      f"root is an assumed economy of scale. Lead time: Chiba-nishi new EHV "
                                      f"substation took 4.75 yr (decided 2019-09, energised 2024), smaller "
                                      f"classes assumed shorter."),
                         source=f"{src['A1']} ; {src['L2']}",
                         estimated="added_mw,cost_jpy,lead_time_years")
        rows.append(dict(voltage_kv=float(kv), step=2, lead_time_years=NEW_SUBSTATION_LEAD_YEARS[kv], **step2))
        rows.append(dict(
            voltage_kv=float(kv), step=3, added_mw=INZAI_ADDED_MW, cost_jpy=INZAI_JPY,
            lead_time_years=INZAI_LEAD_YEARS,
            description=("Inzai-type new 500 kV injection substation, trunk connection and downstream network: "
                         "TEPCO PG's Inzai programme, JPY 220 bn for supply capacity 1.1 GW (2022) -> 2.3 GW "
                         "(2027) = +1,200 MW (JPY 183,000/kW). Lead time 8 yr = the normal lead time quoted for "
                         "an Inzai EHV substation (built in ~half that with a cable tunnel)."),
            source=f"{src['A3']} ; {src['L4']}",
            # a programme total applied to one generic step: all three numbers are modelled
            estimated="added_mw,cost_jpy,lead_time_years"))
    out = pd.DataFrame(rows)
    out.insert(0, "substation_id", None)
    out["licence"] = FACTS_LICENCE
    return out[["substation_id", "voltage_kv", "step", "added_mw", "cost_jpy", "lead_time_years", "description",
                "source", "licence", "estimated"]]


# ========================================================================================================
# decarbonised supply
# ========================================================================================================
def _nuclear(shared: Path) -> gpd.GeoDataFrame:
    nu = pd.read_csv(shared / "facts/nuclear_units.csv")
    key = list(zip(nu.plant_name_en, nu.unit, strict=True))
    status = pd.Series(None, index=nu.index, dtype=object)
    for rx, value in NUCLEAR_STATUS_RULES:
        status = status.where(status.notna(), pd.Series(value, index=nu.index).where(
            nu.status.str.contains(rx, case=False, regex=True)))
    if status.isna().any():
        raise ValueError(f"unmapped nuclear status: {nu.status[status.isna()].tolist()}")
    # 'restarted 2021', 'restarted: reactor restarted 2024-10-29'; not 'restarted under post-2011 rules'
    restart = pd.to_numeric(nu.status.str.extract(r"restarted\s+((?:19|20)\d\d)")[0], errors="coerce")
    fallback = pd.Series([NUCLEAR_RESTART_YEAR_FALLBACK.get(k) for k in key], index=nu.index, dtype="float")
    pending = pd.Series([NUCLEAR_ONLINE_ESTIMATE.get(k, NUCLEAR_ONLINE_DEFAULT) for k in key], index=nu.index,
                        dtype="float")
    operating = status == "operating"
    online = restart.where(operating).fillna(fallback.where(operating))
    online = online.where(operating, pending)
    online_est = (~operating) | (operating & restart.isna())
    cap_fb = pd.Series([NUCLEAR_CAPACITY_FALLBACK_MW.get(k) for k in key], index=nu.index, dtype="float")
    capacity = nu.capacity_mw.fillna(cap_fb)
    osm_coords = nu.coord_source.str.contains("OSM") & ~nu.coord_source.str.contains("GeoNuclearData")
    licence = GEONUCLEAR_LICENCE + pd.Series("", index=nu.index).where(
        ~osm_coords, "; coordinates " + OSM_LICENCE)
    return gpd.GeoDataFrame({
        "supply_id": "nuc-" + _slug(nu.plant_name_en) + "-" + nu.unit.astype(str),
        "name": nu.plant_name_en + " unit " + nu.unit.astype(str),
        "kind": "nuclear",
        "capacity_mw": capacity,
        "capacity_factor": CAPACITY_FACTOR["nuclear"],
        "status": status,
        "online_year": online.astype("Int64"),
        "area": nu.grid_area,
        "source": nu.source,
        "licence": licence,
        "estimated": _join_estimated({"capacity_mw": nu.capacity_mw.isna(),
                                      "capacity_factor": pd.Series(True, nu.index),
                                      "online_year": online_est}, nu.index),
    }, geometry=gpd.points_from_xy(nu.lon, nu.lat), crs="EPSG:4326")


def _geothermal_hydro(shared: Path) -> gpd.GeoDataFrame:
    gh = pd.read_csv(shared / "facts/geothermal_large_hydro.csv")
    kind = gh.kind.str.split().str[0]                      # 'geothermal' or 'hydro'
    # the schema bounds online_year to 1950..2100: older plants (Senju, 1939) are written as 1950,
    # which is equivalent for any model horizon ("already delivering")
    year = gh.name_en.map(lambda n: PLANT_ONLINE_YEAR[n][0]).clip(lower=1950)
    year_est = gh.name_en.map(lambda n: PLANT_ONLINE_YEAR[n][1])
    status_est = gh.name_en.isin(PLANT_STATUS_ESTIMATED)
    osm = gh.coord_basis.str.contains("OpenStreetMap")
    licence = pd.Series(FACTS_LICENCE + "; coordinates estimated from place names", index=gh.index).where(
        ~osm, FACTS_LICENCE + "; coordinates " + OSM_LICENCE)
    prefix = kind.map({"geothermal": "geo-", "hydro": "hyd-"})
    return gpd.GeoDataFrame({
        "supply_id": prefix + _slug(gh.name_en),
        "name": gh.name_en + " (" + gh.name_ja + ")",
        "kind": kind,
        "capacity_mw": gh.capacity_mw.astype(float),
        "capacity_factor": kind.map(CAPACITY_FACTOR),
        "status": "operating",
        "online_year": year.astype("Int64"),
        "area": gh.name_en.map(SUPPLY_AREA_OVERRIDES).fillna(gh.grid_area),
        "source": gh.source,
        "licence": licence,
        "estimated": _join_estimated({"capacity_factor": pd.Series(True, gh.index), "status": status_est,
                                      "online_year": year_est}, gh.index),
    }, geometry=gpd.points_from_xy(gh.lon, gh.lat), crs="EPSG:4326")


def _offshore_wind(shared: Path) -> gpd.GeoDataFrame:
    ow = pd.read_csv(shared / "facts/offshore_wind_zones.csv")
    operating = ow.status.str.startswith("operating")
    cod = pd.to_numeric(ow.expected_cod.astype(str).str.extract(r"((?:19|20)\d\d)")[0], errors="coerce")
    est = ow.zone_name_en.map(WIND_COD_ESTIMATE).fillna(ow["round"].map(WIND_COD_BY_ROUND))
    online = est.fillna(cod)
    area = ow.prefecture.map(PREF_EN_TO_CODE).map(MAIN_AREA)
    return gpd.GeoDataFrame({
        "supply_id": "wind-" + _slug(ow.zone_name_en.str.replace(r"^Off ", "", regex=True)),
        "name": ow.zone_name_en + " (" + ow.zone_name_ja + ") offshore wind promotion zone",
        "kind": "wind",
        "capacity_mw": ow.capacity_mw.astype(float),
        "capacity_factor": CAPACITY_FACTOR["wind"],
        "status": np.where(operating, "operating", "planned"),
        "online_year": online.astype("Int64"),
        "area": area,
        "source": ow.source,
        "licence": FACTS_LICENCE + "; zone centre estimated from coastal place names",
        "estimated": _join_estimated({"capacity_factor": pd.Series(True, ow.index), "online_year": est.notna(),
                                      # a range in the zone list, of which the upper bound is taken
                                      "capacity_mw": ow.capacity_basis.str.contains("upper bound")}, ow.index),
    }, geometry=gpd.points_from_xy(ow.lon, ow.lat), crs="EPSG:4326")


def build_supply(shared: Path) -> gpd.GeoDataFrame:
    out = pd.concat([_nuclear(shared), _geothermal_hydro(shared), _offshore_wind(shared)], ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    out["geometry"] = _on_grid(out.geometry.values)
    return out


# ========================================================================================================
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", default=str(REPO_ROOT / ".." / "shared"),
                        help="root of the shared reference data (default: ../shared beside the repository)")
    parser.add_argument("--out", default=str(REPO_ROOT / "geodata"), help="output folder (default: geodata/)")
    args = parser.parse_args(argv)
    shared, out = Path(args.shared).resolve(), Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    prefectures = build_prefectures(shared)
    grid_areas = build_grid_areas(shared, prefectures)
    substations = build_substations(shared, grid_areas)
    tables = {
        "prefectures.geojson": prefectures,
        "grid_areas.geojson": grid_areas,
        "interconnectors.csv": build_interconnectors(shared),
        "substations.geojson": substations,
        "lines.geojson": build_lines(shared),
        "reinforcements.csv": build_reinforcements(),
        "decarbonised_supply.geojson": build_supply(shared),
    }
    for name, frame in tables.items():
        path = out / name
        if name.endswith(".geojson"):
            write_geojson(frame, path)
        else:
            frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        print(f"  {name}: {len(frame)} rows, {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
