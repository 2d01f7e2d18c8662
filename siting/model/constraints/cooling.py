r"""Cooling: each site's IT MW splits into evaporative (industrial water, PUE ``pue``) and dry / closed-loop
(no industrial water, PUE ``pue_dry``); the split sets the grid MW and energy the site draws.

.. math::

    x_{s,t} = x^{evap}_{s,t} + x^{dry}_{s,t}, \qquad x^{evap}_{s,t} \le x_{s,t} - c_{s,t}
        \quad \forall s \in S^{evap}, t \\
    x^{evap}_{s,t-1} \le x^{evap}_{s,t}                                \quad \text{(cooling built stays)} \\
    \text{grid MW}_{s,t} = PUE_{dry} (x_{s,t} - c_{s,t}) - (PUE_{dry} - PUE) \, x^{evap}_{s,t}

``x_dry`` is not a column of its own: it is ``x - x_evap``. ``c[s,t]`` is the site's committed capacity, whose
supply (grid, energy, cooling) was arranged when it was committed, so the plan's draw counts only what it adds.
``S_evap`` (:attr:`siting.model.data.Index.evap_sites`) holds the sites inside an industrial-water system whose
spare supply is known; every other site cools dry (outside every system, or in one whose capacity is unknown:
unknown is never unlimited). Without a cooling choice (``pue_dry`` absent or equal to ``pue``) no site has an
``x_evap`` column and the draw is ``PUE (x - c)``. The water rows that cap ``x_evap`` are
:mod:`siting.model.constraints.water`.
"""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import at_most, lin, never_shrinks, var_dict


def draw_terms(d: ModelData, x: dict[Any, Any], xe: dict[Any, Any], s: int, t: int
               ) -> tuple[list[float], list[Any], float]:
    """``(coefficients, variables, constant)`` of site s's grid MW in year t: ``sum(c * v) - constant``."""
    coefs, variables = [d.max_pue], [x[s, t]]
    if (s, t) in xe:
        coefs.append(-(d.max_pue - d.pue))
        variables.append(xe[s, t])
    return coefs, variables, d.max_pue * d.committed(s, t)


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if not d.index().evap_sites:
        return
    x, xe = var_dict(m.x), var_dict(m.xe)

    def evap_part(_m: pyo.ConcreteModel, s: int, t: int) -> pyo.Expression:
        return at_most(lin((1.0, -1.0), (xe[s, t], x[s, t])), -d.committed(s, t))

    m.cooling_split = pyo.Constraint(m.SE, m.T, rule=evap_part)
    m.cooling_monotone = pyo.Constraint(m.SE, m.T, rule=never_shrinks(xe))
