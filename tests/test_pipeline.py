"""End to end on models/tiny.toml, whose optimum is worked out by hand in the file's header."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting import load_scenario
from siting.bundled import models_dir
from siting.cli.main import app
from siting.pipeline import run_scenario

TINY = models_dir() / "tiny.toml"
runner = CliRunner()


def test_tiny_optimum_matches_the_hand_computation() -> None:
    run = run_scenario(load_scenario(TINY))
    s = run.results.summary
    assert s["status"] == "optimal"
    assert s["objective_jpy"] == pytest.approx(192e9, rel=1e-6)
    assert s["objective_terms_jpy"] == pytest.approx(
        {"designation": 10e9, "connection": 7e9, "reinforcement": 25e9, "fibre": 0.0, "delay": 150e9}, rel=1e-6)
    assert s["mw_years_delay"] == pytest.approx(300.0)
    sites = run.results.sites.set_index("site_id")
    assert sites.loc["A", ["mw_2028", "mw_2030", "mw_2034"]].tolist() == pytest.approx([0, 100, 450])
    assert sites.loc["B", ["mw_2028", "mw_2030", "mw_2034"]].tolist() == pytest.approx([50, 150, 150])
    assert sites.loc["C", "screened_reason"] == "in tsunami:high zone tsu-kochi-test"
    assert sites.loc["C", "screened_reason_ja"] == "津波区域（tsunami:high、tsu-kochi-test）内"
    assert sites.loc[["A", "B"], "screened_reason_ja"].isna().all()
    steps = run.results.reinforcements.set_index("substation_id")
    assert int(steps.loc["SB", "in_service_year"]) == 2030 and int(steps.loc["SA", "in_service_year"]) == 2034
    regions = run.results.regions.set_index("region_id")
    assert bool(regions.loc["pref-01", "designated"]) and int(regions.loc["pref-01", "first_year"]) == 2030
    assert regions.loc["pref-01", "substations_used"] == "SA"
    assert "headroom" in regions.loc["existing-12", "limited_by"]


def test_headroom_value_is_the_delay_it_saves() -> None:
    """In 2028 SB is full and 50 MW wait: 1 MW more headroom at SB saves 2 years x 0.5 bn JPY = 1 bn JPY."""
    run = run_scenario(load_scenario(TINY))
    subs = run.results.substations.set_index("substation_id")
    assert subs.loc["SB", "headroom_value_jpy_per_mw_2028"] == pytest.approx(1e9)


def test_latency_limit_cuts_the_far_site() -> None:
    """Tomakomai-Tokyo is ~830 km, RTT 2 x 1.3 x 830 / 200,000 km/s = 10.8 ms: a 5 ms limit removes the pair,
    so A cannot serve Tokyo and only B runs."""
    run = run_scenario(load_scenario(TINY, ["network.latency_limit_ms=5"]))
    assert "A" not in set(run.candidates.pairs["site_id"])
    rtt = run_scenario(load_scenario(TINY)).candidates.pairs.set_index("site_id").loc["A", "rtt_ms"]
    assert 10.0 < rtt < 11.5
    assert run.results.summary["mw_by_year"]["2034"] == pytest.approx(150.0)


def test_run_folder_contents_and_determinism(tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        result = runner.invoke(app, ["run", str(TINY), "--out", str(tmp_path / name), "--no-map"])
        assert result.exit_code == 0, result.output
        outs.append(tmp_path / name)
    for f in ("regions.csv", "sites.csv", "connections.csv", "reinforcements.csv", "substations.csv", "demand.csv"):
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes(), f
    assert {p.name for p in outs[0].iterdir()} >= {"results.gpkg", "summary.json", "manifest.json"}
    manifest = json.loads((outs[0] / "manifest.json").read_text())
    assert manifest["status"] == "optimal" and len(manifest["inputs"]) == 5
    assert all(len(h) == 64 for h in manifest["inputs"].values())
    import pyogrio

    assert sorted(pyogrio.list_layers(outs[0] / "results.gpkg")[:, 0]) == [
        "connections", "demand", "regions", "reinforcements", "sites", "substations"]
    regions = pd.read_csv(outs[0] / "regions.csv")
    assert regions.loc[regions["region_id"] == "pref-01", "mw_2034"].item() == pytest.approx(450.0)


def test_set_overrides_and_time_limit_flag(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(TINY), "--out", str(tmp_path / "x"), "--no-map",
                                 "--set", "weights.delay_jpy_per_mw_year=0", "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "x" / "summary.json").read_text())
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text())
    assert manifest["scenario"]["solver"]["time_limit_s"] == 5.0
    assert manifest["scenario"]["weights"]["delay_jpy_per_mw_year"] == 0
    # With delay free, nothing is worth building: everything waits, the objective is 0.
    assert summary["objective_jpy"] == pytest.approx(0.0, abs=1e-3)
    assert summary["mw_by_year"]["2034"] == pytest.approx(0.0, abs=1e-6)


_SLOW_WRITE = """
import sys, time
import geopandas as gpd
from pathlib import Path
from siting import load_scenario
from siting.pipeline import run_scenario, input_paths
from siting.results.write import write_results
run = run_scenario(load_scenario(sys.argv[1]))
original = gpd.GeoDataFrame.to_file
def slow(self, *a, **k):
    original(self, *a, **k)
    print("wrote a layer", flush=True)
    time.sleep(30)
