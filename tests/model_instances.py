"""Hand-written model instances whose optimum can be checked on paper."""

from __future__ import annotations

from typing import Any

from siting.model.data import ModelData


def tiny(**changes: Any) -> ModelData:
    """One region, one 100 MW site, one node wanting 100 MW in 2028, 2030 and 2034 (decided in 2026, periods of
    2, 4 and 2 years), one substation, one connection (2 years lead, in service from 2028), PUE 1, costs in
    plain units (cost_scale 1) and a delay price of 1 per MW-year."""
    base: dict[str, Any] = dict(
        years=[2028, 2030, 2034], decision_year=2026, end_year=2036,
        region_ids=["g1"], region_fixed_cost_jpy=[0.0], region_min_mw=[0.0],
        site_ids=["s1"], site_region=[0], site_cap_mw=[100.0],
        node_ids=["n1"], demand_mw=[[100.0, 100.0, 100.0]],
        pair_node=[0], pair_site=[0], pair_cost_jpy_per_mw_year=[0.0],
        substation_ids=["b1"], headroom_mw=[1000.0],
        arc_site=[0], arc_sub=[0], arc_cost_jpy=[0.0], arc_lead_years=[2.0],
        pue=1.0, delay_cost_jpy_per_mw_year=1.0, cost_scale=1.0,
    )
    base.update(changes)
    return ModelData(**base)


def with_step(cost: float, lead_years: float, added_mw: float = 100.0, **changes: Any) -> ModelData:
    """``tiny`` with no headroom today and one reinforcement step at b1."""
    return tiny(headroom_mw=[0.0], step_sub=[0], step_order=[1], step_added_mw=[added_mw], step_cost_jpy=[cost],
                step_lead_years=[lead_years], **changes)
