"""The cost-delay front of a sweep: scenarios no other scenario of the same demand beats, up to float noise.

Scenarios are compared only with scenarios of the same *demand level* -- the same values of every ``demand.*``
input (and of a replaced demand layer): a scenario asked to serve more IT MW is not a worse choice for being
later or dearer, it answers another question. Within a level, scenario ``j`` dominates ``i`` when

.. math::  c_j \\le c_i + \\tau_c,\\quad d_j \\le d_i + \\tau_d
           \\quad\\text{and}\\quad (c_j < c_i - \\tau_c \\;\\lor\\; d_j < d_i - \\tau_d \\;\\lor\\; j \\prec i)

with tolerances :math:`\\tau = 10^{-9}\\,\\max|x| + 10^{-9}` per column, and :math:`j \\prec i` when
(cost, delay) of ``j`` comes first in lexicographic order: of points equal within the tolerance only the first
is on the front (a copy dearer by float noise, or later by 6e-12 MW-years, is not a second point), exact copies
all are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from siting.sweep.runner import SOLVED

#: Relative and absolute tolerance of the comparisons (solver results agree to far less than this).
RTOL, ATOL = 1e-9, 1e-9


def demand_columns(rows: pd.DataFrame) -> list[str]:
    """The input columns that change the demand: ``demand.*`` overrides and a replaced demand layer."""
    return [c for c in rows.columns if c.startswith("demand.") or c == "layers.demand"]


def demand_level(rows: pd.DataFrame) -> pd.Series:
    """Per scenario, its demand level as text (``demand.multiplier=1.25``); ``base`` when no input changes it."""
    cols = demand_columns(rows)
    if not cols:
        return pd.Series("base", index=rows.index, name="demand_level")
    text = rows[cols].astype(str).apply(lambda r: ", ".join(f"{c}={v}" for c, v in r.items()), axis=1)
    return text.rename("demand_level")


def _front(cost: np.ndarray, delay: np.ndarray) -> np.ndarray:
    tol_c = RTOL * np.max(np.abs(cost)) + ATOL
    tol_d = RTOL * np.max(np.abs(delay)) + ATOL
    c_j, c_i, d_j, d_i = cost[None, :], cost[:, None], delay[None, :], delay[:, None]
    first = (c_j < c_i) | ((c_j == c_i) & (d_j < d_i))  # j before i in (cost, delay) order
    weak = (c_j <= c_i + tol_c) & (d_j <= d_i + tol_d)
    strict = (c_j < c_i - tol_c) | (d_j < d_i - tol_d) | first
    beats = weak & strict  # beats[i, j]: j dominates i
    np.fill_diagonal(beats, False)
    return ~beats.any(axis=1)


def cost_delay_front(rows: pd.DataFrame) -> pd.Series:
    """True for solved scenarios that no solved scenario of the same demand level dominates in
    (``cost_jpy``, ``mw_years_delay``), up to the tolerance (see the module)."""
    front = pd.Series(False, index=rows.index, name="cost_delay_front")
    ok = rows[rows["status"].isin(SOLVED)]
    for _level, group in ok.groupby(demand_level(ok), sort=True):
        keep = _front(group["cost_jpy"].to_numpy(dtype=float), group["mw_years_delay"].to_numpy(dtype=float))
        front[group.index[keep]] = True
    return front
