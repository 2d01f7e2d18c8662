"""Compile the bundled site-side reference layers: land, water, communications, hazards, demand.

This script is the single place where the five GeoJSON files in ``geodata/`` are made. It reads the
shared fact tables and MLIT N03 boundaries from the shared root (``../shared`` beside the checkout by
default) and combines them with the hand-compiled tables below, each row carrying one source.

Usage (from the repository root)::

    python -m siting.tools.compile_sites                    # shared root = ../shared
    python -m siting.tools.compile_sites --shared /path/to/shared --out geodata

What it is responsible for
--------------------------
* ``land.geojson``: candidate sites; municipality/prefecture codes by point-in-polygon against N03
  (points outside the simplified coastline are nudged inland and flagged).
* ``water.geojson``: industrial-water systems with spare supply (published or modelled).
* ``communications.geojson``: IXs, cable landing stations, schematic backbone routes.
* ``hazards.geojson``: coarse, illustrative flood / tsunami / landslide zones (stand-ins for MLIT
  A31 / A40 / A33, which are too large to bundle).
* ``demand.geojson``: compute-demand nodes with new IT load by year, derived from OCCTO's forecast.

Nothing here reads ``shared/data/submarine-cables-japan`` (non-commercial licence).
All numbers that are modelled rather than published are named in each row's ``estimated`` column.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, box

#: Lon/lat CRS of every written file (RFC 7946).
WGS84 = "EPSG:4326"
#: Equal-area azimuthal projection centred on Japan; distance error < ~2 % over the archipelago,
#: good enough for the km-scale buffers and nudges used here.
JAPAN_LAEA = "+proj=laea +lat_0=36 +lon_0=137 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"

#: Power usage effectiveness used to turn grid (receiving) MW into IT MW everywhere in this script.
PUE = 1.4

LICENCE_FACTS = "facts from the cited public page (single facts, no database rights claimed)"
LICENCE_MLIT = ("derived from MLIT 国土数値情報 N03 (processed; CC BY 4.0-compatible, attribution "
                "required: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成)")

REPO_ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------------
# Hand-compiled tables. One row = one feature, one source (URL, or a citation where no page was found).
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    """A candidate site row before geocoding (lat/lon in degrees, WGS 84)."""

    site_id: str
    name: str
    name_ja: str
    lat: float
    lon: float
    status: str
    area_ha: float
    area_is_estimate: bool
    source: str
    operators: str | None = None
    max_it_mw: float | None = None
    existing_it_mw: float | None = None
    mw_is_estimate: bool = False  # max_it_mw / existing_it_mw converted or modelled
    notes: str = ""


#: Data-centre sites taken from shared/facts/dc_clusters.csv, keyed by that table's ``name``.
#: Values given here override or complete the facts row; lat/lon, operators and source come from it.
#: ``grid_mw`` = the published receiving (grid) capacity; IT MW = grid_mw / PUE (estimate).
DC_FROM_FACTS: tuple[dict, ...] = (
    # Inzai: the 535 MW is a 2022 sum of published max receiving capacities; the DPDC park (next row)
    # is kept separate because its area and IT cap are published, so the cluster row carries no cap.
    dict(facts_name="Inzai / Chiba New Town DC cluster", site_id="kan-inzai-cluster",
         name="Inzai / Chiba New Town DC cluster (excl. DPDC park)", name_ja="印西・千葉ニュータウンDC集積",
         status="existing-cluster", area_ha=150.0, area_is_estimate=True,
         existing_grid_mw=535.0,
         notes="existing_it_mw = 535 MW published receiving capacity (2022) / PUE 1.4; ~40 DCs (~2.5 GW) "
               "wait for grid upgrades (2025); area = modelled footprint of the DC plots"),
    dict(facts_name="DPDC Inzai Park (Chiba New Town Data Center Park)", site_id="kan-dpdc-inzai-park",
         name="DPDC Inzai Park (Chiba New Town Data Center Park)", name_ja="DPDC印西パーク",
         status="expanding", it_mw=600.0,
         notes="600 MW is the developer's max IT-supply capacity for the whole park; overlaps the "
               "Inzai cluster (AirTrunk TOK1)"),
    dict(facts_name="IIJ Shirai Data Center Campus", site_id="kan-iij-shiroi",
         name="IIJ Shiroi Data Center Campus", name_ja="IIJ白井データセンターキャンパス",
         status="expanding", grid_mw=35.0, existing_grid_mw=10.0,
         notes="phase 2 = 10 MW (2023-07), phase 3 = 10 MW expandable to 25 MW (2026-12); MW basis not "
               "stated, treated as receiving capacity and divided by PUE 1.4"),
    dict(facts_name="Tama / Mitaka suburban DC area (west Tokyo)", site_id="kan-west-tokyo",
         name="West Tokyo DC area (Tama / Mitaka)", name_ja="多摩・三鷹DC集積",
         status="existing-cluster", area_ha=50.0, area_is_estimate=True,
         notes="cluster spans several municipalities; point = Tama city"),
    dict(facts_name="Osaka north suburbs DC area (Suita / Minoh)", site_id="kns-north-osaka",
         name="North Osaka DC area (Suita / Minoh)", name_ja="北大阪DC集積(吹田・箕面)",
         status="existing-cluster", area_ha=40.0, area_is_estimate=True,
         notes="Kansai T&D reinforcing substations incl. Minoh for DC demand (>JPY 150 bn, 2027-29)"),
    # Ikoma (facts) and Keihanna Science City are merged: Ikoma's north is part of Keihanna.
    dict(facts_name="Ikoma (Keihanna side, Nara)", site_id="kns-keihanna-ikoma",
         name="Keihanna Science City / Ikoma (Nara side)", name_ja="けいはんな学研都市・生駒",
         status="proposed", area_ha=50.0, area_is_estimate=True,
         notes="DC demand area named in Kansai T&D's substation programme; no DC project identified"),
    dict(facts_name="Sakai AI data centres (ex-Sharp Sakai LCD plant)", site_id="kns-sakai-ai-dc",
         name="Sakai AI data centres (ex-Sharp Sakai plant)", name_ja="堺AIデータセンター(旧シャープ堺工場)",
         status="expanding", grid_mw=250.0,
         notes="SoftBank 150 MW receiving capacity (2026) rising to >250 MW; KDDI on a separate part"),
    dict(facts_name="Ishikari Bay New Port DC cluster", site_id="hok-ishikari-bay-new-port",
         name="Ishikari Bay New Port (DC cluster and industrial area)", name_ja="石狩湾新港地域",
         status="expanding", area_ha=3000.0, area_is_estimate=False,
         notes="area = total industrial-base area 3,000 ha, about one third green "
               "(https://ishikari-dev.co.jp/en/gaiyou02); industrial water 12,000 m3/day"),
    dict(facts_name="SoftBank Tomakomai AI data centre", site_id="hok-softbank-tomakomai",
         name="SoftBank Tomakomai AI data centre", name_ja="ソフトバンク苫小牧AIデータセンター",
         status="announced", grid_mw=300.0,
         notes="300 MW+ at full build, phase 1 = 50 MW FY2026; MW basis treated as receiving capacity; "
               "point is the city-level estimate of the facts table"),
    dict(facts_name="APL Kitakyushu data centre (Kitakyushu Science and Research Park)",
         site_id="kyu-apl-kitakyushu", name="APL Kitakyushu data centre (Science and Research Park)",
         name_ja="APL北九州データセンター", status="announced", grid_mw=120.0,
         notes="120 MW total receiving capacity; 62,822 m2 plot; construction start by autumn 2027"),
    dict(facts_name="APL Itoshima data centre", site_id="kyu-apl-itoshima",
         name="APL Itoshima data centre", name_ja="APL糸島データセンター", status="announced",
         notes="122,000 m2 plot; SoftBank E2A landing also planned in Itoshima"),
    dict(facts_name="NTT Fukuoka data centre (2029)", site_id="kyu-ntt-fukuoka",
         name="NTT Fukuoka data centre (2029)", name_ja="NTT福岡データセンター(2029)", status="announced",
         area_ha=5.0, area_is_estimate=True,
         notes="site not identified (point = Fukuoka city); to connect directly to a landing station"),
    dict(facts_name="IIJ Matsue Data Center Park", site_id="chg-iij-matsue",
         name="IIJ Matsue Data Center Park", name_ja="IIJ松江データセンターパーク", status="expanding",
         area_ha=2.0, area_is_estimate=True,
         notes="modular outside-air-cooled DC since 2011; +300 racks module 2025; site undisclosed"),
)

#: Sites not in the facts table. area_is_estimate=True where no page gave the figure.
SITES: tuple[Site, ...] = (
    # --- Hokkaido -----------------------------------------------------------------------------------
    Site("hok-tomakomai-east", "Tomakomai East industrial base (Tomato)", "苫小牧東部地域(苫東)",
         42.665, 141.780, "industrial-park", 5500.0, False,
         "https://invest-all-hokkaido.jp/superiority05/", "Tomatoh Inc. (株式会社苫東)",
         notes="total 10,700 ha; area_ha = land for sale 5,500 ha (about 20 % sold per Asahi 2022)"),
    Site("hok-ishikari-re-dc1", "Ishikari Renewable-Energy DC No.1", "石狩再エネデータセンター第1号",
         43.212, 141.332, "announced", 2.73, False, "https://online.logi-biz.com/70031",
         "Tokyu Land / Flower Communications",
         notes="1,350 racks, JPY 16 bn, opening 2026-04 (shared facts dc_clusters.csv, Ishikari row)"),
    Site("hok-chitose-bibi", "Chitose Bibi World industrial park (Rapidus area)", "千歳美々ワールド",
         42.810, 141.700, "industrial-park", 60.0, True, "https://hre-net.com/keizai/keizaisougou/67466/",
         "Chitose City",
         notes="Rapidus IIM-1 occupies a 128.4 ha development (source); 60 ha of adjacent free land "
               "is a modelled estimate"),
    # --- Tohoku -------------------------------------------------------------------------------------
    Site("toh-mutsu-ogawara", "Mutsu-Ogawara development area (Rokkasho)", "むつ小川原開発地区",
         40.960, 141.330, "industrial-park", 1654.0, False, "https://shinmutsu.co.jp/zigyo/areaoutline.html",
         "Shin Mutsu-Ogawara Co.",
         notes="plan 5,180 ha, development land 3,290 ha; area_ha = land still for sale (2024-04); "
               "154 kV Rokkasho substation on site; industrial water 2,500 m3/day"),
    Site("toh-hachinohe-kita", "Hachinohe Kita IC new industrial park", "八戸北インター工業団地(南側新団地)",
         40.555, 141.440, "industrial-park", 50.0, False, "https://www.toonippo.co.jp/articles/-/34489",
         "Hachinohe City", notes="development ~50 ha, ~20 ha for sale; sale from FY2023"),
    Site("toh-akita-port", "Akita port industrial area (Iijima / Mukaihama)", "秋田港臨海工業地区",
         39.755, 140.065, "industrial-park", 100.0, True, "http://www.pref.akita.lg.jp/pages/archive/968",
         notes="source = Akita industrial water (service area Akita Bay, Iijima, Mukaihama); area not sourced"),
    Site("toh-ohira-sendai-hokubu", "Second Sendai Hokubu Chukaku industrial park (Ohira)",
         "第二仙台北部中核工業団地", 38.470, 140.855, "industrial-park", 308.6, False,
         "http://www.pref.miyagi.jp/sanritu/ritchi_guide/e_guide/index.html", "Miyagi Prefecture",
         notes="total 308.6 ha (41.6 ha for sale in 2015); +30 ha Matsunohira-3 sale from 2025-04 "
               "(https://kahoku.news/articles/20211109khn000002.html)"),
    Site("toh-sakata-coastal", "Sakata coastal industrial estate", "酒田臨海工業団地",
         38.950, 139.830, "industrial-park", 200.0, True,
         "https://www-pref-yamagata-jp.cache.yimg.jp/500020/kurashi/kankyo/mizu/kosui0216/index.html",
         notes="source = Sakata industrial water (75,000 m3/day) serving the estate; area not sourced"),
    Site("toh-soma-chukaku-east", "Soma Chukaku industrial park, east district", "相馬中核工業団地(東地区)",
         37.830, 140.950, "industrial-park", 284.7, False,
         "https://ja.wikipedia.org/wiki/?oldid=92838488&title=%E7%9B%B8%E9%A6%AC%E4%B8%AD%E6%A0%B8%E5%B7%A5%E6%A5%AD%E5%9B%A3%E5%9C%B0",
         "Soma City / SMRJ",
         notes="east district 498.6 ha, factory land 284.7 ha; coastal (Soma port), in the 2011 tsunami area"),
    Site("toh-iwaki-yotsukura", "Iwaki Yotsukura Chukaku industrial park, phase 2", "いわき四倉中核工業団地第2期",
         37.120, 140.950, "industrial-park", 17.0, False, "http://wwwcms.pref.fukushima.jp/site/portal/70-1.html",
         "Fukushima Prefecture", notes="17 ha, sale planned from FY2018"),
    # --- Kanto (outside the Tokyo area) ---------------------------------------------------------------
    Site("kan-hitachinaka", "Hitachinaka district (Joyo/Hitachinaka industrial park extension)",
         "ひたちなか地区(常陸那珂工業団地拡張)", 36.405, 140.580, "industrial-park", 38.0, False,
         "https://nordot.app/1067539434825384688?c=427849843378390113", "Ibaraki Prefecture",
         notes="former national land 38 ha, 2nd extension, sale from FY2026; whole district 1,182 ha"),
    Site("kan-kashima", "Kashima coastal industrial zone", "鹿島臨海工業地帯",
         35.920, 140.690, "industrial-park", 1000.0, True,
         "https://www.pref.ibaraki.jp/bugai/koho/kenmin/life/kigyo/kigyosomu/kigyosomu-001.html",
         notes="source = Kashima industrial water (885,000 m3/day); usable area not sourced"),
    # --- Chubu / Hokuriku ---------------------------------------------------------------------------
    Site("chb-niigata-east-port", "Niigata East Port industrial zone", "新潟東港工業地帯",
         37.985, 139.240, "industrial-park", 300.0, True,
         "https://www.niikei.jp/2016/11/03/%E7%9C%8C%E5%86%85%E3%81%AE%E5%B7%A5%E6%A5%AD%E5%9B%A3%E5%9C%B0-%E8%B2%A9%E5%A3%B2%E7%B5%B6%E5%A5%BD%E8%AA%BF%E3%81%A0%E3%81%8C%E4%B8%8D%E8%B6%B3%E6%B0%97%E5%91%B3/",
         notes="source mentions the Niigata East Port logistics estate; area not sourced"),
    Site("chb-joetsu-nanbu", "Niigata Prefecture Nanbu industrial park (Joetsu)", "新潟県南部産業団地",
         37.100, 138.280, "industrial-park", 91.6, False, "http://www.nipponshinsei.jp/blog/?m=202301",
         "Niigata Prefectural Enterprise Bureau",
         notes="sale area 91.6 ha, 10.4 ha still available (2022-06); coordinate estimated"),
    Site("chb-toyama-shinminato", "Toyama Shin-minato industrial area (Imizu)", "富山新港臨海工業地帯",
         36.775, 137.105, "industrial-park", 200.0, True,
         "https://www.pref.toyama.jp/sections/1015/lib/survey/h14/_08/_rep/report086.html",
         notes="source = Toyama industrial water survey (Toyama Shinko area); area not sourced"),
    Site("chb-kanazawa-port", "Kanazawa port industrial area", "金沢港臨海工業地区",
         36.610, 136.600, "industrial-park", 100.0, True,
         "citation: no page retrieved; industrial zone named from general knowledge (MLIT L05 工業用地 to confirm)"),
    Site("chb-technoport-fukui", "Technoport Fukui (expansion land)", "テクノポート福井(拡張用地)",
         36.205, 136.150, "industrial-park", 37.8, False, "https://www.fukuishimbun.co.jp/articles/-/313993",
         "Fukui Prefecture",
         notes="estate 1,247 ha, ~700 ha industrial land 99 % sold; 37.8 ha expansion (54.6 ha planned)"),
    Site("chb-yokkaichi", "Yokkaichi coastal industrial zone (Kasumigaura)", "四日市臨海工業地帯(霞ヶ浦)",
         34.995, 136.655, "industrial-park", 100.0, True,
         "citation: no page retrieved; Yokkaichi kombinat named from general knowledge"),
    Site("chb-chubu-rinku", "Chubu Centrair Rinku area (Tokoname)", "中部臨空都市(常滑)",
         34.880, 136.835, "industrial-park", 100.0, True,
         "citation: no page retrieved; Chubu Rinku Toshi named from general knowledge"),
    Site("kns-koka", "Koka industrial parks (Shiga)", "甲賀市工業団地",
         34.960, 136.170, "industrial-park", 50.0, True,
         "citation: no page retrieved; Koka inland industrial parks named from general knowledge"),
    # --- Kansai -------------------------------------------------------------------------------------
    Site("kns-kobe-techno-logistic", "Kobe Techno-Logistic Park", "神戸テクノ・ロジスティックパーク",
         34.735, 135.045, "industrial-park", 60.0, True,
         "https://paperzz.com/doc/5643048/%E5%BA%83%E3%81%84%E7%9C%8C%E5%9C%9F%E3%82%92%E7%B6%B2%E7%BE%85%E3%81%99%E3%82%8B%E4%BA%A4%E9%80%9A%E3%83%8D%E3%83%83%E3%83%88%E3%83%AF%E3%83%BC%E3%82%AF%E3%81%A8%E5%A4%9A%E5%BD%A9%E3%81%AA%E7%94%A3%E6%A5%AD%E7%94%A8%E5%9C%B0-%E5%85%B5%E5%BA%AB%E7%9C%8C",
         notes="listed among Hyogo industrial parks (神戸複合産業団地); coordinate and area estimated"),
    Site("kns-sanda-technopark-2", "Hokusetsu Sanda No.2 Technopark", "北摂三田第二テクノパーク",
         34.925, 135.175, "industrial-park", 97.0, False, "https://www.re-port.net/article/news/0000023740",
         "Daiwa House Industry", notes="~97 ha; sale areas 23.2 ha + 23.8 ha"),
    Site("kns-harima-science-city", "Harima Science Garden City", "播磨科学公園都市",
         34.945, 134.435, "industrial-park", 960.0, False,
         "https://kotobank.jp/word/%E6%92%AD%E7%A3%A8%E7%A7%91%E5%AD%A6%E5%85%AC%E5%9C%92%E9%83%BD%E5%B8%82-1578517",
         "Hyogo Prefecture", notes="first zone 960 ha developed of 2,010 ha plan; SPring-8; many plots unsold"),
    # --- Chugoku ------------------------------------------------------------------------------------
    Site("chg-mizushima", "Mizushima coastal industrial zone (Kurashiki)", "水島臨海工業地帯",
         34.500, 133.740, "industrial-park", 2500.0, True, "https://www-pref-okayama-jp.cache.yimg.jp/page/269518.html",
         notes="area_ha derived from the source's '3,500+ football pitches' (x 0.714 ha), hence estimate"),
    Site("chg-higashi-hiroshima", "Higashi-Hiroshima (Hiroshima Central Technopark area)", "東広島(広島中央テクノポリス)",  # noqa: E501
         34.420, 132.770, "industrial-park", 100.0, True,
         "citation: no page retrieved; Higashi-Hiroshima semiconductor/industrial area from general knowledge"),
    Site("chg-shunan", "Shunan kombinat (Tokuyama)", "周南コンビナート",
         34.040, 131.810, "industrial-park", 300.0, True,
         "citation: no page retrieved; Shunan kombinat named from general knowledge"),
    Site("chg-yonago-sakaiminato", "Yonago / Sakaiminato industrial area", "米子・境港臨海工業地区",
         35.470, 133.290, "industrial-park", 80.0, True,
         "citation: no page retrieved; Yonago-Sakaiminato area named from general knowledge"),
    # --- Shikoku ------------------------------------------------------------------------------------
    Site("shk-sakaide-bannosu", "Sakaide Bannosu industrial zone", "坂出番の州工業地帯",
         34.345, 133.835, "industrial-park", 300.0, True,
         "citation: no page retrieved; Bannosu reclaimed zone named from general knowledge"),
    Site("shk-anan", "Anan coastal industrial area (Tokushima)", "阿南臨海工業地区",
         33.900, 134.660, "industrial-park", 100.0, True,
         "citation: no page retrieved; Anan coastal area named from general knowledge"),
    Site("shk-saijo-toyo-port", "Ehime Toyo Port Saijo district industrial land", "愛媛県東予港西条地区産業用地",
         33.935, 133.150, "industrial-park", 30.0, False,
         "https://estate.nikkan.co.jp/news/2025/06/i8ijszag4zb6jetu", "Ehime Prefecture",
         notes="one ~30 ha plot, call 2026, hand-over from 2027-10; EHV line, gas pipeline and Kurose-dam "
               "industrial water planned"),
    Site("shk-kochi-nankoku", "Kochi Nankoku coastal area (Kochi Ryoma airport)", "高知・南国臨海地区",
         33.548, 133.670, "industrial-park", 50.0, True,
         "citation: no page retrieved; coastal Kochi plain site chosen to represent Kochi"),
    # --- Kyushu / Okinawa ---------------------------------------------------------------------------
    Site("kyu-kitakyushu-hibikinada", "Kitakyushu Hibikinada district", "北九州響灘地区",
         33.935, 130.760, "industrial-park", 300.0, True,
         "citation: no page retrieved; Hibiki reclaimed district named from general knowledge"),
    Site("kyu-kikuyo-new-park", "Kikuyo new industrial park (south of TSMC/JASM fab 1)", "菊陽町新工業団地",
         32.870, 130.830, "proposed", 25.0, False, "https://newsdig.tbs.co.jp/articles/rkk/1422224",
         "Kikuyo Town", notes="~25 ha farmland under study (2024-09), next to the Semicon Technopark"),
    Site("kyu-oita-coastal", "Oita coastal industrial zone", "大分臨海工業地帯",
         33.250, 131.680, "industrial-park", 1070.0, False,
         "https://kotobank.jp/word/%E5%A4%A7%E5%88%86%E8%87%A8%E6%B5%B7%E5%B7%A5%E6%A5%AD%E5%9C%B0%E5%9F%9F-39008",
         notes="reclaimed land ~1,070 ha in total (largely occupied by steel/petrochemical plants)"),
    Site("kyu-miyazaki-coastal", "Miyazaki port coastal area", "宮崎港臨海地区",
         31.925, 131.460, "industrial-park", 50.0, True,
         "citation: no page retrieved; coastal Miyazaki site chosen to represent Miyazaki"),
    Site("kyu-kirishima-uenohara", "Kokubu Uenohara Technopark (Kirishima)", "国分上野原テクノパーク",
         31.712, 130.790, "industrial-park", 42.0, True, "https://rasandroad.com/spiral/kokubu-uenohara.html",
         notes="area_ha derived from '9 Tokyo Domes' (x 4.7 ha), hence estimate"),
    Site("kyu-shibushi", "Shibushi port industrial area", "志布志港臨海地区",
         31.470, 131.100, "industrial-park", 100.0, True,
         "citation: no page retrieved; Shibushi port area named from general knowledge"),
    Site("kyu-sasebo", "Sasebo industrial area", "佐世保工業地区",
         33.160, 129.720, "industrial-park", 50.0, True,
         "citation: no page retrieved; Sasebo area named from general knowledge"),
    Site("oki-nakagusuku-new-port", "Nakagusuku Bay New Port district (Uruma)", "中城湾港新港地区",
         26.335, 127.865, "industrial-park", 392.4, False, "https://ryukyushimpo.jp/news/entry-1726879.html",
         notes="international logistics industry cluster zone, 392.4 ha; industrial water available"),
)


@dataclass(frozen=True)
class Water:
    """An industrial-water system not in the facts table."""

    water_id: str
    name: str
    name_ja: str
    lat: float
    lon: float
    capacity_m3_per_day: float | None
    contracted_m3_per_day: float | None
    published_spare_m3_per_day: float | None
    source: str
    notes: str = ""


#: Water ids for the facts rows (shared/facts/industrial_water.csv), keyed by ``system_name_en``.
WATER_IDS: dict[str, str] = {
    "Tomakomai district industrial water": "w-hok-tomakomai",
    "Ishikari Bay New Port industrial water": "w-hok-ishikari",
    "Akita industrial water": "w-toh-akita",
    "Sakata industrial water": "w-toh-sakata",
    "Kashima industrial water": "w-kan-kashima",
    "Nakagawa industrial water": "w-kan-nakagawa",
    "Chiba prefecture industrial water (7 districts total)": "w-kan-chiba-other-districts",
    "Chiba district industrial water": "w-kan-chiba-district",
    "Tokatsu-Katsunan district industrial water": "w-kan-tokatsu-katsunan",
    "Aichi Yosui industrial water": "w-chb-aichi-yosui",
    "Nishi-Mikawa industrial water": "w-chb-nishi-mikawa",
    "Higashi-Mikawa industrial water": "w-chb-higashi-mikawa",
    "Owari industrial water": "w-chb-owari",
    "Naka-Ise industrial water": "w-chb-naka-ise",
    "Toyama prefectural industrial water": "w-chb-toyama-pref",
    "Toyama City industrial water": "w-chb-toyama-city",
    "Takaoka City industrial water": "w-chb-takaoka",
    "OWSA industrial water": "w-kns-owsa",
    "Osaka City industrial water": "w-kns-osaka-city",
    "Kanda industrial water": "w-kyu-kanda",
    "Fukuoka City industrial water": "w-kyu-fukuoka-city",
    "Kitakyushu City industrial water": "w-kyu-kitakyushu-city",
}

#: Contracted volume of the four Aichi systems together (facts notes: ~1,210,000 m3/day, 2024-04).
AICHI_CONTRACTED_TOTAL_M3_PER_DAY = 1_210_000.0

EXTRA_WATER: tuple[Water, ...] = (
    Water("w-toh-soma", "Soma Chukaku industrial park water", "相馬中核工業団地 工業用水", 37.830, 140.950,
          34_700.0, None, 7_400.0,
          "https://ja.wikipedia.org/wiki/?oldid=92838488&title=%E7%9B%B8%E9%A6%AC%E4%B8%AD%E6%A0%B8%E5%B7%A5%E6%A5%AD%E5%9B%A3%E5%9C%B0",
          "34,700 m3/day with 7,400 m3/day remaining (published remainder, date not given)"),
    Water("w-toh-mutsu-ogawara", "Mutsu-Ogawara industrial water", "むつ小川原 工業用水", 40.960, 141.330,
          2_500.0, None, None, "https://shinmutsu.co.jp/zigyo/areaoutline.html",
          "supply capacity 2,500 m3/day (full plan 5,000), Iyasakadaira central district (2024-04)"),
    Water("w-shk-saijo-kurose", "Saijo (Kurose dam) industrial water", "西条(黒瀬ダム) 工業用水", 33.935, 133.150,
          None, None, None, "https://estate.nikkan.co.jp/news/2025/06/i8ijszag4zb6jetu",
          "Kurose-dam industrial water for the Toyo Port Saijo district; capacity not published in source"),
    Water("w-oki-nakagusuku", "Nakagusuku Bay New Port industrial water", "中城湾港新港地区 工業用水",
          26.335, 127.865, None, None, None, "https://ryukyushimpo.jp/news/entry-1726879.html",
          "industrial water (paid) available in the district; capacity not published in source"),
)

#: Spare supply assumed where the contracted volume is unknown: 15 % of capacity; where the capacity is
#: unknown too, a round modest number.
SPARE_SHARE_OF_CAPACITY = 0.15
SPARE_WHEN_UNKNOWN_M3_PER_DAY = 5_000.0


def reach_km_for(capacity_m3_per_day: float | None) -> float:
    """Modelled service radius of a water system point, by capacity (km)."""
    if capacity_m3_per_day is None or np.isnan(capacity_m3_per_day):
        return 10.0
    if capacity_m3_per_day >= 300_000:
        return 25.0
    if capacity_m3_per_day >= 100_000:
        return 20.0
    if capacity_m3_per_day >= 30_000:
        return 15.0
    return 10.0


#: Landing stations beyond the facts table. ``status_is_estimate`` where the source is old or only
#: says "planned completion".
EXTRA_LANDINGS: tuple[dict, ...] = (
    dict(comm_id="ls-kddi-chikura-2", name="KDDI Chikura No.2 Cable Landing Station", name_ja="KDDI千倉第二海底線中継所",  # noqa: E501
         lat=34.945, lon=139.965, operator="KDDI", status="operating",
         source="https://news.mynavi.jp/techplus/article/20140307-a133",
         notes="opened 2014-04-30 on high ground (~28 m a.s.l.) in Chikura, Minamiboso; coordinate estimated"),
    dict(comm_id="ls-takahagi", name="Takahagi landing (Topaz; Taihei planned)", name_ja="高萩 陸揚局",
         lat=36.720, lon=140.715, operator="ARTERIA Networks (landing facilities) / Google",
         status="operating",
         source="https://www.telecoms.com/telecoms-infrastructure/google-sinks-1-billion-into-new-undersea-cables",
         notes="Topaz landing in Takahagi, Ibaraki; Taihei to land there too; coordinate estimated"),
    dict(comm_id="ls-kddi-minami-shima", name="KDDI Minami-Shima Cable Landing Station (Kouka coast)",
         name_ja="KDDI南志摩海底線中継所", lat=34.300, lon=136.862, operator="KDDI", status="operating",
         source="https://time-space.kddi.com/feature/genbadamashii-sp/20150717/1144",
         notes="FASTER landed at Kouka coast, Shima (2015); station name per https://kibojin.hatenadiary.jp/entry/20070430/p2"),
    dict(comm_id="ls-kddi-ninomiya", name="KDDI Ninomiya Cable Landing Station", name_ja="KDDI二宮海底線中継所",
         lat=35.297, lon=139.258, operator="KDDI", status="operating",
         source="https://www.town.ninomiya.kanagawa.jp/0000000131.html",
         notes="Japan's first submarine-cable landing station (TPC-1, 1964); updated to optical cables"),
    dict(comm_id="ls-kddi-naoetsu", name="KDDI Niigata (Naoetsu) Cable Landing Station", name_ja="KDDI直江津海底線中継所",  # noqa: E501
         lat=37.175, lon=138.245, operator="KDDI", status="operating", status_is_estimate=True,
         source="https://www.jarl.com/ja1zek/zekl/kddi/0510ninomiya/ninomiya.html",
         notes="source (2005) lists KDDI cable centres in Chiba, Niigata, Mie, Miyazaki, Okinawa, Ninomiya; "
               "Naoetsu (Joetsu) as the Niigata site is general knowledge; current status not verified"),
    dict(comm_id="ls-kddi-miyazaki", name="KDDI Miyazaki Cable Landing Station", name_ja="KDDI宮崎海底線中継所",
         lat=31.930, lon=131.450, operator="KDDI", status="operating",
         source="http://k-tai.watch.impress.co.jp/docs/news/1225825.html",
         notes="KDDI's Okinawa cables land in Miyazaki and Mie (source 2019); station listed in the JARL 2005 page; "
               "city-level coordinate"),
    dict(comm_id="ls-occ-nago", name="Okinawa Cellular Okinawa-Kyushu cable, Nago landing", name_ja="沖縄~九州海底ケーブル 名護",  # noqa: E501
         lat=26.590, lon=127.975, operator="Okinawa Cellular / KDDI", status="operating",
         source="https://ascii.jp/elem/000/004/007/4007822",
         notes="domestic cable (780 km, 80 Tbps) in service since 2020-04-01; city-level coordinate"),
    dict(comm_id="ls-occ-hioki", name="Okinawa Cellular Okinawa-Kyushu cable, Hioki landing", name_ja="沖縄~九州海底ケーブル 日置",  # noqa: E501
         lat=31.610, lon=130.340, operator="Okinawa Cellular / KDDI", status="operating",
         source="https://ascii.jp/elem/000/004/007/4007822",
         notes="domestic cable, Kagoshima end; coordinate estimated on the Hioki coast"),
    dict(comm_id="ls-uruma-katsuren", name="Uruma Katsuren-Heshikiya cable landing", name_ja="うるま市勝連平敷屋 陸揚げ地点",  # noqa: E501
         lat=26.300, lon=127.920, operator="not identified", status="operating",
         source="https://jbpress.ismedia.jp/articles/gallery/82146?page=1",
         notes="two cables seen landing beside the JMSDF Okinawa oceanographic station (photos 2024-07-02); "
               "cable names not identified"),
    dict(comm_id="ls-otaru", name="Hokkaido-Akita cable, Otaru landing", name_ja="北海道~秋田海底ケーブル 小樽",
         lat=43.195, lon=141.000, operator="NTT Com / KDDI / SoftBank / Rakuten Mobile", status="operating",
         status_is_estimate=True,
         source="https://www.mobileworldlive.com/asia/asia-news/japanese-operators-team-on-submarine-cable",
         notes="domestic 770 km, >160 Tbps, completion planned end-2023; in-service not verified"),
    dict(comm_id="ls-akita", name="Hokkaido-Akita cable, Akita landing", name_ja="北海道~秋田海底ケーブル 秋田",
         lat=39.720, lon=140.080, operator="NTT Com / KDDI / SoftBank / Rakuten Mobile", status="operating",
         status_is_estimate=True, source="https://news.mynavi.jp/techplus/article/20211029-2172382",
         notes="domestic, Akita city end; completion planned end-2023; in-service not verified"),
)

#: comm ids for shared/facts/landing_stations.csv rows, keyed by ``name_en``.
LANDING_IDS: dict[str, str] = {
    "SoftBank Maruyama International Cable Landing Station": "ls-softbank-maruyama",
    "KDDI Chikura Cable Landing Station": "ls-kddi-chikura",
    "Shima cable landing cluster": "ls-shima-cluster",
    "Kitaibaraki Landing Station": "ls-kitaibaraki",
    "KDDI Ibaraki Cable Station (Ajigaura)": "ls-kddi-ajigaura",
    "Ishikari landing (Hokkaido-Sakhalin Cable System)": "ls-ishikari-hscs",
    "SoftBank Tomakomai landing station (planned)": "ls-softbank-tomakomai",
    "SoftBank Itoshima landing station (planned)": "ls-softbank-itoshima",
    "Fukuoka landing sites": "ls-fukuoka",
}

#: Schematic backbone routes between IX / demand cities (straight lines; estimate of geometry).
BACKBONE: tuple[tuple[str, str, str], ...] = (
    ("bb-tokyo-nagoya", "tokyo", "nagoya"),
    ("bb-nagoya-osaka", "nagoya", "osaka"),
    ("bb-osaka-hiroshima", "osaka", "hiroshima"),
    ("bb-hiroshima-fukuoka", "hiroshima", "fukuoka"),
    ("bb-tokyo-sendai", "tokyo", "sendai"),
    ("bb-sendai-sapporo", "sendai", "sapporo"),
)
BACKBONE_SOURCE = "https://repo5.com/report/misc/chien_nw"  # route distances Tokyo-Sapporo/Osaka/Fukuoka


#: Demand nodes (lat, lon) and their share of the non-Kanto, non-Kansai remainder.
@dataclass(frozen=True)
class Node:
    node_id: str
    key: str
    name: str
    lat: float
    lon: float
    region_share: float  # share of national new IT load


#: Regional split of new DC load (domain.md §2.5: Kanto ~60 %, Kansai ~20 %, rest ~20 %); the rest is
#: divided among five regional metros by modelling weights (Fukuoka 30 %, Sapporo 25 %, Nagoya 20 %,
#: Sendai 15 %, Hiroshima 10 % of the remaining 20 %).
NODES: tuple[Node, ...] = (
    Node("dn-tokyo-otemachi", "tokyo", "Tokyo (Otemachi)", 35.687, 139.764, 0.60),
    Node("dn-osaka-dojima", "osaka", "Osaka (Dojima)", 34.696, 135.494, 0.20),
    Node("dn-fukuoka", "fukuoka", "Fukuoka", 33.590, 130.400, 0.20 * 0.30),
    Node("dn-sapporo", "sapporo", "Sapporo", 43.062, 141.354, 0.20 * 0.25),
    Node("dn-nagoya", "nagoya", "Nagoya", 35.170, 136.900, 0.20 * 0.20),
    Node("dn-sendai", "sendai", "Sendai", 38.262, 140.872, 0.20 * 0.15),
    Node("dn-hiroshima", "hiroshima", "Hiroshima", 34.396, 132.459, 0.20 * 0.10),
)
#: OCCTO: +6.16 GW DC peak load by FY2034 vs FY2024 (domain.md §1.3 [17][18]).
OCCTO_DC_PEAK_MW_2034 = 6160.0
#: National new IT load assumed for 2040 (TEPCO PG +6–9 GW DC load in its area by 2040, domain.md §1.3
#: [20]; 8,000 MW IT nationally is a modelling assumption).
IT_MW_2040 = 8000.0
DEMAND_SOURCES = ("https://www.itmedia.co.jp/smartjapan/articles/2501/29/news089_3.html ; "
                  "https://ascii.jp/elem/000/004/329/4329077/")


# --------------------------------------------------------------------------------------------------
# Hazard zones (illustrative). Coast strips: (id, hazard class, prefecture codes, lon/lat bbox).
# Hand-drawn polygons: (id, hazard, class, name, lon/lat ring).
# --------------------------------------------------------------------------------------------------

TSUNAMI_STRIP_KM = 2.0
TSUNAMI_COASTS: tuple[tuple[str, str, str, tuple[str, ...], tuple[float, float, float, float]], ...] = (
    ("hz-tsu-sanriku", "Sanriku coast (Iwate / north Miyagi)", "high", ("03", "04"), (141.30, 38.25, 142.20, 40.45)),
    ("hz-tsu-sendai-fukushima", "Sendai plain and Fukushima Pacific coast", "high", ("04", "07"),
     (140.80, 36.85, 141.20, 38.45)),
    ("hz-tsu-ibaraki", "Ibaraki Pacific coast", "medium", ("08",), (140.40, 35.70, 140.95, 36.95)),
    ("hz-tsu-sagami-suruga", "Sagami and Suruga bays (Kanagawa / Shizuoka)", "high", ("14", "22"),
     (138.20, 34.55, 139.80, 35.40)),
    ("hz-tsu-mie-south", "Mie south coast (Nankai)", "high", ("24",), (135.80, 33.70, 136.95, 34.50)),
    ("hz-tsu-wakayama", "Wakayama coast (Nankai)", "high", ("30",), (134.90, 33.40, 136.10, 34.40)),
    ("hz-tsu-tokushima-south", "Tokushima south coast (Nankai)", "high", ("36",), (134.20, 33.40, 134.90, 34.00)),
    ("hz-tsu-kochi", "Kochi coast (Nankai)", "high", ("39",), (132.40, 32.70, 134.35, 33.65)),
    ("hz-tsu-miyazaki", "Miyazaki coast (Nankai / Hyuganada)", "high", ("45",), (131.10, 31.35, 131.95, 32.85)),
)

_R = tuple[tuple[float, float], ...]
HAND_ZONES: tuple[tuple[str, str, str, str, _R], ...] = (
    # Flood (stand-ins for A31 洪水浸水想定区域). Rings are (lon, lat); kept north of lat 35.85 near Inzai.
    ("hz-fld-tone-lower", "flood", "high", "Lower Tone River lowlands (north Chiba / south Ibaraki)",
     ((139.96, 35.87), (140.05, 35.94), (140.20, 35.95), (140.38, 35.96), (140.55, 35.92), (140.72, 35.82),
      (140.86, 35.74), (140.80, 35.71), (140.62, 35.82), (140.45, 35.88), (140.25, 35.87), (140.10, 35.86),
      (139.98, 35.855))),
    ("hz-fld-east-saitama", "flood", "high", "East Saitama lowlands (Tone / Naka / Furutone rivers)",
     ((139.62, 36.12), (139.75, 36.20), (139.90, 36.08), (139.92, 35.90), (139.87, 35.83), (139.74, 35.84),
      (139.66, 35.93), (139.60, 36.02))),
    ("hz-fld-tokyo-zero-metre", "flood", "high", "Arakawa / Edogawa zero-metre zone (east Tokyo)",
     ((139.785, 35.80), (139.88, 35.80), (139.91, 35.70), (139.88, 35.64), (139.80, 35.64), (139.78, 35.70))),
    ("hz-fld-nobi-kiso", "flood", "high", "Nobi plain, Kiso Three Rivers lowlands",
     ((136.55, 35.35), (136.80, 35.35), (136.86, 35.10), (136.82, 35.02), (136.68, 35.01), (136.58, 35.10))),
    ("hz-fld-yodo", "flood", "medium", "Yodo River lowlands (Osaka)",
     ((135.70, 34.86), (135.66, 34.81), (135.58, 34.76), (135.50, 34.73), (135.42, 34.71), (135.40, 34.66),
      (135.47, 34.66), (135.55, 34.68), (135.64, 34.66), (135.70, 34.72), (135.72, 34.80))),
    ("hz-fld-chikugo", "flood", "medium", "Chikugo River lowlands (Saga / Fukuoka)",
     ((130.20, 33.22), (130.28, 33.30), (130.45, 33.33), (130.60, 33.33), (130.62, 33.28), (130.48, 33.20),
      (130.35, 33.14), (130.22, 33.15))),
    ("hz-fld-ishikari", "flood", "medium", "Ishikari River lowlands (Ebetsu / Tobetsu / Iwamizawa)",
     ((141.40, 43.22), (141.50, 43.30), (141.70, 43.30), (141.82, 43.20), (141.78, 43.08), (141.60, 43.05),
      (141.47, 43.10))),
    # Landslide (stand-ins for A33 土砂災害警戒区域): steep mountain blocks.
    ("hz-lsd-kii", "landslide", "medium", "Kii mountains (Nara / Wakayama / Mie interior)",
     ((135.50, 34.25), (135.95, 34.30), (136.10, 34.05), (135.95, 33.80), (135.60, 33.85), (135.45, 34.05))),
    ("hz-lsd-shikoku", "landslide", "medium", "Shikoku mountains (Ehime / Kochi / Tokushima interior)",
     ((133.00, 33.85), (133.50, 33.92), (134.10, 33.95), (134.20, 33.80), (133.60, 33.70), (133.05, 33.62))),
    ("hz-lsd-hiroshima-north", "landslide", "medium", "Hiroshima northern hills (2014 / 2018 debris flows)",
     ((132.30, 34.70), (132.55, 34.72), (132.62, 34.55), (132.50, 34.47), (132.35, 34.48))),
    ("hz-lsd-kyushu-spine", "landslide", "medium", "Kyushu central mountains (Aso / Kyushu spine)",
     ((130.92, 32.95), (131.30, 32.90), (131.40, 32.50), (131.20, 32.25), (130.95, 32.35))),
)
_KSJ = "https://nlftp.mlit.go.jp/ksj/gml/datalist/KsjTmplt-"
HAZARD_SOURCES = {
    "tsunami": f"国土数値情報 A40 津波浸水想定 ({_KSJ}A40.html) - coarse stand-in",
    "flood": f"国土数値情報 A31 洪水浸水想定区域 ({_KSJ}A31.html) - coarse stand-in",
    "landslide": f"国土数値情報 A33 土砂災害警戒区域 ({_KSJ}A33-v1_3.html) - coarse stand-in",
}


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------

def _points(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """GeoDataFrame of points from ``lat``/``lon`` columns (dropped afterwards)."""
    geom = gpd.points_from_xy(df["lon"], df["lat"], crs=WGS84)
    return gpd.GeoDataFrame(df.drop(columns=["lat", "lon"]), geometry=geom, crs=WGS84)


def _join_estimated(flags: pd.DataFrame) -> pd.Series:
    """Comma-separated names of the True columns of a boolean frame (row-wise); empty -> None."""
    names = np.array(flags.columns)
    out = [",".join(names[row]) or None for row in flags.to_numpy(dtype=bool)]
    return pd.Series(out, index=flags.index, dtype=object)


def assign_municipality(sites: gpd.GeoDataFrame, munis: gpd.GeoDataFrame,
                        inland_m: float = 400.0) -> gpd.GeoDataFrame:
    """Give each point its N03 municipality; nudge points outside the simplified coast inland.

    Points inside a polygon keep their position. A point outside every polygon is moved onto the nearest
    municipality boundary and ``inland_m`` metres further along the same direction (vectorised), then
    re-checked; ``nudged_m`` records the move.
    """
    sites_p = sites.to_crs(JAPAN_LAEA)
    munis_p = munis.to_crs(JAPAN_LAEA)
    hit = gpd.sjoin(sites_p, munis_p[["muni_code", "pref_code", "N03_004", "geometry"]],
                    predicate="within", how="left")
    hit = hit[~hit.index.duplicated(keep="first")]
    outside = hit["muni_code"].isna().to_numpy()
    geoms = sites_p.geometry.to_numpy().copy()
    nudged = np.zeros(len(sites_p))
    if outside.any():
        near = gpd.sjoin_nearest(sites_p.loc[outside, ["geometry"]], munis_p[["geometry"]], how="left")
        near = near[~near.index.duplicated(keep="first")]
        polys = munis_p.geometry.loc[near["index_right"]].to_numpy()
        lines = shapely.shortest_line(near.geometry.to_numpy(), polys)
        coords = shapely.get_coordinates(lines).reshape(-1, 2, 2)  # (n, [start, end], xy)
        start, end = coords[:, 0], coords[:, 1]
        step = end - start
        unit = step / np.maximum(np.linalg.norm(step, axis=1, keepdims=True), 1e-9)
        moved = shapely.points(end + unit * inland_m)
        geoms[outside] = moved
        nudged[outside] = np.linalg.norm(step, axis=1) + inland_m
    fixed = gpd.GeoDataFrame(sites_p.drop(columns="geometry"), geometry=geoms, crs=JAPAN_LAEA)
    hit2 = gpd.sjoin(fixed, munis_p[["muni_code", "pref_code", "N03_004", "geometry"]],
                     predicate="within", how="left")
    hit2 = hit2[~hit2.index.duplicated(keep="first")]
    if hit2["muni_code"].isna().any():
        bad = hit2.index[hit2["muni_code"].isna()].tolist()
        raise ValueError(f"points still outside every municipality after nudging: {bad}; "
                         "move them inland in the site table")
    out = fixed.to_crs(WGS84)
    out["muni_code"] = hit2["muni_code"].to_numpy()
    out["pref_code"] = hit2["pref_code"].to_numpy()
    out["muni_name_ja"] = hit2["N03_004"].to_numpy()
    out["nudged_m"] = np.round(nudged)
    return out


def _round_geoms(gdf: gpd.GeoDataFrame, grid_deg: float = 1e-5) -> gpd.GeoDataFrame:
    """Snap coordinates to ``grid_deg`` and repair any polygon the snapping made invalid."""
    geom = shapely.set_precision(gdf.geometry.to_numpy(), grid_deg)
    geom = shapely.make_valid(geom)
    out = gdf.copy()
    out["geometry"] = geom
    return out


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write RFC 7946 GeoJSON (EPSG:4326, 5-decimal coordinates, UTF-8) with pyogrio."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    gdf = _round_geoms(gdf.to_crs(WGS84))
    # Numeric columns carry their unit in the name; make sure mixed None/float columns are written as
    # numbers (null where empty), not strings.
    numeric = [c for c in gdf.columns if c.endswith(("_mw", "_ha", "_m3_per_day", "_km")) or c.startswith("it_mw_")]
    gdf[numeric] = gdf[numeric].apply(pd.to_numeric).astype(float)
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=5,
                WRITE_NAME="NO")


# --------------------------------------------------------------------------------------------------
# Layer builders
# --------------------------------------------------------------------------------------------------

def build_land(facts: Path, munis: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Candidate sites: facts DC rows (overridden/completed) plus the hand table."""
    dc = pd.read_csv(facts / "dc_clusters.csv")
    over = pd.DataFrame(DC_FROM_FACTS)
    missing = set(over["facts_name"]) - set(dc["name"])
    if missing:
        raise ValueError(f"dc_clusters.csv lacks rows {sorted(missing)}; update DC_FROM_FACTS")
    m = over.merge(dc, left_on="facts_name", right_on="name", suffixes=("", "_facts"))
    area_pub = m["area_ha_facts"]
    area = m["area_ha"].where(m["area_ha"].notna(), area_pub) if "area_ha" in m else area_pub
    it_pub = m.get("it_mw", pd.Series(np.nan, index=m.index))
    grid = m.get("grid_mw", pd.Series(np.nan, index=m.index))
    grid_existing = m.get("existing_grid_mw", pd.Series(np.nan, index=m.index))
    dc_rows = pd.DataFrame({
        "site_id": m["site_id"], "name": m["name"], "name_ja": m["name_ja"],
        "lat": m["lat"], "lon": m["lon"], "status": m["status"],
        "area_ha": area.astype(float),
        "area_is_estimate": m.get("area_is_estimate", pd.Series(False, index=m.index)).fillna(False).astype(bool),
        "max_it_mw": it_pub.where(it_pub.notna(), (grid / PUE).round(0)),
        "existing_it_mw": (grid_existing / PUE).round(0),
        "mw_is_estimate": it_pub.isna() & grid.notna(),
        "existing_is_estimate": grid_existing.notna(),
        "operators": m["operators"],
        "source": m["source"].str.split(" ; ").str[0],
        "notes": m["notes"].fillna("") + " [from shared facts dc_clusters.csv; all sources: " + m["source"] + "]",
    })
    hand = pd.DataFrame([s.__dict__ for s in SITES])
    hand_rows = hand.assign(mw_is_estimate=False, existing_is_estimate=False)[dc_rows.columns]
    rows = pd.concat([dc_rows, hand_rows], ignore_index=True)
    if rows["area_ha"].isna().any():
        raise ValueError(f"sites without area_ha: {rows.loc[rows['area_ha'].isna(), 'site_id'].tolist()}")

    gdf = assign_municipality(_points(rows), munis)
    flags = pd.DataFrame({
        "area_ha": gdf["area_is_estimate"],
        "max_it_mw": gdf["mw_is_estimate"],
        "existing_it_mw": gdf["existing_is_estimate"],
        "geometry": gdf["nudged_m"] > 0,
    })
    gdf["estimated"] = _join_estimated(flags)
    nudge_note = np.where(gdf["nudged_m"] > 0,
                          " [point nudged " + gdf["nudged_m"].astype(int).astype(str)
                          + " m inland to fall inside its N03 municipality]", "")
    gdf["notes"] = (gdf["notes"].fillna("") + nudge_note).str.strip()
    gdf["licence"] = LICENCE_FACTS + "; muni_code/pref_code " + LICENCE_MLIT
    cols = ["site_id", "name", "name_ja", "status", "area_ha", "max_it_mw", "existing_it_mw", "operators",
            "pref_code", "muni_code", "muni_name_ja", "source", "licence", "estimated", "notes", "geometry"]
    return gdf[cols]


