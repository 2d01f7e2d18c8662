"""Where the global gap of the ``screened`` strategy lies on the synthetic national instances, and what closes it.

Pure highspy on :mod:`benchmarks.studies.direct_highspy` (same LP as the Pyomo model), one thread, one solve
per process.

    python benchmarks/studies/gap_study.py incumbent 1kx300 keep=24 pick=40 restr=60   # LP -> pick -> restricted MIP
    python benchmarks/studies/gap_study.py long 1kx300 limit=900 start=benchmarks/.gap_study/inc_1kx300_24.npy  # full MIP
    python benchmarks/studies/gap_study.py lp 5kx1000 solver=ipm presolve=on crossover=off cuts=A,C    # one LP relaxation
    python benchmarks/studies/gap_study.py decompose 1kx300 plan=benchmarks/.gap_study/inc_1kx300_24.npy      # cost terms
    python benchmarks/studies/gap_study.py strategy 1kx300 limit=120 cuts=A,C keep=24   # screened, end to end
    python benchmarks/studies/gap_study.py lp 1kx300 cover=1 link=0 ext=W               # 2026-11-29: region-substation rows
    python benchmarks/studies/gap_study.py strategy 1kx300 limit=120 ext=Y mip_heuristic_effort=0.0 tag=linkY_heur0
    python benchmarks/studies/gap_study.py probe 1kx300 link=0 ext=Wp,WSp,Y upper=5901.711725386887   # z probing against a plan
    python benchmarks/studies/gap_study.py long 1kx300 limit=95 ext=Y start=benchmarks/.gap_study/plan_1kx300_WpWSp.npy \
        mip_heuristic_effort=0.0 fix0=1,8,12 tag=fix                               # full MIP with regions fixed out

Extra rows (``cuts=``) are the families of :func:`cut_rows`; ``ext=`` the families of :func:`ext_rows` (new columns or
per-region constants: U, W, WA, WS, Wp, Wp0, WSp, WSp0, Y); HiGHS options pass through as key=value.
``link=0`` builds the model without its headroom-link rows (= family W here; in the model since commit 8467949,
so ``link=1``, the default, plus ``ext=W`` repeats them). ``cover=0`` builds the model without its headroom-cover
rows (= families E and G, in the model since commit c483370): that is the model the 14.2 % of RESULTS.md was
measured on. ``lp`` defaults to ``cover=0``, the others
to ``cover=1``.

Logs and plans go to ``benchmarks/.gap_study`` (not tracked); every command prints one JSON line with the 1-minute load.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import highspy
import numpy as np

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.studies.direct_highspy import DirectModel, _first_index, _time_pairs, build_arrays  # noqa: E402
from siting.model.data import ModelData  # noqa: E402
from tests.synthetic import SIZES, model_data  # noqa: E402

OUT = REPO / "benchmarks" / ".gap_study"
INF = highspy.kHighsInf


def _load() -> float:
    return os.getloadavg()[0]


@dataclass
class Inst:
    """The direct model of one size plus the index arrays needed to address its columns."""

    d: ModelData
    dm: DirectModel
    n_t: int
    a_site: np.ndarray
    a_sub: np.ndarray
    a_first: np.ndarray
    at_a: np.ndarray
    at_t: np.ndarray
    at_start: np.ndarray
    k_sub: np.ndarray
    k_first: np.ndarray
    kt_k: np.ndarray
    kt_t: np.ndarray
    kt_start: np.ndarray
    reach: np.ndarray
    big_m: np.ndarray

    @property
    def off(self) -> dict[str, int]:
        return self.dm.offsets

    def col_f(self, a: np.ndarray, t: np.ndarray) -> np.ndarray:
        return self.off["f"] + self.at_start[a] + t - self.a_first[a]

    def col_r(self, k: np.ndarray, t: np.ndarray) -> np.ndarray:
        return self.off["r"] + self.kt_start[k] + t - self.k_first[k]

    def cols(self, name: str) -> np.ndarray:
        names = list(self.off)
        i = names.index(name)
        end = self.off[names[i + 1]] if i + 1 < len(names) else self.dm.lp.num_col_
        return np.arange(self.off[name], end)


def make(size: str, sparse: bool = False, cover: bool = True, link: bool | None = None) -> Inst:
    """``cover``: the model's headroom-cover rows (= families E and G here; in the direct build since 19:53 UTC).

    ``sparse``: only for a direct build that still repeats the national total in every area-share row (before
    commit 0beee4d); the current build already has the total column X_t, so leave it off."""
    d = model_data(*SIZES[size])
    d.headroom_cover = cover
    if link is not None and hasattr(d, "headroom_link"):  # the model's W rows (headroom_link, since 8467949)
        d.headroom_link = link
    share = d.max_area_share
    if sparse:
        d.max_area_share = None
    dm = build_arrays(d)
    d.max_area_share = share
    n_t = len(d.years)
    years = np.asarray(d.years)
    a_site, a_sub = np.asarray(d.arc_site), np.asarray(d.arc_sub)
    a_first = _first_index(years, d.decision_year, np.asarray(d.arc_lead_years, dtype=float))
    k_sub, k_ord = np.asarray(d.step_sub), np.asarray(d.step_order)
    k_own = _first_index(years, d.decision_year, np.asarray(d.step_lead_years, dtype=float))
    order = np.lexsort((k_ord, k_sub))
    shifted = k_own[order] + k_sub[order] * (n_t + 1)
    k_first = np.empty(len(k_sub), dtype=np.int64)
    k_first[order] = np.maximum.accumulate(shifted) - k_sub[order] * (n_t + 1)
    at_a, at_t, at_start = _time_pairs(a_first, n_t)
    kt_k, kt_t, kt_start = _time_pairs(k_first, n_t)
    n_b = len(d.substation_ids)
    reach = np.zeros((n_b, n_t + 1))
    np.add.at(reach, (k_sub, k_first), np.asarray(d.step_added_mw, dtype=float))
    reach = np.asarray(d.headroom_mw)[:, None] + np.cumsum(reach, axis=1)[:, :n_t]
    cap = np.asarray(d.site_cap_mw)
    big_m = np.minimum(d.pue * cap[a_site[at_a]], reach[a_sub[at_a], at_t])
    return Inst(d, dm, n_t, a_site, a_sub, a_first, at_a, at_t, at_start, k_sub, k_first, kt_k, kt_t, kt_start,
                reach, big_m)


def highs(inst: Inst, *, mip: bool, log: str | None = None, **opts: Any) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", log is not None)
    if log:
        OUT.mkdir(parents=True, exist_ok=True)
        h.setOptionValue("log_file", str(OUT / log))
        h.setOptionValue("log_to_console", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_feasibility_tolerance", 1e-7)
    for k, v in opts.items():
        h.setOptionValue(k, v)
    h.passModel(inst.dm.lp)
    if mip:
        idx = np.nonzero(inst.dm.integrality)[0].astype(np.int32)
        h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kInteger))
    return h


def set_integrality(h: highspy.Highs, idx: np.ndarray, integer: bool) -> None:
    kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
    idx = np.asarray(idx, dtype=np.int32)
    h.changeColsIntegrality(len(idx), idx, np.full(len(idx), kind))


def set_bounds(h: highspy.Highs, idx: np.ndarray, lo: np.ndarray | float, hi: np.ndarray | float) -> None:
    idx = np.asarray(idx, dtype=np.int32)
    h.changeColsBounds(len(idx), idx, np.broadcast_to(np.asarray(lo, float), idx.shape).copy(),
                       np.broadcast_to(np.asarray(hi, float), idx.shape).copy())


def rank_regions(inst: Inst, col: np.ndarray) -> np.ndarray:
    d = inst.d
    n_s, n_t = len(d.site_ids), inst.n_t
    x_last = col[inst.off["x"] + np.arange(n_s) * n_t + n_t - 1]
    mw = np.bincount(np.asarray(d.site_region), weights=x_last, minlength=len(d.region_ids))
    z = col[inst.cols("z")]
    return np.lexsort((-z, -np.round(mw, 3)))


# --------------------------------------------------------------------------------------------- extra rows
def cut_rows(inst: Inst, which: str) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray],
                                                 list[float], list[float]]:
    """Extra rows (as per-row lists of columns/values, lower, upper) for the families named in ``which``.

    A  per (a,t): f[a,t] <= min(M,H_b) v_a + sum_{k at b, in service at t} min(M, dH_k) r[k,t]
    B  per (k,t): r[k,t] <= sum_{a at b, in service at t} v_a  (a reinforcement with no arc is never optimal)
    C  per (g,t): PUE sum_{s in g} x[s,t] <= sum_{b in B(g)} (min(H_b,D_gb) z_g + sum_k min(dH_k,D_gb) r[k,t])
    D  per (b,t,k): useful step k: (H_b + sum_{j<k} dH_j) r[k,t] <= sum_{a at b in service} min(draw_a, R) v_a
    E  per (b,t): sum_{a at b} f[a,t] <= H_b * sum_{a at b} v_a + ...: per-sub, free headroom needs an arc:
        sum_a f[a,t] <= sum_a min(M_at, H_b) v_a + sum_k dH_k r[k,t]   (aggregate of A, weaker but fewer rows)
    F  per (k,t): r[k,t] <= sum_{g touching b} z_g (weaker than B)
    G  per (b,t): sum_{a at b} f[a,t] <= sum_{g touching b} min(H_b, D_gbt) z_g + sum_k dH_k r[k,t]
       (D_gbt = PUE x capacity of g's sites with an arc to b in service at t)
    """
    d = inst.d
    fams = set(which.split(",")) if which else set()
    cap = np.asarray(d.site_cap_mw)
    head = np.asarray(d.headroom_mw)
    dh = np.asarray(d.step_added_mw, dtype=float)
    n_b = len(d.substation_ids)
    steps_of = [[] for _ in range(n_b)]
    for k, b in enumerate(inst.k_sub):
        steps_of[b].append(k)
    ord_ = np.asarray(d.step_order)
    for b in range(n_b):
        steps_of[b].sort(key=lambda k: ord_[k])
    arcs_of = [[] for _ in range(n_b)]
    for a, b in enumerate(inst.a_sub):
        arcs_of[b].append(a)
    draw = d.pue * cap[inst.a_site]
    v0, z0 = inst.off["v"], inst.off["z"]
    s_reg = np.asarray(d.site_region)
    idx, val, lo, hi = [], [], [], []
    if "A" in fams or "E" in fams:
        per_bt: dict[tuple[int, int], tuple[list[int], list[float]]] = {}
        for i, (a, t) in enumerate(zip(inst.at_a, inst.at_t, strict=True)):
            b = inst.a_sub[a]
            m = inst.big_m[i]
            ks = [k for k in steps_of[b] if inst.k_first[k] <= t]
            fcol = int(inst.col_f(np.array([a]), np.array([t]))[0])
            if "A" in fams:
                c = [fcol, v0 + a] + [int(inst.col_r(np.array([k]), np.array([t]))[0]) for k in ks]
                v = [1.0, -min(m, head[b])] + [-min(m, dh[k]) for k in ks]
                idx.append(np.array(c))
                val.append(np.array(v))
                lo.append(-INF)
                hi.append(0.0)
            if "E" in fams:
                cc, vv = per_bt.setdefault((int(b), int(t)), ([], []))
                cc += [fcol, v0 + a]
                vv += [1.0, -min(m, head[b])]
        if "E" in fams:
            for (b, t), (cc, vv) in per_bt.items():
                ks = [k for k in steps_of[b] if inst.k_first[k] <= t]
                cc = cc + [int(inst.col_r(np.array([k]), np.array([t]))[0]) for k in ks]
                vv = vv + [-dh[k] for k in ks]
                idx.append(np.array(cc))
                val.append(np.array(vv))
                lo.append(-INF)
                hi.append(0.0)
    if "G" in fams:
        rows_g: dict[tuple[int, int], tuple[list[int], dict[int, float]]] = {}
        for a, t in zip(inst.at_a, inst.at_t, strict=True):
            b = int(inst.a_sub[a])
            cc, dg = rows_g.setdefault((b, int(t)), ([], {}))
            cc.append(int(inst.col_f(np.array([a]), np.array([t]))[0]))
            g = int(s_reg[inst.a_site[a]])
            dg[g] = dg.get(g, 0.0) + float(draw[a])
        for (b, t), (cc, dg) in rows_g.items():
            ks = [k for k in steps_of[b] if inst.k_first[k] <= t]
            c = cc + [z0 + g for g in dg] + [int(inst.col_r(np.array([k]), np.array([t]))[0]) for k in ks]
            v = [1.0] * len(cc) + [-min(head[b], dgb) for dgb in dg.values()] + [-dh[k] for k in ks]
            idx.append(np.array(c))
            val.append(np.array(v))
            lo.append(-INF)
            hi.append(0.0)
    if "B" in fams or "D" in fams or "F" in fams:
        for k, t in zip(inst.kt_k, inst.kt_t, strict=True):
            b = inst.k_sub[k]
            arcs = [a for a in arcs_of[b] if inst.a_first[a] <= t]
            rcol = int(inst.col_r(np.array([k]), np.array([t]))[0])
            if "B" in fams:
                idx.append(np.array([rcol] + [v0 + a for a in arcs]))
                val.append(np.array([1.0] + [-1.0] * len(arcs)))
                lo.append(-INF)
                hi.append(0.0)
            if "F" in fams:
                regs = sorted({int(s_reg[inst.a_site[a]]) for a in arcs_of[b]})
                idx.append(np.array([rcol] + [z0 + g for g in regs]))
                val.append(np.array([1.0] + [-1.0] * len(regs)))
                lo.append(-INF)
                hi.append(0.0)
            if "D" in fams:
                before = head[b] + sum(dh[j] for j in steps_of[b] if ord_[j] < ord_[k])
                reach = before + dh[k]
                idx.append(np.array([rcol] + [v0 + a for a in arcs]))
                val.append(np.array([before] + [-min(draw[a], reach) for a in arcs]))
                lo.append(-INF)
                hi.append(0.0)
    if "C" in fams:
        n_t = inst.n_t
        xs_of_g: dict[int, list[int]] = {}
        for s, g in enumerate(s_reg):
            xs_of_g.setdefault(int(g), []).append(s)
        arcs_of_site = [[] for _ in range(len(d.site_ids))]
        for a, s in enumerate(inst.a_site):
            arcs_of_site[s].append(a)
        for g, sites in xs_of_g.items():
            subs: dict[int, list[int]] = {}
            for s in sites:
                for a in arcs_of_site[s]:
                    subs.setdefault(int(inst.a_sub[a]), []).append(a)
            for t in range(n_t):
                live = {b: [a for a in aa if inst.a_first[a] <= t] for b, aa in subs.items()}
                live = {b: aa for b, aa in live.items() if aa}
                if not live:
                    continue
                served = sorted({int(inst.a_site[a]) for aa in live.values() for a in aa})
                c = [inst.off["x"] + s * n_t + t for s in served]
                v = [d.pue] * len(served)
                zc = 0.0
                for b, aa in live.items():
                    dgb = float(sum(draw[a] for a in aa))
                    zc += min(head[b], dgb)
                    for k in steps_of[b]:
                        if inst.k_first[k] <= t:
                            c.append(int(inst.col_r(np.array([k]), np.array([t]))[0]))
                            v.append(-min(dh[k], dgb))
                c.append(z0 + g)
                v.append(-zc)
                idx.append(np.array(c))
                val.append(np.array(v))
                lo.append(-INF)
                hi.append(0.0)
    return idx, val, lo, hi


def region_caps(inst: Inst) -> np.ndarray:
    """U[g,t]: IT MW that region g can run in year t in ANY feasible plan (z_g = 1), from data alone.

    min of: land (sum cap_s); grid (per substation b: min(D_gbt, reach_bt) / PUE summed over b, and per site
    min(cap_s, sum_a M_at / PUE)); water (Q_w / wue, last year, and x is monotone so for every year); the
    decarbonised supply of each area the region's sites lie in ((E_at + sum of links into a) / (share_t e)) and
    the area share (share_max x national demand_t), per area; the demand of the nodes within latency.
    Then U[g,t] = min over t' >= t (x[s,t] <= x[s,t'])."""
    d = inst.d
    n_t, n_g = inst.n_t, len(d.region_ids)
    cap = np.asarray(d.site_cap_mw, dtype=float)
    s_reg = np.asarray(d.site_region)
    n_s = len(cap)
    # grid per site: sum of M over in-service arcs
    m_st = np.zeros((n_s, n_t))
    np.add.at(m_st, (inst.a_site[inst.at_a], inst.at_t), inst.big_m)
    site_grid = np.minimum(cap[:, None], m_st / d.pue)
    u_site = np.zeros((n_g, n_t))
    np.add.at(u_site, s_reg, site_grid)
    # grid per substation: min(D_gbt, reach_bt)
    g_of = s_reg[inst.a_site[inst.at_a]]
    key = (g_of * len(d.substation_ids) + inst.a_sub[inst.at_a]) * n_t + inst.at_t
    uniq, inv = np.unique(key, return_inverse=True)
    dgbt = np.bincount(inv, weights=d.pue * cap[inst.a_site[inst.at_a]])
    ut = uniq % n_t
    ub = (uniq // n_t) % len(d.substation_ids)
    ug = uniq // n_t // len(d.substation_ids)
    u_sub = np.zeros((n_g, n_t))
    np.add.at(u_sub, (ug, ut), np.minimum(dgbt, inst.reach[ub, ut]) / d.pue)
    u = np.minimum(u_site, u_sub)
    u = np.minimum(u, np.bincount(s_reg, weights=cap, minlength=n_g)[:, None])
    # area limits, per (g, area) piece
    demand = np.asarray(d.demand_mw, dtype=float)
    tot = demand.sum(axis=0)
    s_area = np.asarray(d.site_area)
    n_ar = len(d.area_ids)
    lim_at = np.full((n_ar, n_t), np.inf)
    if d.max_area_share is not None and d.max_area_share < 1:
        lim_at = np.minimum(lim_at, d.max_area_share * tot[None, :])
    if d.decarb_gwh:
        imp = np.zeros((n_ar, n_t))
        for i, to in enumerate(d.link_to):
            imp[to] += np.asarray(d.link_gwh[i], dtype=float)
        share = np.asarray(d.decarb_share, dtype=float)
        with np.errstate(divide="ignore"):
            dec = (np.asarray(d.decarb_gwh, dtype=float) + imp) / (share[None, :] * d.gwh_per_it_mw_year)
        lim_at = np.minimum(lim_at, np.where(share[None, :] > 0, dec, np.inf))
    piece = np.zeros((n_g, n_ar))
    np.add.at(piece, (s_reg, s_area), cap)
    u_area = np.where(piece[:, :, None] > 0, np.minimum(piece[:, :, None], lim_at[None, :, :]), 0.0).sum(axis=1)
    u = np.minimum(u, u_area)
    # water (last year; monotone x -> every year)
    if d.water_ids and d.water_m3_per_day_per_mw > 0:
        s_w = np.asarray(d.site_water)
        for g in range(n_g):
            ws = np.unique(s_w[s_reg == g])
            if len(ws) == 1 and ws[0] >= 0:
                u[g] = np.minimum(u[g], d.water_spare_m3_per_day[ws[0]] / d.water_m3_per_day_per_mw)
    # demand within latency
    p_site, p_node = np.asarray(d.pair_site), np.asarray(d.pair_node)
    for g in range(n_g):
        nodes = np.unique(p_node[s_reg[p_site] == g])
        u[g] = np.minimum(u[g], demand[nodes].sum(axis=0) if len(nodes) else 0.0)
    return np.minimum.accumulate(u[:, ::-1], axis=1)[:, ::-1]


def _substation_steps(inst: Inst) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """Headroom and step sizes (MW), and each substation's steps in their order."""
    d = inst.d
    ord_ = np.asarray(d.step_order)
    steps_of: list[list[int]] = [[] for _ in range(len(d.substation_ids))]
    for k, b in enumerate(inst.k_sub):
        steps_of[b].append(k)
    for lst in steps_of:
        lst.sort(key=lambda k: ord_[k])
    return np.asarray(d.headroom_mw, dtype=float), np.asarray(d.step_added_mw, dtype=float), steps_of


