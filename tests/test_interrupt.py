"""Ctrl+C during a solve stops HiGHS within seconds and keeps the best plan found, marked as interrupted."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from siting.model.build import build_model
from siting.solve.highs import PersistentSolver, SolveOptions, raise_for_status
from siting.solve.strategy import solve_with_strategy
from tests.synthetic import model_data


def _ctrl_c_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def test_ctrl_c_returns_the_incumbent_within_seconds() -> None:
    m, rows = build_model(model_data(100, 30, seed=3))  # HiGHS needs far more than 60 s to reach a gap of 1e-4 here
    solver = PersistentSolver(m, SolveOptions(time_limit_s=60, mip_gap=1e-4, threads=1), rows=rows)
    _ctrl_c_after(2.0)
    t0 = time.perf_counter()
    res = solver.solve()
    assert time.perf_counter() - t0 < 20
    assert solver.interrupted and res.status == "interrupted" and res.has_solution
    assert res.bound is not None and res.bound <= res.objective + 1e-6
    assert res.describe().startswith("interrupted (Ctrl+C): best plan found so far, NOT proven optimal (gap ")
    raise_for_status(res)  # a plan: no error, the run goes on to write it


def test_ctrl_c_during_the_lp_ends_the_strategy_without_a_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    d = model_data(60, 20, seed=3)
    m, rows = build_model(d)
    runs: list[int] = []
    original = PersistentSolver.run

    def interrupted_after_first(self: PersistentSolver) -> None:  # Ctrl+C lands as the LP relaxation ends
        original(self)
        runs.append(1)
        self.interrupted = True

    monkeypatch.setattr(PersistentSolver, "run", interrupted_after_first)
    res, _solver = solve_with_strategy(m, d, SolveOptions(time_limit_s=20), "screened", rows=rows)
    assert len(runs) == 1  # no restricted or full MIP after the interrupt
    assert res.status == "no_solution" and "Interrupted by user" in res.termination
    assert res.bound == pytest.approx(res.extra["lp_bound"])
    with pytest.raises(KeyboardInterrupt):  # handled by the CLI like Ctrl+C anywhere else: "interrupted", exit 130
        raise_for_status(res)


def test_ctrl_c_while_waiting_for_the_second_process_keeps_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    from siting.solve import concurrent

    def interrupted(self: concurrent.FullMip, wait_s: float | None = None) -> None:
        self.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(concurrent.FullMip, "result", interrupted)
    monkeypatch.setattr("siting.solve.strategy.can_run", lambda: True)
    d = model_data(60, 20, seed=3)
    m, rows = build_model(d)
    res, _solver = solve_with_strategy(m, d, SolveOptions(time_limit_s=20, mip_gap=1e-4, threads=2), "screened",
                                       rows=rows)
    assert res.status == "interrupted" and res.has_solution
    assert res.bound == pytest.approx(res.extra["lp_bound"]) and "full_bound" not in res.extra
