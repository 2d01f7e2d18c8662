"""One list of constraint families: every row a build adds is registered with its role, and the registry is what
the build, the infeasibility explanation and the results read."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from siting.model.build import build_model
from siting.model.families import FAMILIES, ROWS, component, with_role
from tests.model_instances import tiny
from tests.synthetic import model_data


def _names(m: pyo.ConcreteModel) -> set[str]:
    return {c.local_name for c in m.component_objects(pyo.Constraint)}


def test_every_row_a_build_adds_is_registered() -> None:
    national = _names(build_model(model_data(60, 20, seed=3)).model)  # grid, decarbonised supply, area shares
    cooled = _names(build_model(tiny(pue=1.0, pue_dry=1.5, water_ids=["w1"], water_spare_m3_per_day=[4300.0],
                                     site_water=[0], water_m3_per_day_per_mw=43.0)).model)
    for built in (national, cooled):
        assert built - set(ROWS) == {"delay_epsilon"}  # the Pareto cap belongs to the objective
    rules = {r.name for r in with_role("rule")}
    assert {"site_land", "region_size", "connection_draw", "headroom", "decarbonised", "area_share"} <= national
    assert {"water", "cooling_split"} <= cooled
    assert {"demand_balance", "region_count"} <= rules


def test_families_without_their_data_add_nothing_and_are_looked_up_as_none() -> None:
    d = model_data(60, 20, seed=3)
    d.substation_ids, d.headroom_mw = [], []  # no grid: the grid families are skipped
    d.arc_site, d.arc_sub, d.arc_cost_jpy, d.arc_lead_years = [], [], [], []
    d.step_sub, d.step_order, d.step_added_mw, d.step_cost_jpy, d.step_lead_years = [], [], [], [], []
    m = build_model(d).model
    grid_rows = {r.name for fam in FAMILIES if fam.grid for r in fam.rows}
    assert not grid_rows & _names(m)
    assert component(m, "headroom") is None and component(m, "site_land") is m.site_land
    with pytest.raises(KeyError):
        component(m, "headroom_cap")  # a misspelt family row is an error, not "off"


def test_roles_are_complete() -> None:
    for fam in FAMILIES:
        for rows in fam.rows:
            assert rows.role in ("rule", "link", "cut")
            if rows.role == "rule":
                assert rows.label and rows.where is not None, rows.name
            assert not rows.holds_headroom or rows.role == "cut"
