r"""Regions: GX strategic-region designation, minimum size and the number of regions.

.. math::

    \sum_{s \in g} x_{s,T} \ge min\_mw_g \, z_g     \quad \forall g   \qquad (T: \text{last year}) \\
    \sum_g z_g \le K

Forced-in and forced-out regions are fixed ``z`` (see :mod:`siting.model.variables`), so a proposal under
test is forced in or out without rebuilding the model. Existing regions (today's clusters) have ``z = 1``
fixed, no minimum size and do not count towards K.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ix = d.index()
    last = len(d.years) - 1

    def size(_m: pyo.ConcreteModel, g: int) -> pyo.Expression:
        if d.region_min_mw[g] <= 0 or d.is_existing(g):
            return pyo.Constraint.Skip
        return sum(m.x[s, last] for s in ix.sites_of_region[g]) >= d.region_min_mw[g] * m.z[g]

    m.region_size = pyo.Constraint(m.G, rule=size)
    new = [g for g in m.G if not d.is_existing(g)]
    if d.max_regions is not None and new:  # with no new region to designate there is nothing to count
        m.region_count = pyo.Constraint(expr=sum(m.z[g] for g in new) <= d.max_regions)
