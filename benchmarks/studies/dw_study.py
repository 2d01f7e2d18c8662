r"""How strong is a bound by region? A Lagrangian / Dantzig-Wolfe study on the synthetic national instances.

The LP relaxation of the siting model is weak where a region's costs are lumpy: a region designated by a sliver
``z`` runs a sliver of its load and pays a sliver of its fixed cost, connections and reinforcement steps. The
note of 2026-11-30 proposed a bound that keeps that lumpiness inside per-region subproblems. This script
measures what such a bound is worth before anything of it goes into :mod:`siting.solve`.

The model's columns are labelled by region (``z``, the region's sites' ``x``, ``y``, its connections' ``v``,
``f``, its ``w``), by substation (the steps ``r``; a substation whose rows touch one region only joins that
region), or as national (``u``, interconnector flows, the national total). A row whose columns all carry one
label is *local*; every other row (demand balance, region count, decarbonised energy per area, water, area share,
the headroom rows of a substation shared by regions, ``w <= r`` for such a substation) is *linking*. With
multipliers :math:`\pi_i` on the linking rows :math:`L_i \le a_i x \le U_i` (:math:`\pi_i \ge 0` priced at
:math:`L_i`, :math:`\pi_i \le 0` at :math:`U_i`),

.. math::

    \mathcal{L}(\pi) = \sum_{i \in R} \pi_i \,\mathrm{side}_i(\pi_i)
        + \sum_{\text{blocks } B} \min \{ (c - A_R^\top \pi)_B\, x_B :\; x_B \text{ meets } B\text{'s local rows,
          bounds and integrality} \}

is a lower bound of the MILP for **any** :math:`\pi` of the right signs, also when a block's minimum is
replaced by its MIP dual bound. Its best value over :math:`\pi` is the Dantzig-Wolfe bound: the LP over the
linking rows with each block restricted to the convex hull of its integer points.

    python benchmarks/studies/dw_study.py check 1kx300           # L(LP duals) with LP blocks = the LP bound (sanity)
    python benchmarks/studies/dw_study.py lagrange 1kx300        # L(LP duals) with MIP blocks
    python benchmarks/studies/dw_study.py colgen 300x100 iters=80   # column generation: restricted master (an UPPER
                                                        #   estimate of the DW bound) and L(pi) (a lower bound)
    python benchmarks/studies/dw_study.py subgradient 300x100 iters=25 theta=0.02 upper=9002.6

Measured (2026-11-30, RESULTS.md): at the LP duals the MIP blocks add almost nothing (1k: 5,697.54 ->
5,697.58; 300: 8,732.4 -> 8,734.1), subgradient steps from there lose ground, and the column-generation master
at 300 sites is still 8,908.6 after 108 rounds (902 s) -- so the Dantzig-Wolfe bound by region is below the
9,002.9 that HiGHS's own root and tree prove in 120 s. The gap is in the choice among regions, not inside them.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import numpy as np
from scipy.sparse import csc_matrix, csr_matrix

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from siting.solve.highs import _new_highs  # noqa: E402

NATIONAL = -1


@dataclass
class Block:
    """One block: its columns (global indices), its local rows, and a HiGHS instance holding them."""

    cols: np.ndarray
    highs: highspy.Highs | None
    integer: bool


@dataclass
class Decomposition:
    """Blocks, linking rows and the data needed to price them."""

    a_link: csr_matrix  # linking rows x all columns
    link_lower: np.ndarray
    link_upper: np.ndarray
    link_rows: np.ndarray  # their indices in the full model
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray  # with implied bounds for free national columns
    offset: float
    blocks: list[Block]
    singles: np.ndarray  # columns that form a block alone and have no local row: priced at a bound
    stats: dict[str, Any] = field(default_factory=dict)


def decompose(lp: highspy.HighsLp, integer: np.ndarray, labels: np.ndarray, implied_upper: np.ndarray | None = None,
              new_highs: Callable[[], highspy.Highs] | None = None) -> Decomposition:
    """Split the model by column ``labels`` (one per column; :data:`NATIONAL` for columns of no block).

    A row is local when all its columns carry the same label and that label is not :data:`NATIONAL`; every other
    row is linking. ``implied_upper`` replaces infinite column upper bounds (valid bounds any plan meets)."""
    n_col, n_row = lp.num_col_, lp.num_row_
    a = csc_matrix((np.asarray(lp.a_matrix_.value_), np.asarray(lp.a_matrix_.index_),
                    np.asarray(lp.a_matrix_.start_)), shape=(n_row, n_col)).tocsr()
    labels = np.asarray(labels, dtype=np.int64)
    row_of_nz = np.repeat(np.arange(n_row), np.diff(a.indptr))
    lab = labels[a.indices]
    lo = np.full(n_row, np.iinfo(np.int64).max)
    hi = np.full(n_row, np.iinfo(np.int64).min)
    np.minimum.at(lo, row_of_nz, lab)
    np.maximum.at(hi, row_of_nz, lab)
    local = (lo == hi) & (lo != NATIONAL)
    row_label = np.where(local, lo, NATIONAL)
    link = np.nonzero(~local)[0]
    rl, ru = np.asarray(lp.row_lower_, dtype=float), np.asarray(lp.row_upper_, dtype=float)
    cl, cu = np.asarray(lp.col_lower_, dtype=float), np.asarray(lp.col_upper_, dtype=float).copy()
    if implied_upper is not None:
        cu = np.minimum(cu, implied_upper)
    make = new_highs or _new_highs
    blocks: list[Block] = []
    col_order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[col_order], np.unique(labels))
    groups = np.split(col_order, starts[1:])
    local_rows = np.nonzero(local)[0]
    rows_by_label = np.split(local_rows[np.argsort(row_label[local_rows], kind="stable")],
                             np.searchsorted(np.sort(row_label[local_rows]), np.unique(labels))[1:])
    label_values = np.unique(labels)
    singles: list[np.ndarray] = []
    ac = a.tocsc()
    for value, cols, rows in zip(label_values, groups, rows_by_label, strict=True):
        if value == NATIONAL or len(rows) == 0:
            singles.append(cols)
            continue
        sub = ac[rows][:, cols].tocsc()
        h = make()
        blp = highspy.HighsLp()
        blp.num_col_, blp.num_row_ = len(cols), len(rows)
        blp.col_cost_ = np.zeros(len(cols))
        blp.col_lower_, blp.col_upper_ = cl[cols], cu[cols]
        blp.row_lower_, blp.row_upper_ = rl[rows], ru[rows]
        blp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        blp.a_matrix_.start_, blp.a_matrix_.index_, blp.a_matrix_.value_ = sub.indptr, sub.indices, sub.data
        h.passModel(blp)
        ints = np.nonzero(integer[cols])[0].astype(np.int32)
        if len(ints):
            h.changeColsIntegrality(len(ints), ints, np.full(len(ints), highspy.HighsVarType.kInteger))
        blocks.append(Block(cols, h, bool(len(ints))))
    sizes = [len(b.cols) for b in blocks]
    return Decomposition(a[link], rl[link], ru[link], link, np.asarray(lp.col_cost_, dtype=float), cl, cu,
                         float(lp.offset_), blocks, np.concatenate(singles) if singles else np.zeros(0, int),
                         {"blocks": len(blocks), "linking_rows": len(link), "local_rows": int(local.sum()),
                          "largest_block_cols": max(sizes, default=0)})


@dataclass
class Evaluation:
    bound: float
    x: np.ndarray  # a minimiser of each block (for the subgradient)
    proven: bool  # every block solved to optimality (else the bound uses blocks' dual bounds)
    seconds: float


def evaluate(dec: Decomposition, pi: np.ndarray, *, block_gap: float = 1e-6, block_time_s: float = 10.0
             ) -> Evaluation:
    """:math:`\\mathcal{L}(\\pi)` for multipliers ``pi`` on the linking rows (signs are clipped to the sides)."""
    t0 = time.perf_counter()
    pi = clip(dec, pi)
    side = np.where(pi > 0, np.where(np.isfinite(dec.link_lower), dec.link_lower, 0.0),
                    np.where(np.isfinite(dec.link_upper), dec.link_upper, 0.0))
    total = float(pi @ side) + dec.offset
    d = dec.cost - dec.a_link.T @ pi
    x = np.zeros(len(d))
    s = dec.singles
    ds = d[s]
    xs = np.where(ds > 0, dec.col_lower[s], np.where(ds < 0, dec.col_upper[s], np.clip(0.0, dec.col_lower[s],
                                                                                        dec.col_upper[s])))
    if not np.all(np.isfinite(xs)):
        return Evaluation(float("-inf"), x, False, time.perf_counter() - t0)
    x[s] = xs
    total += float(ds @ xs)
    proven = True
    for b in dec.blocks:
        h = b.highs
        h.changeColsCost(len(b.cols), np.arange(len(b.cols), dtype=np.int32), d[b.cols])
        h.setOptionValue("mip_rel_gap", block_gap)
        h.setOptionValue("time_limit", block_time_s)
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        if b.integer:
            lb = info.mip_dual_bound
            ok = status == highspy.HighsModelStatus.kOptimal
        else:
            ok = status == highspy.HighsModelStatus.kOptimal
            lb = info.objective_function_value if ok else float("-inf")
        if not np.isfinite(lb):
            return Evaluation(float("-inf"), x, False, time.perf_counter() - t0)
        proven &= ok
        total += lb
        sol = h.getSolution()
        if sol.value_valid:
            x[b.cols] = np.asarray(sol.col_value)
    return Evaluation(total, x, proven, time.perf_counter() - t0)


def clip(dec: Decomposition, pi: np.ndarray) -> np.ndarray:
    """Multipliers priced only at finite sides: >= 0 needs a lower side, <= 0 an upper one."""
    pi = np.where((pi > 0) & ~np.isfinite(dec.link_lower), 0.0, pi)
    return np.where((pi < 0) & ~np.isfinite(dec.link_upper), 0.0, pi)


def subgradient(dec: Decomposition, x: np.ndarray, pi: np.ndarray) -> np.ndarray:
    """A subgradient of :math:`\\mathcal{L}` at ``pi`` from the blocks' minimiser ``x``."""
    ax = dec.a_link @ x
    lower_gap = np.where(np.isfinite(dec.link_lower), dec.link_lower - ax, -np.inf)
    upper_gap = np.where(np.isfinite(dec.link_upper), dec.link_upper - ax, np.inf)
    g = np.where(pi > 0, lower_gap, np.where(pi < 0, upper_gap, 0.0))
    at_zero = pi == 0
    g = np.where(at_zero & (lower_gap > 0), lower_gap, g)
    g = np.where(at_zero & (upper_gap < 0), upper_gap, g)
    return np.where(np.isfinite(g), g, 0.0)


