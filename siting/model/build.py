"""Build the siting MILP from :class:`~siting.model.data.ModelData`; reads as a table of contents.

The model never touches files or geometry. Each constraint family lives in its own module under
:mod:`siting.model.constraints` with its maths in the docstring.
"""

from __future__ import annotations

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from siting.model import objective, variables
from siting.model.constraints import (
    connection,
    cooling,
    cuts,
    decarbonised,
    demand,
    diversity,
    headroom,
    headroom_cover,
    headroom_link,
    regions,
    sites,
    water,
)
from siting.model.data import ModelData
from siting.model.linear import recorded_rows

#: Constraint families in the order they are added; the names are used in diagnostics and results.
FAMILIES = {
    "demand": ("demand_balance", "demand_served", "demand_link"),
    "land": ("site_land", "site_monotone", "capacity_cover"),
    "cooling": ("cooling_split", "cooling_monotone"),
    "region": ("region_size", "region_count"),
    "cuts": ("region_cover", "pair_link"),
    "connection": ("connection_draw", "connection_capacity", "connection_designated"),
    "headroom": ("headroom", "reinforcement_monotone", "reinforcement_order"),
    "headroom_cover": ("headroom_cover_connection", "headroom_cover_region"),
    "headroom_link": ("headroom_link", "headroom_link_z", "headroom_link_r"),
    "decarbonised": ("decarbonised",),
    "water": ("water",),
    "diversity": ("national_total", "area_share"),
}


def build_model(d: ModelData) -> pyo.ConcreteModel:
    """Create the Pyomo model of the siting problem described by ``d``."""
    d.validate()
    # Python's cyclic garbage collector rescans every expression object built so far each time it runs; with
    # ~1e6 objects at 5,000 sites that was 40 % of the build (benchmarks/RESULTS.md). The model holds no cycles
    # to collect, so the collector is paused while it is built.
    with PauseGC():
        m = pyo.ConcreteModel(name="wattbit_siting")
        with recorded_rows(m):  # the hand-off reads these rows' terms as recorded (siting.solve.compile)
            variables.define_sets(m, d)
            variables.define_variables(m, d)
            demand.add(m, d)
            sites.add(m, d)
            cooling.add(m, d)
            regions.add(m, d)
            cuts.add(m, d)
            if d.grid:
                connection.add(m, d)
                headroom.add(m, d)
                headroom_cover.add(m, d)
                headroom_link.add(m, d)
            decarbonised.add(m, d)
            water.add(m, d)
            diversity.add(m, d)
            objective.add(m, d)
    return m
