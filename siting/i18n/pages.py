"""Japanese and English text of the pages other than the run map: titles, the proposals overview, the sweep
map, the comparison (page and terminal diff) (key -> (Japanese, English))."""

from __future__ import annotations

PAGES: dict[str, tuple[str, str]] = {
    # <title> of each page
    "page.run": ("GX戦略地域の配置 - シナリオ「{name}」", "GX regions - scenario '{name}'"),
    "page.proposals": ("GX戦略地域 提案の評価 - シナリオ「{name}」", "GX proposals evaluated - scenario '{name}'"),
    "page.sweep": ("スイープ「{name}」 - 地域の選定頻度", "Sweep '{name}' - how often each region is designated"),
    "page.compare": ("比較：A = {a}、B = {b}", "Comparison: A = {a}, B = {b}"),
    # proposals overview
    "layer.proposals": ("提案用地（総合判定）", "Proposal sites (overall result)"),
    "pr.count": ("提案 {n} 件（適合 {ok}、注意 {warn}、不適合 {fail}）",
                 "{n} proposals ({ok} pass, {warn} warn, {fail} fail)"),
    "pr.rejected": ("読み込めなかった提案：{n} 件（rejected.csv）", "proposals not read: {n} (rejected.csv)"),
    "pr.site_area": ("用地面積", "site area"),
    "pr.municipality": ("市町村", "municipality"),
    "pr.overall": ("総合判定", "overall"),
    "layer.proposal_labels": ("提案名", "Proposal names"),
    # sweep map
    "layer.sweep_regions": ("候補地域（選定頻度）", "Candidate regions (how often designated)"),
    "layer.sweep_labels": ("地域名（選定あり）", "Region names (designated at least once)"),
    "swmap.share": ("選定されたシナリオの割合", "share of scenarios designating the region"),
    "sw.never": ("選定なし", "never designated"),
    "sw.tip": ("{name}：{n} / {of} シナリオで選定（{pct} %）", "{name}: designated in {n} of {of} scenarios ({pct} %)"),
    "swmap.mw": ("最終年 IT MW（最小 / 中央値 / 最大）", "last-year IT MW (min / median / max)"),
    "sw.marker": ("円＝地域の位置（用地の凸包は拡大時に表示）",
                  "circle: the region (its sites' hull shows when zoomed in)"),
    "sw.no_footprint": ("基準シナリオに用地がなく地図にない地域：{ids}", "designated but without sites in the base "
                        "scenario, so not on the map: {ids}"),
    "sw.scenarios": ("解けたシナリオ {n} / {of}", "{n} of {of} scenarios solved"),
    # comparison
    "layer.region_labels": ("地域名", "Region names"),
    "cmp.run_a": ("A", "A"),
    "cmp.run_b": ("B", "B"),
    "cmp.scenario_keys": ("シナリオの違い（キー：A → B）", "Scenario keys that differ (key: A -> B)"),
    "cmp.overrides": ("--set の違い", "--set overrides that differ"),
    "cmp.regions": ("地域：B で追加 {added}、B で外れた {removed}", "regions: in B only {added}; in A only {removed}"),
    "cmp.mw_year": ("年別 IT MW（A → B）", "IT MW by year (A -> B)"),
    "cmp.costs": ("費用の内訳（{unit}、A → B）", "costs by term ({unit}, A -> B)"),
    "cmp.same": ("違いなし", "no difference"),
    "cmp.year": ("年", "year"),
    "cmp.key": ("キー", "key"),
    "cmp.term": ("項目", "term"),
}