def build_water(facts: Path) -> gpd.GeoDataFrame:
    """Industrial-water systems with spare supply (published difference or modelled estimate)."""
    w = pd.read_csv(facts / "industrial_water.csv")
    unknown = set(w["system_name_en"]) - set(WATER_IDS)
    if unknown:
        raise ValueError(f"industrial_water.csv rows without a water_id: {sorted(unknown)}")
    rows = pd.DataFrame({
        "water_id": w["system_name_en"].map(WATER_IDS), "name": w["system_name_en"],
        "name_ja": w["system_name_ja"], "lat": w["lat"], "lon": w["lon"],
        "capacity_m3_per_day": w["capacity_m3_per_day"].astype(float),
        "contracted_m3_per_day": w["contracted_m3_per_day"].astype(float),
        "published_spare_m3_per_day": np.nan,
        "source": w["source"].str.split(" ; ").str[0],
        "notes": "data date " + w["data_date"].fillna("n/a").astype(str) + "; " + w["notes"].fillna(""),
    })
    # Chiba: the 7-district total also contains the Chiba and Tokatsu-Katsunan rows; keep the remainder
    # (Goi-Ichihara, Goi-Anesaki, Boso-Rinkai, Kisarazu-Nanbu, Hokuso) so capacities do not double-count.
    agg = rows["water_id"] == "w-kan-chiba-other-districts"
    parts = rows["water_id"].isin(["w-kan-chiba-district", "w-kan-tokatsu-katsunan"])
    rows.loc[agg, "capacity_m3_per_day"] -= rows.loc[parts, "capacity_m3_per_day"].sum()
    rows.loc[agg, "name"] = "Chiba prefecture industrial water, other five districts (derived)"
    rows.loc[agg, ["lat", "lon"]] = (35.490, 140.070)  # moved from the Chiba-district point to Ichihara
    rows.loc[agg, "notes"] = ("capacity = 7-district total 1,130,000 minus Chiba 121,200 and Tokatsu-Katsunan "
                              "111,200 (derived); point moved to the Ichihara coast")
    extra = pd.DataFrame([x.__dict__ for x in EXTRA_WATER])
    rows = pd.concat([rows, extra[rows.columns]], ignore_index=True)

    cap, con, pub = rows["capacity_m3_per_day"], rows["contracted_m3_per_day"], rows["published_spare_m3_per_day"]
    # Aichi: contracted volume is published only for the four systems together -> pro-rata (estimate).
    aichi = rows["water_id"].str.startswith(("w-chb-aichi", "w-chb-nishi-mikawa", "w-chb-higashi-mikawa",
                                             "w-chb-owari"))
    aichi_spare = (cap[aichi].sum() - AICHI_CONTRACTED_TOTAL_M3_PER_DAY) * cap / cap[aichi].sum()
    spare = pd.Series(np.select(
        [pub.notna(), cap.notna() & con.notna(), aichi, cap.notna()],
        [pub, cap - con, aichi_spare, cap * SPARE_SHARE_OF_CAPACITY],
        default=SPARE_WHEN_UNKNOWN_M3_PER_DAY), index=rows.index).round(-1)
    is_est = ~(pub.notna() | (cap.notna() & con.notna()))
    method = np.select(
        [pub.notna(), cap.notna() & con.notna(), aichi, cap.notna()],
        ["spare = published remainder", "spare = capacity - contracted (published figures)",
         "spare = Aichi 4-system planned capacity minus 1,210,000 contracted, split pro rata by capacity (estimate)",
         "spare = 15 % of capacity (modelled estimate)"],
        default="spare = round modest 5,000 m3/day, capacity unknown (modelled estimate)")
    rows["spare_m3_per_day"] = spare.clip(lower=0.0)
    rows["spare_is_estimate"] = is_est.astype(bool)
    rows["reach_km"] = [reach_km_for(c) for c in cap]
    moved = pd.Series(agg, index=rows.index)
    rows["estimated"] = _join_estimated(pd.DataFrame({
        "spare_m3_per_day": is_est, "capacity_m3_per_day": agg, "reach_km": True, "geometry": moved}))
    rows["notes"] = method + "; reach_km by capacity class (estimate); " + rows["notes"].fillna("")
    rows["licence"] = LICENCE_FACTS
    gdf = _points(rows)
    cols = ["water_id", "name", "name_ja", "capacity_m3_per_day", "spare_m3_per_day", "spare_is_estimate",
            "reach_km", "source", "licence", "estimated", "notes", "geometry"]
    return gdf[cols]


