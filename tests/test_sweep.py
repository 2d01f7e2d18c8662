"""Scenario sweeps on models/tiny.toml: the sweep file, rows checked by hand, failures recorded, and the same
rows whether run serially, on a LocalCluster, through a scheduler in another process, or with a worker killed
in the middle.

tiny's optimum (its header): delay priced at 0.5 bn JPY per MW-year -> 192 bn JPY, 300 MW-years, pref-01 and
the existing cluster existing-12 designated, 450 and 150 IT MW in 2034. Delay priced at 0 -> nothing is
built: objective 0, all demand waits (100 x 2 + 300 x 4 + 600 x 2 = 2,600 MW-years). tiny has one GX
candidate region, so max_regions 1 or 2 gives the same plan; max_regions 0 breaks the scenario check.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting.bundled import models_dir
from siting.cli.main import app
from siting.maps.render import gsi_attribution
from siting.sweep import SweepError, load_sweep, parse_sweep, run_sweep

distributed = pytest.importorskip("distributed")

TINY = models_dir() / "tiny.toml"
REPO = Path(__file__).resolve().parents[1]
TIMING = ["seconds"]
START_TIMEOUT_S = 90  # worker and scheduler processes on a busy 2-core CI machine

TINY_SWEEP = f"""
name = "tiny-sweep"
base = {json.dumps(str(TINY))}
time_limit_s = 30
[grid]
"weights.delay_jpy_per_mw_year" = [0.0, 0.5e9]
"policy.max_regions" = [1, 2, 0]
"""


def _sweep_file(folder: Path, text: str = TINY_SWEEP, name: str = "sweep.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _sweep_file(tmp_path_factory.mktemp("sweep"))


@pytest.fixture(scope="module")
def serial_rows(tiny_sweep: Path) -> pd.DataFrame:
    return run_sweep(tiny_sweep, workers=0, progress=False)


# --- the sweep file ---------------------------------------------------------------------------------------------
def test_grid_is_the_cartesian_product_in_file_order(tiny_sweep: Path) -> None:
    spec = load_sweep(tiny_sweep)
    assert [sid for sid, _ in spec.scenarios] == ["s00", "s01", "s02", "s03", "s04", "s05"]
    assert spec.tasks()[4].inputs() == {"weights.delay_jpy_per_mw_year": 0.5e9, "policy.max_regions": 2}
    texts = spec.tasks(time_limit_s=5)[0].override_texts()
    assert texts[:2] == ["solver.threads=1", "solver.time_limit_s=5.0"]  # one HiGHS thread; CLI limit wins
    assert spec.tasks()[0].scenario().solver.time_limit_s == 30


@pytest.mark.parametrize(("text", "match"), [
    ('base = "x.toml"\nworkers = 3\n[grid]\n"demand.multiplier" = [1.0]', "unknown key 'workers'"),
    ('base = "x.toml"\n[grid]\n"demand.multipler" = [1.0]', "'demand.multipler': 'multipler' is not a key"),
    ('base = "x.toml"\n[grid]\n"policy" = [1.0]', "names the section"),
    ('base = "x.toml"\n[grid]\n"demand.multiplier" = [1.0, { times = 2.0 }]', "mixes plain values"),
    ('base = "x.toml"\n[grid]\n"demand.multiplier" = [1.0]\n[monte_carlo]\nsamples = 2', "exactly one of"),
    ('base = "x.toml"\n[monte_carlo]\nsamples = 2\n"demand.multiplier" = { dist = "uniform", low = 1.2, '
     'high = 0.8 }', "high .* must not be below low"),
    ('base = "x.toml"\n[monte_carlo]\nsample = 2', "unknown key 'monte_carlo.sample'"),
])
def test_sweep_file_errors_name_the_key(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(SweepError, match=match):
        load_sweep(_sweep_file(tmp_path, text))


def test_nested_table_keys_multipliers_and_shifts(tmp_path: Path) -> None:
    """One voltage class changes and the others keep their (default) values; '.*' scales every class; a shift
    adds to the base value."""
    data = {"base": str(models_dir() / "reference.toml"), "grid": {
        "candidates.connection_cost_jpy_per_km.275": [0.7e9],
        "candidates.connection_fixed_jpy.*": [2.0],
        "candidates.connection_lead_years": [{"plus": 1.5}],
        "demand.multiplier": [{"times": 1.2}],
    }}
    sc = parse_sweep(data, tmp_path / "s.toml").tasks()[0].scenario()
    assert sc.candidates.connection_cost_jpy_per_km == {"154": 0.3e9, "220": 0.4e9, "275": 0.7e9, "500": 0.8e9}
    assert sc.candidates.connection_fixed_jpy == {"154": 4e9, "220": 6e9, "275": 10e9, "500": 20e9}
    assert sc.candidates.connection_lead_years == pytest.approx(4.5)
    assert sc.demand.multiplier == pytest.approx(1.2)
    assert sc.solver.threads == 1 and sc.name == "reference-s00"


def test_monte_carlo_draws_are_reproducible_and_within_bounds(tmp_path: Path) -> None:
    data = {"base": str(TINY), "monte_carlo": {
        "samples": 40, "seed": 7,
        "demand.multiplier": {"dist": "uniform", "low": 0.8, "high": 1.2},
        "weights.delay_jpy_per_mw_year": {"dist": "normal", "mean": 0.5e9, "sd": 0.5e9, "clip": [0.0, 1e9]},
        "policy.excluded_areas": {"dist": "choice", "values": [[], ["Tokyo"]]},
    }}
    a = [t.inputs() for t in parse_sweep(data, tmp_path / "s.toml").tasks()]
    b = [t.inputs() for t in parse_sweep(data, tmp_path / "s.toml").tasks()]
    assert a == b and len(a) == 40
    assert all(0.8 <= r["demand.multiplier"] <= 1.2 for r in a)
    assert all(0.0 <= r["weights.delay_jpy_per_mw_year"] <= 1e9 for r in a)
    assert {r["policy.excluded_areas"] for r in a} == {"[]", '["Tokyo"]'}


# --- rows -------------------------------------------------------------------------------------------------------
def test_serial_rows_match_the_hand_computation(serial_rows: pd.DataFrame) -> None:
    rows = serial_rows.set_index("scenario_id")
    assert list(rows.index) == ["s00", "s01", "s02", "s03", "s04", "s05"]
    for sid in ("s00", "s01"):  # delay free: nothing built
        r = rows.loc[sid]
        assert r["status"] == "optimal" and r["objective_jpy"] == pytest.approx(0.0, abs=1e-3)
        assert r["mw_years_delay"] == pytest.approx(2600.0) and r["n_gx_regions"] == 0
    for sid in ("s03", "s04"):  # the header's optimum
        r = rows.loc[sid]
        assert r["status"] == "optimal" and r["objective_jpy"] == pytest.approx(192e9, rel=1e-6)
        assert r["cost_jpy"] == pytest.approx(42e9, rel=1e-6) and r["delay_jpy"] == pytest.approx(150e9, rel=1e-6)
        assert r["mw_years_delay"] == pytest.approx(300.0)
        assert r["designated_regions"] == "existing-12 pref-01" and r["designated_mw_last_year"] == "150.0 450.0"
        assert r["last_year"] == 2034 and r["n_gx_regions"] == 1 and r["mip_gap"] <= 1e-6
    for sid in ("s02", "s05"):  # max_regions = 0: caught by the scenario check, recorded, the sweep goes on
        r = rows.loc[sid]
        assert r["status"] == "failed" and pd.isna(r["objective_jpy"]) and r["designated_regions"] == ""
        assert "'policy.max_regions': Input should be greater than or equal to 1 (got 0)" in r["error"]
        assert "\n" not in r["error"]


def test_failed_and_infeasible_scenarios_are_rows_with_their_reason(tmp_path: Path) -> None:
    data = {"base": str(TINY), "grid": {"policy.forced_in": [["pref-99"], ["pref-01"]],
                                        "policy.min_region_mw": [5000.0]}}
    rows = run_sweep(parse_sweep(data, tmp_path / "s.toml"), workers=0, progress=False).set_index("scenario_id")
    assert rows.loc["s00", "status"] == "failed"
    assert "forced_in: names regions that are not candidates: pref-99" in rows.loc["s00", "error"]
    assert rows.loc["s01", "status"] == "infeasible"
    assert "forced-in region pref-01 can run at most 700 IT MW" in rows.loc["s01", "error"]


# --- dask -------------------------------------------------------------------------------------------------------
def test_local_cluster_gives_the_serial_rows(tiny_sweep: Path, serial_rows: pd.DataFrame) -> None:
    rows = run_sweep(tiny_sweep, workers=2, progress=False, timeout_s=300)
    pd.testing.assert_frame_equal(rows.drop(columns=TIMING), serial_rows.drop(columns=TIMING), check_exact=True)


class Processes:
    """A dask scheduler and workers as separate processes on loopback; all stopped on close."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.procs: list[subprocess.Popen[bytes]] = []
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        self.address = ""
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO),
                                                                               os.environ.get("PYTHONPATH")]))}

    def _start(self, args: list[str], log: str) -> subprocess.Popen[bytes]:
        with (self.folder / log).open("wb") as fh:
            proc = subprocess.Popen([sys.executable, "-m", *args], stdout=fh, stderr=subprocess.STDOUT,
                                    cwd=self.folder, env=self.env)
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        path = self.folder / name
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def scheduler(self) -> str:
        info = self.folder / "scheduler.json"
        proc = self._start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                            "--no-dashboard", "--scheduler-file", str(info)], "scheduler.log")
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"scheduler exited: {self.log('scheduler.log')}"
            if info.exists():
                try:
                    self.address = json.loads(info.read_text())["address"]
                    break
                except (json.JSONDecodeError, KeyError):
                    pass
            time.sleep(0.2)
        assert self.address.startswith("tcp://127.0.0.1:"), f"no scheduler address: {self.log('scheduler.log')}"
        return self.address

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        # --no-nanny: the process we hold is the worker itself, so SIGKILL really kills it
        proc = self._start(["distributed.cli.dask_worker", self.address, "--name", name, "--nthreads", "1",
                            "--no-nanny", "--host", "127.0.0.1", "--no-dashboard", "--local-directory",
                            str(self.folder / name)], f"{name}.log")
        self.workers[name] = proc
        return proc

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    procs = Processes(tmp_path)
    try:
        yield procs
    finally:
        procs.close()


