r"""Industrial water: the evaporative cooling of the sites a water system serves draws no more than its known
spare supply.

.. math::

    wue \sum_{s \in w} x^{evap}_{s,T} \le Q_w   \quad \forall w \text{ with known } Q_w \qquad (T: \text{last year})

``wue`` is m3/day per IT MW (43 at a WUE of 1.8 L/kWh). ``x_evap`` never decreases
(:mod:`siting.model.constraints.cooling`), so the last year bounds every year. A site outside every system, or
in a system whose spare supply is unknown, has no ``x_evap``: it cools dry at the higher PUE, which costs grid MW
and energy instead of water. When water runs short a site splits its cooling. Family off without a cooling choice.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ix = d.index()
    if not ix.evap_sites:
        return
    last = len(d.years) - 1
    evap = set(ix.evap_sites)
    m.W = pyo.Set(initialize=range(len(d.water_ids)), ordered=True)

    def water(_m: pyo.ConcreteModel, w: int) -> pyo.Expression:
        sites = [s for s in ix.sites_of_water[w] if s in evap]
        spare = d.water_spare_m3_per_day[w]
        if not sites or spare is None:
            return pyo.Constraint.Skip
        return d.water_m3_per_day_per_mw * sum(m.xe[s, last] for s in sites) <= spare

    m.water = pyo.Constraint(m.W, rule=water)