def build_communications(facts: Path) -> gpd.GeoDataFrame:
    """IXs and landing stations (points) and schematic backbone routes (lines)."""
    ix = pd.read_csv(facts / "internet_exchanges.csv")
    ix_rows = pd.DataFrame({
        "comm_id": "ix-" + ix["ix_name"].str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-"),
        "kind": "internet_exchange", "name": ix["ix_name"], "name_ja": None, "status": "operating",
        "operator": ix["operator"], "lat": ix["lat"], "lon": ix["lon"],
        "source": ix["source"].str.split(" ; ").str[0],
        "notes": ix["building_or_area"] + "; coordinate: " + ix["coord_basis"],
        "estimated": "geometry",
    })
    ls = pd.read_csv(facts / "landing_stations.csv")
    ls_status = np.where(ls["status"].str.startswith("planned"), "planned", "operating")
    ls_rows = pd.DataFrame({
        "comm_id": ls["name_en"].map(LANDING_IDS), "kind": "landing_station", "name": ls["name_en"],
        "name_ja": ls["name_ja"], "status": ls_status, "operator": ls["operator"],
        "lat": ls["lat"], "lon": ls["lon"], "source": ls["source"].str.split(" ; ").str[0],
        "notes": "cables: " + ls["notable_cables"].fillna("n/a") + "; status: " + ls["status"]
                 + "; coordinate: " + ls["coord_basis"],
        "estimated": "geometry",
    })
    ex = pd.DataFrame(EXTRA_LANDINGS)
    ex_est = np.where(ex.get("status_is_estimate", False).fillna(False).astype(bool), "geometry,status", "geometry")
    ex_rows = ex.assign(kind="landing_station", estimated=ex_est)[ls_rows.columns]
    points = _points(pd.concat([ix_rows, ls_rows, ex_rows], ignore_index=True))

    node_xy = {n.key: (n.lon, n.lat) for n in NODES}
    lines = gpd.GeoDataFrame({
        "comm_id": [b[0] for b in BACKBONE], "kind": "backbone",
        "name": [f"{a.title()} - {b.title()} backbone (schematic)" for _, a, b in BACKBONE],
        "name_ja": None, "status": "operating", "operator": "various carriers (schematic)",
        "source": BACKBONE_SOURCE,
        "notes": "schematic straight line between IX/metro points; real routes follow roads/rail "
                 "(about 1.3x longer) and are redundant",
        "estimated": "geometry",
    }, geometry=shapely.linestrings([[node_xy[a], node_xy[b]] for _, a, b in BACKBONE]), crs=WGS84)
    gdf = pd.concat([points, lines], ignore_index=True)
    gdf["licence"] = LICENCE_FACTS
    cols = ["comm_id", "kind", "name", "name_ja", "status", "operator", "source", "licence", "estimated",
            "notes", "geometry"]
    return gpd.GeoDataFrame(gdf[cols], geometry="geometry", crs=WGS84)


