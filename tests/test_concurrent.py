"""The full MIP in a second process solves the very model HiGHS holds, and leaves nothing behind."""

from __future__ import annotations

import pytest

from siting.model.build import build_model
from siting.solve.concurrent import FullMip, can_run
from siting.solve.highs import PersistentSolver, SolveOptions
from siting.solve.strategy import lp_relaxation, solve_with_strategy
from tests.synthetic import model_data

pytestmark = pytest.mark.skipif(not can_run(), reason="needs 2 cores and a non-daemonic process")


def test_the_other_process_solves_the_same_model() -> None:
    m, rows = build_model(model_data(40, 15, seed=3))
    m.z[0].fix(0)  # forced out (the optimum without this rule designates it): the other process must see it
    solver = PersistentSolver(m, SolveOptions(time_limit_s=60, mip_gap=1e-6, threads=1), rows=rows)
    job = FullMip(solver.highs, solver.integer_columns, 60, 1e-6, 0)
    res = solver.solve()
    other = job.result()
    assert res.status == "optimal" and other is not None and other.status == "Optimal"
    # it solves HiGHS's model: the objective less its floor (the unavoidable delay), as HiGHS holds it
    assert solver.floor > 0 and other.objective + solver.floor == pytest.approx(res.objective, rel=1e-6)
    assert other.values is not None and other.values[solver.columns([m.z[0]])[0]] == pytest.approx(0.0)
    assert not job._proc.is_alive() and not job._file.exists()


def test_closing_stops_a_running_process() -> None:
    m, rows = build_model(model_data(100, 30, seed=3))
    solver = PersistentSolver(m, SolveOptions(threads=1), rows=rows)
    job = FullMip(solver.highs, solver.integer_columns, 120, 1e-6, 0)
    early = job.result(wait_s=2.0)  # far from done: no plan yet (at most a bound it published), process stopped
    assert early is None or (early.objective is None and early.values is None)
    assert not job._proc.is_alive() and not job._file.exists()


def test_a_late_process_still_gives_the_last_bound_it_published() -> None:
    m, rows = build_model(model_data(100, 30, seed=3))  # HiGHS needs far more than 60 s to close this one
    solver = PersistentSolver(m, SolveOptions(threads=1, mip_gap=1e-6), rows=rows)
    job = FullMip(solver.highs, solver.integer_columns, 120, 1e-6, 0)
    lp_bound = lp_relaxation(solver, 30)[0]
    plan = solver.solve(time_limit_s=15)  # meanwhile the other process passes its root's checkpoints
    late = job.result(wait_s=0.0)  # it has not finished: what it published stands in for its report
    assert late is not None and late.status == "no report: last bound published"
    assert late.objective is None and late.values is None and late.nodes == -1
    assert lp_bound is not None and plan.objective is not None and late.bound is not None
    bound = late.bound + solver.floor  # published as HiGHS holds the model: less its floor
    assert lp_bound - 1e-6 * abs(lp_bound) <= bound <= plan.objective + 1e-6  # past its root LP, and valid
    assert not job._proc.is_alive() and not job._file.exists()


def test_screened_takes_the_bound_of_the_other_process() -> None:
    d = model_data(60, 20, seed=3)
    m, rows = build_model(d)
    res, _solver = solve_with_strategy(m, d, SolveOptions(time_limit_s=20, mip_gap=0.01, threads=2), "screened",
                                       rows=rows)
    assert res.extra["full_concurrent"] and res.extra["full_bound"] is not None
    assert res.bound == pytest.approx(max(res.extra["lp_bound"], res.extra["full_bound"]))
    assert res.bound <= res.objective + 1e-6
