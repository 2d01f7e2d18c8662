"""The full MIP on the second core, for the global bound, while the screened phases look for the plan.

HiGHS's dual simplex and its MIP search run on one core; on a 2-core machine the second core sat idle through
the whole ``screened`` strategy, and at 5,000 sites the full MIP never started, because the LP relaxation alone
took most of the budget. :class:`FullMip` copies the model HiGHS holds (``Highs.getLp`` and the integer
columns, through a temporary ``.npz`` file so the caller never waits on a pipe) into a process of its own,
which solves the full MIP with one thread for the whole budget. Its dual bound is a proven bound of the full
model and its plan is a plan of the full model: the strategy takes the better of each (``benchmarks/RESULTS.md``,
2026-11-30, measures what it adds).

The process ignores Ctrl+C (the parent handles it, and stops the process) and is stopped whenever the caller is
done with it; nothing of it outlives :meth:`FullMip.close`.

HiGHS can overrun its time limit by more than the parent waits: at 5,000 sites, one run's full MIP had not
reported 11 s past its limit, and its bound (the run's best) was lost (``benchmarks/RESULTS.md``, 2026-11-30).
So the process also publishes its dual bound at every MIP checkpoint (HiGHS's interrupt callback, seconds apart
at the root) into shared memory, and asks HiGHS to stop at the first checkpoint past its deadline; a result that
does not arrive in time falls back to the last bound published, which is a proven bound of the full model.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import highspy
import numpy as np

from siting.solve.result import MIP_FEASIBILITY_TOL

#: Seconds the parent allows the process beyond its time limit to report (HiGHS can overrun a limit a little);
#: past that the last bound it published stands in. 5k: reports came 14.5-14.6 s late (RESULTS.md, 2026-11-30).
GRACE_S = 3.0


@dataclass
class FullMipResult:
    status: str
    objective: float | None
    bound: float | None
    nodes: int
    values: np.ndarray | None


def can_run() -> bool:
    """A second process is possible: not inside a daemonic process (a dask worker, for one), and 2+ cores."""
    return not mp.current_process().daemon and (os.cpu_count() or 1) >= 2


class FullMip:
    """The full MIP of ``highs``'s current model, solved in another process until ``time_limit_s`` seconds from
    now (wall clock: the process's start-up counts against it)."""

    def __init__(self, highs: highspy.Highs, integer_columns: np.ndarray, time_limit_s: float, mip_gap: float,
                 seed: int, highs_options: dict[str, Any] | None = None):
        lp = highs.getLp()
        a = lp.a_matrix_
        fd, name = tempfile.mkstemp(suffix=".npz", prefix="siting-full-mip-")
        os.close(fd)
        self._file = Path(name)
        try:
            np.savez(self._file, cost=np.asarray(lp.col_cost_), col_lower=np.asarray(lp.col_lower_),
                     col_upper=np.asarray(lp.col_upper_), row_lower=np.asarray(lp.row_lower_),
                     row_upper=np.asarray(lp.row_upper_), start=np.asarray(a.start_), index=np.asarray(a.index_),
                     value=np.asarray(a.value_), offset=np.asarray([lp.offset_]), integer=np.asarray(integer_columns))
        except BaseException:  # a full disk, say: leave nothing behind
            self._file.unlink(missing_ok=True)
            raise
        ctx = mp.get_context("spawn")  # never fork a process that holds HiGHS's threads
        self._conn, child = ctx.Pipe(duplex=False)
        options = {"mip_rel_gap": float(mip_gap), "random_seed": int(seed), **(highs_options or {})}
        deadline = time.time() + time_limit_s
        self._bound = ctx.Value("d", math.nan, lock=False)  # the last dual bound the process published
        self._proc = ctx.Process(target=_solve, args=(str(self._file), options, deadline, child, self._bound),
                                 daemon=True, name="siting-full-mip")
        try:
            self._proc.start()
        except BaseException:
            self._conn.close()
            self._file.unlink(missing_ok=True)
            raise
        finally:
            child.close()
        self._limit_s = time_limit_s

    def result(self, wait_s: float | None = None) -> FullMipResult | None:
        """The process's result, waiting up to ``wait_s`` (default: its time limit plus :data:`GRACE_S`). If it
        has not reported by then, or failed, the last dual bound it published (no plan), or None if it published
        none. The process is stopped either way."""
        try:
            if self._conn.poll(self._limit_s + GRACE_S if wait_s is None else wait_s):
                out: FullMipResult | None = self._conn.recv()
                return out
        except (EOFError, OSError):
            pass
        finally:
            self.close()
        bound = self._bound.value
        return FullMipResult("no report: last bound published", None, bound, -1, None) if math.isfinite(bound) \
            else None

    def close(self) -> None:
        """Stop the process (if still running) and remove the model file."""
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join(5)
        self._conn.close()
        self._file.unlink(missing_ok=True)


def _solve(path: str, options: dict[str, Any], deadline: float, conn: Any, published: Any) -> None:
    """In the child process: load the arrays, solve the MIP with one thread until ``deadline`` (``time.time()``),
    send a :class:`FullMipResult`; meanwhile publish the dual bound into ``published`` at every checkpoint."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # HiGHS's banner goes to the C stdout: keep it off the user's terminal
    with np.load(path) as f:
        arr = {k: f[k] for k in f.files}
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for name, val in {"threads": 1, "mip_feasibility_tolerance": MIP_FEASIBILITY_TOL, **options}.items():
        h.setOptionValue(name, val)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(arr["cost"]), len(arr["row_lower"])
    lp.col_cost_, lp.offset_ = arr["cost"], float(arr["offset"][0])
    lp.col_lower_, lp.col_upper_ = arr["col_lower"], arr["col_upper"]
    lp.row_lower_, lp.row_upper_ = arr["row_lower"], arr["row_upper"]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = arr["start"], arr["index"], arr["value"]
    h.passModel(lp)
    idx = arr["integer"].astype(np.int32)
    if len(idx):
        h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kInteger))

    def checkpoint(event: Any) -> None:
        bound = event.data_out.mip_dual_bound
        if math.isfinite(bound):
            published.value = bound
        if time.time() > deadline:  # HiGHS past its own limit: stop at this checkpoint
            event.data_in.user_interrupt = True

    h.cbMipInterrupt.subscribe(checkpoint)
    h.setOptionValue("time_limit", max(1.0, deadline - time.time()))
    h.run()
    info = h.getInfo()
    has = info.primal_solution_status == 2
    bound = float(info.mip_dual_bound) if info.mip_node_count >= 0 else None
    status = h.getModelStatus()
    conn.send(FullMipResult("Time limit reached" if status == highspy.HighsModelStatus.kInterrupt
                            else h.modelStatusToString(status),
                            float(info.objective_function_value) if has else None,
                            bound if bound is not None and np.isfinite(bound) else None, int(info.mip_node_count),
                            np.asarray(h.getSolution().col_value) if has else None))
    conn.close()