def _region_sub_groups(inst: Inst) -> tuple[dict[tuple[int, int, int], list[int]], dict[tuple[int, int, int], float]]:
    """Per (region, substation, year) with a connection in service: its f columns and its draw D_gbt (MW)."""
    d = inst.d
    s_reg, cap = np.asarray(d.site_region), np.asarray(d.site_cap_mw, dtype=float)
    groups: dict[tuple[int, int, int], list[int]] = {}
    draw: dict[tuple[int, int, int], float] = {}
    for a, t in zip(inst.at_a, inst.at_t, strict=True):
        key = (int(s_reg[inst.a_site[a]]), int(inst.a_sub[a]), int(t))
        groups.setdefault(key, []).append(int(inst.col_f(np.array([a]), np.array([t]))[0]))
        draw[key] = draw.get(key, 0.0) + d.pue * cap[inst.a_site[a]]
    return groups, draw


def _step_coefs(inst: Inst, head: np.ndarray, dh: np.ndarray, steps: list[int], b: int, t: int,
                cap_mw: float) -> list[tuple[int, float]]:
    """(k, c_k) of b's steps in service at t: c_k = min(dH_k, cap - H_b - dH of the steps before k) > 0."""
    out, rest = [], cap_mw - head[b]
    for k in steps:
        if inst.k_first[k] > t:
            break
        coef = min(dh[k], max(0.0, rest))
        rest -= dh[k]
        if coef <= 1e-9:
            break
        out.append((k, coef))
    return out


