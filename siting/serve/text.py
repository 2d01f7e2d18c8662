"""The review page's fixed words in Japanese and English (the page switches language without a reload).

Criterion names and the pass / warn / fail words are the reports' own (:data:`siting.proposals.report.TEXT`), so
the page and the downloaded report say the same thing. Nothing here is user text: proposal ids, names, reasons
and error lines reach the page as JSON data and are put into the DOM with ``textContent``.
"""

from __future__ import annotations

from typing import Any

from siting.i18n import money_unit
from siting.layers.japan import PREFECTURES
from siting.proposals.report import TEXT

LANGS = ("ja", "en")

#: key -> (Japanese, English)
UI: dict[str, tuple[str, str]] = {
    "title": ("GX戦略地域 データセンター提案の審査", "GX data-centre proposal review"),
    "lang": ("English", "日本語"),
    "scenario": ("シナリオ", "scenario"),
    "reference": ("全国の基準計画", "national reference plan"),
    "reference_regions": ("基準計画の指定地域", "regions of the reference plan"),
    "regions": ("指定地域", "designated regions"),
    "total_cost": ("総費用", "total cost"),
    "money_unit": (money_unit("ja"), money_unit("en")),
    "upload": ("提案ファイルを読み込む", "Load a proposals file"),
    "choose_file": ("ファイルを選ぶ…", "Choose a file…"),
    "upload_hint": ("GeoJSON・GeoPackage・CSV（経度・緯度）・Shapefile（zip）・GeoParquet、{mb} MB まで。"
                    "書式は models/PROPOSALS.md。",
                    "GeoJSON, GeoPackage, CSV (lon/lat), zipped Shapefile or GeoParquet, up to {mb} MB. "
                    "Format: models/PROPOSALS.md."),
    "screening": ("評価中…", "screening…"),
    "point": ("地図上の地点を評価", "Evaluate a point on the map"),
    "point_hint": ("地図をクリックして地点を選び、面積・MW・都道府県を入力してください。",
                   "Click the map to choose a point, then enter area, MW and prefecture."),
    "point_pick": ("地図をクリックしてください", "click the map"),
    "proposal_id": ("提案ID", "proposal id"),
    "name": ("名称", "name"),
    "prefecture": ("都道府県", "prefecture"),
    "site_area_ha": ("用地面積（ha）", "site area (ha)"),
    "requested_mw": ("希望 IT MW", "requested IT MW"),
    "full_year": ("全量稼働年（任意）", "full load year (optional)"),
    "lonlat": ("経度・緯度", "lon, lat"),
    "add_point": ("この地点を評価に追加", "Add this point"),
    "new_points": ("新しい地点の組から始める", "start a new set of points"),
    "proposals": ("提案", "Proposals"),
    "source": ("入力", "input"),
    "none_yet": ("まだ提案がありません。ファイルを読み込むか、地図をクリックしてください。",
                 "No proposals yet: load a file or click the map."),
    "overall": ("総合判定", "overall"),
    "proposal": ("提案（名称・ID）", "proposal (name, id)"),
    "mw_short": ("IT MW", "IT MW"),
    "counts": ("適合/注意/不適合", "pass / warn / fail"),
    "failed": ("不適合の項目", "failed criteria"),
    "value": ("ポートフォリオ価値", "portfolio value"),
    "value_short": (f"価値（{money_unit('ja')}）", f"value ({money_unit('en')})"),
    "rank": ("順位", "rank"),
    "rejected": ("却下", "rejected"),
    "row": ("行", "row"),
    "errors": ("読み込めませんでした", "could not be read"),
    "detail": ("評価の詳細", "Details"),
    "select": ("表の行か地図上の用地を選ぶと詳細が表示されます。", "Select a row or a site on the map for details."),
    "scorecard": ("評価表", "Scorecard"),
    "criterion": ("評価項目", "criterion"),
    "measured": ("値", "value"),
    "threshold": ("基準", "threshold"),
    "result": ("判定", "result"),
    "reason": ("理由", "reason"),
    "metrics": ("系統指標（単独評価）", "Grid metrics (this proposal alone)"),
    "grid_area": ("一般送配電エリア", "grid area"),
    "land_it_mw": ("用地が許す IT MW", "IT MW the land allows"),
    "in_service_year": ("最初の MW の運開年", "first MW in service"),
    "requested_year": ("希望 MW の供給可能年", "year the requested MW can run"),
    "target_year_reached": ("1 GW に届く年", "year 1 GW can run"),
    "grid_it_mw_by_target_year": ("目標年までの接続可能 IT MW", "IT MW reachable by the target year"),
    "grid_it_mw_max": ("接続可能 IT MW（最大）", "IT MW reachable at most"),
    "connection_cost_jpy": ("接続費用", "connection cost"),
    "reinforcement_cost_jpy": ("増強費用", "reinforcement cost"),
    "substations_used": ("利用変電所", "substations used"),
    "never": ("計画期間内は不可", "not within the planning years"),
    "chart": ("年別 IT MW（単独推計）", "IT MW online by year (standalone estimate)"),
    "requested": ("希望", "requested"),
    "substations": ("接続圏内の変電所", "substations in reach"),
    "sub_used": ("希望 MW に使う変電所", "used for the requested MW"),
    "headroom": ("空き容量", "headroom"),
    "distance": ("距離", "distance"),
    "report": ("報告書を開く（HTML）", "Open the report (HTML)"),
    "downloads": ("ダウンロード", "Downloads"),
    "all_files": ("すべて（zip）", "everything (zip)"),
    "portfolio": ("ポートフォリオ価値（全国モデルの再計算）", "Portfolio value (national model re-solves)"),
    "portfolio_hint": ("各提案を指定した場合・除外した場合で全国モデルを解き直します（数十秒〜数分）。",
                       "Re-solves the national model with each proposal forced in and forced out "
                       "(tens of seconds to minutes)."),
    "run_portfolio": ("ポートフォリオ価値を計算", "Compute the portfolio value"),
    "cancel": ("中止", "Cancel"),
    "queued": ("順番待ち", "queued"),
    "preparing": ("準備中（レイヤー読み込み・モデル構築）", "preparing (layers, model build)"),
    "national": ("全国最適解を計算中", "solving the national optimum"),
    "forced_in": ("{id}：指定して再計算", "{id}: re-solving forced in"),
    "forced_out": ("{id}：除外して再計算", "{id}: re-solving forced out"),
    "job_done": ("完了", "done"),
    "job_cancelled": ("中止しました", "cancelled"),
    "job_failed": ("失敗しました", "failed"),
    "elapsed": ("経過 {s} 秒", "{s} s elapsed"),
    "base_plan": ("提案を含む全国最適解", "national optimum with the proposals"),
    "selected": ("全国最適解で選定", "selected by the national optimum"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    "not_candidate": ("候補外", "not a candidate"),
    "delta_in": ("指定した場合の費用変化", "forced in: cost change"),
    "delta_out": ("除外した場合の費用変化", "forced out: cost change"),
    "value_def": ("除外時費用 − 指定時費用", "cost out − cost in"),
    "status": ("状態", "status"),
    "gap": ("ギャップ", "gap"),
    "st_optimal": ("最適（要求ギャップ内）", "optimal within the requested gap"),
    "st_time_limit": ("時間制限：最適性は未証明", "time limit: NOT proven optimal"),
    "st_interrupted": ("中断：最適性は未証明", "interrupted: NOT proven optimal"),
    "st_infeasible": ("実行不可能", "infeasible"),
    "st_no_solution": ("解なし", "no plan"),
    "legend_pass": ("適合", "pass"),
    "legend_site": ("提案の用地（判定の色）", "Proposal sites (colour of the verdict)"),
    "legend_sub": ("接続圏内の変電所", "substations in reach"),
    "legend_ref": ("基準計画の指定地域", "regions of the reference plan"),
    "layer_prefs": ("都道府県（ベースマップ）", "Prefectures (base map)"),
    "layer_gsi": ("地理院タイル（淡色・要ネット接続）", "GSI tiles (pale, online)"),
    "layer_ref": ("基準計画の指定地域", "Reference plan regions"),
    "layer_sites": ("提案の用地", "Proposal sites"),
    "layer_subs": ("接続圏内の変電所", "Substations in reach"),
    "gsi_credit": ("出典：国土地理院ウェブサイト（地理院タイル）", "Source: GSI Tiles (国土地理院ウェブサイト)"),
    "pref_credit": ("出典：国土数値情報（行政区域データ）（国土交通省）",
                    "Boundaries: 国土数値情報（行政区域データ）（国土交通省）"),
    "mw": ("MW", "MW"),
    "ha": ("ha", "ha"),
    "network_error": ("サーバーに接続できません", "the server did not answer"),
}


def ui_text(lang: str) -> dict[str, Any]:
    """Every fixed word of the page in ``lang``: the page's own, and the reports' criteria and verdicts."""
    k = LANGS.index(lang)
    out: dict[str, Any] = {key: pair[k] for key, pair in UI.items()}
    report = TEXT[lang]
    out["criteria"] = dict(report["criteria"])
    out.update({v: report[v] for v in ("pass", "warn", "fail")})
    return out


def all_text() -> dict[str, dict[str, Any]]:
    """The page's words in both languages (embedded once in the page as JSON)."""
    return {lang: ui_text(lang) for lang in LANGS}


def prefectures() -> list[dict[str, str]]:
    """The 47 prefectures for the point form: JIS code (what the form sends), Japanese and English names."""
    return [{"code": code, "ja": ja, "en": en} for code, ja, en, _area in PREFECTURES]
