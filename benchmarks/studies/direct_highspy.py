"""The siting MILP built straight into HiGHS from :class:`ModelData` with numpy arrays: the floor for build time.

Same columns, rows and objective as :func:`siting.model.build.build_model` (every family of ``model.md``), built
vectorised -- no Python loop over sites, arcs or years -- as a CSC matrix handed over with
``highspy.Highs().passModel``. Used by ``benchmarks/national.py`` as the reference build and by
:func:`check_same_lp` to prove the two builds are the same LP (equal LP-relaxation optimum).

    python benchmarks/studies/direct_highspy.py 300 100      # build, LP relaxation of both builds, compare
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy.sparse import coo_matrix

from siting.model.data import ModelData

INF = highspy.kHighsInf


@dataclass
class _Rows:
    """COO triplets and row bounds, appended family by family."""

    rows: list[np.ndarray] = field(default_factory=list)
    cols: list[np.ndarray] = field(default_factory=list)
    vals: list[np.ndarray] = field(default_factory=list)
    lo: list[np.ndarray] = field(default_factory=list)
    hi: list[np.ndarray] = field(default_factory=list)
    n: int = 0

    def add(self, r: np.ndarray, c: np.ndarray, v: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        """``r`` are row numbers local to this block (0..len(lo)-1)."""
        self.rows.append(np.asarray(r, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(c, dtype=np.int64))
        self.vals.append(np.broadcast_to(np.asarray(v, dtype=float), np.shape(r)).copy())
        self.lo.append(np.asarray(lo, dtype=float))
        self.hi.append(np.asarray(hi, dtype=float))
        self.n += len(lo)


@dataclass
class DirectModel:
    """The arrays handed to HiGHS, and where each variable family starts (for reading solutions)."""

    lp: highspy.HighsLp
    offsets: dict[str, int]
    integrality: np.ndarray


def _first_index(years: np.ndarray, decision_year: int, lead: np.ndarray) -> np.ndarray:
    """First planning-year index at least ``lead`` after the decision year; len(years) means never."""
    return np.searchsorted(years, decision_year + lead - 1e-9, side="left")


def _time_pairs(first: np.ndarray, n_t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(item, t) for t = first..n_t-1, item-major (the order of Index.arc_time), and each item's start."""
    counts = np.maximum(n_t - first, 0)
    start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    item = np.repeat(np.arange(len(first)), counts)
    t = first[item] + np.arange(counts.sum()) - start[item]
    return item, t, start


def _link_pairs(d: ModelData, at_a: np.ndarray, at_t: np.ndarray, kt_k: np.ndarray, kt_t: np.ndarray
                ) -> dict[str, np.ndarray]:
    """The (g, b, t) rows and their (row, step) w columns of siting/model/constraints/headroom_link.py.

    ``inv``: link row of each (arc, year) pair; per row ``b``, ``t``, ``g`` and ``draw`` (D_gbt); per w column
    ``row``, ``k`` and ``c`` (the coefficient min(dH_k, max(0, D - H_b - dH of the steps before k)) > 0)."""
    n_t, n_g = len(d.years), len(d.region_ids)
    a_site, a_sub = np.asarray(d.arc_site, dtype=np.int64), np.asarray(d.arc_sub, dtype=np.int64)
    s_reg = np.asarray(d.site_region, dtype=np.int64)
    key = (a_sub[at_a] * n_t + at_t) * n_g + s_reg[a_site[at_a]]
    uniq, inv = np.unique(key, return_inverse=True)
    draw = np.bincount(inv, weights=d.pue * np.asarray(d.site_cap_mw, dtype=float)[a_site[at_a]])
    rb, rt, rg = uniq // (n_t * n_g), (uniq // n_g) % n_t, uniq % n_g
    # steps in service at (b, t), sorted by (b, t, order); dH of the steps before each one at its substation
    k_sub, dh = np.asarray(d.step_sub, dtype=np.int64), np.asarray(d.step_added_mw, dtype=float)
    k_ord = np.asarray(d.step_order)
    by_order = np.lexsort((k_ord, k_sub))
    before = np.zeros(len(k_sub))
    if len(k_sub):
        cum = np.cumsum(dh[by_order])
        first_of_sub = np.r_[True, k_sub[by_order][1:] != k_sub[by_order][:-1]]
        start = np.maximum.accumulate(np.where(first_of_sub, np.arange(len(k_sub)), 0))
        before[by_order] = cum - dh[by_order] - np.r_[0.0, cum][start]
    kt_key = k_sub[kt_k] * n_t + kt_t
    srt = np.argsort(kt_key, kind="stable")
    lo = np.searchsorted(kt_key[srt], rb * n_t + rt, side="left")
    hi = np.searchsorted(kt_key[srt], rb * n_t + rt, side="right")
    n_pair = hi - lo
    row = np.repeat(np.arange(len(uniq)), n_pair)
    pick = srt[np.repeat(lo, n_pair) + np.arange(n_pair.sum()) - np.repeat(np.cumsum(n_pair) - n_pair, n_pair)]
    k = kt_k[pick]
    head = np.asarray(d.headroom_mw, dtype=float)
    c = np.minimum(dh[k], np.maximum(0.0, draw[row] - head[rb[row]] - before[k]))
    ok = c > 0
    return {"inv": inv, "b": rb, "t": rt, "g": rg, "draw": draw, "row": row[ok], "k": k[ok], "c": c[ok]}