def _add_unit_columns(h: highspy.Highs, n: int) -> int:
    """``n`` new columns in [0, 1] with no cost; returns ``n``."""
    h.addCols(n, np.zeros(n), np.zeros(n), np.ones(n), 0, np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0))
    return n


def _product_rows(inst: Inst, wcol: dict[tuple[int, int, int], int], parent0: int, idx: list[np.ndarray],
                  val: list[np.ndarray], lo: list[float], hi: list[float]) -> None:
    """Rows ``w <= parent`` and ``w <= r[k, t]`` for each ``(parent, k, t) -> w`` of ``wcol`` (parent column
    ``parent0 + parent``): with both binary, w can be their product."""
    for (p, k, t), wc in wcol.items():
        rc = int(inst.col_r(np.array([k]), np.array([t]))[0])
        idx += [np.array([wc, parent0 + p]), np.array([wc, rc])]
        val += [np.array([1.0, -1.0]), np.array([1.0, -1.0])]
        lo += [-INF, -INF]
        hi += [0.0, 0.0]


def ext_rows(h: highspy.Highs, inst: Inst, which: str) -> dict[str, int]:
    """Families that need new columns or per-region constants; added straight to ``h``. Returns counts.

    U   per (g,t): sum_{s in g} x[s,t] <= U[g,t] z_g   (U = :func:`region_caps`, valid: a region runs at most
        what its land, grid, water, areas and demand allow, and nothing when not designated)
    W   extended region-substation linking, w[g,k,t] in [0,1] for each step k in service at t at a substation b
        that region g touches at t:  w <= z_g, w <= r[k,t], and per (g,b,t)
          F_gbt := sum_{a of g's sites to b, in service} f[a,t] <= min(H_b, D_gbt) z_g + sum_k c_gbk w[g,k,t],
          c_gbk = min(dH_k, max(0, D_gbt - H_b - sum_{j before k} dH_j))
        valid: w = z r is feasible for integer z, r; with z = 1 the right side telescopes to
        min(D_gbt, H_b + dH of the steps built), which bounds F_gbt (headroom row + F_gbt <= D_gbt); z = 0 -> F = 0.
    WA  the same with one row per (g,t): sum_b F_gbt <= sum_b (...)   (the sum of the W rows; fewer rows)
    WS  per-arc version of W: w'[a,k,t] <= v_a, <= r[k,t]; f[a,t] <= min(H_b, M_at) v_a + sum_k c_ak w'[a,k,t]
    Wp, WSp  W and WS projected onto the model's columns (no w): one row per prefix j of the steps in service,
        F <= (alpha + sum_{k<=j} c_k) z + sum_{k>j} c_k r[k,t]  (same LP optimum as W / WS, measured)
    Wp0, WSp0  only the prefix j = 0 (and, for Wp0, j = m where D_gbt > H_b + all dH in service):
        F_gbt <= min(H_b, D_gbt) z_g + sum_k c_gbk r[k,t]   (weaker: 1k LP 5,631 against 5,698 for W / Wp)
    Y   per (g,n,t): sum_{s in g} y[(n,s),t] <= min(D_nt, U[g,t]) z_g
    """
    fams = set(which.split(",")) if which else set()
    d = inst.d
    n_t = inst.n_t
    z0 = inst.off["z"]
    cap = np.asarray(d.site_cap_mw, dtype=float)
    s_reg = np.asarray(d.site_region)
    counts = {"cols": 0, "rows": 0, "nnz": 0}
    idx, val, lo, hi = [], [], [], []
    if "U" in fams:
        u = region_caps(inst)
        n_s = len(cap)
        for g in range(len(d.region_ids)):
            sites = np.nonzero(s_reg == g)[0]
            for t in range(n_t):
                xc = inst.off["x"] + sites * n_t + t
                if u[g, t] >= cap[sites].sum() - 1e-9:
                    continue
                idx.append(np.r_[xc, z0 + g])
                val.append(np.r_[np.ones(len(sites)), -u[g, t]])
                lo.append(-INF)
                hi.append(0.0)
        counts["U_rows"] = len(idx)
        del n_s
    if "W" in fams or "WA" in fams:
        head, dh, steps_of = _substation_steps(inst)
        groups, draw = _region_sub_groups(inst)
        wcol: dict[tuple[int, int, int], int] = {}
        n0 = h.getNumCol()
        per_gt: dict[tuple[int, int], tuple[list[int], list[float]]] = {}
        for (g, b, t), fc in sorted(groups.items()):
            dg = draw[g, b, t]
            c = list(fc)
            v = [1.0] * len(fc)
            zc = -min(head[b], dg)
            wc, wv = [], []
            for k, coef in _step_coefs(inst, head, dh, steps_of[b], b, t, dg):
                key = (g, k, t)
                if key not in wcol:
                    wcol[key] = n0 + len(wcol)
                wc.append(wcol[key])
                wv.append(-coef)
            if "W" in fams:
                idx.append(np.array([*c, z0 + g, *wc]))
                val.append(np.array([*v, zc, *wv]))
                lo.append(-INF)
                hi.append(0.0)
            if "WA" in fams:
                cc, vv = per_gt.setdefault((g, t), ([], []))
                cc += c + wc
                vv += v + wv
                cc.append(z0 + g)
                vv.append(zc)
        counts["cols"] = _add_unit_columns(h, len(wcol))
        for cc, vv in per_gt.values():
            # merge the z_g entries of the sum
            cols, inv = np.unique(np.asarray(cc), return_inverse=True)
            idx.append(cols)
            val.append(np.bincount(inv, weights=np.asarray(vv)))
            lo.append(-INF)
            hi.append(0.0)
        _product_rows(inst, wcol, z0, idx, val, lo, hi)
    if "Y" in fams:
        # per (g, n, t): sum_{s in g} y[(n,s),t] <= min(D_nt, U_gt) z_g  (valid: region g serves node n at most
        # the node's demand and at most what it can run, and nothing when not designated)
        u = region_caps(inst)
        demand = np.asarray(d.demand_mw, dtype=float)
        p_site, p_node = np.asarray(d.pair_site), np.asarray(d.pair_node)
        p_reg = s_reg[p_site]
        for g in range(len(d.region_ids)):
            for n in np.unique(p_node[p_reg == g]):
                ps = np.nonzero((p_reg == g) & (p_node == n))[0]
                for t in range(n_t):
                    bound = min(demand[n, t], u[g, t])
                    idx.append(np.r_[inst.off["y"] + ps * n_t + t, z0 + g])
                    val.append(np.r_[np.ones(len(ps)), -bound])
                    lo.append(-INF)
                    hi.append(0.0)
    if "WS" in fams:
        # per-arc extended linking: w'[a,k,t] <= v_a, w'[a,k,t] <= r[k,t],
        # f[a,t] <= min(H_b, M_at) v_a + sum_k min(dH_k, max(0, M_at - H_b - sum_{j before k} dH_j)) w'[a,k,t]
        # valid: w' = v r for integer v, r; with v = 1 the right side telescopes to min(M_at, H_b + built dH)
        head, dh, steps_of = _substation_steps(inst)
        n0 = h.getNumCol()
        wcol: dict[tuple[int, int, int], int] = {}
        v0 = inst.off["v"]
        for i, (a, t) in enumerate(zip(inst.at_a, inst.at_t, strict=True)):
            b = int(inst.a_sub[a])
            m = float(inst.big_m[i])
            fcol = int(inst.col_f(np.array([a]), np.array([t]))[0])
            c, v = [fcol, v0 + int(a)], [1.0, -min(head[b], m)]
            for k, coef in _step_coefs(inst, head, dh, steps_of[b], b, t, m):
                key = (int(a), k, int(t))
                wcol[key] = n0 + len(wcol)
                c.append(wcol[key])
                v.append(-coef)
            idx.append(np.array(c))
            val.append(np.array(v))
            lo.append(-INF)
            hi.append(0.0)
        counts["cols"] += _add_unit_columns(h, len(wcol))
        _product_rows(inst, wcol, v0, idx, val, lo, hi)
    only0, only0s = "Wp0" in fams, "WSp0" in fams
    if only0:
        fams.add("Wp")
    if only0s:
        fams.add("WSp")
    if "Wp" in fams or "WSp" in fams:
        # W and WS projected onto (f, z|v, r), no new columns. With ordered steps (r_1 >= r_2 >= ... in the LP),
        # max_w sum_k c_k w_k s.t. w_k <= z, w_k <= r_k is sum_k c_k min(z, r_k), and the row
        # F <= alpha z + sum_k c_k min(z, r_k) is the set of rows, one per prefix j = 0..m of the steps:
        #   F <= (alpha + sum_{k <= j} c_k) z + sum_{k > j} c_k r_k
        # (every subset S gives a valid row since min(z, r_k) <= z and <= r_k; prefixes are the ones that bind
        # when r is ordered). j = m is F <= min(D, H + sum dH) z.
        head, dh, steps_of = _substation_steps(inst)

        def prefix_rows(fcols: list[int], bin_col: int, b: int, t: int, cap_mw: float, skip_last: bool,
                        first: bool = False) -> None:
            alpha = min(head[b], cap_mw)
            ks, cs = [], []
            for k, coef in _step_coefs(inst, head, dh, steps_of[b], b, t, cap_mw):
                ks.append(int(inst.col_r(np.array([k]), np.array([t]))[0]))
                cs.append(coef)
            m = len(ks)
            for j in range(m + 1):
                if (j == m and skip_last) or (first and 0 < j < m) or (first and j == m and head[b] + sum(
                        dh[k] for k in steps_of[b] if inst.k_first[k] <= t) >= cap_mw):
                    continue  # Wp0: j = 0, and j = m only where it is not implied (D > H + all dH in service)
                idx.append(np.array([*fcols, bin_col, *ks[j:]]))
                val.append(np.array([1.0] * len(fcols) + [-(alpha + sum(cs[:j]))] + [-c for c in cs[j:]]))
                lo.append(-INF)
                hi.append(0.0)

        if "Wp" in fams:
            groups, draw = _region_sub_groups(inst)
            for (g, b, t), fc in sorted(groups.items()):
                prefix_rows(fc, z0 + g, b, t, draw[g, b, t], skip_last=False, first=only0)
        if "WSp" in fams:
            v0 = inst.off["v"]
            for i, (a, t) in enumerate(zip(inst.at_a, inst.at_t, strict=True)):
                fcol = int(inst.col_f(np.array([a]), np.array([t]))[0])
                # j = m is the model's own f <= M v row
                prefix_rows([fcol], v0 + int(a), int(inst.a_sub[a]), int(t), float(inst.big_m[i]), skip_last=True,
                            first=only0s)
    counts["rows"] = add_rows(h, (idx, val, lo, hi))
    counts["nnz"] = int(sum(len(i) for i in idx))
    return counts


