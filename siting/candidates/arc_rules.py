"""Which site-substation pairs may become connection arcs at all.

A customer connects to the TSO of its own grid area, at a station that can take customer load, over land:

* **own grid area**: the substation lies in the site's grid area (an arc across a TSO border is not a
  connection a customer can ask for: the Okayama site does not connect to a Shikoku station);
* **eligible substation**: the layer's ``eligible`` column (absent or empty = eligible) excludes railway-traction,
  generation-only, converter, switching, cable-head and research stations; they stay on the map;
* **no sea crossing**: the straight line from site to substation crosses no more than
  ``candidates.max_sea_crossing_km`` of sea (a strait or a bay) in one stretch, measured against the prefecture
  polygons (skipped without a prefectures layer).

:func:`apply_rules` keeps the allowed pairs and counts, against the arcs the nearest-substation selection would
have made without the rules, how many each rule removed (for the pre-checks).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np
import pandas as pd
import shapely

from siting.layers.load import LayerSet

#: Names of the rules, in the order their removals are attributed.
RULES = ("other grid area", "ineligible substation", "sea crossing")


def eligible(subs: pd.DataFrame) -> np.ndarray:
    """Whether each substation can take a large customer's load (``eligible`` absent or empty: yes)."""
    if "eligible" not in subs.columns:
        return np.ones(len(subs), dtype=bool)
    return subs["eligible"].astype("boolean").fillna(True).to_numpy(dtype=bool)


def ineligible_counts(subs: pd.DataFrame) -> dict[str, int]:
    """Ineligible substations by reason (``unspecified`` where no reason is given)."""
    bad = subs[~eligible(subs)]
    if bad.empty:
        return {}
    reasons = bad["ineligible_reason"] if "ineligible_reason" in bad.columns else pd.Series(None, index=bad.index)
    return reasons.fillna("unspecified").value_counts().sort_index().to_dict()


#: The buffered land of each prefectures frame, by ``id``: (the frame, weakly; its geometry array; the land).
#: The union takes about a second, and ``siting serve`` screens every upload against the same layers; a frame
#: whose geometry column was replaced is computed again.
_LAND: dict[int, tuple[weakref.ref[pd.DataFrame], object, shapely.Geometry]] = {}


def _land(prefectures: pd.DataFrame) -> shapely.Geometry:
    key, geoms = id(prefectures), prefectures.geometry.values
    hit = _LAND.get(key)
    if hit is not None and hit[0]() is prefectures and hit[1] is geoms:
        return hit[2]
    land = shapely.buffer(shapely.union_all(geoms), 500.0)
    shapely.prepare(land)
    _LAND[key] = (weakref.ref(prefectures, lambda _ref: _LAND.pop(key, None)), geoms, land)
    return land


def longest_sea_km(starts: np.ndarray, ends: np.ndarray, layers: LayerSet) -> np.ndarray:
    """Longest stretch of each straight segment start->end (points in the working CRS) outside every prefecture
    polygon, km; zeros without a prefectures layer. The land is buffered by 500 m so that the simplified coast
    and the small gaps between prefectures do not count as sea."""
    out = np.zeros(len(starts))
    if "prefectures" not in layers or len(starts) == 0:
        return out
    land = _land(layers.geo("prefectures"))
    lines = shapely.linestrings(np.stack([shapely.get_coordinates(starts), shapely.get_coordinates(ends)], axis=1))
    crossing = ~shapely.contains(land, lines)
    if not crossing.any():
        return out
    idx = np.nonzero(crossing)[0]
    parts, owner = shapely.get_parts(shapely.difference(lines[idx], land), return_index=True)
    np.maximum.at(out, idx[owner], shapely.length(parts) / 1000.0)
    return out


def apply_rules(pairs: pd.DataFrame, select: Callable[[pd.DataFrame], pd.DataFrame],
                removed: dict[str, int] | None) -> pd.DataFrame:
    """The arcs ``select`` makes from the pairs that pass every rule (boolean columns named as in
    :data:`RULES`, True = the rule removes the pair); ``removed`` (if given) receives how many of the arcs
    ``select`` would make without the rules each rule removed (a pair failing several counts once, for the
    first rule in :data:`RULES`), plus ``arcs without the rules``."""
    blocked = pairs[list(RULES)].any(axis=1)
    kept = select(pairs[~blocked])
    if removed is not None:
        before = select(pairs)
        lost = before[~before.index.isin(kept.index)]
        first = lost[list(RULES)].idxmax(axis=1)[lost[list(RULES)].any(axis=1)]
        removed.clear()
        removed.update({rule: int((first == rule).sum()) for rule in RULES})
        removed["arcs without the rules"] = len(before)
    return kept
