"""Japanese and English labels for the map: layer names, popup fields, legends and the status box.

Every label the map shows is looked up here with :func:`tr`; ``ja`` is the default language.
"""

from __future__ import annotations

LANGS = ("ja", "en")

#: key -> (Japanese, English)
LABELS: dict[str, tuple[str, str]] = {
    # layer names
    "layer.prefectures": ("都道府県", "Prefectures"),
    "layer.grid_areas": ("一般送配電エリア", "Grid areas"),
    "layer.substations": ("変電所（空き容量・電圧）", "Substations (headroom, voltage)"),
    "layer.lines": ("送電線（電圧別）", "High-voltage lines (by voltage)"),
    "layer.supply": ("脱炭素電源（種別）", "Decarbonised supply (by kind)"),
    "layer.sites": ("候補地", "Candidate sites"),
    "layer.water": ("工業用水", "Industrial water"),
    "layer.comms": ("IX・陸揚局", "Internet exchanges and landing stations"),
    "layer.hazards": ("災害リスク", "Hazards"),
    "layer.regions": ("指定GX戦略地域（MW・年別）", "Designated GX regions (MW by year)"),
    "layer.connections": ("系統接続（採用）", "Grid connections (built)"),
    "layer.reinforcements": ("系統増強（費用・運開年）", "Reinforcements (cost, in-service year)"),
    "layer.headroom_value": ("空き容量の限界価値", "Marginal value of headroom"),
    "layer.regions_a": ("指定地域 A", "Designated regions A"),
    "layer.regions_b": ("指定地域 B", "Designated regions B"),
    "base.gsi_pale": ("地理院タイル（淡色）", "GSI tiles (pale)"),
    "base.gsi_std": ("地理院タイル（標準）", "GSI tiles (standard)"),
    "base.osm": ("OpenStreetMap", "OpenStreetMap"),
    # fields
    "f.id": ("ID", "id"),
    "f.name": ("名称", "name"),
    "f.area": ("エリア", "grid area"),
    "f.pref": ("都道府県", "prefecture"),
    "f.frequency": ("周波数", "frequency"),
    "f.voltage": ("電圧", "voltage"),
    "f.headroom": ("空き容量（現在）", "headroom today"),
    "f.headroom_year": ("空き容量 {y}", "headroom {y}"),
    "f.used_year": ("利用 {y}", "used {y}"),
    "f.reinforced": ("増強による追加", "added by reinforcement"),
    "f.estimate": ("推計値", "estimate"),
    "f.operator": ("事業者", "operator"),
    "f.kind": ("種別", "kind"),
    "f.capacity": ("容量", "capacity"),
    "f.status": ("状況", "status"),
    "f.online_year": ("運転開始年", "online year"),
    "f.capacity_factor": ("設備利用率", "capacity factor"),
    "f.site_area": ("面積", "area"),
    "f.cap": ("最大IT容量", "IT capacity cap"),
    "f.mw_year": ("IT MW {y}", "IT MW {y}"),
    "f.region": ("地域", "region"),
    "f.screened": ("除外理由", "screened out"),
    "f.notes": ("備考", "notes"),
    "f.spare": ("未契約水量", "spare supply"),
    "f.water_cap": ("施設能力", "facility capacity"),
    "f.reach": ("給水範囲", "reach"),
    "f.hazard": ("災害種別", "hazard"),
    "f.hazard_class": ("区分", "class"),
    "f.first_year": ("稼働開始年", "first year"),
    "f.connection_cost": ("接続費", "connection cost"),
    "f.reinforcement_cost": ("増強費", "reinforcement cost"),
    "f.sites_used": ("利用サイト", "sites used"),
    "f.substations_used": ("利用変電所", "substations used"),
    "f.limited_by": ("制約要因", "limited by"),
    "f.site": ("サイト", "site"),
    "f.substation": ("変電所", "substation"),
    "f.distance": ("距離", "distance"),
    "f.cost": ("費用", "cost"),
    "f.earliest_year": ("最早年", "earliest year"),
    "f.grid_mw_year": ("受電 MW {y}", "grid MW {y}"),
    "f.step": ("段階", "step"),
    "f.added": ("追加容量", "added"),
    "f.in_service": ("運開年", "in service"),
    "f.total_cost": ("合計費用", "total cost"),
    "f.value": ("限界価値（全年合計）", "marginal value (all years)"),
    "f.value_year": ("限界価値 {y}", "marginal value {y}"),
    "f.designated": ("指定", "designated"),
    "f.yes": ("はい", "yes"),
    "f.no": ("いいえ", "no"),
    # legend entries
    "lg.title": ("凡例", "Legend"),
    "lg.headroom": ("空き容量 MW", "headroom MW"),
    "lg.size_voltage": ("円の大きさ＝電圧", "circle size = voltage"),
    "lg.size_capacity": ("円の大きさ＝容量", "circle size = capacity"),
    "lg.size_cost": ("円の大きさ＝費用", "circle size = cost"),
    "lg.size_value": ("円の大きさ＝限界価値", "circle size = value"),
    "lg.site_used": ("利用（指定地域）", "used (designated region)"),
    "lg.site_open": ("候補（未利用）", "candidate (not used)"),
    "lg.site_screened": ("除外（灰色）", "screened out (grey)"),
    "lg.region_designated": ("指定地域（最終年MW）", "designated (MW in last year)"),
    "lg.region_other": ("非指定の候補地域", "candidate region, not designated"),
    "lg.connection": ("サイト→変電所", "site → substation"),
    "lg.reinforcement": ("増強のある変電所", "substation reinforced"),
    "lg.value": ("円/MW（1MW追加の節減額）", "JPY per MW (saving of 1 MW more)"),
    # status box and comparison
    "st.scenario": ("シナリオ", "scenario"),
    "st.solver": ("求解状況", "solver"),
    "st.optimal": ("最適（要求ギャップ内）", "optimal within the requested gap"),
    "st.time_limit": ("時間制限到達：最適性は未証明", "time limit reached: NOT proven optimal"),
    "st.interrupted": ("利用者が中断（Ctrl+C）：最適性は未証明", "interrupted (Ctrl+C): NOT proven optimal"),
    "st.other": ("解なし／異常終了", "no proven plan"),
    "st.gap": ("ギャップ（回避可能な費用に対して）", "gap (on the avoidable cost)"),
    "st.gap_abs": ("絶対ギャップ", "absolute gap"),
    "st.unavoidable": ("回避不能な遅延（全計画共通）", "unavoidable delay (in every plan)"),
    "st.core": ("頑健な中核（全ての準最適計画）", "robust core (in every near-optimal plan)"),
    "st.interchangeable": ("入替可能", "interchangeable"),
    "st.objective": ("目的関数", "objective"),
    "st.bound": ("下界", "bound"),
    "st.regions": ("指定地域数", "designated regions"),
    "st.mw_last": ("IT MW {y}", "IT MW {y}"),
    "cmp.title": ("比較", "Comparison"),
    "cmp.added": ("追加された地域", "regions added"),
    "cmp.removed": ("外れた地域", "regions removed"),
    "cmp.mw_change": ("地域別 MW 変化（{y}年）", "MW change per region ({y})"),
    "cmp.terms": ("目的関数の内訳", "objective terms"),
    "cmp.none": ("なし", "none"),
    "term.designation": ("指定費", "designation"),
    "term.connection": ("接続費", "connection"),
    "term.reinforcement": ("増強費", "reinforcement"),
    "term.fibre": ("光ファイバー", "fibre"),
    "term.delay": ("遅延", "delay"),
    "term.total": ("合計", "total"),
    "attr.data": ("データ：国土数値情報（行政区域データ）（国土交通省）を加工して作成；"
                  "変電所・送電線 © OpenStreetMap contributors",
                  "Data: MLIT National Land Numerical Information (N03), processed; substations and lines "
                  "© OpenStreetMap contributors"),
}

