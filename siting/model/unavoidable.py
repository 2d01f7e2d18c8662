r"""The delay no plan can avoid: a constant computed from the data, before any solve.

In the first planning years no new connection or reinforcement can be in service yet (lead times), so the only
IT MW that can serve demand are committed capacity and what existing connections can carry. Whatever demand
exceeds that is delayed in every plan; its cost is the same constant in every objective, and a gap measured on
the total (mostly this constant) says little about the choices that differ. This module bounds, per year t, the
IT MW any plan can serve from above and so the unserved MW from below:

.. math::

    ub_{s,t} = \min\Big(cap_s,\; c_{s,t} + \sum_{a \in A_t(s)} M_{a,t} / PUE_s\Big)        \qquad
    S_t = \min\Big(\sum_s ub_{s,t},\; \sum_s c_{s,t} + \sum_{b \in B_t} R_{b,t} / PUE_{min}\Big) \\
    U_t = \max\Big(0,\; D_t - S_t,\; \sum_n \max\big(0, D_{n,t} - \sum_{s \in P(n)} ub_{s,t}\big)\Big)

with :math:`c_{s,t}` committed IT MW, :math:`A_t(s)` the site's connections in service at t,
:math:`M_{a,t}` their big-M (the most grid MW they can carry), :math:`PUE_s` the lowest PUE site s can cool
at, :math:`B_t` the substations with a connection in service at t and :math:`R_{b,t}` the grid MW they can
reach by t (free headroom plus every step in service), :math:`P(n)` the sites within node n's latency limit.
Only sites with a demand pair count. Every plan serves at most :math:`S_t` (each site runs at most its land
and what its connections carry; all connections together at most what their substations reach) and each node
at most what its sites can run, so every plan leaves at least :math:`U_t` unserved:
:math:`\sum_t dur_t \, U_t` MW-years of delay are unavoidable, and :math:`\lambda \sum_t dur_t U_t` JPY of
every objective. The bound holds for every year; it is large only in years before new connections and steps
can be in service, and wherever land or reachable headroom fall short of demand.

Without unserved demand allowed (the OR-Library path) the constant is 0.
"""

from __future__ import annotations

from siting.model.data import ModelData


def unavoidable_unserved_mw(d: ModelData) -> list[float]:
    """``U_t``: IT MW unserved in year index t in every feasible plan (see the module docstring)."""
    n_t = len(d.years)
    if not d.allow_unserved:
        return [0.0] * n_t
    ix = d.index()
    paired = [bool(p) for p in ix.pairs_of_site]
    pue_min = min((d.site_pue(s) for s in range(len(d.site_ids))), default=d.pue)
    out = []
    for t in range(n_t):
        ub = [0.0] * len(d.site_ids)
        subs: set[int] = set()
        for s in range(len(d.site_ids)):
            if not paired[s]:
                continue
            carried = d.committed(s, t)
            if d.grid:
                arcs = [a for a in ix.arcs_of_site[s] if (fa := ix.arc_first_t[a]) is not None and fa <= t]
                carried += sum(ix.arc_max_mw[a, t] for a in arcs) / d.site_pue(s)
                subs.update(d.arc_sub[a] for a in arcs)
            else:
                carried = d.site_cap_mw[s]
            ub[s] = min(d.site_cap_mw[s], carried)
        served = sum(ub)
        if d.grid:
            reach = sum(ix.reach_mw[b, t] for b in subs)
            served = min(served, sum(d.committed(s, t) for s in range(len(d.site_ids)) if paired[s])
                         + reach / pue_min)
        demand = sum(row[t] for row in d.demand_mw)
        per_node = sum(max(0.0, d.demand_mw[n][t] - sum(ub[d.pair_site[p]] for p in ix.pairs_of_node[n]))
                       for n in range(len(d.node_ids)))
        out.append(max(0.0, demand - served, per_node))
    return out


def unavoidable_delay_mw_years(d: ModelData) -> float:
    """MW-years of delay in every feasible plan: ``sum_t dur_t U_t``."""
    return sum(dur * u for dur, u in zip(d.dur_years, unavoidable_unserved_mw(d), strict=True))
