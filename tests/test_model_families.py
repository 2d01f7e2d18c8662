"""Each constraint family on an instance whose optimum is computed by hand in the docstring."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest
from model_instances import tiny, with_step

from siting.model.build import build_model
from siting.solve.highs import SolveOptions, solve_model


def solve(d):  # type: ignore[no-untyped-def]
    m, rows = build_model(d)
    result, solver = solve_model(m, SolveOptions(time_limit_s=30, mip_gap=1e-9, threads=1), rows=rows)
    assert result.status == "optimal"
    return m, result, solver


def u(m, t):  # type: ignore[no-untyped-def]
    return pyo.value(m.u[0, t])


def test_headroom_forces_delay_until_the_reinforcement_lead_time() -> None:
    """No headroom; the only step adds 100 MW after 6 years: 2026 + 6 = 2032, so in service from 2034.
    2028 and 2030 go unserved: 100 MW x (2 + 4) years = 600 MW-years; plus the step's cost 10: 610."""
    m, res, _ = solve(with_step(cost=10.0, lead_years=6.0))
    assert (0, 0) not in m.KT and (0, 1) not in m.KT and (0, 2) in m.KT  # r cannot exist before 2034
    assert [u(m, t) for t in range(3)] == pytest.approx([100.0, 100.0, 0.0])
    assert pyo.value(m.r[0, 2]) == pytest.approx(1.0)
    assert pyo.value(m.cost_delay) == pytest.approx(600.0)
    assert res.objective == pytest.approx(610.0)


def test_a_high_delay_weight_buys_reinforcement() -> None:
    """Step cost 1000, in service from 2034 (2 years at 100 MW). At 1 per MW-year, 2 x 100 = 200 of delay saved
    is worth less than 1000: no step, 800 MW-years unserved. At 10 per MW-year, 2000 saved > 1000: buy it
    (6000 + 1000 = 7000 < 8000)."""
    cheap, res_cheap, _ = solve(with_step(cost=1000.0, lead_years=6.0, delay_cost_jpy_per_mw_year=1.0))
    assert pyo.value(cheap.r[0, 2]) == pytest.approx(0.0)
    assert res_cheap.objective == pytest.approx(800.0)
    dear, res_dear, _ = solve(with_step(cost=1000.0, lead_years=6.0, delay_cost_jpy_per_mw_year=10.0))
    assert pyo.value(dear.r[0, 2]) == pytest.approx(1.0)
    assert res_dear.objective == pytest.approx(7000.0)


def test_connection_lead_time_delays_a_site() -> None:
    """A connection with a 5-year lead time (2031) is in service from 2034 only: 600 MW-years of delay."""
    m, _, _ = solve(tiny(arc_lead_years=[5.0]))
    assert [u(m, t) for t in range(3)] == pytest.approx([100.0, 100.0, 0.0])
    assert pyo.value(m.x[0, 0]) == 0.0 and m.x[0, 0].ub == 0.0


def dry_vs_wet(**changes):  # type: ignore[no-untyped-def]
    """``tiny`` with a cooling choice: PUE 1.0 evaporative, 1.5 dry, 43 m3/day per evaporative IT MW."""
    base = dict(pue=1.0, pue_dry=1.5, water_ids=["w1"], water_m3_per_day_per_mw=43.0)
    base.update(changes)
    return tiny(**base)


def test_a_site_outside_every_water_system_runs_dry_at_the_higher_pue() -> None:
    """Headroom 120 grid MW. Outside every water system the site cools dry at PUE 1.5: 120 / 1.5 = 80 IT MW,
    20 MW unserved x 8 years = 160. The same site in a system with plenty of known spare cools evaporatively
    (PUE 1.0): 100 MW, no delay. In a system whose spare is unknown it cools dry again: unknown is never
    unlimited."""
    outside = dry_vs_wet(headroom_mw=[120.0], water_spare_m3_per_day=[1e6], site_water=[-1])
    m, res, _ = solve(outside)
    assert [pyo.value(m.x[0, t]) for t in range(3)] == pytest.approx([80.0] * 3)
    assert len(m.xe) == 0 and not hasattr(m, "water")
    assert res.objective == pytest.approx(160.0)
    _, res, _ = solve(dry_vs_wet(headroom_mw=[120.0], water_spare_m3_per_day=[1e6], site_water=[0]))
    assert res.objective == pytest.approx(0.0)
    m, res, _ = solve(dry_vs_wet(headroom_mw=[120.0], water_spare_m3_per_day=[None], site_water=[0]))
    assert pyo.value(m.x[0, 2]) == pytest.approx(80.0) and res.objective == pytest.approx(160.0)


