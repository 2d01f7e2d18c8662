"""Build the siting MILP from :class:`~siting.model.data.ModelData`; reads as a table of contents.

The model never touches files or geometry. Each constraint family lives in its own module under
:mod:`siting.model.constraints` with its maths in the docstring; :data:`siting.model.families.FAMILIES` lists them
in the order they are added.
"""

from __future__ import annotations

from typing import NamedTuple

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from siting.model import objective, variables
from siting.model.data import ModelData
from siting.model.families import FAMILIES
from siting.model.linear import RowRecord, recorded_rows


class BuiltModel(NamedTuple):
    """The Pyomo model and the rows recorded while it was built, which the hand-off to HiGHS reads
    (``PersistentSolver(built.model, options, rows=built.rows)``; :mod:`siting.solve.compile`)."""

    model: pyo.ConcreteModel
    rows: RowRecord


def build_model(d: ModelData) -> BuiltModel:
    """Create the Pyomo model of the siting problem described by ``d``, with its recorded rows."""
    d.validate()
    # Python's cyclic garbage collector rescans every expression object built so far each time it runs; with
    # ~1e6 objects at 5,000 sites that was 40 % of the build (benchmarks/RESULTS.md). The model holds no cycles
    # to collect, so the collector is paused while it is built.
    with PauseGC():
        m = pyo.ConcreteModel(name="wattbit_siting")
        with recorded_rows() as rows:
            variables.define_sets(m, d)
            variables.define_variables(m, d)
            for family in FAMILIES:
                if d.grid or not family.grid:
                    family.add(m, d)
            objective.add(m, d)
    return BuiltModel(m, rows)