def _client(address: str, n_workers: int, procs: Processes) -> Any:
    client = distributed.Client(address, timeout="60s", set_as_default=False)
    try:
        client.wait_for_workers(n_workers, timeout=START_TIMEOUT_S)
    except Exception:
        client.close()
        pytest.fail("workers did not connect: " + " | ".join(procs.log(f"{n}.log") for n in procs.workers))
    return client


def test_sweep_through_a_scheduler_in_another_process(tiny_sweep: Path, serial_rows: pd.DataFrame,
                                                      processes: Processes) -> None:
    address = processes.scheduler()
    processes.worker("w0")
    _client(address, 1, processes).close()  # the worker is connected
    rows = run_sweep(tiny_sweep, scheduler=address, progress=False, timeout_s=300)
    pd.testing.assert_frame_equal(rows.drop(columns=TIMING), serial_rows.drop(columns=TIMING), check_exact=True)


KILL_SWEEP = f"""
base = {json.dumps(str(TINY))}
[grid]
"weights.delay_jpy_per_mw_year" = [0.0, 0.05e9, 0.1e9, 0.2e9, 0.3e9, 0.5e9, 1e9, 2e9]
"policy.max_regions" = [1, 2]
"""


def test_a_killed_worker_does_not_lose_scenarios(tmp_path: Path, processes: Processes) -> None:
    """16 scenarios on 2 worker processes; one is SIGKILLed when the first row arrives, while it runs a
    scenario. Its tasks run again on the other worker: every row is there, with the serial run's values."""
    sweep = _sweep_file(tmp_path, KILL_SWEEP, "kill.toml")
    expected = run_sweep(sweep, workers=0, progress=False)
    address = processes.scheduler()
    processes.worker("w0")
    processes.worker("w1")
    client = _client(address, 2, processes)
    killed: list[str] = []

    def kill_one(_row: dict[str, Any]) -> None:
        if killed:
            return
        info = client.scheduler_info(n_workers=-1)["workers"]
        busy = {addr for addr, keys in client.processing().items() if keys}
        # prefer a worker that is running a scenario right now, so a task is really lost with it
        order = sorted(info, key=lambda addr: addr not in busy)
        name = str(info[order[0]]["name"])
        processes.workers[name].send_signal(signal.SIGKILL)
        killed.append(name)

    try:
        rows = run_sweep(sweep, client=client, progress=False, on_result=kill_one, timeout_s=300)
    finally:
        client.close()
    assert killed and processes.workers[killed[0]].wait(timeout=10) == -signal.SIGKILL
    # the operator is told which worker was lost
    assert [w.split(" ")[0] for w in rows.attrs["workers_lost"]] == [killed[0]]
    assert list(rows["scenario_id"]) == [f"s{i:02d}" for i in range(16)]
    assert set(rows["status"]) == {"optimal"}
    pd.testing.assert_frame_equal(rows.drop(columns=TIMING), expected.drop(columns=TIMING), check_exact=True)


