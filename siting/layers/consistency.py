"""Checks across layers, run once all layers have passed their own contract.

Hard contradictions (a reinforcement step for a substation that does not exist, a site in a prefecture that
the prefectures layer lacks) are errors; softer mismatches (a substation whose stated area differs from the
grid-area polygon it lies in) are warnings shown by ``siting validate``.
"""

from __future__ import annotations

import geopandas as gpd

from siting.errors import InputError, Problem
from siting.layers.checks import CheckedLayer


def cross_check(layers: dict[str, CheckedLayer]) -> list[str]:
    """Return warnings; raise :class:`InputError` for contradictions between layers."""
    problems: list[Problem] = []
    warnings: list[str] = []
    subs = layers.get("substations")
    reinf = layers.get("reinforcements")
    if subs is not None and reinf is not None and "substation_id" in reinf.frame.columns:
        named = reinf.frame["substation_id"].dropna()
        unknown = sorted(set(named) - set(subs.frame["substation_id"]))
        if unknown:
            problems.append(Problem(f"{reinf.path} [reinforcements]", "steps name substations that are not in the "
                                    f"substations layer ({subs.path.name})",
                                    "correct the substation_id or add the substation", tuple(unknown), "ids"))
    prefs = layers.get("prefectures")
    land = layers.get("land")
    if prefs is not None and land is not None:
        unknown = sorted(set(land.frame["pref_code"].dropna()) - set(prefs.frame["pref_code"]))
        if unknown:
            problems.append(Problem(f"{land.path} [land]", "sites name prefecture codes that the prefectures layer "
                                    "lacks", "use JIS X 0401 codes 01-47", tuple(unknown), "pref_code"))
    areas = layers.get("grid_areas")
    if subs is not None and areas is not None:
        joined = gpd.sjoin(subs.frame[["substation_id", "area", "geometry"]],
                           areas.frame[["area", "geometry"]].rename(columns={"area": "polygon_area"}),
                           how="left", predicate="within")
        off = joined[joined["polygon_area"].notna() & (joined["area"] != joined["polygon_area"])]
        if len(off):
            ids = ", ".join(off["substation_id"].astype(str).head(5))
            warnings.append(f"substations: {len(off)} substations lie in another grid area's polygon than their "
                            f"'area' says (e.g. {ids}); frequency converters and border stations may do so")
    if problems:
        raise InputError(problems)
    return warnings