def test_a_site_inside_a_water_system_splits_its_cooling_when_water_runs_short() -> None:
    """4,300 m3/day at 43 m3/day per MW cools 100 MW evaporatively (100 grid MW); demand 150 on a 200 MW site:
    the other 50 MW cool dry (75 grid MW). Headroom 175 carries exactly that: no delay. With headroom 170 the dry
    part is 70 / 1.5 = 46.67 MW: 3.33 MW unserved x 8 years = 26.67."""
    d = dry_vs_wet(site_cap_mw=[200.0], demand_mw=[[150.0] * 3], headroom_mw=[175.0],
                   water_spare_m3_per_day=[4300.0], site_water=[0])
    m, res, _ = solve(d)
    assert [pyo.value(m.x[0, t]) for t in range(3)] == pytest.approx([150.0] * 3)
    assert [pyo.value(m.xe[0, t]) for t in range(3)] == pytest.approx([100.0] * 3)
    assert res.objective == pytest.approx(0.0)
    d = dry_vs_wet(site_cap_mw=[200.0], demand_mw=[[150.0] * 3], headroom_mw=[170.0],
                   water_spare_m3_per_day=[4300.0], site_water=[0])
    m, res, _ = solve(d)
    assert pyo.value(m.x[0, 2]) == pytest.approx(100.0 + 70.0 / 1.5)
    assert res.objective == pytest.approx(8 * (50.0 - 70.0 / 1.5))


def test_committed_capacity_is_served_first_and_draws_no_headroom() -> None:
    """An existing cluster's site has 60 MW committed from 2028; its connection comes only in 2034 (5 years)
    with 50 MW of headroom. 2028 and 2030 run the committed 60 (40 unserved x 6 years = 240); 2034 runs
    60 + 50 = 110, capped by the land at 100, drawing 40 MW through the connection: 240 in all. Without the
    committed capacity nothing runs before 2034 and then only the 50 MW of headroom: 100 x 6 + 50 x 2 = 700."""
    d = tiny(arc_lead_years=[5.0], headroom_mw=[50.0], region_existing=[True], committed_it_mw=[[60.0] * 3])
    m, res, _ = solve(d)
    assert [pyo.value(m.x[0, t]) for t in range(3)] == pytest.approx([60.0, 60.0, 100.0])
    assert pyo.value(m.f[0, 2]) == pytest.approx(40.0)
    assert res.objective == pytest.approx(240.0)
    _, res, _ = solve(tiny(arc_lead_years=[5.0], headroom_mw=[50.0], region_existing=[True]))
    assert res.objective == pytest.approx(700.0)


def test_decarbonised_supply_and_interconnector_bind() -> None:
    """The site's area has 50 GWh, the neighbour 30 GWh behind a 20 GWh link; 1 GWh per MW at a 100 % share:
    the site can run 50 + 20 = 70 MW of the 100 wanted; 30 MW x 8 years = 240 of delay."""
    d = tiny(site_cap_mw=[200.0], area_ids=["A", "B"], site_area=[0], decarb_gwh=[[50.0] * 3, [30.0] * 3],
             decarb_share=[1.0] * 3, link_from=[1], link_to=[0], link_gwh=[[20.0] * 3], gwh_per_it_mw_year=1.0)
    m, res, _ = solve(d)
    assert [pyo.value(m.x[0, t]) for t in range(3)] == pytest.approx([70.0] * 3)
    assert pyo.value(m.q[0, 0]) == pytest.approx(20.0)
    assert res.objective == pytest.approx(240.0)


def two_regions(**changes):  # type: ignore[no-untyped-def]
    """g1 costs 100, g2 costs 10; either site covers the 100 MW demand; delay is dear (1000 per MW-year)."""
    base = dict(region_ids=["g1", "g2"], region_fixed_cost_jpy=[100.0, 10.0], region_min_mw=[0.0, 0.0],
                site_ids=["s1", "s2"], site_region=[0, 1], site_cap_mw=[100.0, 100.0],
                pair_node=[0, 0], pair_site=[0, 1], pair_cost_jpy_per_mw_year=[0.0, 0.0],
                arc_site=[0, 1], arc_sub=[0, 0], arc_cost_jpy=[0.0, 0.0], arc_lead_years=[2.0, 2.0],
                delay_cost_jpy_per_mw_year=1000.0)
    base.update(changes)
    return tiny(**base)


def test_forced_in_region() -> None:
    """Free choice designates g2 (10). Forcing g1 in costs 100 and g2 is then not needed: 100."""
    m, res, _ = solve(two_regions())
    assert [pyo.value(m.z[g]) for g in range(2)] == pytest.approx([0.0, 1.0])
    assert res.objective == pytest.approx(10.0)
    m, res, _ = solve(two_regions(forced_in=[0]))
    assert [pyo.value(m.z[g]) for g in range(2)] == pytest.approx([1.0, 0.0])
    assert res.objective == pytest.approx(100.0)


def test_forced_out_and_region_count() -> None:
    """Forcing g2 out designates g1 (100). With at most one region and 150 MW wanted, 50 MW stay unserved."""
    _, res, _ = solve(two_regions(forced_out=[1]))
    assert res.objective == pytest.approx(100.0)
    m, res, _ = solve(two_regions(max_regions=1, demand_mw=[[150.0] * 3]))
    assert sum(pyo.value(m.z[g]) for g in range(2)) == pytest.approx(1.0)
    assert res.objective == pytest.approx(10.0 + 50.0 * 8 * 1000.0)


