"""Municipal proposal evaluation: reading and rejecting, the scorecard, reports (escaped) and portfolio re-solves."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting.cli.main import app
from siting.layers.load import load_layers
from siting.proposals.portfolio import evaluate_portfolio
from siting.proposals.read import read_proposals
from siting.scenario import load_scenario
from siting.solve.highs import PersistentSolver

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "models" / "proposals-example.geojson"
XSS = "<img src=x onerror=alert(1)>"
HEADER = "proposal_id,name,prefecture,lon,lat,site_area_ha,requested_mw,fibre_redundant\n"
GOOD = "good-1,Tomakomai test,北海道,141.78,42.665,100,300,true\n"


@pytest.fixture(scope="module")
def ctx():  # type: ignore[no-untyped-def]
    sc = load_scenario(REPO / "models" / "reference.toml",
                       ["solver.mip_gap=0.05", "evaluation.resolve_time_limit_s=5", "solver.time_limit_s=20"])
    return sc, load_layers(sc)


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("eval") / "example"
    res = CliRunner().invoke(app, ["evaluate", str(EXAMPLE), "--out", str(out), "--no-portfolio", "--lang", "en"])
    assert res.exit_code == 0, res.output
    return out


def _result(rows: pd.DataFrame, pid: str, crit: str) -> pd.Series:
    return rows[(rows["proposal_id"] == pid) & (rows["criterion"] == crit)].iloc[0]


def test_example_evaluates_in_one_command(example_run: Path) -> None:
    rows = pd.read_csv(example_run / "evaluation.csv")
    assert rows["proposal_id"].nunique() >= 8
    assert set(rows["result"]) <= {"pass", "warn", "fail"}
    for name in ("evaluation.json", "ranking.csv", "rejected.csv", "metrics.csv", "map.html"):
        assert (example_run / name).exists()
    assert len(list((example_run / "reports").glob("*.html"))) == rows["proposal_id"].nunique()
    page = (example_run / "map.html").read_text(encoding="utf-8")
    assert "maps.gsi.go.jp/development/ichiran.html" in page  # the GSI attribution (JSON-escaped Japanese)
    manifest = json.loads((example_run / "manifest.json").read_text(encoding="utf-8"))  # the runs' own writer
    assert manifest["proposals"] == str(EXAMPLE) and manifest["started_utc"] and manifest["layers"]["land"]
    assert len(manifest["inputs"][str(EXAMPLE)]) == 64 and manifest["versions"]["python"]


def test_criteria_say_what_they_measure(example_run: Path) -> None:
    rows = pd.read_csv(example_run / "evaluation.csv")
    chiba = _result(rows, "chiba-inzai", "outside_excluded_area")
    assert chiba["result"] == "fail" and "Tokyo" in chiba["reason"]
    small = _result(rows, "fukui-technoport", "site_area")
    assert small["result"] == "fail" and float(small["value"]) < 30
    wrong = _result(rows, "arao-border", "in_stated_prefecture")
    assert wrong["result"] == "fail" and "Fukuoka" in wrong["reason"] and "Kumamoto" in wrong["reason"]
    # the same finding in Japanese, numbers and places included, for the --lang ja reports
    assert "東京エリア内" in chiba["reason_ja"]
    assert "熊本県" in wrong["reason_ja"] and "福岡県" in wrong["reason_ja"]
    assert f"{float(small['value']):.1f} ha" in small["reason_ja"] and "基準 30 ha" in small["reason_ja"]
    assert rows["reason_ja"].notna().all() and not rows["reason_ja"].str.contains("never").any()
    for crit in ("site_area", "in_stated_prefecture"):
        assert _result(rows, "tomakomai-east", crit)["result"] == "pass"
    rtt = float(_result(rows, "tomakomai-east", "rtt_tokyo")["value"])
    assert 10 <= rtt <= 12
    metrics = pd.read_csv(example_run / "metrics.csv").set_index("proposal_id")
    assert metrics.loc["tomakomai-east", "connection_cost_jpy"] > 0
    assert metrics.loc["tomakomai-east", "mw_2040"] == pytest.approx(1000, rel=1e-6)


BAD = {
    "missing proposal_id": (",No id,北海道,141.6,42.6,50,100,true\n", "proposal_id", "row 2"),
    "unknown prefecture": ("bad-pref,Atlantis,Atlantis,141.6,42.6,50,100,true\n", "prefecture", "'bad-pref'"),
    "site in the sea": ("bad-sea,Offshore,北海道,145.5,41.0,50,100,true\n", "geometry", "'bad-sea'"),
    "negative requested_mw": ("bad-mw,Negative,北海道,141.6,42.6,50,-5,true\n", "requested_mw", "'bad-mw'"),
    "duplicate id": ("good-1,Copy,Chiba,140.16,35.78,50,100,true\n", "proposal_id", "'good-1'"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_proposal_is_named_and_the_rest_evaluated(case: str, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sc, layers = ctx
    line, field, who = BAD[case]
    keep = "keep-1,Akita test,Akita,140.065,39.755,60,300,false\n"
    path = tmp_path / "p.csv"
    path.write_text(HEADER + GOOD + line + keep, encoding="utf-8")
    props = read_proposals(path, layers, sc)
    msgs = [str(p) for p in props.problems]
    assert msgs and any(who in m and f"field: {field}" in m and "fix:" in m for m in msgs), msgs
    assert "keep-1" in set(props.proposals["proposal_id"])
    if case != "duplicate id":
        assert "good-1" in set(props.proposals["proposal_id"])


def test_cli_warns_on_rejects_and_fails_when_all_bad(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + GOOD + BAD["negative requested_mw"][0], encoding="cp932")
    res = CliRunner().invoke(app, ["evaluate", str(path), "--out", str(tmp_path / "o"), "--no-portfolio"])
    assert res.exit_code == 0, res.output
    assert "bad-mw" in pd.read_csv(tmp_path / "o" / "rejected.csv")["proposal_id"].tolist()
    path.write_text(HEADER + BAD["negative requested_mw"][0], encoding="utf-8")
    res = CliRunner().invoke(app, ["evaluate", str(path), "--out", str(tmp_path / "o2"), "--no-portfolio"])
    assert res.exit_code == 2
    assert not (tmp_path / "o2").exists()


def test_malicious_names_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("proposal_id,name,municipality,notes,prefecture,lon,lat,site_area_ha,requested_mw\n"
                    f'"{XSS}","{XSS}","{XSS}","{XSS}",北海道,141.78,42.665,100,300\n', encoding="utf-8")
    out = tmp_path / "o"
    res = CliRunner().invoke(app, ["evaluate", str(path), "--out", str(out), "--no-portfolio", "--lang", "ja"])
    assert res.exit_code == 0, res.output
    for page in [*(out / "reports").glob("*.html"), out / "map.html"]:
        text = page.read_text(encoding="utf-8")
        assert "<img src=x" not in text, page
    report = next((out / "reports").glob("*.html")).read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "用地の所在：北海道" in report and "site lies in" not in report  # reasons in the report's language


def test_portfolio_forced_in_and_out(ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Every solve of the portfolio -- the national optimum and each re-solve -- runs with the scenario's
    ``[solver]`` settings (its HiGHS options and its strategy), as a run does."""
    sc, layers = ctx
    sc = sc.model_copy(deep=True)
    sc.solver.strategy = "screened"
    sc.solver.highs_options = {"mip_heuristic_effort": 0.2}
    passed: list[dict[str, object]] = []
    set_options = PersistentSolver.set_options

    def spy(self: PersistentSolver, time_limit_s: float, mip_gap: float) -> None:
        passed.append(dict(self.options.highs_options))
        set_options(self, time_limit_s, mip_gap)

    monkeypatch.setattr(PersistentSolver, "set_options", spy)
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "niigata,Niigata East Port,新潟県,139.24,37.985,100,400,true\n"
                    "kikuyo,Kikuyo,熊本県,130.83,32.87,40,150,true\n", encoding="utf-8")
    props = read_proposals(path, layers, sc)
    pf = evaluate_portfolio(layers, props, sc)
    t = pf.table.set_index("proposal_id")
    assert set(t.index) == {"niigata", "kikuyo"}
    assert pf.resolves >= 1
    base_bound = pf.base.bound / 1e-8 if pf.base.bound is not None else pf.base_cost_jpy * (1 - pf.base.gap)
    for pid in t.index:
        row = t.loc[pid]
        assert row["status_in"] and row["status_out"]
        if pd.notna(row["cost_in_jpy"]):
            # forced in is never better than the unconstrained optimum, up to its proven gap
            assert row["cost_in_jpy"] >= base_bound - 1e3
            assert pd.notna(row["delta_cost_in_jpy"]) and pd.notna(row["delta_delay_in_mw_years"])
        assert pd.notna(row["delta_cost_out_jpy"])
    assert passed and all(opts == {"mip_heuristic_effort": 0.2} for opts in passed)
    assert pf.base.extra["strategy"] == "screened"
    ranked = pf.table.sort_values("rank")
    assert ranked["rank"].iloc[0] == 1
    values = ranked["portfolio_value_jpy"].dropna().to_numpy()
    assert (values[:-1] >= values[1:]).all()  # most valuable first


