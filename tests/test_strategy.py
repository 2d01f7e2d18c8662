"""The national-scale strategy keeps a proven GLOBAL bound: every gap it reports is against that bound."""

from __future__ import annotations

import dataclasses

import pyomo.environ as pyo
import pytest

from siting.model.build import build_model
from siting.solve.highs import SolveOptions
from siting.solve.strategy import solve_with_strategy
from tests.synthetic import model_data


@pytest.mark.parametrize("strategy", ["screened", "monolithic"])
def test_strategy_reports_gap_against_global_bound(strategy: str) -> None:
    d = model_data(60, 20, seed=3)
    m, rows = build_model(d)
    lines: list[str] = []
    res, _solver = solve_with_strategy(m, d, SolveOptions(time_limit_s=20, mip_gap=0.01), strategy, rows=rows,
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
    # the gap is on the avoidable cost: the objective less the unavoidable delay every plan pays
    assert res.gap == pytest.approx((res.objective - res.bound) / (res.objective - res.floor))
    if strategy == "screened":
        assert res.bound >= res.extra["lp_bound"] - 1e-6
        # the restricted bound is not a global statement: it may exceed the global bound, never the reverse
        assert res.extra["restricted_bound"] >= res.bound - 1e-6
    # the plan loaded in the model is the one reported
    assert pyo.value(m.total_cost) == pytest.approx(res.objective, rel=1e-5)


def test_an_lp_over_its_share_of_the_budget_still_gives_a_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    from siting.solve import strategy

    monkeypatch.setattr(strategy, "LP_MAX_SHARE", 1e-5)  # 0.2 ms for the LP: it cannot finish
    d = model_data(60, 20, seed=3)
    m, rows = build_model(d)
    lines: list[str] = []
    res, _solver = solve_with_strategy(m, d, SolveOptions(time_limit_s=20, mip_gap=0.01, threads=1), "screened",
                                       rows=rows, progress=lines.append)
    assert res.extra["ranking"] == "standalone" and res.extra["lp_bound"] is None
    assert lines[2] == f"LP relaxation unfinished in {res.extra['lp_s']:.0f} s: regions ranked standalone"
    assert lines[3].startswith("choosing regions among the") and "(no LP bound)" in lines[3]
    assert res.has_solution and res.status in ("optimal", "time_limit")
    assert pyo.value(m.total_cost) == pytest.approx(res.objective, rel=1e-5)
    if res.bound is not None:  # only what a full MIP proved: never the restricted bound
        assert res.bound <= res.objective + 1e-6 and res.bound == res.extra["full_bound"]


def test_standalone_rank_prices_each_region_alone() -> None:
    from model_instances import tiny

    from siting.solve.ranking import standalone_rank

    # three regions, one 300 MW site each; g0 pays 90 to designate, g1 30, g2 10 but cannot reach its 200 MW
    # minimum (its only substation has 100 MW and no step); one node wants 300 MW, at most 2 regions
    d = tiny(region_ids=["g0", "g1", "g2"], region_fixed_cost_jpy=[90.0, 30.0, 10.0], region_min_mw=[0, 0, 200.0],
             site_ids=["s0", "s1", "s2"], site_region=[0, 1, 2], site_cap_mw=[300.0] * 3,
             demand_mw=[[300.0] * 3], pair_node=[0, 0, 0], pair_site=[0, 1, 2], pair_cost_jpy_per_mw_year=[0.0] * 3,
             substation_ids=["b0", "b1", "b2"], headroom_mw=[1000.0, 1000.0, 100.0], arc_site=[0, 1, 2],
             arc_sub=[0, 1, 2], arc_cost_jpy=[0.0] * 3, arc_lead_years=[2.0] * 3, max_regions=2)
    assert standalone_rank(d) == [1, 0, 2]
    # a connection of 100 at g1 makes it dearer than g0 (90 + 0 against 30 + 100 for the same 150 MW)
    assert standalone_rank(dataclasses.replace(d, arc_cost_jpy=[0.0, 100.0, 0.0])) == [0, 1, 2]
