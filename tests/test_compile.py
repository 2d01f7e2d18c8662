"""The hand-off's arrays are Pyomo's: recorded rows read directly give the LinearStandardFormCompiler's matrix."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from siting import load_layers, load_scenario
from siting.bundled import reference_scenario
from siting.candidates.build import build_candidates
from siting.candidates.model_data import build_model_data
from siting.errors import SitingError
from siting.model.build import build_model
from siting.model.data import ModelData
from siting.model.linear import at_most, lin
from siting.solve.compile import StandardForm, compile_model
from siting.solve.highs import PersistentSolver, SolveOptions
from tests.synthetic import model_data


def _pyomo(model: pyo.ConcreteModel) -> StandardForm:
    """Pyomo's own compiler in the same shape (fixed variables freed first, as the hand-off compiles them)."""
    fixed = [v for v in model.component_data_objects(pyo.Var) if v.fixed]
    for v in fixed:
        v.unfix()
    try:
        info = LinearStandardFormCompiler().write(model, mixed_form=True)
    finally:
        for v in fixed:
            v.fix()
    sense = np.array([s for _con, s in info.rows])
    rhs = np.asarray(info.rhs, dtype=float)
    return StandardForm(list(info.columns), np.asarray(info.c[[0], :].toarray()).ravel(), float(info.c_offset[0]),
                        info.A.tocsc(), np.where(sense <= 0, rhs, -np.inf), np.where(sense >= 0, rhs, np.inf),
                        [con for con, _s in info.rows])


def assert_same(ours: StandardForm, theirs: StandardForm) -> None:
    assert [v.name for v in ours.columns] == [v.name for v in theirs.columns]
    assert [c.name for c in ours.rows] == [c.name for c in theirs.rows]
    assert np.array_equal(ours.a.indptr, theirs.a.indptr)
    assert np.array_equal(ours.a.indices, theirs.a.indices)
    assert np.array_equal(ours.a.data, theirs.a.data)
    assert np.array_equal(ours.cost, theirs.cost) and ours.offset == theirs.offset
    assert np.array_equal(ours.row_lower, theirs.row_lower) and np.array_equal(ours.row_upper, theirs.row_upper)


def _reference_data() -> ModelData:
    sc = load_scenario(reference_scenario())
    layers = load_layers(sc)
    return build_model_data(build_candidates(layers, sc), layers, sc)


@pytest.mark.parametrize("which", ["reference", "synthetic 300 sites"])
def test_recorded_rows_give_pyomos_arrays(which: str) -> None:
    d = _reference_data() if which == "reference" else model_data(300, 100)
    m, recorded = build_model(d)
    # nearly every row is read from its record (the rest: region, water, decarbonised rows and the delay cap)
    n_rows = sum(1 for _ in m.component_data_objects(pyo.Constraint, active=True))
    assert len(recorded) >= 0.9 * n_rows
    assert_same(compile_model(m, recorded), _pyomo(m))


def test_a_row_changed_after_the_build_is_read_as_it_is_now() -> None:
    d = model_data(60, 20, seed=3)
    m, recorded = build_model(d)
    con = next(iter(m.site_land.values()))
    x, z = con.body.args[0].args[1], con.body.args[1].args[1]
    con.set_value(x - 2.0 * z <= 5.0)  # no longer the recorded row
    m.connection_capacity[next(iter(m.connection_capacity))].deactivate()
    form = compile_model(m, recorded)
    assert_same(form, _pyomo(m))
    i = [c.name for c in form.rows].index(con.name)
    assert form.row_upper[i] == 5.0
    assert form.a[i, form.columns.index(z)] == -2.0


def test_a_model_built_without_records_goes_through_pyomos_compiler() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var([1, 2], bounds=(0, 4))
    m.y = pyo.Var(domain=pyo.Binary)
    m.c1 = pyo.Constraint(expr=m.x[1] + 2 * m.x[2] >= 3)
    m.c2 = pyo.Constraint(expr=pyo.inequality(1, m.x[1] - m.y, 2))
    m.o = pyo.Objective(expr=m.x[1] + m.x[2] + 5 * m.y + 7)
    m.y.fix(1)
    form = compile_model(m)
    assert m.y.fixed and m.y.value == 1  # compiled as a column, left fixed
    assert [v.name for v in form.columns] == ["x[1]", "x[2]", "y"]
    assert form.offset == 7 and list(form.cost) == [1, 1, 5]
    solver = PersistentSolver(m, SolveOptions(time_limit_s=5))
    res = solver.solve()
    # y = 1 (fixed); x1 - 1 in [1, 2] -> x1 >= 2; x1 + 2 x2 >= 3 -> x2 >= 0.5 at x1 = 2: 2 + 0.5 + 5 + 7
    assert res.objective == pytest.approx(14.5)


def test_a_constant_row_that_cannot_hold_is_named() -> None:
    m, recorded = build_model(model_data(60, 20, seed=3))
    m.impossible = pyo.Constraint(expr=at_most(lin([0.0], [m.z[0]]), -1.0))
    with pytest.raises(SitingError, match="impossible"):
        compile_model(m, recorded)
