"""Linear rows written so Pyomo builds and compiles them with the fewest Python objects.

``sum(m.f[a, t] for a in arcs) <= H + sum(dH[k] * m.r[k, t] for k in steps)`` makes Pyomo create one
expression object per ``+`` and per ``*``, and the standard-form compiler then builds ``left - right`` before it
walks the row. The same row written as ``at_most(lin(coefs, vars), H)`` is one ``LinearExpression`` bounded by a
number: the compiler reads its terms in one loop and takes the bound as it is. Variables are looked up in plain
dicts (:func:`var_dict`) instead of ``IndexedVar.__getitem__``, which normalises and validates every index.

The families with a row per site, connection, substation or step use these helpers; the few rows per region,
area or water system keep Pyomo's operators, where the cost does not show. Measured on the synthetic
instances (``benchmarks/RESULTS.md``, 2026-11-29), CPU of build + hand-off fell by 30 % (5,000 sites:
6.3 -> 4.4 s; 20,000 sites: 33.6 -> 23.9 s) for the same LP, bit for bit.

While :func:`siting.model.build.build_model` runs (:func:`recorded_rows`), each row made with :func:`at_most`,
:func:`at_least` or :func:`equal` around a :func:`lin` / :func:`total` body is also recorded in a :class:`RowRecord`
with its bounds and its ``(coefficient, variable)`` pairs -- the list ``lin`` builds anyway. The build returns the
record beside the model (:class:`siting.model.build.BuiltModel`), and the hand-off copies those lists into the
sparse matrix instead of walking the expression objects again (:mod:`siting.solve.compile`).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from pyomo.common.numeric_types import native_numeric_types
from pyomo.core.base.constraint import Constraint
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

#: ``var_dict`` results, one per indexed variable, dropped with the variable (several families share them).
_VAR_DICTS: WeakKeyDictionary[Any, dict[Hashable, Any]] = WeakKeyDictionary()
#: Open :func:`recorded_rows` scopes, innermost last, and the bodies made by :func:`lin` / :func:`total` inside
#: them that no row has taken yet (objective terms, for instance; dropped when the outermost scope closes).
#: Per thread, so that models built at the same time in several threads record only their own rows.
_LOCAL = threading.local()


def _scopes() -> tuple[list[dict[int, Any]], dict[int, tuple[LinearExpression, list[tuple[float, Any]]]]]:
    if not hasattr(_LOCAL, "scopes"):
        _LOCAL.scopes, _LOCAL.bodies = [], {}
    return _LOCAL.scopes, _LOCAL.bodies


def var_dict(var: Any) -> dict[Hashable, Any]:
    """``{index: VarData}`` of an indexed variable, for lookups in loops over thousands of rows.

    Built once per variable (variables are complete before any row is written) and shared by the families."""
    out = _VAR_DICTS.get(var)
    if out is None or len(out) != len(var):
        out = _VAR_DICTS[var] = dict(var.items())
    return out


def lin(coefs: Iterable[float], variables: Iterable[Any]) -> LinearExpression:
    """``sum(c * v)`` as one Pyomo ``LinearExpression``; terms with a zero coefficient are left out."""
    pairs = [(c, v) for c, v in zip(coefs, variables, strict=True) if c]
    return _made(LinearExpression(list(map(MonomialTermExpression, pairs))), pairs)


def total(variables: Iterable[Any]) -> LinearExpression:
    """``sum(v)`` (unit coefficients) as one Pyomo ``LinearExpression``."""
    pairs = [(1.0, v) for v in variables]
    return _made(LinearExpression([v for _c, v in pairs]), pairs)


def _made(body: LinearExpression, pairs: list[tuple[float, Any]]) -> LinearExpression:
    """Keep ``body``'s pairs, inside a :func:`recorded_rows` scope, for the row that will take it."""
    scopes, bodies = _scopes()
    if scopes:
        bodies[id(body)] = (body, pairs)
    return body


def at_most(body: LinearExpression, upper: float) -> InequalityExpression:
    """The row ``body <= upper``, made directly (``<=`` on an expression goes through Pyomo's operator dispatch,
    about 3x slower per row)."""
    return _record(InequalityExpression((body, upper), False), body, -math.inf, upper)


def at_least(body: LinearExpression, lower: float) -> InequalityExpression:
    """The row ``lower <= body``."""
    return _record(InequalityExpression((lower, body), False), body, lower, math.inf)


def equal(body: LinearExpression, rhs: float) -> EqualityExpression:
    """The row ``body == rhs``."""
    return _record(EqualityExpression((body, rhs)), body, rhs, rhs)


def never_shrinks(values: dict[Hashable, Any]) -> Any:
    """A rule ``(model, s, t) -> values[s, t-1] <= values[s, t]`` (skipped for the first year): what is built
    stays built."""

    def rule(_m: Any, s: int, t: int) -> Any:
        if t == 0:
            return Constraint.Skip
        return at_most(lin((1.0, -1.0), (values[s, t - 1], values[s, t])), 0.0)

    return rule


Row = tuple[Any, float, float, list[tuple[float, Any]]]


def _record(row: Any, body: LinearExpression, lower: float, upper: float) -> Any:
    scopes, bodies = _scopes()
    if scopes:
        made = bodies.pop(id(body), None)
        numbers = lower.__class__ in native_numeric_types and upper.__class__ in native_numeric_types
        if made is not None and made[0] is body and numbers:
            scopes[-1][id(row)] = (row, float(lower), float(upper), made[1])
    return row


@dataclass
class RowRecord:
    """Rows recorded while a model was built, for the hand-off (:mod:`siting.solve.compile`).

    ``by_id`` maps ``id(row expression)`` to ``(row expression, lower, upper, pairs)``. A record is valid for a
    constraint only while the constraint still holds that very row object (``record[0] is con.expr``): a
    constraint given a new expression after the build (the infeasibility explanation does so) is read by Pyomo
    instead."""

    by_id: dict[int, Row] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.by_id)


@contextmanager
def recorded_rows() -> Iterator[RowRecord]:
    """Record every row made inside with :func:`at_most`, :func:`at_least` or :func:`equal` around a
    :func:`lin` / :func:`total` body: the row expression, its bounds and its ``(coefficient, variable)`` pairs,
    in the :class:`RowRecord` it yields."""
    record = RowRecord()
    scopes, bodies = _scopes()
    scopes.append(record.by_id)
    try:
        yield record
    finally:
        scopes.pop()
        if not scopes:
            bodies.clear()
