"""Build the siting MILP from :class:`~siting.model.data.ModelData`; reads as a table of contents.

The model never touches files or geometry. Each constraint family lives in its own module under
:mod:`siting.model.constraints` with its maths in the docstring.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model import objective, variables
from siting.model.constraints import connection, decarbonised, demand, diversity, headroom, regions, sites, water
from siting.model.data import ModelData

#: Constraint families in the order they are added; the names are used in diagnostics and results.
FAMILIES = {
    "demand": ("demand_balance", "demand_served", "demand_link"),
    "land": ("site_land", "site_monotone", "capacity_cover"),
    "region": ("region_size", "region_count"),
    "connection": ("connection_draw", "connection_capacity", "connection_designated"),
    "headroom": ("headroom", "reinforcement_monotone", "reinforcement_order"),
    "decarbonised": ("decarbonised",),
    "water": ("water",),
    "diversity": ("area_share",),
}


def build_model(d: ModelData) -> pyo.ConcreteModel:
    """Create the Pyomo model of the siting problem described by ``d``."""
    d.validate()
    m = pyo.ConcreteModel(name="wattbit_siting")
    variables.define_sets(m, d)
    variables.define_variables(m, d)
    demand.add(m, d)
    sites.add(m, d)
    regions.add(m, d)
    if d.grid:
        connection.add(m, d)
        headroom.add(m, d)
    decarbonised.add(m, d)
    water.add(m, d)
    diversity.add(m, d)
    objective.add(m, d)
    return m
