"""The model as sparse arrays for HiGHS, reading the rows of :mod:`siting.model.linear` as they were recorded.

Pyomo's ``LinearStandardFormCompiler`` walks every row's expression objects with its visitor: at 5,000 sites
that is about 3 s of CPU for 229,607 rows and 1.1 million terms, even with the visitor's fast path for
``LinearExpression`` (``benchmarks/RESULTS.md``, 2026-11-30; a Python loop reading the same objects was no
faster). The model's own rows are written with :func:`siting.model.linear.lin`, which already holds each row's
``(coefficient, variable)`` pairs as a list and records it (:func:`siting.model.linear.recorded_rows`); the build
returns the record beside the model (:class:`siting.model.build.BuiltModel`) and the caller passes it here.
:func:`compile_model` copies those lists into the sparse matrix with C-level ``map``/``extend`` and reads every
other row, and the objective, with the visitor of Pyomo's compiler (``LinearRepnVisitor``). A model
built without records (OR-Library, the elastic copy, a user's own) goes through Pyomo's compiler unchanged.

Either way the arrays are the compiler's (``tests/test_compile.py`` checks it on the reference model and a
synthetic national instance): the same column order (variables grouped by component, each component numbered
whole the first time the objective or a row uses it, unused columns dropped), the same row order (active
constraints in declaration order), duplicate terms summed, zero terms dropped, trivially satisfied rows skipped.
Fixed variables are compiled as columns like any other; the caller fixes them by their bounds, so that forcing
a region in or out is one bound change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import attrgetter, is_, itemgetter
from typing import Any

import numpy as np
import pyomo.environ as pyo
from pyomo.core.base.enums import SortComponents
from pyomo.repn.linear import LinearRepnVisitor
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler
from pyomo.repn.util import VarRecorder
from scipy.sparse import csr_matrix

from siting.errors import Problem, SitingError
from siting.model.linear import Row, RowRecord

_ORDER = SortComponents.ORDERED_INDICES
_COEF, _VAR = itemgetter(0), itemgetter(1)
_FIRST, _LOWER, _UPPER, _PAIRS = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)
_EXPR, _ACTIVE = attrgetter("expr"), attrgetter("active")


@dataclass
class _Block:
    """Rows of one constraint component: CSR pieces (``counts`` terms per row) and bounds."""

    data: list[float]
    index: list[int]
    counts: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    rows: list[Any]


@dataclass
class StandardForm:
    """``min cost @ x + offset  s.t.  row_lower <= A x <= row_upper`` over ``columns``; ``rows[i]`` is the
    Pyomo constraint of row ``i`` (a ranged constraint has two rows when Pyomo's compiler wrote it)."""

    columns: list[Any]
    cost: np.ndarray
    offset: float
    a: Any  # scipy.sparse.csc_matrix, rows x columns
    row_lower: np.ndarray
    row_upper: np.ndarray
    rows: list[Any]
    objective: Any = None  # the Pyomo objective compiled (None: no active objective)


def compile_model(model: pyo.ConcreteModel, rows: RowRecord | None = None) -> StandardForm:
    """The model's active objective (minimised) and active constraints as a :class:`StandardForm`; ``rows``:
    the rows recorded while the model was built (:class:`siting.model.build.BuiltModel`), if it was."""
    fixed = [v for v in model.component_data_objects(pyo.Var, descend_into=True) if v.fixed]
    for v in fixed:
        v.unfix()  # compiled as columns, not folded into constants
    try:
        return _pyomo_compiler(model) if rows is None else _with_records(model, rows.by_id)
    finally:
        for v in fixed:
            v.fix()


def _pyomo_compiler(model: pyo.ConcreteModel) -> StandardForm:
    info = LinearStandardFormCompiler().write(model, mixed_form=True)
    sense = np.fromiter((r[1] for r in info.rows), dtype=np.int8, count=len(info.rows))
    rhs = np.asarray(info.rhs, dtype=float)
    cost = np.asarray(info.c[[0], :].toarray()).ravel() if info.c.shape[0] else np.zeros(len(info.columns))
    offset = float(info.c_offset[0]) if len(info.c_offset) else 0.0
    return StandardForm(list(info.columns), cost, offset, info.A.tocsc(), np.where(sense <= 0, rhs, -np.inf),
                        np.where(sense >= 0, rhs, np.inf), [con for con, _sense in info.rows],
                        info.objectives[0] if info.objectives else None)


class _Columns:
    """Column numbers, given per variable component the first time one of its variables is met."""

    def __init__(self) -> None:
        self.of: dict[int, int] = {}
        self.vars: list[Any] = []

    def number(self, variables: Any) -> None:
        """Number, in the order given, the components of ``variables`` not numbered yet (each one whole)."""
        for var in variables:
            if id(var) not in self.of:
                fresh = [v for v in var.parent_component().values(_ORDER) if id(v) not in self.of]
                start = len(self.vars)
                self.of.update(zip(map(id, fresh), range(start, start + len(fresh)), strict=True))
                self.vars.extend(fresh)

    def columns(self, variables: Any) -> list[int]:
        """Column of each variable, numbering new components first."""
        variables = list(variables)
        index = list(map(self.of.get, map(id, variables)))
        if None in index:
            self.number(compress(variables, map(is_, index, repeat(None))))
            index = list(map(self.of.__getitem__, map(id, variables)))
        return index  # type: ignore[return-value]


def _generic_terms(visitor: LinearRepnVisitor, expr: Any, name: str) -> tuple[list[float], list[Any], float]:
    """``(coefficients, variables, constant)`` of a linear expression, read by Pyomo's ``LinearRepnVisitor``
    (the visitor of Pyomo's own standard-form compiler)."""
    repn = visitor.walk_expression(expr)
    if repn.nonlinear is not None:
        raise SitingError(Problem(name, "is not linear", "the HiGHS hand-off takes linear rows and objectives only"))
    var_map = visitor.var_recorder.var_map
    return list(repn.linear.values()), [var_map[i] for i in repn.linear], float(pyo.value(repn.constant))


def _visitor() -> LinearRepnVisitor:
    return LinearRepnVisitor({}, var_recorder=VarRecorder({}, _ORDER))


def _recorded_block(datas: list[Any], recorded: dict[int, Row], cols: _Columns) -> _Block | None:
    """The rows of one constraint component straight from their records, with C-level ``map`` over rows and
    terms (no Python statement per row), or ``None`` if any row is inactive, unrecorded, changed since the
    build, or empty (those go row by row)."""
    exprs = list(map(_EXPR, datas))
    recs = list(map(recorded.get, map(id, exprs)))
    if None in recs or not all(map(is_, map(_FIRST, recs), exprs)) or not all(map(_ACTIVE, datas)):  # type: ignore[arg-type]
        return None
    pair_lists = list(map(_PAIRS, recs))  # type: ignore[arg-type]
    counts = np.fromiter(map(len, pair_lists), dtype=np.int64, count=len(recs))
    if not counts.all():
        return None
    flat = list(chain.from_iterable(pair_lists))
    index = cols.columns(map(_VAR, flat))
    return _Block(list(map(_COEF, flat)), index, counts, np.fromiter(map(_LOWER, recs), dtype=float, count=len(recs)),  # type: ignore[arg-type]
                  np.fromiter(map(_UPPER, recs), dtype=float, count=len(recs)), datas)  # type: ignore[arg-type]


def _generic_block(datas: list[Any], cols: _Columns, visitor: LinearRepnVisitor) -> _Block:
    """Rows read one by one: bounds from the row, terms from Pyomo's ``LinearRepnVisitor``."""
    data: list[float] = []
    index: list[int] = []
    counts: list[int] = []
    lower: list[float] = []
    upper: list[float] = []
    rows: list[Any] = []
    for con in datas:
        if not con.active:
            continue
        lo, body, up = con.to_bounded_expression()
        if lo is None and up is None:
            continue
        coefs, variables, const = _generic_terms(visitor, body, con.name)
        lo = -math.inf if lo is None else pyo.value(lo) - const
        up = math.inf if up is None else pyo.value(up) - const
        if not coefs:
            if lo <= 0.0 <= up:
                continue  # a constant row that holds (Pyomo's compiler skips it too)
            raise SitingError(Problem(con.name, f"is a constant row ({const:g}) outside its bounds",
                                      "check the data that produced it"))
        index.extend(cols.columns(variables))
        data.extend(coefs)
        counts.append(len(coefs))
        lower.append(lo)
        upper.append(up)
        rows.append(con)
    return _Block(data, index, np.asarray(counts, dtype=np.int64), np.asarray(lower, dtype=float),
                  np.asarray(upper, dtype=float), rows)


def _with_records(model: pyo.ConcreteModel, recorded: dict[int, Row]) -> StandardForm:
    cols = _Columns()
    visitor = _visitor()
    objectives = list(model.component_data_objects(pyo.Objective, active=True, descend_into=True))
    if len(objectives) > 1:
        raise SitingError(Problem(model.name, f"has {len(objectives)} active objectives",
                                  "deactivate all but one before handing the model to HiGHS"))
    obj_coefs: list[float] = []
    obj_cols: list[int] = []
    offset = 0.0
    if objectives:
        if objectives[0].sense != pyo.minimize:
            raise SitingError(Problem(objectives[0].name, "is maximised",
                                      "the hand-off minimises: negate the objective"))
        obj_coefs, variables, offset = _generic_terms(visitor, objectives[0].expr, objectives[0].name)
        obj_cols = cols.columns(variables)
    blocks = []
    for comp in model.component_objects(pyo.Constraint, active=True, descend_into=True, sort=_ORDER):
        datas = list(comp.values(_ORDER))
        blocks.append(_recorded_block(datas, recorded, cols) or _generic_block(datas, cols, visitor))
    n = len(cols.vars)
    counts = np.concatenate([b.counts for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    indptr = np.concatenate(([0], np.cumsum(counts)))
    data = np.fromiter(chain.from_iterable(b.data for b in blocks), dtype=float, count=int(indptr[-1]))
    index = np.fromiter(chain.from_iterable(b.index for b in blocks), dtype=np.int32, count=int(indptr[-1]))
    a = csr_matrix((data, index, indptr), shape=(len(counts), n)).tocsc()
    a.sum_duplicates()
    a.eliminate_zeros()
    cost = np.zeros(n)
    np.add.at(cost, np.asarray(obj_cols, dtype=np.int64), np.asarray(obj_coefs, dtype=float))
    used = (np.diff(a.indptr) > 0) | (cost != 0)
    columns = cols.vars
    if not used.all():
        keep = np.nonzero(used)[0]
        a, cost, columns = a[:, keep], cost[keep], [columns[j] for j in keep.tolist()]
    empty = np.zeros(0)
    return StandardForm(columns, cost, offset, a, np.concatenate([b.lower for b in blocks] or [empty]),
                        np.concatenate([b.upper for b in blocks] or [empty]),
                        [con for b in blocks for con in b.rows], objectives[0] if objectives else None)
