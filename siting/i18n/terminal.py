"""Japanese and English text of the terminal, the tables and the reports (key -> (Japanese, English))."""

from __future__ import annotations

TERMINAL: dict[str, tuple[str, str]] = {
    # siting run
    "run.title": ("指定GX戦略地域 - シナリオ「{name}」", "Designated GX regions - scenario '{name}'"),
    "run.region": ("地域", "region"),
    "run.area": ("エリア", "area"),
    "run.it_mw": ("IT MW {y}", "IT MW {y}"),
    "run.first_year": ("稼働開始年", "first year"),
    "run.reinforcement": ("増強費（{unit}）", "reinforcement {unit}"),
    "run.limited_by": ("制約要因", "limited by"),
    "run.terms": ("目的関数の内訳（{unit}）", "Objective terms ({unit})"),
    "run.delay": ("遅延：{mwy} MW・年（年別の未充足 IT MW：{unserved}）",
                  "delay: {mwy} MW-years (unserved IT MW by year: {unserved})"),
    "run.solver": ("求解：{text}", "solver: {text}"),
    "run.gap": ("ギャップ：目的関数 {obj}、下界 {bound}、絶対ギャップ {gap} = 回避可能な費用 {avoidable} の {rel}"
                "（目的関数から回避不能な遅延 {mwy} MW・年、{unavoidable} を除いたもの。全計画に共通）",
                "gap: objective {obj}, bound {bound}, absolute gap {gap} = {rel} of the avoidable cost {avoidable} "
                "(the objective less the unavoidable delay: {mwy} MW-years, {unavoidable}, in every plan)"),
    "run.time": ("所要時間：{secs}", "time: {secs}"),
    "run.precheck": ("事前確認", "pre-check"),
    "run.warning": ("警告", "warning"),
    "run.written": ("結果の出力先：{path}/", "results written to {path}/"),
    "run.interrupted": ("中断：Ctrl+C（または SIGTERM）までに見つかった最良の計画を上に出力しました（最適性は未証明）",
                        "interrupted: the best plan found before Ctrl+C (or SIGTERM) is written above, NOT proven "
                        "optimal"),
    "run.still_writing": ("中断済み：見つかった最良の計画を書き出しています（もう一度押すと書き出さずに終了）",
                          "already stopping: the best plan found is being written (once more to stop without it)"),
    "run.alt_title": ("最適解の回避可能な費用の {slack} % 以内の準最適計画（alternatives.csv）",
                      "Near-optimal plans within {slack} % of the optimum's avoidable cost (alternatives.csv)"),
    "run.alt_plan": ("計画", "plan"),
    "run.alt_regions": ("指定される新規地域", "designated new regions"),
    "run.alt_avoidable": ("回避可能な費用（{unit}）", "avoidable {unit}"),
    "run.alt_above": ("最適解との差", "above the optimum"),
    "run.alt_optimum": ("最適解", "optimum"),
    "run.core": ("頑健な中核（全計画に共通）：{core}；入替可能：{other}（{stopped}）",
                 "robust core (in every plan): {core}; interchangeable: {other} ({stopped})"),
    "run.none": ("なし", "none"),
    "run.pareto_title": ("費用と遅延のパレートフロント（pareto.csv、pareto.png）",
                         "Cost-delay Pareto front (pareto.csv, pareto.png)"),
    "run.point": ("点", "point"),
    "run.delay_mwy": ("遅延 MW・年", "delay MW-years"),
    "run.cost": ("費用（{unit}）", "cost {unit}"),
    "run.regions": ("地域数", "regions"),
    "run.status": ("状況", "status"),
    "run.screened_most": ("置き換えたレイヤー（{layers}）で候補地 {n} 件中 {out} 件（{share} %）が除外"
                          "されました：{why}。レイヤーの列・座標・単位を確認してください",
                          "the replaced layer(s) {layers} screen out {out} of {n} candidate sites ({share} %): {why}; "
                          "check the layer's columns, coordinates and units"),
    # siting evaluate: the ranking and each report's portfolio section
    "ev.title": ("GX戦略地域 データセンター集積型 提案", "GX data-centre proposals"),
    "ev.rank": ("順位", "rank"),
    "ev.proposal": ("提案", "proposal"),
    "ev.overall": ("評価表", "scorecard"),
    "ev.pass": ("適合", "pass"),
    "ev.warn": ("注意", "warn"),
    "ev.fail": ("不適合", "fail"),
    "ev.failed": ("不適合の項目", "failed criteria"),
    "ev.selected": ("全国最適解で選定", "selected"),
    "ev.value": ("価値（{unit}）", "value {unit}"),
    "ev.tied_mark": ("＝", "="),
    "ev.tied_caption": ("＝：再求解のギャップ内で順位を区別できない（ranking.csv の tied_with）",
                        "=: tied within the re-solve gaps (tied_with in ranking.csv)"),
    "ev.more": ("上位 {shown} 件（全 {n} 件）；全件は ranking.csv",
                "the first {shown} of {n}; all of them in ranking.csv"),
    "ev.rejected_row": ("却下：{problem}", "rejected: {problem}"),
    "ev.rejected": ("提案 {n} 件を却下しました（{ids}）；rejected.csv を参照", "{n} proposal(s) rejected ({ids}); see "
                    "rejected.csv"),
    "ev.rows": ("行 {rows}", "rows {rows}"),
    "ev.written": ("評価結果の出力先：{path}/", "evaluation written to {path}/"),
    "ev.national": ("全国最適解", "national optimum"),
    "ev.forced": ("{pid}：{side}", "{pid}: forced {side}"),
    "ev.why": ("{pid}：指定時に実行不可能となる原因を分析", "{pid}: why forced in is infeasible"),
    "ev.side_in": ("指定した場合", "in"),
    "ev.side_out": ("除外した場合", "out"),
    "pf.candidate": ("候補", "candidate"),
    "pf.no": ("対象外", "no"),
    "pf.selected": ("全国最適解で選定", "selected by the national optimum"),
    "pf.cost_in": ("指定した場合の費用変化", "forced in: cost change"),
    "pf.delay_in": ("指定した場合の遅延変化", "forced in: delay change"),
    "pf.cost_out": ("除外した場合の費用変化", "forced out: cost change"),
    "pf.delay_out": ("除外した場合の遅延変化", "forced out: delay change"),
    "pf.value": ("ポートフォリオ価値（除外時費用 − 指定時費用）", "portfolio value (cost out - cost in)"),
    "pf.range": ("（ギャップを考慮すると {low} ～ {high}）", "({low} to {high} within the gaps)"),
    "pf.rank": ("順位", "rank"),
    "pf.gap": ("ギャップ", "gap"),
    "pf.mwy": ("MW・年", "MW-years"),
    "pf.tied": ("（再求解のギャップ内で同順位：{ids}）", "(tied within the re-solve gaps with {ids})"),
    "pf.scorecard": ("評価表：{result}", "scorecard: {result}"),
    "pf.infeasible": ("指定すると実行不可能：{why}", "infeasible when forced in: {why}"),
    "stage.starting": ("開始", "starting"),
    "stage.write": ("書き出し", "write"),
    "stage.alternatives": ("準最適計画：{line}", "near-optimal plans: {line}"),
    "stage.pareto": ("パレートフロント（{n} 点）", "Pareto front ({n} points)"),
}