def build_arrays(d: ModelData) -> DirectModel:
    """Build the model of ``d`` as numpy arrays (columns z, x, y, u, v, f, r, q, X, w)."""
    n_t, n_g, n_s, n_n = len(d.years), len(d.region_ids), len(d.site_ids), len(d.node_ids)
    n_p, n_a, n_k, n_b, n_l = len(d.pair_node), len(d.arc_site), len(d.step_sub), len(d.substation_ids), \
        len(d.link_from) if d.decarb_gwh else 0
    years = np.asarray(d.years)
    dur = np.asarray(d.dur_years)
    disc = (1.0 + d.discount_rate) ** -(years - d.decision_year).astype(float)
    sc = d.cost_scale
    cap = np.asarray(d.site_cap_mw)
    s_reg = np.asarray(d.site_region, dtype=np.int64)
    demand = np.asarray(d.demand_mw, dtype=float).reshape(n_n, n_t)
    existing = np.asarray(d.region_existing, dtype=bool) if d.region_existing else np.zeros(n_g, dtype=bool)
    grid = n_b > 0
    # --- sparse time structure (what Index.build computes) -----------------------------------------------
    a_site, a_sub = np.asarray(d.arc_site, dtype=np.int64), np.asarray(d.arc_sub, dtype=np.int64)
    a_first = _first_index(years, d.decision_year, np.asarray(d.arc_lead_years, dtype=float))
    k_sub, k_ord = np.asarray(d.step_sub, dtype=np.int64), np.asarray(d.step_order)
    k_own = _first_index(years, d.decision_year, np.asarray(d.step_lead_years, dtype=float))
    order = np.lexsort((k_ord, k_sub))
    # a step is in service no earlier than the step it follows: running max within each substation
    shifted = k_own[order] + k_sub[order] * (n_t + 1)
    k_first = np.empty(n_k, dtype=np.int64)
    k_first[order] = np.maximum.accumulate(shifted) - k_sub[order] * (n_t + 1) if n_k else shifted
    k_prev = np.full(n_k, -1, dtype=np.int64)
    same = np.r_[False, k_sub[order][1:] == k_sub[order][:-1]] if n_k else np.zeros(0, dtype=bool)
    k_prev[order[same]] = order[np.nonzero(same)[0] - 1]
    site_first = np.full(n_s, n_t, dtype=np.int64)
    np.minimum.at(site_first, a_site, a_first)
    at_a, at_t, at_start = _time_pairs(a_first, n_t)
    kt_k, kt_t, kt_start = _time_pairs(k_first, n_t)
    reach = np.zeros((n_b, n_t + 1))
    np.add.at(reach, (k_sub, k_first), np.asarray(d.step_added_mw, dtype=float))
    reach = np.asarray(d.headroom_mw, dtype=float)[:, None] + np.cumsum(reach, axis=1)[:, :n_t] if n_b else reach
    big_m = np.minimum(d.pue * cap[a_site[at_a]], reach[a_sub[at_a], at_t]) if n_a else np.zeros(0)
    link = _link_pairs(d, at_a, at_t, kt_k, kt_t) if grid and d.headroom_link else None
    # --- columns ---------------------------------------------------------------------------------------------
    diverse = d.max_area_share is not None and d.max_area_share < 1 and bool(d.site_area)
    sizes = {"z": n_g, "x": n_s * n_t, "y": n_p * n_t, "u": n_n * n_t, "v": n_a if grid else 0,
             "f": len(at_a) if grid else 0, "r": len(kt_k) if grid else 0, "q": n_l * n_t,
             "X": n_t if diverse else 0, "w": len(link["row"]) if link else 0}
    off, pos = {}, 0
    for name, size in sizes.items():
        off[name] = pos
        pos += size
    n_col = pos
    lo, hi, cost = np.zeros(n_col), np.full(n_col, INF), np.zeros(n_col)
    integ = np.zeros(n_col, dtype=np.uint8)
    z0 = off["z"]
    hi[z0:z0 + n_g] = 1.0
    integ[z0:z0 + n_g] = 1
    for g in d.forced_in:
        lo[z0 + g] = 1.0
    lo[z0:z0 + n_g][existing] = 1.0
    for g in d.forced_out:
        lo[z0 + g] = hi[z0 + g] = 0.0
    cost[z0:z0 + n_g] = sc * np.asarray(d.region_fixed_cost_jpy)
    xs = np.repeat(np.arange(n_s), n_t)
    xt = np.tile(np.arange(n_t), n_s)
    x_ub = cap[xs].copy()
    if grid:
        x_ub[xt < site_first[xs]] = 0.0
    hi[off["x"]:off["x"] + n_s * n_t] = x_ub
    p_node, p_site = np.asarray(d.pair_node, dtype=np.int64), np.asarray(d.pair_site, dtype=np.int64)
    cost[off["y"]:off["y"] + n_p * n_t] = (sc * np.asarray(d.pair_cost_jpy_per_mw_year, dtype=float)[:, None]
                                           * dur[None, :]).ravel()
    hi[off["u"]:off["u"] + n_n * n_t] = demand.ravel() if d.allow_unserved else 0.0
    weight_delay = sc * d.delay_cost_jpy_per_mw_year
    cost[off["u"]:off["u"] + n_n * n_t] = np.tile(weight_delay * dur, n_n)
    if grid:
        hi[off["v"]:off["v"] + n_a] = 1.0
        integ[off["v"]:off["v"] + n_a] = 1 if d.connection_binaries else 0
        cost[off["v"]:off["v"] + n_a] = sc * np.asarray(d.arc_cost_jpy)
        r0, n_r = off["r"], len(kt_k)
        hi[r0:r0 + n_r] = 1.0
        integ[r0:r0 + n_r] = 1
        later = np.where(kt_t + 1 < n_t, disc[np.minimum(kt_t + 1, n_t - 1)], 0.0)
        cost[r0:r0 + n_r] = sc * np.asarray(d.step_cost_jpy)[kt_k] * (disc[kt_t] - later)
    if n_l:
        hi[off["q"]:off["q"] + n_l * n_t] = np.asarray(d.link_gwh, dtype=float).ravel()
    hi[off["w"]:off["w"] + sizes["w"]] = 1.0

    def col_x(s: np.ndarray, t: np.ndarray | int) -> np.ndarray:
        return off["x"] + s * n_t + t

    def col_y(p: np.ndarray, t: np.ndarray | int) -> np.ndarray:
        return off["y"] + p * n_t + t

    def col_u(n: np.ndarray, t: np.ndarray | int) -> np.ndarray:
        return off["u"] + n * n_t + t

    def col_f(a: np.ndarray, t: np.ndarray) -> np.ndarray:
        return off["f"] + at_start[a] + t - a_first[a]

    def col_r(k: np.ndarray, t: np.ndarray) -> np.ndarray:
        return off["r"] + kt_start[k] + t - k_first[k]

    rows = _Rows()
    t_all = np.arange(n_t)
    last = n_t - 1
    # --- demand ----------------------------------------------------------------------------------------------
    pt_p, pt_t = np.repeat(np.arange(n_p), n_t), np.tile(t_all, n_p)
    nt_n, nt_t = np.repeat(np.arange(n_n), n_t), np.tile(t_all, n_n)
    rows.add(np.r_[p_node[pt_p] * n_t + pt_t, nt_n * n_t + nt_t], np.r_[col_y(pt_p, pt_t), col_u(nt_n, nt_t)], 1.0,
          demand.ravel(), demand.ravel())
    rows.add(np.r_[p_site[pt_p] * n_t + pt_t, xs * n_t + xt], np.r_[col_y(pt_p, pt_t), col_x(xs, xt)],
          np.r_[np.ones(len(pt_p)), -np.ones(len(xs))], np.zeros(n_s * n_t), np.zeros(n_s * n_t))
    if d.strong_linking:
        bound = np.minimum(demand[p_node[pt_p], pt_t], cap[p_site[pt_p]])
        rr = np.arange(len(pt_p))
        rows.add(np.r_[rr, rr], np.r_[col_y(pt_p, pt_t), z0 + s_reg[p_site[pt_p]]], np.r_[np.ones(len(rr)), -bound],
              np.full(len(rr), -INF), np.zeros(len(rr)))
    # --- land ------------------------------------------------------------------------------------------------
    rr = np.arange(n_s * n_t)
    rows.add(np.r_[rr, rr], np.r_[col_x(xs, xt), z0 + s_reg[xs]], np.r_[np.ones(len(rr)), -cap[xs]],
          np.full(len(rr), -INF), np.zeros(len(rr)))
    ms, mt = np.repeat(np.arange(n_s), n_t - 1), np.tile(np.arange(1, n_t), n_s)
    rr = np.arange(len(ms))
    rows.add(np.r_[rr, rr], np.r_[col_x(ms, mt - 1), col_x(ms, mt)], np.r_[np.ones(len(rr)), -np.ones(len(rr))],
          np.full(len(rr), -INF), np.zeros(len(rr)))
    cap_g = np.bincount(s_reg, weights=cap, minlength=n_g)
    if d.capacity_cover_cut:
        gt_g, gt_t = np.repeat(np.arange(n_g), n_t), np.tile(t_all, n_g)
        rows.add(np.r_[gt_t, nt_t], np.r_[z0 + gt_g, col_u(nt_n, nt_t)], np.r_[cap_g[gt_g], np.ones(len(nt_n))],
              demand.sum(axis=0), np.full(n_t, INF))
    # --- regions ---------------------------------------------------------------------------------------------
    min_mw = np.asarray(d.region_min_mw, dtype=float)
    sized = np.nonzero((min_mw > 0) & ~existing)[0]
    row_of = np.full(n_g, -1)
    row_of[sized] = np.arange(len(sized))
    ss = np.nonzero(row_of[s_reg] >= 0)[0]
    rows.add(np.r_[row_of[s_reg[ss]], np.arange(len(sized))], np.r_[col_x(ss, last), z0 + sized],
          np.r_[np.ones(len(ss)), -min_mw[sized]], np.zeros(len(sized)), np.full(len(sized), INF))
    if d.max_regions is not None:
        gs = np.nonzero(~existing)[0]
        rows.add(np.zeros(len(gs)), z0 + gs, 1.0, [-INF], [float(d.max_regions)])
    # --- connection and headroom -----------------------------------------------------------------------------
    if grid:
        # draw: PUE x[s,t] - sum of f[a,t] over the site's arcs in service <= 0, for (s,t) with such an arc
        st_ok = xt >= site_first[xs]
        row_st = np.full(n_s * n_t, -1)
        row_st[st_ok] = np.arange(st_ok.sum())
        fr = row_st[a_site[at_a] * n_t + at_t]
        rows.add(np.r_[row_st[st_ok], fr], np.r_[col_x(xs[st_ok], xt[st_ok]), col_f(at_a, at_t)],
              np.r_[np.full(st_ok.sum(), d.pue), -np.ones(len(at_a))], np.full(st_ok.sum(), -INF),
              np.zeros(st_ok.sum()))
        rr = np.arange(len(at_a))
        rows.add(np.r_[rr, rr], np.r_[col_f(at_a, at_t), off["v"] + at_a], np.r_[np.ones(len(rr)), -big_m],
              np.full(len(rr), -INF), np.zeros(len(rr)))
        rr = np.arange(n_a)
        rows.add(np.r_[rr, rr], np.r_[off["v"] + rr, z0 + s_reg[a_site]], np.r_[np.ones(n_a), -np.ones(n_a)],
              np.full(n_a, -INF), np.zeros(n_a))
        # headroom rows exist for (b,t) with an arc in service
        has = np.zeros((n_b, n_t), dtype=bool)
        has[a_sub[at_a], at_t] = True
        row_bt = np.full((n_b, n_t), -1)
        row_bt[has] = np.arange(has.sum())
        kr = row_bt[k_sub[kt_k], kt_t]
        kok = kr >= 0
        hb = np.nonzero(has)[0]
        b_of_row = hb  # row_bt numbers the (b, t) pairs in this order: substation of each headroom row
        rows.add(np.r_[row_bt[a_sub[at_a], at_t], kr[kok]], np.r_[col_f(at_a, at_t), col_r(kt_k[kok], kt_t[kok])],
              np.r_[np.ones(len(at_a)), -np.asarray(d.step_added_mw, dtype=float)[kt_k[kok]]],
              np.full(len(hb), -INF), np.asarray(d.headroom_mw, dtype=float)[hb])
        if d.headroom_cover:  # siting/model/constraints/headroom_cover.py: per connection, then per region
            dh = np.asarray(d.step_added_mw, dtype=float)
            head = np.asarray(d.headroom_mw, dtype=float)
            fb = row_bt[a_sub[at_a], at_t]
            rows.add(np.r_[fb, fb, kr[kok]], np.r_[col_f(at_a, at_t), off["v"] + at_a, col_r(kt_k[kok], kt_t[kok])],
                  np.r_[np.ones(len(at_a)), -np.minimum(big_m, head[a_sub[at_a]]), -dh[kt_k[kok]]],
                  np.full(len(hb), -INF), np.zeros(len(hb)))
            # D_gbt: draw of region g's sites on connections to b in service at t, summed per (b, t, g)
            key = (fb * n_g + s_reg[a_site[at_a]]).astype(np.int64)
            uniq, inv = np.unique(key, return_inverse=True)
            d_gbt = np.bincount(inv, weights=d.pue * cap[a_site[at_a]])
            ub, ug = uniq // n_g, uniq % n_g
            rows.add(np.r_[fb, ub, kr[kok]], np.r_[col_f(at_a, at_t), z0 + ug, col_r(kt_k[kok], kt_t[kok])],
                  np.r_[np.ones(len(at_a)), -np.minimum(head[b_of_row[ub]], d_gbt), -dh[kt_k[kok]]],
                  np.full(len(hb), -INF), np.zeros(len(hb)))
        if link:  # siting/model/constraints/headroom_link.py: per (g, b, t), then w <= z and w <= r
            n_lr, n_w = len(link["b"]), len(link["row"])
            wc = off["w"] + np.arange(n_w)
            head = np.asarray(d.headroom_mw, dtype=float)
            rows.add(np.r_[link["inv"], np.arange(n_lr), link["row"]],
                     np.r_[col_f(at_a, at_t), z0 + link["g"], wc],
                     np.r_[np.ones(len(at_a)), -np.minimum(head[link["b"]], link["draw"]), -link["c"]],
                     np.full(n_lr, -INF), np.zeros(n_lr))
            rr = np.arange(n_w)
            wt = link["t"][link["row"]]
            rows.add(np.r_[rr, rr], np.r_[wc, z0 + link["g"][link["row"]]], np.r_[np.ones(n_w), -np.ones(n_w)],
                     np.full(n_w, -INF), np.zeros(n_w))
            rows.add(np.r_[rr, rr], np.r_[wc, col_r(link["k"], wt)], np.r_[np.ones(n_w), -np.ones(n_w)],
                     np.full(n_w, -INF), np.zeros(n_w))
        mono = kt_t > k_first[kt_k]
        mk, mt2 = kt_k[mono], kt_t[mono]
        rr = np.arange(len(mk))
        rows.add(np.r_[rr, rr], np.r_[col_r(mk, mt2 - 1), col_r(mk, mt2)], np.r_[np.ones(len(rr)), -np.ones(len(rr))],
              np.full(len(rr), -INF), np.zeros(len(rr)))
        ordd = k_prev[kt_k] >= 0
        ok_k, ok_t = kt_k[ordd], kt_t[ordd]
        rr = np.arange(len(ok_k))
        rows.add(np.r_[rr, rr], np.r_[col_r(ok_k, ok_t), col_r(k_prev[ok_k], ok_t)],
              np.r_[np.ones(len(rr)), -np.ones(len(rr))], np.full(len(rr), -INF), np.zeros(len(rr)))
    # --- decarbonised supply ---------------------------------------------------------------------------------
    s_area = np.asarray(d.site_area, dtype=np.int64) if d.site_area else np.zeros(0, dtype=np.int64)
    n_ar = len(d.area_ids)
    if d.decarb_gwh:
        share = np.asarray(d.decarb_share, dtype=float)
        l_from, l_to = np.asarray(d.link_from, dtype=np.int64), np.asarray(d.link_to, dtype=np.int64)
        n_sites_a = np.bincount(s_area, minlength=n_ar)
        n_links_a = np.bincount(np.r_[l_from, l_to], minlength=n_ar)
        keep = (n_links_a[:, None] > 0) | ((n_sites_a[:, None] > 0) & (share[None, :] > 0))
        row_at = np.full((n_ar, n_t), -1)
        row_at[keep] = np.arange(keep.sum())
        lt_l, lt_t = np.repeat(np.arange(n_l), n_t), np.tile(t_all, n_l)
        qcol = off["q"] + lt_l * n_t + lt_t
        xr = row_at[s_area[xs], xt]
        xok = xr >= 0
        rows.add(np.r_[xr[xok], row_at[l_to[lt_l], lt_t], row_at[l_from[lt_l], lt_t]],
              np.r_[col_x(xs[xok], xt[xok]), qcol, qcol],
              np.r_[share[xt[xok]] * d.gwh_per_it_mw_year, -np.ones(len(lt_l)), np.ones(len(lt_l))],
              np.full(keep.sum(), -INF), np.asarray(d.decarb_gwh, dtype=float)[keep])
    # --- water -----------------------------------------------------------------------------------------------
    if d.water_ids and d.water_m3_per_day_per_mw > 0:
        s_w = np.asarray(d.site_water, dtype=np.int64)
        used = np.unique(s_w[s_w >= 0])
        row_w = np.full(len(d.water_ids), -1)
        row_w[used] = np.arange(len(used))
        ws = np.nonzero(s_w >= 0)[0]
        rows.add(row_w[s_w[ws]], col_x(ws, last), d.water_m3_per_day_per_mw, np.full(len(used), -INF),
              np.asarray(d.water_spare_m3_per_day, dtype=float)[used])
    # --- diversity -------------------------------------------------------------------------------------------
    if diverse:  # X_t = sum_s x[s,t]; sum_{s in a} x[s,t] <= share X_t (siting/model/constraints/diversity.py)
        x0 = off["X"]
        rows.add(np.r_[t_all, xt], np.r_[x0 + t_all, col_x(xs, xt)], np.r_[np.ones(n_t), -np.ones(len(xs))],
                 np.zeros(n_t), np.zeros(n_t))
        present = np.unique(s_area)
        row_a = np.full(n_ar, -1)
        row_a[present] = np.arange(len(present))
        ra = row_a[s_area[xs]] * n_t + xt
        rx = row_a[present][:, None] * n_t + t_all[None, :]
        rows.add(np.r_[ra, rx.ravel()], np.r_[col_x(xs, xt), np.tile(x0 + t_all, len(present))],
                 np.r_[np.ones(len(xs)), np.full(rx.size, -d.max_area_share)],
                 np.full(len(present) * n_t, -INF), np.zeros(len(present) * n_t))
    # --- delay cap (epsilon row of the Pareto front) ---------------------------------------------------------
    rows.add(np.zeros(n_n * n_t), col_u(nt_n, nt_t), np.tile(dur, n_n), [-INF], [float((demand * dur).sum() + 1.0)])
    # --- assemble --------------------------------------------------------------------------------------------
    mat = coo_matrix((np.concatenate(rows.vals), (np.concatenate(rows.rows), np.concatenate(rows.cols))),
                     shape=(rows.n, n_col)).tocsc()
    mat.sum_duplicates()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_col, rows.n
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lo, hi
    lp.row_lower_, lp.row_upper_ = np.concatenate(rows.lo), np.concatenate(rows.hi)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = mat.indptr, mat.indices, mat.data
    return DirectModel(lp, off, integ)


