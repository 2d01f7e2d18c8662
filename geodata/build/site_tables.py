"""Hand-compiled tables of the site-side layers other than land: industrial water, landing stations and
backbone routes, demand nodes and hazard stand-ins; one row = one feature, one source. Used by
:mod:`geodata.build.compile_sites`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geodata.build.dates import READ


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


#: Water ids for the facts rows (geodata/sources/facts/industrial_water.csv), keyed by ``system_name_en``.
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
#: says "planned completion"; ``as_of`` the date the source gives (READ where it gives none).
EXTRA_LANDINGS: tuple[dict, ...] = (
    dict(comm_id="ls-kddi-chikura-2", name="KDDI Chikura No.2 Cable Landing Station", name_ja="KDDI千倉第二海底線中継所",  # noqa: E501
         lat=34.945, lon=139.965, operator="KDDI", status="operating",
         as_of="2014-04-30", source="https://news.mynavi.jp/techplus/article/20140307-a133",
         notes="opened 2014-04-30 on high ground (~28 m a.s.l.) in Chikura, Minamiboso; coordinate estimated"),
    dict(comm_id="ls-takahagi", name="Takahagi landing (Topaz; Taihei planned)", name_ja="高萩 陸揚局",
         lat=36.720, lon=140.715, operator="ARTERIA Networks (landing facilities) / Google",
         status="operating",
         as_of=READ, source="https://www.telecoms.com/telecoms-infrastructure/google-sinks-1-billion-into-new-undersea-cables",
         notes="Topaz landing in Takahagi, Ibaraki; Taihei to land there too; coordinate estimated"),
    dict(comm_id="ls-kddi-minami-shima", name="KDDI Minami-Shima Cable Landing Station (Kouka coast)",
         name_ja="KDDI南志摩海底線中継所", lat=34.300, lon=136.862, operator="KDDI", status="operating",
         as_of="2015-07-17", source="https://time-space.kddi.com/feature/genbadamashii-sp/20150717/1144",
         notes="FASTER landed at Kouka coast, Shima (2015); station name per https://kibojin.hatenadiary.jp/entry/20070430/p2"),
    dict(comm_id="ls-kddi-ninomiya", name="KDDI Ninomiya Cable Landing Station", name_ja="KDDI二宮海底線中継所",
         lat=35.297, lon=139.258, operator="KDDI", status="operating",
         as_of=READ, source="https://www.town.ninomiya.kanagawa.jp/0000000131.html",
         notes="Japan's first submarine-cable landing station (TPC-1, 1964); updated to optical cables"),
    dict(comm_id="ls-kddi-naoetsu", name="KDDI Niigata (Naoetsu) Cable Landing Station", name_ja="KDDI直江津海底線中継所",  # noqa: E501
         lat=37.175, lon=138.245, operator="KDDI", status="operating", status_is_estimate=True,
         as_of="2005", source="https://www.jarl.com/ja1zek/zekl/kddi/0510ninomiya/ninomiya.html",
         notes="source (2005) lists KDDI cable centres in Chiba, Niigata, Mie, Miyazaki, Okinawa, Ninomiya; "
               "Naoetsu (Joetsu) as the Niigata site is general knowledge; current status not verified"),
    dict(comm_id="ls-kddi-miyazaki", name="KDDI Miyazaki Cable Landing Station", name_ja="KDDI宮崎海底線中継所",
         lat=31.930, lon=131.450, operator="KDDI", status="operating",
         as_of="2019", source="http://k-tai.watch.impress.co.jp/docs/news/1225825.html",
         notes="KDDI's Okinawa cables land in Miyazaki and Mie (source 2019); station listed in the JARL 2005 page; "
               "city-level coordinate"),
    dict(comm_id="ls-occ-nago", name="Okinawa Cellular Okinawa-Kyushu cable, Nago landing", name_ja="沖縄~九州海底ケーブル 名護",  # noqa: E501
         lat=26.590, lon=127.975, operator="Okinawa Cellular / KDDI", status="operating",
         as_of="2020-04-01", source="https://ascii.jp/elem/000/004/007/4007822",
         notes="domestic cable (780 km, 80 Tbps) in service since 2020-04-01; city-level coordinate"),
    dict(comm_id="ls-occ-hioki", name="Okinawa Cellular Okinawa-Kyushu cable, Hioki landing", name_ja="沖縄~九州海底ケーブル 日置",  # noqa: E501
         lat=31.610, lon=130.340, operator="Okinawa Cellular / KDDI", status="operating",
         as_of="2020-04-01", source="https://ascii.jp/elem/000/004/007/4007822",
         notes="domestic cable, Kagoshima end; coordinate estimated on the Hioki coast"),
    dict(comm_id="ls-uruma-katsuren", name="Uruma Katsuren-Heshikiya cable landing", name_ja="うるま市勝連平敷屋 陸揚げ地点",  # noqa: E501
         lat=26.300, lon=127.920, operator="not identified", status="operating",
         as_of="2024-07-02", source="https://jbpress.ismedia.jp/articles/gallery/82146?page=1",
         notes="two cables seen landing beside the JMSDF Okinawa oceanographic station (photos 2024-07-02); "
               "cable names not identified"),
    dict(comm_id="ls-otaru", name="Hokkaido-Akita cable, Otaru landing", name_ja="北海道~秋田海底ケーブル 小樽",
         lat=43.195, lon=141.000, operator="NTT Com / KDDI / SoftBank / Rakuten Mobile", status="operating",
         status_is_estimate=True,
         as_of=READ, source="https://www.mobileworldlive.com/asia/asia-news/japanese-operators-team-on-submarine-cable",
         notes="domestic 770 km, >160 Tbps, completion planned end-2023; in-service not verified"),
    dict(comm_id="ls-akita", name="Hokkaido-Akita cable, Akita landing", name_ja="北海道~秋田海底ケーブル 秋田",
         lat=39.720, lon=140.080, operator="NTT Com / KDDI / SoftBank / Rakuten Mobile", status="operating",
         status_is_estimate=True, as_of="2021-10-29", source="https://news.mynavi.jp/techplus/article/20211029-2172382",
         notes="domestic, Akita city end; completion planned end-2023; in-service not verified"),
)

#: comm ids for geodata/sources/facts/landing_stations.csv rows, keyed by ``name_en``.
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
