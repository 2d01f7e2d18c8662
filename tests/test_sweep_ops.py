"""What a sweep tells its operator: an unreachable scheduler is a user error at once, the cost-delay front
ignores float noise and never mixes demand levels, and new regions head the robustness table."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting.cli.main import app
from siting.sweep import robustness
from siting.sweep.front import cost_delay_front, demand_level

pytest.importorskip("distributed")
REPO = Path(__file__).resolve().parents[1]


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_is_a_user_error_at_once() -> None:
    address = f"tcp://127.0.0.1:{_unused_port()}"
    t0 = time.perf_counter()
    res = CliRunner().invoke(app, ["sweep", str(REPO / "models" / "reference-sweep.toml"), "--scheduler", address,
                                   "--out", "unused-out"])
    elapsed = time.perf_counter() - t0
    assert res.exit_code == 2, res.output
    assert f"cannot reach the dask scheduler at {address}" in res.output
    assert "dask scheduler` prints its address" in res.output
    assert "internal error" not in res.output and "this is a bug" not in res.output
    assert elapsed < 10  # said when the connection is refused, before the layers are loaded
    assert not Path("unused-out").exists()


def _rows(points: list[tuple[str, float, float]], **inputs: list[object]) -> pd.DataFrame:
    rows = pd.DataFrame({"scenario_id": [p[0] for p in points], "status": "optimal",
                         "cost_jpy": [p[1] for p in points], "mw_years_delay": [p[2] for p in points]})
    for key, values in inputs.items():
        rows[key.replace("__", ".")] = values
    return rows


def test_front_ignores_float_noise() -> None:
    """s1 is s0 with noise: 1e-3 JPY dearer, 6e-12 MW-years earlier. Compared exactly both are non-dominated;
    within the tolerance s1 is no better, and not kept. s2 trades a real 1 bn JPY for 100 MW-years: on the
    front; s3 is worse in both: not; s4, an exact copy of s0, is as good as s0."""
    rows = _rows([("s0", 5e11, 9000.0), ("s1", 5e11 + 1e-3, 9000.0 - 6e-12), ("s2", 4.99e11, 9100.0),
                  ("s3", 5.1e11, 9200.0), ("s4", 5e11, 9000.0)])
    assert cost_delay_front(rows).tolist() == [True, False, True, False, True]
    assert cost_delay_front(rows.iloc[::-1]).sort_index().tolist() == [True, False, True, False, True]


def test_front_is_per_demand_level() -> None:
    """d2 serves 1.25 times the demand: dearer and later than every 1.0 scenario, but the best of its level."""
    rows = _rows([("a", 5e11, 9000.0), ("b", 4e11, 9500.0), ("c", 6e11, 9600.0), ("d2", 7e11, 12000.0)],
                 demand__multiplier=[1.0, 1.0, 1.0, 1.25])
    assert cost_delay_front(rows).tolist() == [True, True, False, True]
    assert demand_level(rows).tolist()[-1] == "demand.multiplier=1.25"


def test_robustness_lists_new_regions_first() -> None:
    rows = pd.DataFrame({"scenario_id": ["s0", "s1"], "status": "optimal",
                         "designated_regions": ["existing-12 pref-01", "existing-12 pref-05"],
                         "designated_mw_last_year": ["100.0 450.0", "100.0 300.0"]})
    regions = pd.DataFrame({"region_id": ["existing-12", "pref-01", "pref-05"], "name": ["Chiba", "Hokkaido",
                                                                                        "Akita"],
                            "existing": [True, False, False]})
    table = robustness(rows, regions)
    assert list(table["region_id"]) == ["pref-01", "pref-05", "existing-12"]
    assert list(table["designated_count"]) == [1, 1, 2]