def build_hazards(prefs: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Coarse tsunami strips (coastline buffer) and hand-drawn flood / landslide zones, clipped to land."""
    prefs_p = prefs.to_crs(JAPAN_LAEA)
    prefs_p["geometry"] = shapely.make_valid(prefs_p.geometry.to_numpy())
    # Neighbouring simplified prefectures do not share borders exactly: close slivers with a +-100 m
    # buffer and drop interior rings, so that only the sea coast is left as the land boundary.
    grown = shapely.buffer(prefs_p.geometry.to_numpy(), 100.0)
    parts = shapely.get_parts(shapely.buffer(shapely.union_all(grown), -100.0))
    land = shapely.union_all(shapely.polygons(shapely.get_exterior_ring(parts)))
    coast_band = shapely.intersection(shapely.buffer(shapely.boundary(land), TSUNAMI_STRIP_KM * 1000.0), land)

    def to_laea(geom_ll: shapely.Geometry) -> shapely.Geometry:
        return gpd.GeoSeries([geom_ll], crs=WGS84).to_crs(JAPAN_LAEA).iloc[0]

    recs: list[dict] = []
    for hz_id, name, klass, codes, bbox in TSUNAMI_COASTS:
        pref_geom = shapely.union_all(prefs_p.loc[prefs_p["pref_code"].isin(codes), "geometry"].to_numpy())
        geom = shapely.intersection(shapely.intersection(coast_band, pref_geom), to_laea(box(*bbox)))
        recs.append(dict(hazard_id=hz_id, hazard="tsunami", hazard_class=klass, name=name, geometry=geom,
                         notes=f"~{TSUNAMI_STRIP_KM:g} km inland strip of the N03 prefecture coastline "
                               f"(prefectures {', '.join(codes)}) inside a lon/lat box"))
    for hz_id, hazard, klass, name, ring in HAND_ZONES:
        geom = shapely.intersection(to_laea(Polygon(ring)), land)
        recs.append(dict(hazard_id=hz_id, hazard=hazard, hazard_class=klass, name=name, geometry=geom,
                         notes="hand-drawn simplified polygon, clipped to land"))
    gdf = gpd.GeoDataFrame(recs, geometry="geometry", crs=JAPAN_LAEA)
    gdf["geometry"] = shapely.make_valid(gdf.geometry.simplify(150.0).to_numpy())
    gdf = gdf.to_crs(WGS84)
    gdf["source"] = gdf["hazard"].map(HAZARD_SOURCES)
    gdf["licence"] = "illustrative estimate; coastline " + LICENCE_MLIT
    gdf["estimated"] = "geometry,hazard_class"
    return gdf[["hazard_id", "hazard", "hazard_class", "name", "source", "licence", "estimated", "notes",
                "geometry"]]


def build_demand() -> gpd.GeoDataFrame:
    """Demand nodes: new DC IT load (MW, vs FY2024) by year, consistent with OCCTO's +6.16 GW by FY2034."""
    it_2034 = OCCTO_DC_PEAK_MW_2034 / PUE  # 4,400 MW IT nationally
    national = {  # linear path from FY2024 (0) to FY2034 along OCCTO's 10-year forecast; 2040 assumed
        2028: it_2034 * (2028 - 2024) / (2034 - 2024),
        2030: it_2034 * (2030 - 2024) / (2034 - 2024),
        2034: it_2034,
        2040: IT_MW_2040,
    }
    nodes = pd.DataFrame([n.__dict__ for n in NODES])
    for year, total in national.items():
        nodes[f"it_mw_{year}"] = (total * nodes["region_share"]).round(1)
    nodes["source"] = DEMAND_SOURCES
    nodes["estimated"] = ",".join(f"it_mw_{y}" for y in national)
    nodes["notes"] = ("share " + (nodes["region_share"] * 100).round(1).astype(str)
                      + " % of national new DC IT load; IT = OCCTO DC peak load / PUE 1.4")
    nodes["licence"] = "derived estimate (this project)"
    gdf = _points(nodes)
    cols = ["node_id", "name"] + [f"it_mw_{y}" for y in national] + ["source", "licence", "estimated",
                                                                       "notes", "geometry"]
    return gdf[cols]


# --------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared",
                        help="shared root with facts/ and data/ (default: ../shared beside the repository)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "geodata", help="output folder")
    args = parser.parse_args(argv)
    facts = args.shared / "facts"
    bounds = args.shared / "data" / "japan-boundaries"
    munis = gpd.read_file(bounds / "municipalities_s0001.geojson")
    munis = munis[munis["muni_code"].notna()]
    prefs = gpd.read_file(bounds / "prefectures_s0010.geojson")

    layers = {
        "land": build_land(facts, munis),
        "water": build_water(facts),
        "communications": build_communications(facts),
        "hazards": build_hazards(prefs),
        "demand": build_demand(),
    }
    for name, gdf in layers.items():
        path = args.out / f"{name}.geojson"
        write_geojson(gdf, path)
        print(f"wrote {path} ({len(gdf)} features, {path.stat().st_size / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