def test_committed_water_adds_to_the_system_the_proposal_draws_on() -> None:
    import pandas as pd

    from siting.model.data import ModelData
    from siting.proposals.portfolio import add_committed_water

    data = ModelData(years=[2030], decision_year=2026, end_year=2031, region_ids=["pref-01", "prop-p1"],
                     region_fixed_cost_jpy=[0.0, 0.0], region_min_mw=[0.0, 0.0], site_ids=["a", "b"],
                     site_region=[0, 1], site_cap_mw=[10.0, 10.0], node_ids=["n"], demand_mw=[[1.0]],
                     water_ids=["w1", "w2"], water_spare_m3_per_day=[100.0, 50.0], site_water=[0, 1])

    class Props:
        proposals = pd.DataFrame({"proposal_id": ["p1"], "water_m3_per_day": [400.0]})

    add_committed_water(data, Props())  # type: ignore[arg-type]
    assert data.water_spare_m3_per_day == [100.0, 450.0]
    # outside every system, or in one of unknown spare, the committed water still counts
    data.site_water, data.water_spare_m3_per_day = [0, -1], [None, 50.0]
    add_committed_water(data, Props())  # type: ignore[arg-type]
    assert data.water_ids == ["w1", "w2", "own-prop-p1"] and data.site_water == [0, 2]
    assert data.water_spare_m3_per_day == [None, 50.0, 400.0] and data.can_evaporate(1)