def add_sparse(h: highspy.Highs, inst: Inst) -> None:
    """Area share with one total column X_t per year: X_t = sum_s x[s,t]; sum_{s in a} x[s,t] <= share X_t.

    Same feasible set as diversity.py's rows (which repeat the dense national sum in each of |areas| x |T| rows:
    200k nonzeros at 5k sites instead of 2 x 20k)."""
    d, n_t = inst.d, inst.n_t
    n_s = len(d.site_ids)
    n0 = h.getNumCol()
    h.addCols(n_t, np.zeros(n_t), np.zeros(n_t), np.full(n_t, INF), 0, np.zeros(0, np.int32), np.zeros(0, np.int32),
              np.zeros(0))
    s_area = np.asarray(d.site_area)
    idx, val, lo, hi = [], [], [], []
    for t in range(n_t):
        xc = inst.off["x"] + np.arange(n_s) * n_t + t
        idx.append(np.r_[n0 + t, xc])
        val.append(np.r_[1.0, -np.ones(n_s)])
        lo.append(0.0)
        hi.append(0.0)
        for a in np.unique(s_area):
            idx.append(np.r_[xc[s_area == a], n0 + t])
            val.append(np.r_[np.ones(int((s_area == a).sum())), -float(d.max_area_share)])
            lo.append(-INF)
            hi.append(0.0)
    add_rows(h, (idx, val, lo, hi))