# --- outputs ----------------------------------------------------------------------------------------------------
def test_cli_writes_the_sweep_folder(tiny_sweep: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["sweep", str(tiny_sweep), "--out", str(out), "--workers", "0"])
    assert res.exit_code == 0, res.output
    assert {p.name for p in out.iterdir()} == {"scenarios.csv", "scenarios.parquet", "robustness.csv",
                                              "cost_delay.png", "map.html", "sweep.json", "manifest.json"}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["tool"] == "wattbit-siting"
    table = pd.read_csv(out / "scenarios.csv")
    pd.testing.assert_frame_equal(pd.read_parquet(out / "scenarios.parquet")[["scenario_id", "status"]],
                                  table[["scenario_id", "status"]])
    # s00/s01 (no cost, all delay) and s03/s04 (cost, less delay) are both non-dominated
    assert table.set_index("scenario_id")["cost_delay_front"].to_dict() == {
        "s00": True, "s01": True, "s02": False, "s03": True, "s04": True, "s05": False}
    robust = pd.read_csv(out / "robustness.csv").set_index("region_id")
    assert robust.loc["pref-01", ["designated_count", "scenarios_solved"]].tolist() == [2, 4]
    assert robust.loc["pref-01", "designated_share"] == pytest.approx(0.5)
    assert robust.loc["pref-01", ["mw_last_year_min", "mw_last_year_max"]].tolist() == pytest.approx([450, 450])
    assert robust.loc["existing-12", "designated_count"] == 4  # today's clusters are always on
    page = (out / "map.html").read_text(encoding="utf-8")
    attribution = json.loads(re.search(r'"attribution": ("(?:[^"\\]|\\.)*")', page).group(1))
    assert attribution == gsi_attribution("ja")  # the credit GSI requires, on the tiles shown first
    assert "cyberjapandata.gsi.go.jp/xyz/pale" in page and "<title>スイープ「tiny-sweep」" in page
    meta = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    assert meta["status"] == {"failed": 2, "optimal": 4}
    assert "2 of 6 scenarios have no plan" in res.output