def siting_labels(model: Any, data: Any, columns: Callable[[Any], np.ndarray], n_col: int,
                  a: csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Block label of every column of the siting model, and implied upper bounds of its free national columns.

    Regions are labels ``0 .. |G|-1``; the steps of substation b get ``|G| + b`` unless the rows that hold them
    touch one region only, which then takes them; ``u``, interconnector flows and the national total are
    :data:`NATIONAL`."""
    n_reg = len(data.region_ids)
    labels = np.full(n_col, NATIONAL, dtype=np.int64)
    upper = np.full(n_col, np.inf)
    site_region = np.asarray(data.site_region)

    def put(var: Any, keys: list[Any], values: np.ndarray) -> None:
        if keys:
            labels[columns([var[k] for k in keys])] = values

    put(model.z, list(model.z.keys()), np.arange(n_reg))
    xk = list(model.x.keys())
    put(model.x, xk, site_region[[s for s, _t in xk]])
    yk = list(model.y.keys())
    put(model.y, yk, site_region[np.asarray(data.pair_site)[[p for p, _t in yk]]])
    if hasattr(model, "v"):
        arc_region = site_region[np.asarray(data.arc_site)]
        put(model.v, list(model.v.keys()), arc_region[list(model.v.keys())])
        fk = list(model.f.keys())
        put(model.f, fk, arc_region[[a_ for a_, _t in fk]])
        rk = list(model.r.keys())
        put(model.r, rk, n_reg + np.asarray(data.step_sub)[[k for k, _t in rk]])
    if hasattr(model, "w"):
        wk = list(model.w.keys())
        put(model.w, wk, np.asarray([g for g, _k, _t in wk]))
    if hasattr(model, "x_total"):
        upper[columns(list(model.x_total.values()))] = float(np.sum(data.site_cap_mw))
    # a substation whose rows touch one region only belongs to it
    row_of_nz = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
    lab = labels[a.indices]
    is_sub = lab >= n_reg
    is_reg = (lab >= 0) & (lab < n_reg)
    rows_with_sub = np.unique(row_of_nz[is_sub])
    pairs: dict[int, set[int]] = {}
    reg_rows = row_of_nz[is_reg]
    reg_lab = lab[is_reg]
    sub_rows = row_of_nz[is_sub]
    sub_lab = lab[is_sub]
    regions_of_row: dict[int, set[int]] = {}
    mask = np.isin(reg_rows, rows_with_sub)
    for r_, g in zip(reg_rows[mask].tolist(), reg_lab[mask].tolist(), strict=True):
        regions_of_row.setdefault(r_, set()).add(g)
    for r_, b in zip(sub_rows.tolist(), sub_lab.tolist(), strict=True):
        pairs.setdefault(b, set()).update(regions_of_row.get(r_, ()))
    for b, regs in pairs.items():
        if len(regs) == 1:
            labels[labels == b] = next(iter(regs))
    return labels, upper



# --------------------------------------------------------------------------------------------- commands
@dataclass
class Study:
    """One instance: its LP relaxation (bound, row duals) and its decomposition."""

    size: str
    lp_bound: float
    lp_s: float
    duals: np.ndarray
    dec: Decomposition


def study(size: str, integer_blocks: bool = True) -> Study:
    from siting.model.build import build_model
    from siting.solve.highs import PersistentSolver, SolveOptions
    from siting.solve.strategy import lp_relaxation
    from tests.synthetic import SIZES, model_data

    d = model_data(*SIZES[size])
    m, rows = build_model(d)
    solver = PersistentSolver(m, SolveOptions(threads=1), rows=rows)
    bound, _values, lp_s = lp_relaxation(solver, 600.0)
    duals = np.asarray(solver.highs.getSolution().row_dual)  # the LP's, still held after integrality is restored
    lp = solver.highs.getLp()
    a = csc_matrix((np.asarray(lp.a_matrix_.value_), np.asarray(lp.a_matrix_.index_),
                    np.asarray(lp.a_matrix_.start_)), shape=(lp.num_row_, lp.num_col_)).tocsr()
    labels, upper = siting_labels(m, d, solver.columns, lp.num_col_, a)
    integer = np.zeros(lp.num_col_, dtype=bool)
    if integer_blocks:
        integer[solver.integer_columns] = True
    return Study(size, float(bound), lp_s, duals, decompose(lp, integer, labels, upper))


def cmd_check(size: str, **_: Any) -> dict[str, Any]:
    st = study(size, integer_blocks=False)
    ev = evaluate(st.dec, st.duals[st.dec.link_rows])
    return {"lp_bound": st.lp_bound, "lagrangian_lp_blocks": ev.bound, **st.dec.stats}


def cmd_lagrange(size: str, **_: Any) -> dict[str, Any]:
    st = study(size)
    ev = evaluate(st.dec, st.duals[st.dec.link_rows])
    return {"lp_bound": st.lp_bound, "lagrangian": ev.bound, "proven": ev.proven, "eval_s": ev.seconds,
            **st.dec.stats}


def cmd_subgradient(size: str, iters: str = "25", theta: str = "1.0", upper: str = "9002.6", **_: Any
                    ) -> dict[str, Any]:
    st = study(size)
    dec, step, ub = st.dec, float(theta), float(upper)
    pi = st.duals[dec.link_rows].copy()
    best, stall, trace = -np.inf, 0, []
    for _it in range(int(iters)):
        ev = evaluate(dec, pi)
        if ev.bound > best + 1e-6:
            best, stall = ev.bound, 0
        else:
            stall += 1
            if stall >= 5:
                step, stall = step / 2, 0
        trace.append(round(ev.bound, 2))
        g = subgradient(dec, ev.x, pi)
        norm2 = float(g @ g)
        if norm2 == 0:
            break
        pi = clip(dec, pi + step * (ub - ev.bound) / norm2 * g)
    return {"lp_bound": st.lp_bound, "best": best, "trace": trace}


def cmd_colgen(size: str, iters: str = "80", limit: str = "900", **_: Any) -> dict[str, Any]:
    """Column generation on the Dantzig-Wolfe master; each round prices every block at the master's duals."""
    st = study(size)
    dec = st.dec
    inf = highspy.kHighsInf
    n_b, n_l = len(dec.blocks), len(dec.link_rows)
    master = _new_highs()
    master.setOptionValue("threads", 1)
    empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
    master.addRows(n_l, np.where(np.isfinite(dec.link_lower), dec.link_lower, -inf),
                   np.where(np.isfinite(dec.link_upper), dec.link_upper, inf), 0, empty_i, empty_i, empty_f)
    master.addRows(n_b, np.ones(n_b), np.ones(n_b), 0, empty_i, empty_i, empty_f)  # convexity, one per block
    a_cols = dec.a_link.tocsc()
    s = dec.singles
    sub = a_cols[:, s]
    upper = np.where(np.isfinite(dec.col_upper[s]), dec.col_upper[s], inf)
    master.addCols(len(s), dec.cost[s], dec.col_lower[s], upper, sub.nnz, sub.indptr[:-1].astype(np.int32),
                   sub.indices.astype(np.int32), sub.data)

    def add_column(bi: int, xb: np.ndarray) -> None:
        cols = dec.blocks[bi].cols
        entries = a_cols[:, cols] @ xb
        nz = np.nonzero(np.abs(entries) > 1e-12)[0]
        master.addCol(float(dec.cost[cols] @ xb), 0.0, inf, len(nz) + 1, np.r_[nz, n_l + bi].astype(np.int32),
                      np.r_[entries[nz], 1.0])

    for bi, b in enumerate(dec.blocks):
        add_column(bi, np.zeros(len(b.cols)))  # every block may stay empty (z = 0, no step built)
    t0, best, trace = time.perf_counter(), -np.inf, []
    restricted = float("inf")
    for _it in range(int(iters)):
        master.run()
        restricted = master.getInfo().objective_function_value
        dual = np.asarray(master.getSolution().row_dual)
        pi, mu = clip(dec, dual[:n_l]), dual[n_l:]
        ev = evaluate(dec, pi)
        best = max(best, ev.bound)
        d = dec.cost - dec.a_link.T @ pi
        added = 0
        for bi, b in enumerate(dec.blocks):
            xb = ev.x[b.cols]
            if float(d[b.cols] @ xb) < mu[bi] - 1e-7:
                add_column(bi, xb)
                added += 1
        trace.append((round(time.perf_counter() - t0, 1), round(restricted, 2), round(ev.bound, 2)))
        if added == 0 or time.perf_counter() - t0 > float(limit):
            break
    return {"lp_bound": st.lp_bound, "master": restricted, "best_lagrangian": best, "rounds": len(trace),
            "wall_s": time.perf_counter() - t0, "trace": trace[::5] + trace[-1:]}


def main(argv: list[str]) -> None:
    cmd, size = argv[0], argv[1]
    kwargs = dict(a.split("=", 1) for a in argv[2:])
    t0 = time.perf_counter()
    out = {"cmd": f"dw_{cmd}", "size": size, **kwargs, **globals()[f"cmd_{cmd}"](size, **kwargs),
           "total_s": time.perf_counter() - t0, "load": os.getloadavg()[0], "date": time.strftime("%H:%M:%S")}
    line = json.dumps(out)
    print(line)
    with open(REPO / "benchmarks" / "studies" / "gap_study.jsonl", "a") as fh:
        fh.write(line + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
