r"""Headroom link: a region takes a substation's headroom, and the reinforcements built there, only as far as it
is designated (an extended formulation with new columns ``w``).

In the LP relaxation a tenth of a large reinforcement step delivers a tenth of its megawatts, although a region
that needs only the last 100 MW of it must pay for all of it; and a region designated by a sliver (``z_g``
small) draws a step that other regions' slivers paid for. The relaxation spreads load thinly over dozens of
regions and its bound stays far below any plan. For each region g, substation b and year t with a connection
from one of g's sites to b in service at t:

.. math::

    F_{g,b,t} = \sum_{a \in A_t(g,b)} f_{a,t} \le \min(H_b, D_{g,b,t})\, z_g
        + \sum_{k \in K_t(b)} c_{g,b,k}\, w_{g,k,t} \\
    w_{g,k,t} \le z_g, \qquad w_{g,k,t} \le r_{k,t}, \qquad 0 \le w_{g,k,t} \le 1

with :math:`A_t(g,b)` the connections from g's sites to b in service at t,
:math:`D_{g,b,t} = PUE_{dry} \sum (cap_s - c_{s,t})` over their sites (the most they can draw beyond committed
capacity), :math:`H_b` the free headroom of b in year t, :math:`K_t(b)` the steps of b in service at t in their
order, and
:math:`c_{g,b,k} = \min(\Delta H_k, \max(0, D_{g,b,t} - H_b - \sum_{j < k} \Delta H_j))`: what step k can add
to what g's sites can draw from b. Steps with :math:`c = 0` get no ``w``.

**Valid for every integer plan**, with :math:`w = z \cdot r`. If :math:`z_g = 0` the connections of g are not
built (:math:`v_a \le z_g`), so :math:`F = 0`. If :math:`z_g = 1`, the steps built at b are a prefix
1..j (``reinforcement_order``) and the right-hand side telescopes to
:math:`\min(D_{g,b,t}, H_b + \sum_{k \le j} \Delta H_k)`; F is at most the first (each connection carries at most
its site's draw) and at most the second (the headroom row). Only fractional points are cut, so the optimum is
unchanged. In the LP, a sliver of z now unlocks only that sliver of b's headroom and steps, whoever paid for them.

Measured on the synthetic instances (benchmarks/RESULTS.md, 2026-11-29), LP bound: 300 sites 8,544.1 ->
8,732.4, 1,000 sites 5,593.1 -> 5,697.5, 5,000 sites 5,036.8 -> 5,079.2; the 1,000-site ``screened`` run of
120 s ends at a 1.46 % global gap instead of 2.79 %. It costs 2 x |w| + |(g, b, t)| rows (62k at 5,000
sites) and makes the 5,000-site LP about 1.5x slower. ``headroom_link = false`` in ``[solver]`` leaves it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import at_most, lin, var_dict


@dataclass(frozen=True)
class LinkRow:
    """One (g, b, t) row: the connections it sums, the coefficient of z_g, and (step, c) of its w columns."""

    region: int
    t: int
    arcs: list[int]
    z_coef: float
    steps: list[tuple[int, float]]


def link_rows(d: ModelData) -> list[LinkRow]:
    """The (g, b, t) rows of the family, in substation, year, region order."""
    ix = d.index()
    rows: list[LinkRow] = []
    for b in range(len(d.substation_ids)):
        for t in range(len(d.years)):
            h = d.free_headroom(b, t)
            arcs = ix.arcs_of_sub_at(b, t)
            if not arcs:
                continue
            by_region: dict[int, list[int]] = {}
            for a in arcs:
                by_region.setdefault(d.site_region[d.arc_site[a]], []).append(a)
            steps = ix.steps_of_sub_at(b, t)
            for g, g_arcs in by_region.items():
                draw = sum(d.max_draw_mw(d.arc_site[a], t) for a in g_arcs)
                rest, coefs = draw - h, []
                for k in steps:
                    c = min(d.step_added_mw[k], max(0.0, rest))
                    if c <= 0.0:
                        break
                    coefs.append((k, c))
                    rest -= d.step_added_mw[k]
                rows.append(LinkRow(g, t, g_arcs, min(h, draw), coefs))
    return rows


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if not d.headroom_link:
        return
    rows = link_rows(d)
    gkt = sorted({(row.region, k, row.t) for row in rows for k, _c in row.steps})
    m.GKT = pyo.Set(initialize=gkt, dimen=3, ordered=True)
    m.w = pyo.Var(m.GKT, bounds=(0.0, 1.0))
    f, z, r, w = var_dict(m.f), var_dict(m.z), var_dict(m.r), var_dict(m.w)

    def link(_m: pyo.ConcreteModel, i: int) -> pyo.Expression:
        row = rows[i]
        g, t = row.region, row.t
        return at_most(lin([1.0] * len(row.arcs) + [-row.z_coef] + [-c for _k, c in row.steps],
                           [f[a, t] for a in row.arcs] + [z[g]] + [w[g, k, t] for k, _c in row.steps]), 0.0)

    m.LINK = pyo.Set(initialize=range(len(rows)), ordered=True)
    m.headroom_link = pyo.Constraint(m.LINK, rule=link)
    m.headroom_link_z = pyo.Constraint(m.GKT, rule=lambda _m, g, k, t: at_most(lin((1.0, -1.0), (w[g, k, t], z[g])),
                                                                                 0.0))
    m.headroom_link_r = pyo.Constraint(m.GKT, rule=lambda _m, g, k, t: at_most(lin((1.0, -1.0),
                                                                                   (w[g, k, t], r[k, t])), 0.0))
