"""Unit conversions and numerical thresholds used by more than one stage, each with the reason for its value.

A configuration module: every stage may import it, and it imports nothing of the package. Scenario defaults (PUE,
load factor, water per MW, ``max_regions`` ...) are not here: they live once, in :mod:`siting.scenario`.
"""

from __future__ import annotations

#: Hours in a (non-leap) year: energy per year of a constant draw.
HOURS_PER_YEAR = 8760.0
#: GWh drawn in a year by 1 MW running all year (8,760 MWh). Energy of a load with load factor ``lf`` and PUE
#: ``pue`` per IT MW-year: ``GWH_PER_MW_YEAR * lf * pue``.
GWH_PER_MW_YEAR = HOURS_PER_YEAR / 1000.0

#: A binary column (designation ``z``, connection ``v``, reinforcement ``r``) counts as on above this value.
#: HiGHS returns integer columns within its MIP feasibility tolerance (1e-7 as the hand-off sets it,
#: :data:`siting.solve.highs.MIP_FEASIBILITY_TOL`) of 0 or 1, so any threshold strictly between the two gives the
#: same answer; the midpoint is the one no rounding can cross.
BINARY_ON = 0.5

#: A MW value (IT MW of a site or region, a slack) counts as non-zero above this. Solution values carry the
#: solver's feasibility tolerance (1e-7 on rows, relative) times MW values in the thousands: residues stay below
#: 1e-6, and 1 W is far below any quantity a planner reads.
MW_TOL = 1e-6

#: A row counts as binding (a region's ``limited_by``) when its slack is at most this, in the row's own unit
#: (MW, GWh per year, m3/day). A slack is a difference of sums of hundreds of solution values of up to thousands
#: of MW each, so its rounding noise is larger than :data:`MW_TOL`; 1e-4 (100 W) is above that noise and still
#: far below anything that could be called room to grow.
BINDING_TOL = 1e-4

#: Round-off guard for comparisons of sums and differences of input numbers (years with fractional lead times,
#: costs, MW of a schedule): two values that differ by less than this are equal. Input figures carry at most a few
#: decimals and magnitudes up to 1e13 JPY are compared relatively, so 1e-9 is far below any real difference and
#: above the 1e-15 relative noise of a double.
FLOAT_EPS = 1e-9


def is_on(value: float | None) -> bool:
    """Whether a binary column's solution value (``None``: no value) means on (see :data:`BINARY_ON`)."""
    return (value or 0.0) > BINARY_ON
