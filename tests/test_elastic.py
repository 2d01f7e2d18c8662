"""Infeasibility explanations name the rule that must give way, in the user's terms."""

from __future__ import annotations

import pytest
from model_instances import tiny

from siting.errors import InfeasibleError
from siting.model.build import BuiltModel, build_model
from siting.model.data import ModelData
from siting.solve.elastic import explain_infeasibility
from siting.solve.highs import SolveOptions, solve_model


def _forced(d: ModelData) -> BuiltModel:
    built = build_model(d)
    built.model.z[0].fix(1)  # a forced-in region that must host its minimum size
    return built


def _explain(d: ModelData) -> list[str]:
    m, rows = _forced(d)
    with pytest.raises(InfeasibleError):
        solve_model(m, SolveOptions(time_limit_s=10), rows=rows)
    m, rows = _forced(d)
    return [str(v) for v in explain_infeasibility(m, d, rows=rows)]


def test_short_headroom_is_blamed_on_the_substation_not_on_the_connection() -> None:
    # 40 MW of headroom, no reinforcement: the region's 100 MW cannot be drawn. The least change is 60 MW, of
    # the headroom of b1 (in each year) or of the region's minimum size; never "connection must give way" (a
    # site drawing less than it hosts is no fix a planner can make).
    lines = _explain(tiny(region_min_mw=[100.0], headroom_mw=[40.0]))
    assert lines, "no explanation"
    assert not any(line.startswith("connection") for line in lines), lines
    assert any(("substation headroom" in line and "b1" in line) or "minimum region size" in line for line in lines)
    assert all("60.0 MW" in line for line in lines), lines
