"""The honest national answer on hand-computed instances: the unavoidable delay and the gap on the avoidable
cost, near-optimal alternatives, and region costs that add up to the objective."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest
from model_instances import tiny

from siting.model.build import build_model
from siting.model.unavoidable import unavoidable_delay_mw_years, unavoidable_unserved_mw
from siting.results.costs import region_costs
from siting.solve.alternatives import near_optimal
from siting.solve.highs import SolveOptions, relative_gap, solve_model


def solve(d, gap: float = 1e-9):  # type: ignore[no-untyped-def]
    m, rows = build_model(d)
    result, solver = solve_model(m, SolveOptions(time_limit_s=30, mip_gap=gap, threads=1), rows=rows)
    assert result.status == "optimal"
    return m, result, solver


def two_years(**changes):  # type: ignore[no-untyped-def]
    """2028 and 2030 (periods of 2 years each, to 2032); an existing cluster's 100 MW site with 30 MW committed;
    its connection (cost 5) has a 3-year lead time: first in service in 2030. Demand 100 in both years."""
    base = dict(years=[2028, 2030], end_year=2032, demand_mw=[[100.0, 100.0]], region_existing=[True],
                committed_it_mw=[[30.0, 30.0]], arc_lead_years=[3.0], arc_cost_jpy=[5.0])
    base.update(changes)
    return tiny(**base)


def test_the_unavoidable_delay_on_a_two_year_instance() -> None:
    """No connection can run in 2028: only the 30 committed MW serve, 70 MW wait in every plan (70 x 2 = 140
    MW-years, 140 JPY at 1 per MW-year); 2030 can be served in full. The optimum pays that 140 plus the
    connection 5: 145. The floor is 140, the avoidable cost 5, and the gap is measured on it."""
    d = two_years()
    assert unavoidable_unserved_mw(d) == pytest.approx([70.0, 0.0])
    assert unavoidable_delay_mw_years(d) == pytest.approx(140.0)
    m, res, _ = solve(d)
    assert res.floor == pytest.approx(140.0)
    assert res.objective == pytest.approx(145.0) and res.objective - res.floor == pytest.approx(5.0)
    assert pyo.value(m.cost_delay) == pytest.approx(140.0)
    assert relative_gap(145.0, 144.5, res.floor) == pytest.approx(0.1)  # 0.5 of the avoidable 5, not of 145


def test_the_unavoidable_delay_counts_headroom_and_latency() -> None:
    """Headroom 20 MW at the connection: from 2030 at most 30 + 20 = 50 MW run, 50 wait (the bound counts what
    connections can carry); without a (node, site) pair within the latency limit all 100 wait in both years."""
    assert unavoidable_unserved_mw(two_years(headroom_mw=[20.0])) == pytest.approx([70.0, 50.0])
    far = two_years(pair_node=[], pair_site=[], pair_cost_jpy_per_mw_year=[])
    assert unavoidable_unserved_mw(far) == pytest.approx([100.0, 100.0])
    assert unavoidable_unserved_mw(two_years(allow_unserved=False)) == [0.0, 0.0]


def three_regions(**changes):  # type: ignore[no-untyped-def]
    """Three new regions costing 10, 10.5 and 30; each site covers the 100 MW demand; at most one region;
    delay is dear (1000 per MW-year), so every plan designates exactly one."""
    base = dict(region_ids=["g1", "g2", "g3"], region_fixed_cost_jpy=[10.0, 10.5, 30.0], region_min_mw=[0.0] * 3,
                site_ids=["s1", "s2", "s3"], site_region=[0, 1, 2], site_cap_mw=[100.0] * 3,
                pair_node=[0, 0, 0], pair_site=[0, 1, 2], pair_cost_jpy_per_mw_year=[0.0] * 3,
                arc_site=[0, 1, 2], arc_sub=[0, 0, 0], arc_cost_jpy=[0.0] * 3, arc_lead_years=[2.0] * 3,
                max_regions=1, delay_cost_jpy_per_mw_year=1000.0)
    base.update(changes)
    return tiny(**base)


def test_alternatives_differ_and_stay_within_the_slack() -> None:
    """Optimum g1 (10). Within 10 % (cost <= 11) only g2 (10.5, +0.5 = 5 %) differs; g3 (30) lies beyond, so
    the search stops there: core none, g1 and g2 interchangeable. With a 300 % slack all three plans qualify."""
    d = three_regions()
    m, res, solver = solve(d)
    alt = near_optimal(m, d, solver, res, 5, 0.1)
    assert [p.regions for p in alt.plans] == [["g1"], ["g2"]]
    assert [p.objective for p in alt.plans] == pytest.approx([10.0, 10.5])
    assert alt.core == [] and alt.interchangeable == ["g1", "g2"]
    assert "beyond" in alt.stopped
    assert pyo.value(m.z[0]) == pytest.approx(1.0)  # the optimum is back in the model
    alt = near_optimal(m, d, solver, res, 5, 3.0)
    assert [p.regions for p in alt.plans] == [["g1"], ["g2"], ["g3"]]
    assert all(p.avoidable <= 4.0 * alt.plans[0].avoidable + 1e-9 for p in alt.plans)
    # the cuts are gone: the same solver finds the optimum again
    assert solver.solve().objective == pytest.approx(10.0)


def test_alternatives_keep_forced_regions_in_the_core() -> None:
    """g3 forced in, at most two regions: the optimum is g3 alone (30); within 100 % (<= 60) g3 + g1 (40) and
    g3 + g2 (40.5) follow, and then no other designation is feasible. g3 is the core."""
    d = three_regions(max_regions=2, forced_in=[2])
    m, res, solver = solve(d)
    alt = near_optimal(m, d, solver, res, 5, 1.0)
    assert [p.regions for p in alt.plans] == [["g3"], ["g1", "g3"], ["g2", "g3"]]
    assert [p.objective for p in alt.plans] == pytest.approx([30.0, 40.0, 40.5])
    assert alt.core == ["g3"] and alt.interchangeable == ["g1", "g2"]
    assert alt.stopped == "no other designation is feasible"


def test_region_costs_add_up_to_the_objective_terms() -> None:
    """Two regions draw 150 and 50 MW on one substation with no headroom, whose one step (+200 MW, cost 100,
    in service 2028) both need: the step is split 75 / 25 by MW drawn. With a 10 % discount rate the objective
    pays 100 / 1.1^2 = 82.64 (in service two years after the decision): 61.98 and 20.66. Designation (7, 3),
    connections (2, 1) and fibre (0.5 per MW-year: 150 x 8 x 0.5 = 600 and 50 x 8 x 0.5 = 200) add up too."""
    d = tiny(region_ids=["g1", "g2"], region_fixed_cost_jpy=[7.0, 3.0], region_min_mw=[0.0, 0.0],
             site_ids=["s1", "s2"], site_region=[0, 1], site_cap_mw=[150.0, 50.0], demand_mw=[[200.0] * 3],
             pair_node=[0, 0], pair_site=[0, 1], pair_cost_jpy_per_mw_year=[0.5, 0.5], headroom_mw=[0.0],
             arc_site=[0, 1], arc_sub=[0, 0], arc_cost_jpy=[2.0, 1.0], arc_lead_years=[2.0, 2.0],
             step_sub=[0], step_order=[1], step_added_mw=[200.0], step_cost_jpy=[100.0], step_lead_years=[2.0],
             delay_cost_jpy_per_mw_year=1000.0, discount_rate=0.1)
    m, _, _ = solve(d)
    table, unallocated = region_costs(m, d)
    table = table.set_index("region_id")
    assert table["reinforcement_cost_jpy"].tolist() == pytest.approx([75.0, 25.0])
    assert table["reinforcement_pv_jpy"].tolist() == pytest.approx([75.0 / 1.21, 25.0 / 1.21])
    assert table["designation_jpy"].tolist() == pytest.approx([7.0, 3.0])
    assert table["connection_cost_jpy"].tolist() == pytest.approx([2.0, 1.0])
    assert table["fibre_cost_jpy"].tolist() == pytest.approx([600.0, 200.0])
    terms = {"designation_jpy": m.cost_designation, "connection_cost_jpy": m.cost_connection,
             "reinforcement_pv_jpy": m.cost_reinforcement, "fibre_cost_jpy": m.cost_fibre}
    for col, term in terms.items():
        assert table[col].sum() == pytest.approx(pyo.value(term))
    assert unallocated == {"reinforcement_cost_jpy": 0.0, "reinforcement_pv_jpy": 0.0}
