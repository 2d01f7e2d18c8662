"""Ranks of proposals that respect the re-solves' gaps: differences inside them are ties.

Every re-solve returns a plan whose cost is at most its absolute gap above the best possible (HiGHS's
objective minus its proven bound), so with ``v = cost_out - cost_in`` and the gaps ``g_out``, ``g_in`` (JPY)
the true portfolio value lies in

.. math::  [v - g_{out},\\; v + g_{in}]

Proposal A ranks above B only when A's lowest possible value exceeds B's highest:
``rank(B) = 1 + #{A : low(A) > high(B)}``. Proposals whose intervals overlap cannot be told apart within the
gaps: they are *tied* (``tied_with`` names them) and usually share a rank. The rank depends only on the
intervals, and the order within a rank is by value then proposal id, so it is the same on every run.
Proposals without a value (screened out, no plan when forced in or out) come last, tied.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def rank_within_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (``proposal_id``, ``portfolio_value_jpy``, ``abs_gap_in_jpy``, ``abs_gap_out_jpy``) with
    ``value_low_jpy``, ``value_high_jpy``, ``rank`` and ``tied_with`` (``;``-joined proposal ids, empty when the
    rank is clear), sorted by rank, value (descending) and proposal id. A missing gap is an unbounded one."""
    out = table.copy()
    value = out["portfolio_value_jpy"].astype(float).to_numpy()
    gap_in = out["abs_gap_in_jpy"].astype(float).fillna(np.inf).to_numpy()
    gap_out = out["abs_gap_out_jpy"].astype(float).fillna(np.inf).to_numpy()
    valued = ~np.isnan(value)
    low = np.where(valued, value - gap_out, np.nan)
    high = np.where(valued, value + gap_in, np.nan)
    with np.errstate(invalid="ignore"):
        above = low[None, :] > high[:, None]  # above[i, j]: j is surely worth more than i
        overlap = ~(above | above.T) & valued[None, :] & valued[:, None]
    np.fill_diagonal(overlap, False)
    rank = np.where(valued, 1 + above.sum(axis=1), valued.sum() + 1)
    ids = out["proposal_id"].astype(str).to_numpy()
    out["value_low_jpy"], out["value_high_jpy"] = low, high
    out["rank"] = rank.astype(int)
    out["tied_with"] = [";".join(sorted(ids[overlap[i]])) for i in range(len(out))]
    out["_v"] = np.where(valued, -value, np.inf)
    return out.sort_values(["rank", "_v", "proposal_id"]).drop(columns="_v").reset_index(drop=True)
