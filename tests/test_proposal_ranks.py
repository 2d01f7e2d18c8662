"""Proposal ranks that respect the re-solves' gaps, the scorecard beside the rank, and why a proposal cannot be
forced in."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from siting.cli.main import app
from siting.proposals.ranks import rank_within_gaps

REPO = Path(__file__).resolve().parents[1]
BN = 1e9


def test_differences_inside_the_gaps_are_ties() -> None:
    """a: 28 bn with gaps 20 / 20 -> [8, 48]; b: 0 with 18 / 18 -> [-18, 18]: they overlap, a tie although a is
    28 bn ahead. c: -50 with 1 / 1 -> [-51, -49], below both lows (8, -18): rank 3. d has no value: last."""
    table = pd.DataFrame({"proposal_id": ["c", "b", "d", "a"],
                          "portfolio_value_jpy": [-50 * BN, 0.0, np.nan, 28 * BN],
                          "abs_gap_in_jpy": [1 * BN, 18 * BN, np.nan, 20 * BN],
                          "abs_gap_out_jpy": [1 * BN, 18 * BN, np.nan, 20 * BN]})
    out = rank_within_gaps(table)
    assert list(out["proposal_id"]) == ["a", "b", "c", "d"]
    assert list(out["rank"]) == [1, 1, 3, 4]
    assert list(out["tied_with"]) == ["b", "a", "", ""]
    assert out.loc[0, "value_low_jpy"] == 8 * BN and out.loc[0, "value_high_jpy"] == 48 * BN
    # the same table in any order ranks the same
    again = rank_within_gaps(table.iloc[::-1])
    pd.testing.assert_frame_equal(out, again)
    # with gaps of 1 bn the 28 bn are a clear difference
    sharp = rank_within_gaps(table.assign(abs_gap_in_jpy=BN, abs_gap_out_jpy=BN))
    assert list(sharp["rank"]) == [1, 2, 3, 4] and not sharp["tied_with"].str.len().any()


def test_unknown_gap_ties_with_everything() -> None:
    table = pd.DataFrame({"proposal_id": ["x", "y"], "portfolio_value_jpy": [5 * BN, -5 * BN],
                          "abs_gap_in_jpy": [0.0, np.nan], "abs_gap_out_jpy": [0.0, 0.0]})
    out = rank_within_gaps(table)
    assert list(out["rank"]) == [1, 1] and list(out["tied_with"]) == ["y", "x"]


def test_infeasible_forced_in_names_the_rule_and_scorecard_sits_beside_the_rank(tmp_path: Path) -> None:
    """One new region at most, and Niigata forced in: Kikuyo cannot be designated as well. The elastic relaxation
    names the rule: the number of regions, by one."""
    props = tmp_path / "p.csv"
    props.write_text("proposal_id,name,prefecture,lon,lat,site_area_ha,requested_mw,fibre_redundant\n"
                     "kikuyo,Kikuyo,熊本県,130.83,32.87,40,150,true\n", encoding="utf-8")
    out = tmp_path / "ev"
    res = CliRunner().invoke(app, [
        "evaluate", str(props), "--out", str(out), "--lang", "en",
        "--set", "policy.max_regions=1", "--set", 'policy.forced_in=["pref-15"]', "--set", "solver.mip_gap=0.05",
        "--set", "solver.time_limit_s=30", "--set", "evaluation.resolve_time_limit_s=10"])
    assert res.exit_code == 0, res.output
    rank = pd.read_csv(out / "ranking.csv")
    assert list(rank.columns[:3]) == ["rank", "overall", "proposal_id"]
    row = rank.iloc[0]
    assert row["status_in"] == "infeasible"
    assert row["infeasible_in_because"].startswith("maximum number of regions must give way: national by 1.0")
    evaluation = pd.read_csv(out / "evaluation.csv")
    assert list(evaluation.columns[:3]) == ["proposal_id", "rank", "overall"]
    assert set(evaluation["rank"]) == {row["rank"]} and set(evaluation["overall"]) == {row["overall"]}
    page = next((out / "reports").glob("kikuyo-*.html")).read_text(encoding="utf-8")
    assert "infeasible when forced in: maximum number of regions must give way" in page
    assert f"scorecard: {row['overall']}" in page
    line = next(ln for ln in res.output.splitlines() if "kikuyo" in ln)
    cells = [c.strip() for c in line.split("│")]
    assert cells[1:4] == [str(row["rank"]), row["overall"], "kikuyo"]  # the scorecard's result beside the rank