#: The pipeline's stage names (siting.pipeline) in Japanese; the solver's phase lines keep their numbers.
STAGES_JA: dict[str, str] = {
    "load layers": "レイヤー読込", "candidates": "候補地", "model data": "モデルデータ", "build model": "モデル構築",
    "solve": "求解", "results": "結果の集計", "explain infeasibility": "実行不可能の原因分析",
    "hand-off": "HiGHS への受け渡し", "solve (HiGHS)": "求解（HiGHS）", "total": "合計", "alternatives": "準最適計画",
}

#: The elastic relaxation's rule families (siting.solve.elastic) and where they bind, in Japanese.
RULES_JA: dict[str, str] = {
    "minimum region size": "最小地域規模", "maximum number of regions": "指定地域数の上限", "site land": "用地",
    "connection": "系統接続", "substation headroom": "変電所の空き容量", "decarbonised supply": "脱炭素電源",
    "industrial water": "工業用水", "area share": "エリア比率",
    "demand (no unserved demand allowed)": "需要（未充足不可）",
}
WHERE_JA: dict[str, str] = {"region": "地域", "site": "サイト", "substation": "変電所", "area": "エリア",
                            "water": "工業用水", "node": "需要点"}
#: Units of outputs in Japanese (those that are not international symbols).
UNITS_JA: dict[str, str] = {"regions": "地域", "m3/day": "m³/日", "MW-years": "MW・年", "ha": "ha",
                            "share of site area": "用地面積に占める割合", "bool": "有無", "prefecture": "都道府県",
                            "grid area": "エリア", "year": "年", "ms": "ミリ秒", "IT MW": "IT MW"}
