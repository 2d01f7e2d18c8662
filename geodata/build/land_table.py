"""Hand-compiled candidate land for ``geodata/land.geojson``: one row = one site, one source (URL, or a
citation where no page was found); used by :mod:`geodata.build.compile_sites`."""

from __future__ import annotations

from dataclasses import dataclass

from geodata.build.dates import READ

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
    as_of: str = READ  # date the source states for the row's facts; READ where the source is undated


#: Data-centre sites taken from geodata/sources/facts/dc_clusters.csv, keyed by that table's ``name``.
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
         name="APL Itoshima data centre", name_ja="APL糸島データセンター", status="announced", grid_mw=300.0,
         notes="122,000 m2 plot; ~300 MW total receiving capacity for 6 buildings (developer, 2024-12-05); "
               "SoftBank E2A landing also planned in Itoshima"),
    dict(facts_name="NTT Fukuoka data centre (2029)", site_id="kyu-ntt-fukuoka",
         name="NTT Fukuoka data centre (2029)", name_ja="NTT福岡データセンター(2029)", status="announced",
         area_ha=5.0, area_is_estimate=True,
         notes="site not identified (point = Fukuoka city); to connect directly to a landing station"),
    dict(facts_name="GigaStream Nanto Campus (Fukumitsu, Nanto)", site_id="chb-gigastream-nanto",
         name="GigaStream Nanto Campus (Fukumitsu, Nanto)", name_ja="GigaStream南砺キャンパス(福光)",
         status="announced", grid_mw=400.0,
         notes="phase 1: 400 MW receiving capacity on ~13.1 ha (city land sale approved 2025-12-19), operation "
               "2028 targeted; 3.1 GW over all phases, later phases' land not given"),
    dict(facts_name="Utsunomiya: DC site south of TEPCO PG Shin-Tochigi substation",
         site_id="kan-utsunomiya-shin-tochigi",
         name="Utsunomiya DC site by the Shin-Tochigi substation", name_ja="宇都宮市 新栃木変電所南側DC用地",
         status="proposed", grid_mw=400.0,
         notes="37 ha site offered by the city next to TEPCO PG's Shin-Tochigi EHV substation, which can supply "
               "up to 400 MW; developer call from 2026-04; point = city-level estimate"),
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
         notes="total 10,700 ha; area_ha = land for sale 5,500 ha (about 20 % sold per Asahi 2022)", as_of="2022"),
    Site("hok-ishikari-re-dc1", "Ishikari Renewable-Energy DC No.1", "石狩再エネデータセンター第1号",
         43.212, 141.332, "announced", 2.73, False, "https://online.logi-biz.com/70031",
         "Tokyu Land / Flower Communications",
         notes="1,350 racks, JPY 16 bn, opening 2026-04 (facts dc_clusters.csv, Ishikari row)"),
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
               "154 kV Rokkasho substation on site; industrial water 2,500 m3/day", as_of="2024-04"),
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
               "(https://kahoku.news/articles/20211109khn000002.html)", as_of="2015"),
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
         notes="source mentions the Niigata East Port logistics estate; area not sourced", as_of="2016-11-03"),
    Site("chb-joetsu-nanbu", "Niigata Prefecture Nanbu industrial park (Joetsu)", "新潟県南部産業団地",
         37.100, 138.280, "industrial-park", 91.6, False, "http://www.nipponshinsei.jp/blog/?m=202301",
         "Niigata Prefectural Enterprise Bureau",
         notes="sale area 91.6 ha, 10.4 ha still available (2022-06); coordinate estimated", as_of="2022-06"),
    Site("chb-toyama-shinminato", "Toyama Shin-minato industrial area (Imizu)", "富山新港臨海工業地帯",
         36.775, 137.105, "industrial-park", 200.0, True,
         "https://www.pref.toyama.jp/sections/1015/lib/survey/h14/_08/_rep/report086.html",
         notes="source = Toyama industrial water survey (Toyama Shinko area); area not sourced", as_of="2002"),
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
               "industrial water planned", as_of="2025-06"),
    Site("shk-kochi-nankoku", "Kochi Nankoku coastal area (Kochi Ryoma airport)", "高知・南国臨海地区",
         33.548, 133.670, "industrial-park", 50.0, True,
         "citation: no page retrieved; coastal Kochi plain site chosen to represent Kochi"),
    # --- Kyushu / Okinawa ---------------------------------------------------------------------------
    Site("kyu-kitakyushu-hibikinada", "Kitakyushu Hibikinada district", "北九州響灘地区",
         33.935, 130.760, "industrial-park", 300.0, True,
         "citation: no page retrieved; Hibiki reclaimed district named from general knowledge"),
    Site("kyu-kikuyo-new-park", "Kikuyo new industrial park (south of TSMC/JASM fab 1)", "菊陽町新工業団地",
         32.870, 130.830, "proposed", 25.0, False, "https://newsdig.tbs.co.jp/articles/rkk/1422224",
         "Kikuyo Town", notes="~25 ha farmland under study (2024-09), next to the Semicon Technopark", as_of="2024-09"),
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