def test_cli_sweep_map_offline_in_english(tiny_sweep: Path, tmp_path: Path) -> None:
    from siting.maps.offline import external_urls

    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["sweep", str(tiny_sweep), "--out", str(out), "--workers", "0", "--offline",
                                   "--lang", "en"])
    assert res.exit_code == 0, res.output
    page = (out / "map.html").read_text(encoding="utf-8")
    assert external_urls(page) == [] and "cyberjapandata" not in page
    assert "<title>Sweep &#x27;tiny-sweep&#x27; - how often each region is designated</title>" in page
    assert "Candidate regions (how often designated)" in page and "share of scenarios designating" in page


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["sweep", str(_sweep_file(tmp_path, 'base = "tiny.toml"\n[grid]\n"x.y" = [1]'))])
    assert res.exit_code == 2 and "'x.y': 'x' is not a key of the scenario" in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(app, ["sweep", "missing.toml", "--workers", "1", "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 2 and "--workers and --scheduler exclude each other" in res.output


def test_map_escapes_region_names(tiny_sweep: Path, serial_rows: pd.DataFrame, tmp_path: Path) -> None:
    from siting.sweep import region_footprints, robustness
    from siting.sweep.report import write_map

    fp = region_footprints(load_sweep(tiny_sweep))
    fp["name"] = "<img src=x onerror=alert(1)>"
    write_map(robustness(serial_rows, fp), fp, tmp_path / "map.html", "<script>alert(2)</script>")
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    # the names travel as GeoJSON data (JSON-escaped), holding escaped HTML for the tooltip
    decoded = page.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    assert "&lt;img src=x onerror=alert(1)&gt;" in decoded and "<img src=x" not in decoded
    assert "bindTooltip(`" not in page