def add_rows(h: highspy.Highs, rows: tuple[list[np.ndarray], list[np.ndarray], list[float], list[float]]) -> int:
    idx, val, lo, hi = rows
    if not idx:
        return 0
    starts = np.r_[0, np.cumsum([len(i) for i in idx])[:-1]].astype(np.int32)
    h.addRows(len(idx), np.asarray(lo, float), np.asarray(hi, float), int(sum(len(i) for i in idx)), starts,
              np.concatenate(idx).astype(np.int32), np.concatenate(val).astype(float))
    return len(idx)


def safe_bound(inst: Inst, lp: highspy.HighsLp, y: np.ndarray) -> float:
    """A proven lower bound from ANY row-dual vector ``y`` (no dual feasibility needed): Lagrangian of the rows.

    y is clipped where it prices an infinite row side; reduced costs d = c - A^T y are recomputed and priced at
    the column bounds, with the implied bounds y[p,t] <= D[n,t] and f[a,t] <= M[a,t] for the free upper ends.
    """
    from scipy.sparse import csc_matrix

    rl, ru = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    y = np.where((y > 0) & ~np.isfinite(rl), 0.0, y)
    y = np.where((y < 0) & ~np.isfinite(ru), 0.0, y)
    a = csc_matrix((np.asarray(lp.a_matrix_.value_), np.asarray(lp.a_matrix_.index_),
                    np.asarray(lp.a_matrix_.start_)), shape=(lp.num_row_, lp.num_col_))
    dcost = np.asarray(lp.col_cost_) - a.T @ y
    cl, cu = np.asarray(lp.col_lower_, dtype=float), np.asarray(lp.col_upper_, dtype=float).copy()
    d = inst.d
    n_t = inst.n_t
    demand = np.asarray(d.demand_mw, dtype=float)
    pn = np.repeat(np.asarray(d.pair_node), n_t)
    pt = np.tile(np.arange(n_t), len(d.pair_node))
    cu[inst.cols("y")] = np.minimum(cu[inst.cols("y")], demand[pn, pt])
    cu[inst.cols("f")] = np.minimum(cu[inst.cols("f")], inst.big_m)
    rows = np.sum(np.where(y > 0, y * np.where(np.isfinite(rl), rl, 0.0), y * np.where(np.isfinite(ru), ru, 0.0)))
    with np.errstate(invalid="ignore"):
        cols = np.where(dcost > 0, dcost * cl, np.where(dcost < 0, dcost * cu, 0.0))
    if not np.all(np.isfinite(cols)):
        return float("-inf")
    return float(rows + cols.sum() + lp.offset_)