#: Values of coded columns, translated.
VALUES: dict[str, tuple[str, str]] = {
    "nuclear": ("原子力", "nuclear"), "hydro": ("水力", "hydro"), "geothermal": ("地熱", "geothermal"),
    "wind": ("風力", "wind"), "solar": ("太陽光", "solar"), "biomass": ("バイオマス", "biomass"),
    "solar_wind": ("太陽光・陸上風力", "solar and onshore wind"),
    "flood": ("洪水", "flood"), "tsunami": ("津波", "tsunami"), "landslide": ("土砂災害", "landslide"),
    "internet_exchange": ("インターネットエクスチェンジ", "internet exchange"),
    "landing_station": ("海底ケーブル陸揚局", "landing station"), "backbone": ("基幹回線", "backbone"),
    "operating": ("運転中", "operating"), "planned": ("計画", "planned"),
    "approved-awaiting-restart": ("許可済・再稼働待ち", "approved, awaiting restart"),
    "under-review": ("審査中", "under review"), "review-halted": ("審査中断", "review halted"),
    "not-applied": ("未申請", "never applied"), "rejected": ("不許可", "rejected"),
    "decommissioning": ("廃炉", "decommissioning"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def tr(key: str, lang: str, **fmt: object) -> str:
    """The label ``key`` in ``lang`` (``ja`` or ``en``), formatted with ``fmt``."""
    ja, en = LABELS[key]
    text = ja if lang == "ja" else en
    return text.format(**fmt) if fmt else text


def value(code: object, lang: str) -> str:
    """A coded value (supply kind, hazard, status) in ``lang``; unknown codes come back unchanged."""
    pair = VALUES.get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang == "ja" else pair[1]
