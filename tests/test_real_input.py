"""Odd but real input never crashes: each case gives a result or exit code 2 with one line naming the proposal or
file and the field -- never "internal error"."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from siting.cli.main import app

runner = CliRunner()
HEADER = "proposal_id,name,prefecture,lon,lat,site_area_ha,requested_mw,fibre_redundant\n"
GOOD = "good-1,Tomakomai test,北海道,141.78,42.665,100,300,true\n"


def test_proposal_with_no_substation_in_reach_is_evaluated(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    out = tmp_path / "o"
    res = runner.invoke(app, ["evaluate", str(path), "--out", str(out), "--no-portfolio", "--lang", "en",
                              "--set", "evaluation.grid_radius_km=0.01"])
    assert res.exit_code == 0, res.output
    rows = pd.read_csv(out / "evaluation.csv")
    grid = rows[rows["criterion"] == "grid_1gw"].iloc[0]
    assert grid["result"] == "fail" and float(grid["value"]) == 0.0
    report = next((out / "reports").glob("*.html")).read_text(encoding="utf-8")
    assert "Tomakomai test" in report
