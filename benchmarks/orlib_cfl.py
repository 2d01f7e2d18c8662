"""OR-Library capacitated warehouse location (``cap*``) instances as siting-model data.

With one year, no grid, water or decarbonised layers and demand nodes as customers, the siting model *is*
the classic capacitated facility location problem (CFLP): each facility is a site that is its own region
(fixed cost = the region's designation cost, capacity = the site's land capacity), each customer a demand
node, and the cost of serving all of customer j from facility i becomes a per-MW fibre cost c_ij / d_j.
Unserved demand is not allowed. Solving these through :func:`siting.model.build.build_model` must give the
published optima (Beasley 1988; ``tests/data/orlib-cap/capopt.txt``).

The large instances (capa/capb/capc, 100 x 1000) are proven faster with :func:`lagrangian_bounds`: bounds on
every plan that opens (or closes) a facility, which, against the objective of any known plan, leave out the
facilities no plan as good can open (:meth:`LagrangianBounds.fixing`, ``orlib_model_data(closed=...)``);
``benchmarks/orlib.py --fixing`` runs the whole sequence.

File format (whitespace-separated tokens; lines wrap)::

    m n
    capacity_i fixed_cost_i      (m lines; capa/capb/capc write the word "capacity")
    demand_j cost_1j ... cost_mj (n blocks)
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from siting.errors import InputError, Problem
from siting.model.data import ModelData


@dataclass
class OrlibInstance:
    name: str
    capacity: list[float]
    fixed_cost: list[float]
    demand: list[float]
    cost: list[list[float]]  # [customer][facility]: cost of serving all of the customer's demand


def read_orlib(path: str | Path, capacity: float | None = None) -> OrlibInstance:
    """Read an OR-Library ``cap*`` file; ``capacity`` replaces the word ``capacity`` (capa/capb/capc) or
    overrides the capacity written in the file."""
    path = Path(path)
    tokens = path.read_text().split()
    try:
        m, n = int(tokens[0]), int(tokens[1])
        pos = 2
        cap, fixed = [], []
        for _ in range(m):
            raw = tokens[pos]
            if raw.lower() == "capacity" and capacity is None:
                raise InputError(Problem(str(path), "capacities are the word 'capacity'",
                                         "give the capacity to use, e.g. --capacity 8000 (see capopt.txt)"))
            cap.append(float(capacity) if capacity is not None else float(raw))
            fixed.append(float(tokens[pos + 1]))
            pos += 2
        demand, cost = [], []
        for _ in range(n):
            demand.append(float(tokens[pos]))
            cost.append([float(t) for t in tokens[pos + 1: pos + 1 + m]])
            pos += 1 + m
    except (IndexError, ValueError) as exc:
        raise InputError(Problem(str(path), f"not an OR-Library cap file ({exc})",
                                 "give a file from OR-Library capinfo (m n, m capacity/cost lines, n blocks)")) from exc
    return OrlibInstance(path.stem, cap, fixed, demand, cost)


def orlib_model_data(inst: OrlibInstance, closed: Iterable[int] = (), opened: Iterable[int] = (),
                     linked: Iterable[tuple[int, int]] | None = None, **switches: bool) -> ModelData:
    """The CFLP instance as :class:`ModelData` (one year, no grid; costs unscaled).

    ``closed`` facilities (0-based) are left out of the model (no region, site or pairs), ``opened`` ones are
    forced in; both come from :meth:`LagrangianBounds.fixing`, whose argument is what keeps the optimum
    unchanged. ``linked`` (facility, customer) pairs, if given, are the only ones with a strong linking row
    (``link_pairs``, e.g. from :func:`lagrangian_pairs`) instead of all of them (``strong_linking``).
    """
    shut = set(closed)
    keep = [i for i in range(len(inst.capacity)) if i not in shut]
    pos = {i: k for k, i in enumerate(keep)}
    n = len(inst.demand)
    wanted = None if linked is None else set(linked)
    pair_node, pair_site, pair_cost, link_pairs = [], [], [], []
    for j in range(n):
        for i in keep:
            if wanted is not None and (i, j) in wanted:
                link_pairs.append(len(pair_node))
            pair_node.append(j)
            pair_site.append(pos[i])
            pair_cost.append(inst.cost[j][i] / inst.demand[j] if inst.demand[j] > 0 else 0.0)
    options = {"capacity_cover_cut": True, "strong_linking": wanted is None, "min_region_count_cut": True}
    options.update(switches)
    ids = [f"facility-{i + 1}" for i in keep]
    return ModelData(
        years=[1], decision_year=0, end_year=2,
        region_ids=ids, region_fixed_cost_jpy=[inst.fixed_cost[i] for i in keep], region_min_mw=[0.0] * len(keep),
        site_ids=list(ids), site_region=list(range(len(keep))), site_cap_mw=[inst.capacity[i] for i in keep],
        node_ids=[f"customer-{j + 1}" for j in range(n)], demand_mw=[[d] for d in inst.demand],
        pair_node=pair_node, pair_site=pair_site, pair_cost_jpy_per_mw_year=pair_cost,
        forced_in=sorted(pos[i] for i in set(opened) if i in pos), link_pairs=link_pairs,
        pue=1.0, allow_unserved=False, delay_cost_jpy_per_mw_year=0.0, cost_scale=1.0, **options,
    )


@dataclass
class LagrangianBounds:
    """Lower bounds from :func:`lagrangian_bounds`, each valid for every solution of the CFLP instance."""

    bound: float  # on the optimum
    if_open: list[float]  # [facility]: on every solution that opens it
    if_closed: list[float]  # [facility]: on every solution that keeps it closed
    min_open: int  # p: the fewest facilities whose capacities cover the total demand
    upper: float  # best objective of the plans the rounding heuristic found (math.inf if none)
    upper_open: list[int]  # the facilities that plan opens
    multipliers: list[float]  # mu of the best bound (a warm start for another round)
    iterations: int
    seconds: float

    def fixing(self, upper: float, rel_tol: float = 1e-9) -> tuple[list[int], list[int]]:
        """(closed, opened): facilities that every solution of objective <= ``upper`` keeps closed / opens.

        ``upper`` must be the objective of a feasible solution (the incumbent). A facility whose ``if_open``
        bound exceeds it cannot be open in a solution as good as the incumbent, so leaving it out cannot remove
        an optimum; the incumbent itself stays feasible (its own open facilities have ``if_open`` <= its
        objective). ``rel_tol`` keeps rounding in the bounds from fixing a facility on a tie.
        """
        cut = upper + rel_tol * abs(upper)
        closed = [i for i, b in enumerate(self.if_open) if b > cut]
        opened = [i for i, b in enumerate(self.if_closed) if b > cut]
        return closed, opened


def lagrangian_bounds(inst: OrlibInstance, target: float | None = None, iterations: int = 1000,
                      plan_every: int = 50, start: list[float] | None = None) -> LagrangianBounds:
    r"""Lagrangian relaxation of the demand rows with subgradient steps: bounds for fixing facilities.

    With multipliers :math:`\mu_j` (per unit of demand) on :math:`\sum_i y_{ij} = d_j`, the CFLP splits by
    facility. Facility i, if open, serves at most :math:`\min(d_j, cap_i)` of each customer and cap_i in all
    (the strong linking and capacity rows), at unit cost :math:`c_{ij}/d_j - \mu_j`: a continuous knapsack,
    solved greedily, of value :math:`v_i = F_i + \min(\ldots) `. Open sets must also have at least p
    facilities (:mod:`siting.model.constraints.cuts`), so

    .. math::

        L(\mu) = \sum_j \mu_j d_j + \min \{ \textstyle\sum_i v_i z_i : \sum_i z_i \ge p,\ z \in [0,1]^m \}

    is a lower bound on the optimum for *any* :math:`\mu` (weak duality: every feasible plan is feasible in
    the relaxation and costs the same there). Forcing :math:`z_i = 1` (or 0) in the inner minimum gives a
    lower bound on every plan that opens (closes) i; the best of each over all iterations is kept. Steps are
    Polyak's, towards ``target`` (an upper bound; the rounding heuristic's best plan if None). Every
    ``plan_every`` iterations the facilities the inner minimum opens (topped up to cover the demand) are costed
    exactly by a transportation LP, which gives ``upper``. ``start``: multipliers to start from (default: each
    customer's second-cheapest unit cost).
    """
    t0 = time.perf_counter()
    d = np.asarray(inst.demand, dtype=float)
    cost = np.asarray(inst.cost, dtype=float)  # [customer][facility]
    fixed = np.asarray(inst.fixed_cost, dtype=float)
    cap = np.asarray(inst.capacity, dtype=float)
    m = len(fixed)
    total = float(d.sum())
    p = int(np.searchsorted(np.cumsum(np.sort(cap)[::-1]), total * (1 - 1e-12)) + 1)
    p = min(p, m)
    unit = (cost / np.where(d > 0, d, 1.0)[:, None]).T  # [facility][customer], per unit of demand
    item_cap = np.minimum(d[None, :], cap[:, None])
    mu = np.sort(unit, axis=0)[min(1, m - 1)].copy() if start is None else np.asarray(start, dtype=float).copy()
    best_mu = mu.copy()
    if_open = np.full(m, -math.inf)
    if_closed = np.full(m, -math.inf)
    best, theta, stall = -math.inf, (2.0 if start is None else 0.25), 0
    upper, upper_open = math.inf, []
    tried: set[tuple[int, ...]] = set()
    it = 0
    for it in range(iterations):
        # Greedy knapsack of every facility over the customers with a negative unit cost only (a few %).
        a = unit - mu[None, :]
        rows, cols = np.nonzero(a < 0)
        vals = a[rows, cols]
        # Sort by (facility, unit cost): by cost, then stably by facility (radix sort on small ints; 3x faster
        # than np.lexsort). Ties in cost may come in any order: the greedy value is the same.
        order = np.argsort(vals)
        order = order[np.argsort(rows[order].astype(np.uint16) if m < 65536 else rows[order], kind="stable")]
        rows, cols, vals = rows[order], cols[order], vals[order]
        w = item_cap[rows, cols]
        before = np.cumsum(w) - w
        first = np.searchsorted(rows, np.arange(m))
        base = before[np.minimum(first, max(len(before) - 1, 0))] if len(before) else np.zeros(m)
        before -= base[rows]
        take = np.clip(cap[rows] - before, 0.0, w)
        v = fixed + np.bincount(rows, weights=vals * take, minlength=m)
        rank = np.argsort(v)
        vs = v[rank]
        k = max(int((vs < 0).sum()), p)
        value = float(mu @ d + vs[:k].sum())
        chosen = np.zeros(m, dtype=bool)
        chosen[rank[:k]] = True
        # Inner minimum with z_i forced: open i (dropping the k-th if it was there only to reach p) or close i
        # (adding the (k+1)-th if p still binds).
        drop = vs[k - 1] if k == p and vs[k - 1] > 0 else 0.0
        add = vs[k] if k == p and k < m else (math.inf if k == p else 0.0)
        if_open = np.maximum(if_open, np.where(chosen, value, value + v - drop))
        if_closed = np.maximum(if_closed, np.where(chosen, value - v + add, value))
        if value > best + 1e-9 * abs(value):
            best, stall = value, 0
            best_mu = mu.copy()
        else:
            stall += 1
            if stall >= 30:
                theta, stall = theta / 2, 0
        if it % plan_every == 0 or it == iterations - 1:
            opened = chosen.copy()
            for i in rank:
                if cap[opened].sum() >= total:
                    break
                opened[i] = True
            key = tuple(np.flatnonzero(opened).tolist())
            if key not in tried:
                tried.add(key)
                plan = float(fixed[opened].sum()) + transportation_cost(inst, list(key))
                if plan < upper:
                    upper, upper_open = plan, list(key)
        used = chosen[rows]
        g = d - np.bincount(cols[used], weights=take[used], minlength=len(d))
        norm = float(g @ g)
        if norm < 1e-12 or theta < 1e-6:
            break
        goal = min(upper, target) if target is not None else upper
        if not math.isfinite(goal):
            goal = abs(value) * 1.05 + 1.0
        mu += theta * max(goal - value, 1e-9 * abs(value)) / norm * g
    if tried:
        import highspy

        # HiGHS keeps one thread pool per process, sized by the first run; free it for the MIP's thread count.
        highspy.Highs.resetGlobalScheduler(True)
    return LagrangianBounds(best, if_open.tolist(), if_closed.tolist(), p, upper, upper_open, best_mu.tolist(),
                            it + 1, time.perf_counter() - t0)


def lagrangian_pairs(inst: OrlibInstance, multipliers: list[float], margin: float = 0.05) -> list[tuple[int, int]]:
    """(facility, customer) pairs whose Lagrangian unit reduced cost c_ij / d_j - mu_j is below
    ``margin`` x abs(mu_j): the pairs an open facility would serve in the relaxation (about 13 % of all pairs on
    capb @ 6000), which are the ones whose strong linking rows carry the LP bound."""
    d = np.asarray(inst.demand, dtype=float)
    unit = np.asarray(inst.cost, dtype=float) / np.where(d > 0, d, 1.0)[:, None]  # [customer][facility]
    mu = np.asarray(multipliers, dtype=float)
    js, is_ = np.nonzero(unit - mu[:, None] < margin * np.abs(mu)[:, None])
    return list(zip(is_.tolist(), js.tolist(), strict=True))


def transportation_cost(inst: OrlibInstance, opened: list[int]) -> float:
    """Least cost of serving every customer from the ``opened`` facilities (an LP; math.inf if infeasible)."""
    import highspy

    d = np.asarray(inst.demand, dtype=float)
    n, k = len(d), len(opened)
    cap = np.asarray(inst.capacity, dtype=float)[opened]
    if k == 0 or cap.sum() < d.sum() - 1e-9:
        return math.inf
    unit = np.asarray(inst.cost, dtype=float)[:, opened] / np.where(d > 0, d, 1.0)[:, None]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n * k, n + k
    lp.col_cost_ = unit.ravel()  # column j * k + s: customer j from opened[s]
    lp.col_lower_ = np.zeros(n * k)
    lp.col_upper_ = np.repeat(d, k)
    lp.row_lower_ = np.concatenate([d, np.full(k, -highspy.kHighsInf)])
    lp.row_upper_ = np.concatenate([d, cap])
    index = np.empty(2 * n * k, dtype=np.int32)
    index[0::2] = np.repeat(np.arange(n), k)
    index[1::2] = n + np.tile(np.arange(k), n)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 2 * n * k + 1, 2, dtype=np.int32)
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = np.ones(2 * n * k)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return math.inf
    return float(h.getInfo().objective_function_value)