# --------------------------------------------------------------------------------------------- commands
def cmd_lp(size: str, solver: str = "simplex", presolve: str = "on", crossover: str = "on",
           cuts: str = "", strategy: str = "", sparse: str = "0", limit: str = "600", cover: str = "0",
           ext: str = "", link: str = "1", **_: Any) -> dict[str, Any]:
    inst = make(size, sparse == "1", cover == "1", link == "1")
    opts: dict[str, Any] = {"solver": solver, "presolve": presolve}
    if solver == "ipm":
        opts["run_crossover"] = crossover
    if strategy:
        opts["simplex_strategy"] = int(strategy)
    h = highs(inst, mip=False, log=f"lp_{size}_{solver}_{presolve}_{crossover}_{cuts or 'none'}_{sparse}.log",
              time_limit=float(limit), **opts)
    if sparse == "1":
        add_sparse(h, inst)
    n_cut = add_rows(h, cut_rows(inst, cuts)) if cuts else 0
    n_ext = ext_rows(h, inst, ext) if ext else {}
    load = _load()
    t0, c0 = time.perf_counter(), time.process_time()
    h.run()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    info = h.getInfo()
    sol = h.getSolution()
    col = np.asarray(sol.col_value)
    dual_obj = safe_bound(inst, h.getLp(), np.asarray(sol.row_dual)) if sol.dual_valid else None
    rank = rank_regions(inst, col)[:24].tolist() if len(col) else []
    if len(col):
        np.save(OUT / f"lpcol_{size}_{cuts or 'none'}{'_' + ext.replace(',', '') if ext else ''}.npy",
                col[:inst.dm.lp.num_col_])
    return {"cmd": "lp", "size": size, "sparse": sparse, "solver": solver, "presolve": presolve, "crossover": crossover,
            "cover": cover, "link": link, "cuts": cuts, "extra_rows": n_cut, "ext": ext, "ext_counts": n_ext,
            "status": h.modelStatusToString(h.getModelStatus()),
            "objective": info.objective_function_value, "dual_objective_from_duals": dual_obj,
            "max_dual_infeas": info.max_dual_infeasibility, "max_primal_infeas": info.max_primal_infeasibility,
            "iterations": info.simplex_iteration_count, "ipm_iter": info.ipm_iteration_count,
            "pdlp_iter": info.pdlp_iteration_count, "wall_s": wall, "cpu_s": cpu, "load": load,
            "top24": rank}


def _restricted(inst: Inst, h: highspy.Highs, lp_col: np.ndarray, keep: int, pick_s: float, restr_s: float
                ) -> tuple[Any, dict[str, Any]]:
    order = rank_regions(inst, lp_col)
    zc = inst.cols("z")
    kept, dropped = order[:keep], order[keep:]
    set_bounds(h, zc[dropped], 0.0, 0.0)
    vr = np.r_[inst.cols("v"), inst.cols("r")]
    set_integrality(h, vr, False)
    h.setOptionValue("time_limit", pick_s)
    t0 = time.perf_counter()
    h.run()
    pick_wall = time.perf_counter() - t0
    pick_obj = h.getInfo().objective_function_value
    zval = np.round(np.asarray(h.getSolution().col_value)[zc[kept]])
    set_integrality(h, vr, True)
    set_bounds(h, zc[kept], zval, zval)
    h.setOptionValue("time_limit", restr_s)
    t0 = time.perf_counter()
    h.run()
    restr_wall = time.perf_counter() - t0
    info = h.getInfo()
    sol = h.getSolution()
    out = {"pick_obj": pick_obj, "pick_s": pick_wall, "restricted_obj": info.objective_function_value,
           "restricted_bound": info.mip_dual_bound, "restricted_s": restr_wall,
           "picked": [int(g) for g, zv in zip(kept, zval, strict=True) if zv > 0.5]}
    set_bounds(h, zc, 0.0, 1.0)
    return sol, out


