"""The layer contract: one schema per layer kind.

Every layer that enters wattbit-siting -- bundled or the user's own -- is checked against the schema of its
kind exactly once, when it is loaded (:func:`siting.layers.load.load_layer`). A schema lists the columns a
layer must have, their type, whether they may be empty, the values they may take, which column is the id,
and which geometry types are allowed. Numeric column names carry their unit (``_mw``, ``_kv``, ``_jpy``,
``_m3_per_day``, ``_ha``, ``_km``, ``_years``).

The tables below are the documentation: ``siting layers --schema`` prints them, and ``geodata/README.md``
describes the bundled files that follow them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["str", "float", "int", "bool"]

#: The ten general transmission/distribution areas (一般送配電事業者の供給区域).
GRID_AREAS: tuple[str, ...] = (
    "Hokkaido",
    "Tohoku",
    "Tokyo",
    "Chubu",
    "Hokuriku",
    "Kansai",
    "Chugoku",
    "Shikoku",
    "Kyushu",
    "Okinawa",
)
#: Mains frequency of each area: Hokkaido, Tohoku and Tokyo run at 50 Hz, the rest at 60 Hz.
AREA_FREQUENCY_HZ: dict[str, int] = {a: (50 if a in ("Hokkaido", "Tohoku", "Tokyo") else 60) for a in GRID_AREAS}

#: ``solar_wind``: solar and onshore wind of a grid area together, where the statistics do not split them.
SUPPLY_KINDS = ("nuclear", "hydro", "geothermal", "wind", "solar", "solar_wind", "biomass")
#: A nuclear unit's status with the Nuclear Regulation Authority (NRA): restarted under the post-2011 rules,
#: approved but not restarted, review under way, review halted by the NRA, never applied for review, rejected,
#: decided for decommissioning. Which of them supply, and from when, is the scenario's
#: ``decarbonised.nuclear_earliest_year``.
NUCLEAR_STATUSES = ("operating", "approved-awaiting-restart", "under-review", "review-halted", "not-applied",
                    "rejected", "decommissioning")
#: Nuclear rows take a regulator status; other supply is ``operating`` or ``planned``.
SUPPLY_STATUSES = (*NUCLEAR_STATUSES, "planned")
#: Statuses of earlier versions of the contract, each with what to write instead.
RETIRED_SUPPLY_STATUSES: tuple[tuple[str, str], ...] = (
    ("restart-pending", "a nuclear unit that has not restarted takes its regulator status: "
                        "approved-awaiting-restart, under-review, review-halted, not-applied or rejected "
                        "(geodata/README.md, decarbonised_supply)"),
)
HAZARD_KINDS = ("flood", "tsunami", "landslide")
COMM_KINDS = ("internet_exchange", "landing_station", "backbone")
COMM_STATUSES = ("operating", "planned")
SITE_STATUSES = ("existing-cluster", "expanding", "announced", "industrial-park", "proposed", "vacant")
#: Why a substation cannot take a large customer's load (``ineligible_reason``); see geodata/README.md.
INELIGIBLE_REASONS = ("railway-traction", "generation-only", "converter", "switching", "cable-head", "research",
                      "customer-owned")

POINT = ("Point",)
POLYGON = ("Polygon", "MultiPolygon")
LINE = ("LineString", "MultiLineString")


@dataclass(frozen=True)
class Column:
    """One column of a layer schema.

    Attributes
    ----------
    name
        Column name; numeric names end with their unit.
    type
        ``str``, ``float``, ``int`` or ``bool``.
    required
        The column must exist.
    nullable
        Cells may be empty.
    nonnegative
        Numbers must be >= 0 (capacities, areas, costs, lead times).
    choices
        Allowed values (for ``str`` columns).
    low, high
        Inclusive numeric bounds, where physics or policy sets them (a capacity factor is in [0, 1]).
    retired
        Values of earlier versions of the contract, each with the fix (for ``str`` columns with ``choices``).
    doc
        What the column means, with its unit.
    """

    name: str
    type: ColumnType
    doc: str
    required: bool = True
    nullable: bool = False
    nonnegative: bool = False
    choices: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    retired: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LayerSchema:
    """The schema of one layer kind."""

    kind: str
    doc: str
    id_column: str | None
    columns: tuple[Column, ...]
    geometry: tuple[str, ...] | None  # None: a plain table (CSV without coordinates is fine)
    #: Regex for repeated columns such as ``it_mw_2030`` (demand by year); matched columns are float >= 0.
    column_pattern: str | None = None
    column_pattern_doc: str = ""
    #: Whether at least one pattern column must be present, and whether its cells may be empty.
    column_pattern_required: bool = True
    column_pattern_nullable: bool = False
    #: At least one of these columns must be present and non-empty in each row.
    one_of: tuple[str, ...] = field(default_factory=tuple)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The kind's own columns followed by the provenance columns every layer may carry."""
        own = {c.name for c in self.columns}
        return self.columns + tuple(c for c in COMMON_COLUMNS if c.name not in own)

    def column(self, name: str) -> Column | None:
        for c in self.all_columns:
            if c.name == name:
                return c
        return None

    def pattern_columns(self, names: list[str]) -> list[str]:
        if not self.column_pattern:
            return []
        rx = re.compile(self.column_pattern)
        return [n for n in names if rx.fullmatch(n)]


