r"""Industrial water: the sites a water system serves draw no more than its spare supply.

.. math::

    wue \sum_{s \in w} x_{s,T} \le Q_w        \quad \forall w \qquad (T: \text{last year})

``wue`` is m3/day per IT MW (43 at a WUE of 1.8 L/kWh). Sites outside every system are not limited here
(air-cooled); a scenario can screen them out instead. Family off when there are no water systems.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if not d.water_ids or d.water_m3_per_day_per_mw <= 0:
        return
    ix = d.index()
    last = len(d.years) - 1
    m.W = pyo.Set(initialize=range(len(d.water_ids)), ordered=True)

    def water(_m: pyo.ConcreteModel, w: int) -> pyo.Expression:
        sites = ix.sites_of_water[w]
        if not sites:
            return pyo.Constraint.Skip
        return d.water_m3_per_day_per_mw * sum(m.x[s, last] for s in sites) <= d.water_spare_m3_per_day[w]

    m.water = pyo.Constraint(m.W, rule=water)