def cmd_incumbent(size: str, keep: str = "24", pick: str = "40", restr: str = "60", cover: str = "1", **_: Any
                  ) -> dict[str, Any]:
    """The screened strategy's incumbent, in pure highspy: LP -> pick (v, r relaxed) -> restricted MIP."""
    inst = make(size, cover=cover == "1")
    load = _load()
    h = highs(inst, mip=False)
    t0 = time.perf_counter()
    h.run()
    lp_s = time.perf_counter() - t0
    lp_obj = h.getInfo().objective_function_value
    lp_col = np.asarray(h.getSolution().col_value)
    h = highs(inst, mip=True, log=f"incumbent_{size}_{keep}.log", mip_rel_gap=0.01)
    sol, out = _restricted(inst, h, lp_col, int(keep), float(pick), float(restr))
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / f"inc_{size}_{keep}.npy", np.asarray(sol.col_value))
    np.save(OUT / f"lp_{size}.npy", lp_col)
    return {"cmd": "incumbent", "size": size, "keep": int(keep), "lp_bound": lp_obj, "lp_s": lp_s, **out,
            "load": load, "load_after": _load()}


def parse_log(path: Path) -> list[tuple[float, float, float]]:
    """(time, incumbent, bound) from the HiGHS MIP log's progress lines."""
    pts = []
    for line in path.read_text().splitlines():
        m = re.match(r"^\s*[A-Za-z]?\s+\d+\s+\d+\s+\d+\s+[\d.]+%\s+(\S+)\s+(\S+)\s+\S+.*?\s([\d.]+)s\s*$", line)
        if m:
            try:
                pts.append((float(m.group(3)), float(m.group(2)), float(m.group(1))))
            except ValueError:
                continue
    return pts