def test_minimum_region_size() -> None:
    """g2 must run 120 MW if designated but its site holds 100: only g1 qualifies (100)."""
    _, res, _ = solve(two_regions(region_min_mw=[0.0, 120.0]))
    assert res.objective == pytest.approx(100.0)


def test_latency_limit_cuts_pairs() -> None:
    """Without a (node, site) pair within the latency limit, capacity elsewhere cannot serve the node."""
    m, res, _ = solve(tiny(pair_node=[], pair_site=[], pair_cost_jpy_per_mw_year=[]))
    assert [u(m, t) for t in range(3)] == pytest.approx([100.0] * 3)
    assert res.objective == pytest.approx(800.0)


def test_area_share() -> None:
    """Two 100 MW sites in one area and another area; at most 60 % in one area, demand 100: 60 + 40."""
    d = two_regions(region_fixed_cost_jpy=[0.0, 0.0], area_ids=["A", "B"], site_area=[0, 1], max_area_share=0.6,
                    pair_cost_jpy_per_mw_year=[0.0, 1.0])
    m, _, _ = solve(d)
    assert pyo.value(m.x[0, 2]) == pytest.approx(60.0) and pyo.value(m.x[1, 2]) == pytest.approx(40.0)


def test_same_inputs_same_result() -> None:
    runs = []
    for _ in range(2):
        m, res, _ = solve(two_regions(demand_mw=[[150.0] * 3], headroom_mw=[120.0]))
        runs.append((res.objective, [pyo.value(v) for v in m.component_data_objects(pyo.Var)]))
    assert runs[0] == runs[1]


def test_headroom_duals_price_one_more_megawatt() -> None:
    """Headroom 60 MW, no step, delay 1 per MW-year: 1 MW more headroom saves 1 MW x 8 years = 8, spread over
    the years as 2/4/2. The big-M rows and the headroom-cover rows (which repeat the 60 MW) must not take the
    dual: the results' own function loosens them."""
    from siting.results.grid import headroom_values

    d = tiny(headroom_mw=[60.0])
    m, _, solver = solve(d)
    values = headroom_values(m, d, solver)
    assert values[(0, 0)] == pytest.approx(2.0) and values[(0, 1)] == pytest.approx(4.0)
    assert values[(0, 2)] == pytest.approx(2.0)
    # The model is restored: it solves again as a MIP.
    assert m.z[0].domain is pyo.Binary and solver.solve().status == "optimal"


def test_headroom_cover_lifts_the_lp_bound_and_keeps_the_optimum() -> None:
    """Site of 1,000 MW, free headroom 100 MW, a +1,000 MW step costing 10,000; serving the 100 MW demand
    needs the 80-cost connection (or 800 of delay). Without the headroom cover the LP opens a tenth of the
    connection (f <= M v with M = 1,000) and its bound is 8; with it, free headroom costs the whole connection
    (f <= min(M, H) v + dH r) and the LP bound is the optimum, 80."""
    from siting.solve.strategy import lp_relaxation

    bounds = {}
    for cover in (False, True):
        d = tiny(headroom_mw=[100.0], step_sub=[0], step_order=[1], step_added_mw=[1000.0],
                 step_cost_jpy=[10_000.0], step_lead_years=[2.0], site_cap_mw=[1000.0], arc_cost_jpy=[80.0],
                 headroom_cover=cover)
        m, res, solver = solve(d)
        assert res.objective == pytest.approx(80.0) and u(m, 0) == pytest.approx(0.0)
        bounds[cover] = lp_relaxation(solver, 30)[0]
    assert bounds[False] == pytest.approx(8.0)
    assert bounds[True] == pytest.approx(80.0)


def test_headroom_link_lifts_the_lp_bound_and_keeps_the_optimum() -> None:
    """A 600 MW site and 600 MW of demand; no free headroom, two steps at the substation: +500 MW for 10, then
    +1,000 MW for 500. Serving it all needs both steps: optimum 510. Without the headroom link the LP builds a
    tenth of the big second step (500 + 1,000 x 0.1 = 600 MW) and its bound is 60; with it, the second step adds
    only the 100 MW the region can still draw (f <= 500 w_1 + 100 w_2, w <= r), so the LP bound is the optimum."""
    from siting.solve.strategy import lp_relaxation

    bounds = {}
    for link in (False, True):
        d = tiny(headroom_mw=[0.0], step_sub=[0, 0], step_order=[1, 2], step_added_mw=[500.0, 1000.0],
                 step_cost_jpy=[10.0, 500.0], step_lead_years=[2.0, 2.0], site_cap_mw=[600.0],
                 demand_mw=[[600.0, 600.0, 600.0]], delay_cost_jpy_per_mw_year=100.0, headroom_link=link)
        m, res, solver = solve(d)
        assert res.objective == pytest.approx(510.0) and u(m, 0) == pytest.approx(0.0)
        assert hasattr(m, "w") is link
        bounds[link] = lp_relaxation(solver, 30)[0]
    assert bounds[False] == pytest.approx(60.0)
    assert bounds[True] == pytest.approx(510.0)
