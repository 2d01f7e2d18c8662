"""Synthetic municipal proposals for timing ``siting evaluate``: N proposals spread over Japan's prefectures.

Each proposal is one site inside a prefecture of the bundled boundaries (chosen with probability by area), as a
point with ``site_area_ha`` (two in three) or a square polygon (one in three), with a random requested IT MW,
years, committed water and decarbonised MW and fibre flag. The same ``seed`` gives the same file.

Run: ``python benchmarks/proposals_gen.py N OUT.geojson [--seed S]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parents[1]
PREFECTURES = REPO / "geodata" / "prefectures.geojson"
WORK_CRS = "EPSG:6690"


def generate(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` proposals (one site each) in EPSG:4326."""
    rng = np.random.default_rng(seed)
    prefs = gpd.read_file(PREFECTURES).to_crs(WORK_CRS)
    # sample inside a 2 km inward buffer, so the sites' squares stay on land
    inner = prefs.geometry.buffer(-2000)
    inner = inner.where(~inner.is_empty, prefs.geometry)
    weights = inner.area.to_numpy() / inner.area.sum()
    counts = rng.multinomial(n, weights)
    points = []
    codes = []
    for geom, code, k in zip(inner.values, prefs["pref_code"], counts, strict=True):
        if k == 0:
            continue
        pts = gpd.GeoSeries([geom], crs=WORK_CRS).sample_points(int(k), rng=rng).explode(index_parts=False)
        points.extend(pts.values)
        codes.extend([str(code)] * len(pts))
    order = rng.permutation(len(points))
    points = [points[i] for i in order]
    codes = [codes[i] for i in order]
    area_ha = rng.uniform(20, 300, n).round(1)
    is_poly = rng.random(n) < 1 / 3
    side_m = np.sqrt(area_ha * 1e4)
    geoms = [shapely.box(p.x - s / 2, p.y - s / 2, p.x + s / 2, p.y + s / 2) if poly else p
             for p, s, poly in zip(points, side_m, is_poly, strict=True)]
    first = rng.integers(2028, 2034, n)
    frame = gpd.GeoDataFrame({
        "proposal_id": [f"gen-{i:05d}" for i in range(n)],
        "name": [f"Synthetic proposal {i}" for i in range(n)],
        "municipality": [f"town {i % 997}" for i in range(n)],
        "prefecture": codes,
        "requested_mw": rng.choice([100, 200, 300, 500, 1000], n),
        "site_area_ha": np.where(is_poly, np.nan, area_ha),
        "first_year": first,
        "full_year": first + rng.integers(0, 6, n),
        "water_m3_per_day": rng.choice([0, 2000, 10000], n),
        "decarbonised_mw": rng.choice([0, 100, 300], n),
        "fibre_redundant": rng.random(n) < 0.7,
        "notes": pd.Series([""] * n),
    }, geometry=geoms, crs=WORK_CRS)
    return frame.to_crs(4326)


def main(argv: list[str]) -> None:
    n, out = int(argv[0]), Path(argv[1])
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
    generate(n, seed).to_file(out, driver="GeoJSON")
    print(f"{n} proposals written to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
