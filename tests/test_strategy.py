"""The national-scale strategy keeps a proven GLOBAL bound: every gap it reports is against that bound."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from benchmarks.synthetic import model_data
from siting.model.build import build_model
from siting.solve.highs import SolveOptions
from siting.solve.strategy import solve_with_strategy


@pytest.mark.parametrize("strategy", ["screened", "monolithic"])
def test_strategy_reports_gap_against_global_bound(strategy: str) -> None:
    d = model_data(60, 20, seed=3)
    m = build_model(d)
    lines: list[str] = []
    res, _solver = solve_with_strategy(m, d, SolveOptions(time_limit_s=20, mip_gap=0.01), strategy,
                                       progress=lines.append)
    assert res.has_solution
    # one progress line per phase, in order, with the bound known so far
    if strategy == "screened":
        assert lines[:2] == ["handing the model to HiGHS", "LP relaxation (the global bound)"]
        assert lines[2].startswith("choosing regions among the") and f"{res.extra['lp_bound']:,.1f}" in lines[2]
        assert lines[3].startswith("plan over the chosen regions")
        assert len(lines) == 4 + ("full_status" in res.extra)  # the full-MIP line only when that phase ran
    else:
        assert lines == ["handing the model to HiGHS", "MIP (20 s at most)"]
    assert res.bound is not None and res.bound <= res.objective + 1e-6
    assert res.extra["global_bound"] == res.bound
    assert res.gap == pytest.approx((res.objective - res.bound) / res.objective)
    if strategy == "screened":
        assert res.bound >= res.extra["lp_bound"] - 1e-6
        # the restricted bound is not a global statement: it may exceed the global bound, never the reverse
        assert res.extra["restricted_bound"] >= res.bound - 1e-6
    # the plan loaded in the model is the one reported
    assert pyo.value(m.total_cost) == pytest.approx(res.objective, rel=1e-5)
