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
