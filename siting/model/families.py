"""The constraint families of the siting model, in one list that every stage reads.

:func:`siting.model.build.build_model` adds the families in the order of :data:`FAMILIES`; the infeasibility
explanation (:mod:`siting.solve.elastic`) relaxes the rows whose role is ``rule`` and switches off the ``cut`` rows;
the results (:mod:`siting.results.extract`) find the rows a region's ``limited_by`` reads and the rows that must
not take the headroom's dual through :func:`component`. A family's maths is in its module's docstring.

Each constraint component of the model has one of three roles:

- ``rule``: a rule of the problem (land, headroom, minimum region size ...). The explanation of an infeasible
  model may loosen it, by a slack priced per MW-equivalent of its ``unit``; ``label`` and ``where`` name it for
  people ("minimum region size must give way: region pref-01 by 400.0 MW").
- ``link``: what ties the columns together (the demand served equals the MW run, connections carry the draw,
  what is built stays built). Never loosened.
- ``cut``: a valid inequality that only tightens the LP relaxation; every integer plan that keeps the rules
  satisfies it. Once a rule may give way it is no longer implied, so the explanation switches cuts off.
  ``holds_headroom`` marks the cuts whose coefficients repeat a substation's headroom: with the binaries fixed
  they would take the dual that belongs to the headroom row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pyomo.environ as pyo

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

Role = Literal["rule", "link", "cut"]
#: Names one index of a row for people, e.g. ``(3, 1) -> "site s-04 in 2030"``.
Where = Callable[[ModelData, Any], str]


def _in_year(kind: str, ids: str) -> Where:
    """``(i, t) -> "<kind> <ids[i]> in <year t>"``."""
    return lambda d, i: f"{kind} {getattr(d, ids)[i[0]]} in {d.years[i[1]]}"


@dataclass(frozen=True)
class Rows:
    """One constraint component (``name`` on the Pyomo model) and its role."""

    name: str
    role: Role
    label: str = ""
    unit: str = "MW"
    where: Where | None = None
    holds_headroom: bool = False


@dataclass(frozen=True)
class Family:
    """A constraint family: its module's ``add(m, d)`` and the components it may add. ``grid``: only in a model
    with substations (:attr:`siting.model.data.ModelData.grid`)."""

    name: str
    add: Callable[[pyo.ConcreteModel, ModelData], None]
    rows: tuple[Rows, ...]
    grid: bool = False


FAMILIES: tuple[Family, ...] = (
    Family("demand", demand.add, (
        Rows("demand_balance", "rule", "demand (no unserved demand allowed)", "MW", _in_year("node", "node_ids")),
        Rows("demand_served", "link"),
        Rows("demand_link", "cut"))),
    Family("land", sites.add, (
        Rows("site_land", "rule", "site land", "MW", _in_year("site", "site_ids")),
        Rows("site_monotone", "link"),
        Rows("capacity_cover", "cut"))),
    Family("cooling", cooling.add, (Rows("cooling_split", "link"), Rows("cooling_monotone", "link"))),
    Family("region", regions.add, (
        Rows("region_size", "rule", "minimum region size", "MW", lambda d, g: f"region {d.region_ids[g]}"),
        Rows("region_count", "rule", "maximum number of regions", "regions", lambda _d, _i: "national"))),
    Family("cuts", cuts.add, (Rows("region_cover", "cut"), Rows("pair_link", "cut"))),
    Family("connection", connection.add, (
        Rows("connection_draw", "rule", "connection", "MW", _in_year("site", "site_ids")),
        Rows("connection_capacity", "link"),
        Rows("connection_designated", "link")), grid=True),
    Family("headroom", headroom.add, (
        Rows("headroom", "rule", "substation headroom", "MW", _in_year("substation", "substation_ids")),
        Rows("reinforcement_monotone", "link"),
        Rows("reinforcement_order", "link")), grid=True),
    Family("headroom_cover", headroom_cover.add, (
        Rows("headroom_cover_connection", "cut", holds_headroom=True),
        Rows("headroom_cover_region", "cut", holds_headroom=True)), grid=True),
    Family("headroom_link", headroom_link.add, (
        Rows("headroom_link", "cut", holds_headroom=True),
        Rows("headroom_link_z", "cut"),
        Rows("headroom_link_r", "cut")), grid=True),
    Family("decarbonised", decarbonised.add, (
        Rows("decarbonised", "rule", "decarbonised supply", "GWh/yr", _in_year("area", "area_ids")),)),
    Family("water", water.add, (
        Rows("water", "rule", "industrial water", "m3/day", lambda d, w: f"water system {d.water_ids[w]}"),)),
    Family("diversity", diversity.add, (
        Rows("national_total", "link"),
        Rows("area_share", "rule", "area share", "MW", _in_year("area", "area_ids")))),
)

#: Every constraint component a family may add, by name.
ROWS: dict[str, Rows] = {r.name: r for fam in FAMILIES for r in fam.rows}


def component(m: pyo.ConcreteModel, name: str) -> Any | None:
    """The constraint component ``name`` of a built model, or ``None`` when its family added no such rows (off
    for these data). ``name`` must be one of :data:`ROWS` (``KeyError`` otherwise: a misspelt name is caught)."""
    return getattr(m, ROWS[name].name, None)


def with_role(role: Role) -> list[Rows]:
    """The components of every family with ``role``, in the order they are added."""
    return [r for fam in FAMILIES for r in fam.rows if r.role == role]