def cmd_long(size: str, limit: str = "900", start: str = "", cuts: str = "", tag: str = "", cover: str = "1",
             ext: str = "", fix0: str = "", link: str = "1", **opts: Any) -> dict[str, Any]:
    """Full MIP warm-started from a saved plan (``start`` = .npy path), logged, threads = 1.

    ``fix0=g1,g2,...``: regions fixed out (e.g. by ``probe`` against the value of the ``start`` plan); the bound of
    this MIP is then a global bound only as min(its bound, value of the plan the fixings were proved against)."""
    inst = make(size, cover=cover == "1", link=link == "1")
    hopts = {k: (float(v) if re.fullmatch(r"[\d.e+-]+", v) and "." in v else int(v) if v.isdigit() else v)
             for k, v in opts.items()}
    log = f"long_{size}_{tag or 'base'}.log"
    h = highs(inst, mip=True, log=log, time_limit=float(limit), mip_rel_gap=0.01, **hopts)
    n_cut = add_rows(h, cut_rows(inst, cuts)) if cuts else 0
    n_ext = ext_rows(h, inst, ext) if ext else {}
    if fix0:
        set_bounds(h, inst.cols("z")[[int(g) for g in fix0.split(",")]], 0.0, 0.0)
    if start:
        val = np.load(start)
        if len(val) < h.getNumCol():  # W / WS columns: zero-padded (may make the start infeasible; use Wp / WSp)
            val = np.r_[val, np.zeros(h.getNumCol() - len(val))]
        sol = highspy.HighsSolution()
        sol.col_value = val.tolist()
        sol.value_valid = True
        h.setSolution(sol)
    load = _load()
    t0 = time.perf_counter()
    h.run()
    wall = time.perf_counter() - t0
    info = h.getInfo()
    np.save(OUT / f"best_{size}_{tag or 'base'}.npy", np.asarray(h.getSolution().col_value))
    pts = parse_log(OUT / log)
    return {"cmd": "long", "size": size, "link": link, "tag": tag, "cuts": cuts, "extra_rows": n_cut, "ext": ext,
            "ext_counts": n_ext, "fix0": fix0, "opts": opts,
            "objective": info.objective_function_value, "bound": info.mip_dual_bound, "gap": info.mip_gap,
            "nodes": info.mip_node_count, "wall_s": wall, "load": load, "load_after": _load(),
            "trace": pts[:: max(1, len(pts) // 40)] + pts[-1:]}


def decompose(inst: Inst, col: np.ndarray) -> dict[str, float]:
    c = np.asarray(inst.dm.lp.col_cost_)
    out = {name: float(c[inst.cols(name)] @ col[inst.cols(name)]) for name in inst.off if len(inst.cols(name))}
    out["sum_z"] = float(col[inst.cols("z")].sum())
    out["n_z_pos"] = int((col[inst.cols("z")] > 1e-6).sum())
    out["sum_v"] = float(col[inst.cols("v")].sum())
    out["n_v_pos"] = int((col[inst.cols("v")] > 1e-6).sum())
    rr = col[inst.cols("r")]
    out["sum_r"] = float(rr.sum())
    out["n_r_pos"] = int((rr > 1e-6).sum())
    n_s, n_t = len(inst.d.site_ids), inst.n_t
    x = col[inst.off["x"]:inst.off["x"] + n_s * n_t].reshape(n_s, n_t)
    out["x_by_year"] = x.sum(axis=0).round(1).tolist()
    return out


def cmd_decompose(size: str, plan: str = "", lp: str = "", **_: Any) -> dict[str, Any]:
    inst = make(size)  # the column layout only (cost vector is the same with or without cover rows)
    lp_col = np.load(lp or OUT / f"lp_{size}.npy")
    res = {"cmd": "decompose", "size": size, "lp": decompose(inst, lp_col)}
    if plan:
        res["plan"] = decompose(inst, np.load(plan))
    return res


def cmd_strategy(size: str, limit: str = "120", cuts: str = "", keep: str = "24", pick_share: str = "0.25",
                 restr_share: str = "0.5", tag: str = "", sparse: str = "0", lp_solver: str = "simplex",
                 cover: str = "1", ext: str = "", link: str = "1", **opts: str) -> dict[str, Any]:
    """The screened strategy end to end in highspy (LP -> pick -> restricted -> full MIP warm-started), with
    optional extra rows in every phase and the share of the time left that the pick and restricted MIPs get."""
    inst = make(size, sparse == "1", cover == "1", link == "1")
    hopts: dict[str, Any] = {k: float(v) if "." in v else int(v) for k, v in opts.items()}
    budget = float(limit)
    load = _load()
    t_start = time.perf_counter()

    def left() -> float:
        return budget - (time.perf_counter() - t_start)

    h = highs(inst, mip=False, time_limit=budget, solver=lp_solver)
    if sparse == "1":
        add_sparse(h, inst)
    n_cut = add_rows(h, cut_rows(inst, cuts)) if cuts else 0
    n_ext = ext_rows(h, inst, ext) if ext else {}
    h.run()
    lp_s = time.perf_counter() - t_start
    lp_bound = h.getInfo().objective_function_value
    lp_col = np.asarray(h.getSolution().col_value)
    h = highs(inst, mip=True, log=f"strategy_{size}_{tag or cuts or ext or 'base'}.log", mip_rel_gap=0.01, **hopts)
    if sparse == "1":
        add_sparse(h, inst)
    if cuts:
        add_rows(h, cut_rows(inst, cuts))
    if ext:
        ext_rows(h, inst, ext)
    rest = left()
    sol, out = _restricted(inst, h, lp_col, int(keep), max(1.0, float(pick_share) * rest),
                           max(1.0, float(restr_share) * rest))
    restricted_obj = out["restricted_obj"]
    full_bound = full_obj = None
    if left() > 1.0:
        h.setSolution(sol)
        h.setOptionValue("time_limit", left())
        h.run()
        info = h.getInfo()
        full_bound, full_obj = info.mip_dual_bound, info.objective_function_value
    total = time.perf_counter() - t_start
    best = min(o for o in (restricted_obj, full_obj) if o is not None)
    plan = np.asarray((h.getSolution() if full_obj is not None and full_obj <= restricted_obj else sol).col_value)
    np.save(OUT / f"plan_{size}_{tag or cuts or ext or 'base'}.npy", plan[:inst.dm.lp.num_col_])
    gb = max(b for b in (lp_bound, full_bound) if b is not None)
    return {"cmd": "strategy", "size": size, "cover": cover, "link": link, "sparse": sparse, "tag": tag, "cuts": cuts,
            "extra_rows": n_cut, "ext": ext, "ext_counts": n_ext, "keep": int(keep),
            "pick_share": float(pick_share), "restr_share": float(restr_share), "opts": opts, "limit": budget,
            "lp_s": lp_s, "lp_bound": lp_bound, **out, "full_bound": full_bound, "full_obj": full_obj,
            "objective": best, "global_bound": gb, "global_gap": (best - gb) / best, "total_s": total,
            "load": load, "load_after": _load()}


def probe_regions(inst: Inst, h: highspy.Highs, upper: float, regions: np.ndarray | None = None,
                  deadline: float = float("inf"), both: bool = True) -> dict[str, Any]:
    """Probing on z at the LP of ``h`` (already solved; its rows and columns are kept): for each region g,
    LP(z_g = 1) > upper  =>  z_g = 0 in every plan cheaper than ``upper``; LP(z_g = 0) > upper => z_g = 1.

    Each probe is a bound change and a warm dual-simplex re-solve from the root basis; the bound change is
    undone before the next probe. Validity: an LP over a subset of the feasible set bounds every plan in it, so
    a plan with z_g = 1 costs >= LP(z_g = 1) > upper. The probe value is the LP objective of a solve HiGHS reports
    Optimal (primal and dual feasible to 1e-7); a margin of 1e-6 relative is kept. Fixings found one after the
    other are NOT applied to later probes (each probe is against the same root LP), so all are valid together:
    the plans cheaper than ``upper`` lie in the intersection."""
    zc = inst.cols("z")
    lp_obj = h.getInfo().objective_function_value
    col = np.asarray(h.getSolution().col_value)
    basis = h.getBasis()
    zv = col[zc]
    if regions is None:
        regions = np.arange(len(zc))
    lo0, hi0 = np.asarray(h.getLp().col_lower_)[zc], np.asarray(h.getLp().col_upper_)[zc]
    one, zero, vals1, vals0 = [], [], {}, {}
    margin = 1e-6 * abs(upper)
    n_lp = 0
    for g in regions:
        g = int(g)
        if time.perf_counter() > deadline:
            break
        for side in ((1.0,) + ((0.0,) if both else ())):
            if lo0[g] == hi0[g]:
                continue
            if (side == 1.0 and zv[g] > 1 - 1e-9) or (side == 0.0 and zv[g] < 1e-9):
                continue  # the root LP is already on that side: no lift
            set_bounds(h, zc[[g]], side, side)
            h.setBasis(basis)
            h.run()
            n_lp += 1
            st = h.getModelStatus()
            if st == highspy.HighsModelStatus.kInfeasible:
                val = float("inf")
            elif st == highspy.HighsModelStatus.kOptimal:
                val = h.getInfo().objective_function_value
            else:
                val = float("nan")
            set_bounds(h, zc[[g]], lo0[g], hi0[g])
            if side == 1.0:
                vals1[g] = val
                if val > upper + margin:
                    zero.append(g)
            else:
                vals0[g] = val
                if val > upper + margin:
                    one.append(g)
    h.setBasis(basis)
    return {"fix0": zero, "fix1": one, "probe1": vals1, "probe0": vals0, "n_lp": n_lp, "lp_obj": lp_obj}


def cmd_probe(size: str, ext: str = "W", upper: str = "5899.7", which: str = "all", both: str = "1",
              cover: str = "1", link: str = "1", **_: Any) -> dict[str, Any]:
    """Root LP (model + ``ext``), then probe z_g = 1 / z_g = 0 for every region (``which=all``) or for the regions
    with z > 0 (``which=pos``) against the plan value ``upper``."""
    inst = make(size, cover=cover == "1", link=link == "1")
    load = _load()
    h = highs(inst, mip=False)
    n_ext = ext_rows(h, inst, ext) if ext else {}
    t0 = time.perf_counter()
    h.run()
    lp_s = time.perf_counter() - t0
    zv = np.asarray(h.getSolution().col_value)[inst.cols("z")]
    regs = np.nonzero(zv > 1e-9)[0] if which == "pos" else None
    t1 = time.perf_counter()
    res = probe_regions(inst, h, float(upper), regs, both=both == "1")
    probe_s = time.perf_counter() - t1
    return {"cmd": "probe", "size": size, "link": link, "ext": ext, "ext_counts": n_ext, "upper": float(upper),
            "which": which,
            "lp_s": lp_s, "probe_s": probe_s, **res, "n_fix0": len(res["fix0"]), "n_fix1": len(res["fix1"]),
            "z_pos": {int(g): round(float(zv[g]), 4) for g in np.nonzero(zv > 1e-9)[0]},
            "load": load, "load_after": _load()}


COMMANDS = {"strategy": cmd_strategy, "lp": cmd_lp, "incumbent": cmd_incumbent, "long": cmd_long,
            "decompose": cmd_decompose,
            "probe": cmd_probe}


def main(argv: list[str]) -> None:
    cmd, size, *rest = argv
    kw = dict(a.split("=", 1) for a in rest)
    rec = COMMANDS[cmd](size, **kw)
    rec["date"] = time.strftime("%H:%M:%S", time.gmtime())
    OUT.mkdir(parents=True, exist_ok=True)
    for path in (OUT / "results.jsonl", REPO / "benchmarks" / "studies" / "gap_study.jsonl"):
        with path.open("a") as fh:
            fh.write(json.dumps(rec, default=float) + "\n")
    print(json.dumps(rec, default=float))


if __name__ == "__main__":
    main(sys.argv[1:])
