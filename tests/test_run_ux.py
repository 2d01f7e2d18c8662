"""What a run says and keeps: did-you-mean for --set, bundled bases by name, no -0.0, the demand layer, the warning
for a replaced layer that screens out most sites, plain progress lines, the narrow layout, and SIGTERM or a second
Ctrl+C keeping the best plan."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from typer.testing import CliRunner

from siting.bundled import models_dir
from siting.cli.common import keep_plan
from siting.cli.main import app
from siting.errors import ScenarioError
from siting.model.build import build_model
from siting.scenario import load_scenario
from siting.solve.highs import PersistentSolver, SolveOptions
from siting.text import write_csv
from tests.synthetic import model_data

TINY = models_dir() / "tiny.toml"
REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def test_unknown_set_key_names_the_override_and_the_key_it_may_mean() -> None:
    res = runner.invoke(app, ["run", str(TINY), "--set", "policy.maxregions=4", "--no-map"])
    assert res.exit_code == 2
    assert "--set policy.maxregions=4: unknown key 'policy.maxregions'" in res.output
    assert "did you mean 'policy.max_regions'" in res.output
    assert "tiny.toml" not in res.output  # the scenario file is not blamed


def test_unknown_key_in_a_file_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('base = "tiny"\n[policy]\nmax_region = 2\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"unknown key 'policy.max_region' .*did you mean 'policy.max_regions'"):
        load_scenario(path)


def test_base_names_a_bundled_scenario(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('base = "reference"\nname = "mine"\n[policy]\nmax_regions = 3\n', encoding="utf-8")
    sc = load_scenario(path)
    ref = load_scenario(models_dir() / "reference.toml")
    assert sc.name == "mine" and sc.policy.max_regions == 3
    assert sc.layer_ref("land").path == ref.layer_ref("land").path  # the bundled layers, not beside mine.toml
    assert sc.decarbonised == ref.decarbonised
    path.write_text('base = "refrence"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"neither a file beside the scenario nor a bundled scenario.*reference"):
        load_scenario(path)


def test_csv_has_no_negative_zero(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a_mw": [-0.0, 1.5, -1e-9], "b": ["x", -0.0, None]})
    frame["a_mw"] = frame["a_mw"].round(6)
    write_csv(frame, tmp_path / "t.csv")
    text = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert "-0" not in text and text.splitlines()[1:] == ["0.0,x", "1.5,0.0", "0.0,"]


def test_run_folder_has_the_demand_layer_and_no_negative_zero(tmp_path: Path) -> None:
    res = runner.invoke(app, ["run", str(TINY), "--out", str(tmp_path / "run"), "--no-map"])
    assert res.exit_code == 0, res.output
    layers = {str(name) for name, _ in pyogrio.list_layers(tmp_path / "run" / "results.gpkg")}
    assert "demand" in layers
    import geopandas as gpd

    demand = gpd.read_file(tmp_path / "run" / "results.gpkg", layer="demand")
    assert list(demand["node_id"]) == ["tokyo"] or len(demand) == 1
    assert demand.loc[0, "demand_it_mw_2034"] == pytest.approx(600.0)
    assert demand.loc[0, "unserved_it_mw_2028"] == pytest.approx(50.0)  # the hand-computed optimum (tiny.toml)
    for csv in (tmp_path / "run").glob("*.csv"):
        assert ",-0.0" not in csv.read_text(encoding="utf-8"), csv.name


def test_replaced_layer_screening_out_most_sites_warns(tmp_path: Path) -> None:
    subs = tmp_path / "subs.csv"  # only Inzai's substation: Tomakomai (A) has none in reach, Kochi (C) is in a zone
    lines = (REPO / "geodata" / "tiny" / "substations.csv").read_text(encoding="utf-8").splitlines()
    subs.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "siting", "run", str(TINY), "--layer", f"substations={subs}",
                           "--out", str(tmp_path / "run"), "--no-map"], capture_output=True, text=True,
                          env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert ("warning: the replaced layer(s) substations screen out 2 of 3 candidate sites (67 %): no substation "
            "within the connection radius (1)") in proc.stdout
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["warnings"] and "2 of 3" in summary["warnings"][0]
    # plain progress lines on stderr when the output is not a terminal
    assert "s] load layers" in proc.stderr and "s] solve: " in proc.stderr and "s] write" in proc.stderr


def test_japanese_terminal_and_narrow_layout(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "siting", "run", str(TINY), "--out", str(tmp_path / "run"),
                           "--no-map", "--lang", "ja"], capture_output=True, text=True, env=_env(COLUMNS="70"),
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "指定GX戦略地域 - シナリオ「tiny」" in out and "北海道" in out  # region and area by name, in Japanese
    assert "    IT MW 2034: 450" in out  # stacked: one 'head: value' line per column, whole MW
    assert "    増強費（億円）: 200" in out and "    増強費: 250" in out  # one money unit: 25 bn JPY = 250 億円
    assert "┃" not in out and "bn JPY" not in out
    assert "s] レイヤー読込" in proc.stderr


def _ctrl_c_then(first: int, second: int, after_s: float) -> None:
    def send() -> None:
        os.kill(os.getpid(), first)
        time.sleep(0.3)
        os.kill(os.getpid(), second)

    threading.Timer(after_s, send).start()


@pytest.mark.parametrize("first,second", [(signal.SIGTERM, signal.SIGINT), (signal.SIGINT, signal.SIGINT)])
def test_sigterm_or_a_second_ctrl_c_keeps_the_plan(first: int, second: int) -> None:
    m, rows = build_model(model_data(100, 30, seed=3))  # far more than 60 s to reach a gap of 1e-4 (test_interrupt.py)
    solver = PersistentSolver(m, SolveOptions(time_limit_s=60, mip_gap=1e-4, threads=1), rows=rows)
    _ctrl_c_then(first, second, 2.0)
    t0 = time.perf_counter()
    with keep_plan("still writing"):
        res = solver.solve()
        time.sleep(0.5)  # the second signal lands here, while the plan would be written: it is only reported
    assert time.perf_counter() - t0 < 20
    assert res.status == "interrupted" and res.has_solution


@pytest.mark.slow
def test_sigterm_during_the_solve_writes_the_best_plan(tmp_path: Path) -> None:
    """``siting run`` killed with SIGTERM (then Ctrl+C) while HiGHS works: exit 130 and the run folder holds the
    best plan, marked interrupted."""
    out = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "siting", "run", "--gap", "0", "--time-limit", "120", "--no-map",
                             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env())
    assert proc.stderr is not None
    for line in proc.stderr:  # plain progress lines: wait for the MIP to start
        if "solve: MIP" in line:
            break
    time.sleep(5.0)  # the reference's first plans come within seconds
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "terminate called" not in stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "interrupted" and summary["objective_jpy"] > 0
    assert "NOT proven optimal" in stdout
