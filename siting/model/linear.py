"""Linear rows written so Pyomo builds and compiles them with the fewest Python objects.

``sum(m.f[a, t] for a in arcs) <= H + sum(dH[k] * m.r[k, t] for k in steps)`` makes Pyomo create one
expression object per ``+`` and per ``*``, and the standard-form compiler then builds ``left - right`` before it
walks the row. The same row written as ``at_most(lin(coefs, vars), H)`` is one ``LinearExpression`` bounded by a
number: the compiler reads its terms in one loop and takes the bound as it is. Variables are looked up in plain
dicts (:func:`var_dict`) instead of ``IndexedVar.__getitem__``, which normalises and validates every index.

The families with a row per site, connection, substation or step use these helpers; the few rows per region,
area or water system keep Pyomo's operators, where the cost does not show. Measured on the synthetic
instances (``benchmarks/RESULTS.md``, third session), CPU of build + hand-off fell by 30 % (5,000 sites:
6.3 -> 4.4 s; 20,000 sites: 33.6 -> 23.9 s) for the same LP, bit for bit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any
from weakref import WeakKeyDictionary

from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

#: ``var_dict`` results, one per indexed variable, dropped with the variable (several families share them).
_VAR_DICTS: WeakKeyDictionary[Any, dict[Hashable, Any]] = WeakKeyDictionary()


def var_dict(var: Any) -> dict[Hashable, Any]:
    """``{index: VarData}`` of an indexed variable, for lookups in loops over thousands of rows.

    Built once per variable (variables are complete before any row is written) and shared by the families."""
    out = _VAR_DICTS.get(var)
    if out is None or len(out) != len(var):
        out = _VAR_DICTS[var] = dict(var.items())
    return out


def lin(coefs: Iterable[float], variables: Iterable[Any]) -> LinearExpression:
    """``sum(c * v)`` as one Pyomo ``LinearExpression``; terms with a zero coefficient are left out."""
    return LinearExpression([MonomialTermExpression((c, v)) for c, v in zip(coefs, variables, strict=True) if c])


def total(variables: Iterable[Any]) -> LinearExpression:
    """``sum(v)`` (unit coefficients) as one Pyomo ``LinearExpression``."""
    return LinearExpression(list(variables))


def at_most(body: LinearExpression, upper: float) -> InequalityExpression:
    """The row ``body <= upper``, made directly (``<=`` on an expression goes through Pyomo's operator dispatch,
    about 3x slower per row)."""
    return InequalityExpression((body, upper), False)


def at_least(body: LinearExpression, lower: float) -> InequalityExpression:
    """The row ``lower <= body``."""
    return InequalityExpression((lower, body), False)


def equal(body: LinearExpression, rhs: float) -> EqualityExpression:
    """The row ``body == rhs``."""
    return EqualityExpression((body, rhs))