_SOURCE = Column("source", "str", "where the row's facts come from (URL or citation)", required=False, nullable=True)
#: Columns every layer may carry: provenance travels with each row.
COMMON_COLUMNS: tuple[Column, ...] = (
    Column("licence", "str", "licence of the row's facts, e.g. 'ODbL 1.0 (c) OpenStreetMap contributors'",
           required=False, nullable=True),
    Column("estimated", "str", "comma-separated names of the columns whose values are modelled estimates",
           required=False, nullable=True),
    Column("as_of", "str", "date the row's facts were true, ISO 8601 as precise as its source (2026-08-21, "
           "2025-07, 2017)", required=False, nullable=True),
)
_NOTES = Column("notes", "str", "free text", required=False, nullable=True)
_NAME = Column("name", "str", "name (Japanese or English)")
_NAME_JA = Column("name_ja", "str", "Japanese name", required=False, nullable=True)
_AREA = Column("area", "str", "grid area the feature lies in", choices=GRID_AREAS)

SCHEMAS: dict[str, LayerSchema] = {
    s.kind: s
    for s in (
        LayerSchema(
            "prefectures",
            "The 47 prefectures (都道府県), the GX unit of selection.",
            "pref_code",
            (
                Column("pref_code", "str", "JIS X 0401 code, two digits '01'..'47'"),
                Column("name_ja", "str", "Japanese name, e.g. 千葉県"),
                Column("name_en", "str", "English name, e.g. Chiba"),
                Column("grid_area", "str", "grid area serving most of the prefecture", required=False,
                       nullable=True, choices=GRID_AREAS),
            ),
            POLYGON,
        ),
        LayerSchema(
            "grid_areas",
            "The ten grid areas with their mains frequency.",
            "area",
            (
                Column("area", "str", "grid area name", choices=GRID_AREAS),
                Column("frequency_hz", "int", "mains frequency, 50 or 60 Hz", low=50, high=60),
                _NAME_JA,
            ),
            POLYGON,
        ),
        LayerSchema(
            "interconnectors",
            "Inter-area links (one row per facility); capacities add up per pair of areas.",
            "interconnector_id",
            (
                Column("interconnector_id", "str", "unique id"),
                Column("from_area", "str", "area at one end", choices=GRID_AREAS),
                Column("to_area", "str", "area at the other end", choices=GRID_AREAS),
                Column("capacity_mw", "float", "transfer capacity in service today, MW", nonnegative=True),
                Column("planned_added_mw", "float", "planned addition, MW", required=False, nullable=True,
                       nonnegative=True),
                Column("planned_year", "int", "year the addition enters service", required=False, nullable=True,
                       low=2000, high=2100),
                _NAME,
                _SOURCE,
                _NOTES,
            ),
            None,
        ),
        LayerSchema(
            "substations",
            "Grid connection points with their demand headroom.",
            "substation_id",
            (
                Column("substation_id", "str", "unique id"),
                _NAME,
                Column("voltage_kv", "float", "highest voltage, kV", nonnegative=True, low=1, high=1100),
                _AREA,
                Column("headroom_mw", "float", "demand that can connect today without reinforcement, MW",
                       nonnegative=True),
                Column("headroom_is_estimate", "bool", "true where headroom_mw is a modelled estimate"),
                Column("operator", "str", "owner", required=False, nullable=True),
                Column("eligible", "bool", "whether the station can take a large customer's load; absent or empty "
                       "= eligible; ineligible stations stay on the map but get no connection", required=False,
                       nullable=True),
                Column("ineligible_reason", "str", "why not, for eligible = false", required=False, nullable=True,
                       choices=INELIGIBLE_REASONS),
                Column("headroom_added_mw", "float", "headroom the TSO has committed to add, MW (no cost to the "
                       "plan)", required=False, nullable=True, nonnegative=True),
                Column("headroom_added_year", "int", "year the committed headroom is in service", required=False,
                       nullable=True, low=2000, high=2100),
                _SOURCE,
            ),
            POINT,
        ),
        LayerSchema(
            "lines",
            "High-voltage lines (for maps and distance-to-grid).",
            "line_id",
            (
                Column("line_id", "str", "unique id"),
                Column("voltage_kv", "float", "voltage, kV", nonnegative=True, low=1, high=1100),
                Column("name", "str", "line name", required=False, nullable=True),
                Column("length_km", "float", "routed length, km", required=False, nullable=True, nonnegative=True),
                _SOURCE,
            ),
            LINE,
        ),
        LayerSchema(
            "reinforcements",
            "Ordered reinforcement steps, per substation (substation_id) or per voltage class (voltage_kv).",
            None,
            (
                Column("substation_id", "str", "substation the step applies to", required=False, nullable=True),
                Column("voltage_kv", "float", "voltage class the step applies to", required=False, nullable=True,
                       nonnegative=True),
                Column("step", "int", "order of the step, 1 first", low=1, high=50),
                Column("added_mw", "float", "headroom the step adds, MW", nonnegative=True),
                Column("cost_jpy", "float", "cost of the step, JPY", nonnegative=True),
                Column("lead_time_years", "float", "years from decision to service", nonnegative=True),
                Column("description", "str", "what is built", required=False, nullable=True),
                _SOURCE,
            ),
            None,
            one_of=("substation_id", "voltage_kv"),
        ),
        LayerSchema(
            "decarbonised_supply",
            "Nuclear units, hydro, geothermal, wind, solar and biomass plants or zones.",
            "supply_id",
            (
                Column("supply_id", "str", "unique id"),
                _NAME,
                Column("kind", "str", "technology", choices=SUPPLY_KINDS),
                Column("capacity_mw", "float", "net capacity, MW; empty if unknown (then annual_gwh gives the "
                       "energy)", nullable=True, nonnegative=True),
                Column("capacity_factor", "float", "annual capacity factor, 0..1", required=False, nullable=True,
                       low=0, high=1),
                Column("annual_gwh", "float", "annual energy, GWh", required=False, nullable=True, nonnegative=True),
                Column("status", "str", "nuclear: the regulator status (operating, approved-awaiting-restart, "
                       "under-review, review-halted, not-applied, rejected, decommissioning); other kinds: "
                       "operating or planned", choices=SUPPLY_STATUSES, retired=RETIRED_SUPPLY_STATUSES),
                Column("online_year", "int", "first year it can deliver; empty if unknown", nullable=True,
                       low=1950, high=2100),
                _AREA,
                _SOURCE,
            ),
            POINT + POLYGON,
            one_of=("capacity_factor", "annual_gwh"),
        ),
        LayerSchema(
            "land",
            "Candidate sites: data-centre clusters, industrial parks, proposal sites.",
            "site_id",
            (
                Column("site_id", "str", "unique id"),
                _NAME,
                Column("area_ha", "float", "usable site area, ha", nonnegative=True),
                Column("pref_code", "str", "JIS X 0401 prefecture code"),
                Column("muni_code", "str", "5-digit municipal code (N03_007)", required=False, nullable=True),
                Column("status", "str", "what the site is today", choices=SITE_STATUSES),
                Column("max_it_mw", "float", "announced or permitted IT capacity cap, MW", required=False,
                       nullable=True, nonnegative=True),
                Column("existing_it_mw", "float", "IT load already running, MW", required=False, nullable=True,
                       nonnegative=True),
                Column("ha_per_mw", "float", "land per IT MW stated by the site's project, ha; empty: the scenario's "
                       "candidates.ha_per_mw", required=False, nullable=True, low=0.001, high=100),
                Column("operators", "str", "developers or operators", required=False, nullable=True),
                Column("committed_source", "str", "where the committed capacity and its committed reinforcement "
                       "come from", required=False, nullable=True),
                _SOURCE,
            ),
            POINT + POLYGON,
            column_pattern=r"committed_it_mw_(\d{4})",
            column_pattern_doc="committed_it_mw_YYYY: IT MW whose grid supply the TSO has committed, in service from "
                               "year YYYY (existing clusters only; new relative to the demand layer's base year)",
            column_pattern_required=False,
            column_pattern_nullable=True,
        ),
        LayerSchema(
            "water",
            "Industrial-water systems (工業用水道) and their spare supply.",
            "water_id",
            (
                Column("water_id", "str", "unique id"),
                _NAME,
                Column("spare_m3_per_day", "float", "supply not yet contracted, m3/day; empty = unknown (its sites "
                       "cool dry: unknown is never unlimited)", nonnegative=True, nullable=True),
                Column("spare_is_estimate", "bool", "true where spare_m3_per_day is a modelled estimate"),
                Column("capacity_m3_per_day", "float", "facility capacity, m3/day", required=False, nullable=True,
                       nonnegative=True),
                Column("reach_km", "float", "service radius for point features, km", required=False,
                       nullable=True, nonnegative=True),
                _SOURCE,
            ),
            POINT + POLYGON,
        ),
        LayerSchema(
            "communications",
            "Internet exchanges, international cable landing stations, backbone fibre routes.",
            "comm_id",
            (
                Column("comm_id", "str", "unique id"),
                Column("kind", "str", "internet_exchange, landing_station or backbone", choices=COMM_KINDS),
                _NAME,
                Column("status", "str", "operating or planned", choices=COMM_STATUSES),
                Column("operator", "str", "operator", required=False, nullable=True),
                _SOURCE,
            ),
            POINT + LINE,
        ),
        LayerSchema(
            "hazards",
            "Hazard zones: flood, tsunami and landslide polygons with a class.",
            "hazard_id",
            (
                Column("hazard_id", "str", "unique id"),
                Column("hazard", "str", "flood, tsunami or landslide", choices=HAZARD_KINDS),
                Column("hazard_class", "str", "severity class, e.g. high / medium / low or a depth band"),
                _SOURCE,
            ),
            POLYGON,
        ),
        LayerSchema(
            "demand",
            "Compute-demand nodes (metros / IX points) with new data-centre IT load by year.",
            "node_id",
            (
                Column("node_id", "str", "unique id"),
                _NAME,
                _SOURCE,
            ),
            POINT,
            column_pattern=r"it_mw_(\d{4})",
            column_pattern_doc="it_mw_YYYY: new IT load wanted at the node by year YYYY, MW (one column per year)",
        ),
    )
}

LAYER_KINDS: tuple[str, ...] = tuple(SCHEMAS)
