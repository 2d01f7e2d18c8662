"""Odd but real input never crashes: each case gives a result or exit code 2 with one line naming the proposal or
file and the field -- never "internal error"."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting.bundled import models_dir
from siting.cli.main import app

runner = CliRunner()
TINY = models_dir() / "tiny.toml"
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


def test_proposal_id_naming_a_forced_solve_keeps_the_progress_going(tmp_path: Path) -> None:
    """The progress bar once found a proposal by splitting its line at ': forced' -- an id holding those words
    broke it after the whole national solve."""
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "niigata: forced in,Niigata East Port,新潟県,139.24,37.985,100,400,true\n",
                    encoding="utf-8")
    out = tmp_path / "o"
    res = runner.invoke(app, ["evaluate", str(path), "--out", str(out), "--lang", "en", "--set", "solver.mip_gap=0.05",
                              "--set", "evaluation.resolve_time_limit_s=5", "--set", "solver.time_limit_s=20"])
    assert res.exit_code == 0, res.output
    ranking = pd.read_csv(out / "ranking.csv")
    assert ranking["proposal_id"].tolist() == ["niigata: forced in"]
    assert ranking["status_in"].notna().all() and ranking["status_out"].notna().all()


@pytest.mark.parametrize("kind", ["proposals", "layer"])
def test_columns_that_differ_only_by_case_are_named(kind: str, tmp_path: Path) -> None:
    if kind == "proposals":
        path = tmp_path / "p.csv"
        path.write_text("Proposal_ID,proposal_id,prefecture,requested_mw,lon,lat,site_area_ha\n"
                        "a,b,北海道,100,141.78,42.665,100\n", encoding="utf-8")
        args = ["evaluate", str(path), "--no-portfolio", "--out", str(tmp_path / "o")]
        names = "'Proposal_ID' / 'proposal_id'"
    else:
        path = tmp_path / "subs.csv"
        path.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon,ａｒｅａ\n"
                        "S1,a,500,Tokyo,1,true,35.7,140.0,Tohoku\n", encoding="utf-8")
        args = ["validate", str(TINY), "--layer", f"substations={path}"]
        names = "'area' / 'ａｒｅａ'"
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and names in errors[0] and str(path.name) in errors[0], errors


def _damage(run: Path, how: str) -> str:
    """Damage a copy of a run folder; return the file and field the error must name."""
    if how == "truncated GeoPackage":
        data = (run / "results.gpkg").read_bytes()
        (run / "results.gpkg").write_bytes(data[: len(data) // 3])
        return "results.gpkg"
    if how in ("summary is a list", "manifest is a list"):
        name = how.split()[0] + ".json"
        (run / name).write_text("[1, 2]\n", encoding="utf-8")
        return name
    if how == "summary field of the wrong type":
        summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
        summary["mip_gap"] = "small"
        (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        return "mip_gap"
    import geopandas as gpd

    regions = gpd.read_file(run / "results.gpkg", layer="regions").drop(columns="designated")
    regions.to_file(run / "results.gpkg", layer="regions", driver="GPKG")
    return "designated"


@pytest.mark.parametrize("how", ["truncated GeoPackage", "summary is a list", "manifest is a list",
                                 "summary field of the wrong type", "region layer without a field"])
def test_map_of_a_damaged_run_folder_names_the_file(how: str, tmp_path: Path) -> None:
    run = tmp_path / "run"
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(run)]).exit_code == 0
    word = _damage(run, how)
    res = runner.invoke(app, ["map", str(run), "--out", str(tmp_path / "m.html")])
    assert res.exit_code == 2, (res.exit_code, res.output)
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and word in errors[0] and "-- fix:" in errors[0], errors
    assert not (tmp_path / "m.html").exists()