gpd.GeoDataFrame.to_file = slow
write_results(run.results, Path(sys.argv[2]), {}, input_paths(run))
"""


def test_killed_run_leaves_previous_results_intact(tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert runner.invoke(app, ["run", str(TINY), "--out", str(out), "--no-map"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITE, str(TINY), str(out)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the new run is half-written now
    assert "wrote a layer" in line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".run.tmp-")]
    assert len(leftovers) == 1  # the killed run's temporary folder, never mixed into run/
    time.sleep(0)


def test_pareto_front_on_tiny(tmp_path: Path) -> None:
    """Ends of the front: least delay = the 300 MW-years of the hand optimum (cost 42 bn); least cost builds
    nothing and leaves all 100x2 + 300x4 + 600x2 = 2,600 MW-years. In between, cost falls as delay grows."""
    result = runner.invoke(app, ["run", str(TINY), "--out", str(tmp_path / "p"), "--no-map", "--pareto", "4"])
    assert result.exit_code == 0, result.output
    front = pd.read_csv(tmp_path / "p" / "pareto.csv")
    assert front["delay_mw_years"].iloc[0] == pytest.approx(300.0)
    assert front["cost_jpy"].iloc[0] == pytest.approx(42e9)
    assert front["delay_mw_years"].iloc[-1] == pytest.approx(2600.0)
    assert front["cost_jpy"].iloc[-1] == pytest.approx(0.0, abs=1.0)
    assert (front["cost_jpy"].diff().dropna() < 0).all()
    assert (front["status"] == "optimal").all()
    assert (tmp_path / "p" / "pareto.png").stat().st_size > 10_000


def test_time_limit_is_reported_honestly(tmp_path: Path) -> None:
    """The national reference cannot be proven to a 1e-9 gap in 2 s: the run keeps its best plan and says
    'time limit' with the gap to the proven bound, never 'optimal'."""
    result = runner.invoke(app, ["run", "--out", str(tmp_path / "r"), "--no-map", "--time-limit", "2",
                                 "--gap", "1e-9"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["status"] == "time_limit"
    assert "NOT proven optimal" in summary["status_text"] and "NOT proven optimal" in result.output
    assert 0 < summary["mip_gap"] < 1
    assert summary["bound_jpy"] <= summary["objective_jpy"]


def test_a_run_leaves_preloaded_layers_unchanged() -> None:
    """Sweep workers reuse one loaded layer set across scenarios: no stage may modify it."""
    from siting import load_layers
    from siting.bundled import reference_scenario

    sc = load_scenario(reference_scenario())
    layers = load_layers(sc)
    before = {k: layers[k].copy() for k in layers.layers}
    run_scenario(sc, layers=layers)
    run_scenario(load_scenario(reference_scenario(), ["candidates.region_by=cluster"]), layers=layers)
    for kind, frame in before.items():
        pd.testing.assert_frame_equal(layers[kind], frame, check_like=False, obj=kind)


def test_one_manifest_for_a_run_and_a_sweep_run(tmp_path: Path) -> None:
    """A sweep's run folder is written by the same writer as ``siting run``'s: the same fields, the layers read
    and the start time included."""
    from siting.sweep import parse_sweep, run_sweep

    assert runner.invoke(app, ["run", str(TINY), "--out", str(tmp_path / "run"), "--no-map"]).exit_code == 0
    spec = parse_sweep({"base": str(TINY), "grid": {"policy.max_regions": [2]}}, tmp_path / "s.toml")
    run_sweep(spec, workers=0, progress=False, runs_dir=tmp_path / "runs")
    ran = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    swept = json.loads((tmp_path / "runs" / "s00" / "manifest.json").read_text(encoding="utf-8"))
    assert list(swept) == list(ran)
    assert swept["layers"] == ran["layers"] and swept["inputs"] == ran["inputs"] and swept["started_utc"]
    assert "policy.max_regions=2" in swept["overrides"] and swept["scenario"]["policy"]["max_regions"] == 2
