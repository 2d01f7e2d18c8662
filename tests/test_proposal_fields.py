"""Proposal fields are as strict as the layers: finite numbers, Japanese years and amounts parsed or rejected by
name (never dropped), valid polygons, plausible ranges."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from siting.layers.load import load_layers
from siting.proposals.fields import parse_number, parse_year
from siting.proposals.read import Proposals, read_proposals
from siting.scenario import load_scenario

REPO = Path(__file__).resolve().parents[1]
BASE = {"proposal_id": "p1", "name": "x", "prefecture": "北海道", "site_area_ha": "100", "requested_mw": "300"}
TOMAKOMAI = shapely.Point(141.78, 42.665)


@pytest.fixture(scope="module")
def ctx():  # type: ignore[no-untyped-def]
    sc = load_scenario(REPO / "models" / "reference.toml")
    return sc, load_layers(sc)


def read_one(ctx, tmp_path: Path, geometry: shapely.Geometry = TOMAKOMAI, **fields: object) -> Proposals:  # type: ignore[no-untyped-def]
    sc, layers = ctx
    row = {**BASE, **fields}
    path = tmp_path / "p.geojson"
    gpd.GeoDataFrame({k: [v] for k, v in row.items()}, geometry=[geometry], crs="EPSG:4326").to_file(
        path, driver="GeoJSON")
    return read_proposals(path, layers, sc)


@pytest.mark.parametrize("field,value,expected", [
    ("requested_mw", "1,000", 1000.0),
    ("requested_mw", "30万kW", 300.0),
    ("requested_mw", "約500", 500.0),
    ("water_m3_per_day", "約2万", 20000.0),
    ("water_m3_per_day", "1.5万 m3/日", 15000.0),
    ("site_area_ha", "１２０ha", 120.0),
    ("full_year", "2034年", 2034),
    ("full_year", "令和12年", 2030),
    ("first_year", "令和元年度", 2019),
    ("full_year", "FY2033", 2033),
])
def test_japanese_amounts_and_years_are_read(field: str, value: str, expected: float, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra = {"first_year": "2019"} if field == "full_year" else {}
    props = read_one(ctx, tmp_path, **extra, **{field: value})
    assert props.problems == []
    assert props.sites[field].iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize("field,value,words", [
    ("requested_mw", "inf", "not a finite number"),
    ("requested_mw", "nan", "not a finite number"),
    ("requested_mw", "1e12", "above 100,000"),
    ("requested_mw", "300 apples", "unit that is not allowed"),
    ("water_m3_per_day", "plenty", "not a number"),
    ("decarbonised_mw", "1,2", "not a number"),
    ("full_year", "令和十二年", "kanji numerals"),
    ("full_year", "soon", "not a year"),
    ("full_year", "9999", "outside 2000-2100"),
    ("first_year", "2034.5", "not a year"),
])
def test_unreadable_fields_reject_the_proposal_by_name(field: str, value: str, words: str, ctx,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    props = read_one(ctx, tmp_path, **{field: value})
    assert props.proposals.empty
    msgs = [str(p) for p in props.problems]
    assert len(msgs) == 1 and "'p1'" in msgs[0] and f"field: {field}" in msgs[0] and words in msgs[0], msgs


def test_numbers_from_a_geojson_must_be_finite(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sc, layers = ctx
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        **BASE, "requested_mw": float("inf")}, "geometry": TOMAKOMAI.__geo_interface__}]}), encoding="utf-8")
    assert "Infinity" in path.read_text(encoding="utf-8")  # what JavaScript and Python write for inf
    props = read_proposals(path, layers, sc)
    assert props.proposals.empty and "requested_mw is not a finite number" in str(props.problems[0])


def _box(x: float, y: float, d: float) -> list[tuple[float, float]]:
    return [(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]


@pytest.mark.parametrize("geometry,reason", [
    (shapely.Polygon(_box(141.77, 42.66, 0.01), [_box(141.80, 42.70, 0.002)]), "Hole lies outside shell"),
    (shapely.Polygon([(141.77, 42.66), (141.78, 42.66), (141.78, 42.67), (141.775, 42.67), (141.775, 42.69),
                      (141.775, 42.67), (141.77, 42.67)]), "Self-intersection"),
    (shapely.Polygon([(141.77, 42.66), (141.78, 42.67), (141.78, 42.66), (141.77, 42.67)]), "Self-intersection"),
])
def test_invalid_polygons_are_rejected_naming_the_proposal(geometry: shapely.Geometry, reason: str, ctx,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    props = read_one(ctx, tmp_path, geometry=geometry, site_area_ha=None)
    msgs = [str(p) for p in props.problems]
    assert props.proposals.empty
    assert len(msgs) == 1 and "'p1'" in msgs[0] and "field: geometry" in msgs[0] and reason in msgs[0], msgs


def test_parsers() -> None:
    assert parse_number("2万", "m3_per_day") == (20000.0, None)
    assert parse_number("1GW", "mw") == (1000.0, None)
    assert parse_year("平成31年") == (2019, None)
    assert parse_year("R12") == (2030, None)
    assert parse_year(2030.0) == (2030, None)