def pass_model(dm: DirectModel, *, mip: bool = True) -> highspy.Highs:
    """Hand the arrays to a new HiGHS instance (integrality set when ``mip``)."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(dm.lp)
    if mip:
        idx = np.nonzero(dm.integrality)[0].astype(np.int32)
        h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kInteger))
    return h


def check_same_lp(d: ModelData) -> tuple[float, float, tuple[int, int], tuple[int, int]]:
    """LP-relaxation optimum of the direct build and of the Pyomo build (rows, cols of each)."""
    import pyomo.environ as pyo

    from siting.model.build import build_model
    from siting.solve.highs import PersistentSolver

    h = pass_model(build_arrays(d), mip=False)
    h.run()
    direct = h.getInfo().objective_function_value
    m, rows = build_model(d)
    for v in m.component_data_objects(pyo.Var):
        if v.is_binary():
            v.domain = pyo.UnitInterval if not v.fixed else v.domain
    solver = PersistentSolver(m, rows=rows)
    res = solver.solve()
    hp = solver.highs
    return direct, float(res.objective or float("nan")), (h.getNumRow(), h.getNumCol()), \
        (hp.getNumRow(), hp.getNumCol())


if __name__ == "__main__":
    from tests.synthetic import model_data

    n_s, n_b = (int(a) for a in sys.argv[1:3]) if len(sys.argv) >= 3 else (300, 100)
    data = model_data(n_s, n_b)
    t0 = time.perf_counter()
    dm = build_arrays(data)
    t1 = time.perf_counter()
    hh = pass_model(dm)
    t2 = time.perf_counter()
    print(f"direct build {t1 - t0:.3f} s, passModel {t2 - t1:.3f} s: {hh.getNumRow()} rows, {hh.getNumCol()} cols, "
          f"{len(hh.getLp().a_matrix_.value_)} nonzeros")
    lp_direct, lp_pyomo, shape_d, shape_p = check_same_lp(model_data(n_s, n_b))
    print(f"LP relaxation: direct {lp_direct:.6f} (rows, cols {shape_d}); Pyomo {lp_pyomo:.6f} (rows, cols {shape_p})")