def test_scorecard_water_warns_that_dry_cooling_is_needed_never_fails() -> None:
    """1,000 MW at 43 m3/day per MW need 43,000 m3/day. No system in reach: all dry at PUE 1.5 instead of 1.4,
    +100 MW of grid and +100 x 8.76 x 0.8 = 701 GWh/yr: a warning. 21,500 m3/day known cools 500 MW: the other
    500 dry (+50 MW). Enough water passes."""
    from siting.candidates.cooling import split
    from siting.proposals.scorecard import water_verdict
    from siting.scenario import scenario_from_dict

    sc = scenario_from_dict({})
    res, why, why_ja = water_verdict(split(1000.0, None, sc), [], [], sc)
    assert res == "warn" and why.startswith("no industrial-water system in reach")
    assert "PUE 1.5 instead of 1.4" in why and "+100 MW of grid" in why and "+701 GWh/yr" in why
    assert "ドライ冷却" in why_ja
    res, why, _ = water_verdict(split(1000.0, None, sc), ["w-x"], [], sc)
    assert res == "warn" and "spare supply of w-x unknown" in why
    short = split(1000.0, 21_500.0, sc)
    assert (short.evaporative_mw, short.dry_mw, short.extra_grid_mw) == pytest.approx((500.0, 500.0, 50.0))
    assert water_verdict(short, ["w-y"], [21_500.0], sc)[0] == "warn"
    assert water_verdict(split(1000.0, 50_000.0, sc), ["w-y"], [50_000.0], sc)[0] == "pass"


def test_portfolio_lines_follow_the_report_language() -> None:
    from siting.proposals.report import _portfolio_rows

    row = pd.Series({"candidate": True, "selected": False, "delta_cost_in_jpy": 2.5e9, "status_in": "optimal",
                     "gap_in": 0.001, "delta_delay_in_mw_years": -10.0, "delta_cost_out_jpy": 0.0,
                     "status_out": "optimal", "gap_out": 0.0, "delta_delay_out_mw_years": 0.0,
                     "portfolio_value_jpy": -2.5e9, "rank": 3})
    ja = dict(_portfolio_rows(row, "ja"))
    assert ja["指定した場合の費用変化"] == "+25 億円（最適（要求ギャップ内）、ギャップ 0.10 %）"
    assert ja["ポートフォリオ価値（除外時費用 − 指定時費用）"] == "-25 億円" and ja["順位"] == "3"
    assert ja["全国最適解で選定"] == "いいえ"
    en = dict(_portfolio_rows(row))
    assert en["forced in: cost change"] == "+2.5 bn JPY (optimal, gap 0.10 %)"
    assert dict(_portfolio_rows(pd.Series({"candidate": False, "screened_reason": "hazard zone"}), "ja")) == {
        "候補": "対象外: hazard zone"}  # an older table without the Japanese reason
    screened = pd.Series({"candidate": False, "screened_reason": "in flood:high zone f1",
                          "screened_reason_ja": "洪水区域（flood:high、f1）内"})
    assert dict(_portfolio_rows(screened, "ja")) == {"候補": "対象外: 洪水区域（flood:high、f1）内"}
    assert dict(_portfolio_rows(screened, "en")) == {"candidate": "no: in flood:high zone f1"}
