"""Hand-compiled tables of the grid layers (licences, grid-area exceptions, substation headroom model,
reinforcement steps), each with its source; used by :mod:`geodata.build.compile_grid`."""

from __future__ import annotations

from pathlib import Path

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
#: Stations that cannot take a large customer's load: no headroom (kind_factor 0), ``eligible`` false with the
#: reason (siting.layers.schema.INELIGIBLE_REASONS), kept on the map. Matched on the NFKC Japanese name, first
#: match wins; the operator rule below comes before these.
#:   railway traction: the railway's own supply (新幹線, JR, 鉄道, 電鉄, 交流変電所 = AC traction; names such as
#:     九州新幹線 新鳥栖変電所, JR西日本 新門司変電所) -- a customer connects to the TSO, not to a railway;
#:   research: 研究所 (北海道電力 総合研究所, a utility research institute's own station);
#:   converter: frequency / AC-DC converter stations (変換所) serve no load;
#:   switching: 開閉所 have busbars and breakers but no transformers. TSOs connect large customers at transforming
#:     substations; turning a 開閉所 into one is a new-substation project of its own (Tohoku NW's 越後開閉所 ->
#:     越後変電所: 3 transformers, works 2025-05 -> service 2030-11, https://www.niigata-nippo.co.jp/articles/-/625405),
#:     which the reinforcement steps (a bank added to an existing transformer station) do not price. A user who
#:     knows a switching station can take a customer sets eligible = true in the layer;
#:   cable head: the end of a cable (ケーブルヘッド), no bus for customers;
#:   generation-only: power-station switchyards (発電所, 原子力, 火力) export generation.
STATION_KINDS: tuple[tuple[str, str, float, str | None], ...] = (
    # (kind, name regex, kind_factor, ineligible_reason)
    ("railway", r"新幹線|JR|鉄道|電鉄|交流変電所|き電", 0.0, "railway-traction"),
    ("research", r"研究所", 0.0, "research"),
    ("converter", r"変換所|周波数変換|交直変換|FC", 0.0, "converter"),
    ("switching", r"開閉所|開閉塔|開閉站", 0.0, "switching"),
    ("cable_head", r"ケーブルヘッド", 0.0, "cable-head"),
    ("power_station", r"発電所|原子力|火力", 0.0, "generation-only"),
    ("substation", r".*", 1.0, None),
)
#: Customer-owned stations, by operator (OSM): railway traction and waterworks. Kept on the map, ineligible.
CUSTOMER_OPERATORS: tuple[tuple[str, str, str], ...] = (
    # (kind, operator regex, ineligible_reason)
    ("railway", r"JR|ＪＲ|鉄道|電鉄|旅客鉄道|Railway|モノレール", "railway-traction"),
    ("customer", r"水道局", "customer-owned"),
)
#: Generic station words; a name that is nothing but these identifies no station and is dropped.
GENERIC_NAME = r"変電所|開閉所|変換所|発電所|\s"
#: Same-name nodes closer than this are one substation (OSM node + area mapped twice).
DEDUP_RADIUS_KM = 5.0
MIN_VOLTAGE_KV = 154.0

# --------------------------------------------------------------------------------------------------------
# Reinforcement steps per voltage class (no OCCTO unit-cost table was obtainable; calibrated on project
# totals in geodata/sources/facts/grid_costs.csv and domain.md §2.1).  Anchors:
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
