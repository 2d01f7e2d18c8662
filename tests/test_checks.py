"""Every check of the layer contract: one clear problem naming the file, the rows and the fix."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from conftest import land_frame, substations_frame

from siting import InputError, load_layer


def problems(kind: str, path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_layer(kind, path)
    return [str(p) for p in info.value.problems]


def one_problem(kind: str, path: Path) -> str:
    found = problems(kind, path)
    assert len(found) == 1, found
    assert str(path) in found[0]
    assert "-- fix:" in found[0]
    return found[0]


def test_swapped_lat_lon_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
                    "S1,a,500,Tokyo,1,true,140.0,35.7\nS2,b,275,Tokyo,1,true,140.1,35.8\n")
    msg = one_problem("substations", path)
    assert "swapped" in msg and "S1, S2" in msg


def test_projected_numbers_labelled_as_degrees(tmp_path: Path) -> None:
    frame = substations_frame().to_crs("EPSG:6677")
    frame = frame.set_crs("EPSG:4326", allow_override=True)  # metres under a lon/lat label
    path = tmp_path / "subs.gpkg"
    frame.to_file(path)
    assert "not degrees" in one_problem("substations", path)


def test_layer_without_crs(tmp_path: Path) -> None:
    path = tmp_path / "land.shp"
    land_frame().to_file(path)
    path.with_suffix(".prj").unlink()
    msg = one_problem("land", path)
    assert "no CRS" in msg and "EPSG:6668" in msg


def test_projected_layer_is_accepted_and_reprojected(tmp_path: Path) -> None:
    path = tmp_path / "land.gpkg"
    land_frame().to_crs("EPSG:6677").to_file(path)
    layer = load_layer("land", path)
    assert layer.crs_in == "EPSG:6677"
    assert any("reprojected EPSG:6677" in w for w in layer.warnings)


def test_self_intersecting_polygon(tmp_path: Path) -> None:
    frame = land_frame()
    bowtie = shapely.Polygon([(140.1, 35.7), (140.2, 35.8), (140.2, 35.7), (140.1, 35.8), (140.1, 35.7)])
    frame.loc[0, "geometry"] = bowtie
    path = tmp_path / "land.geojson"
    frame.to_file(path)
    msg = one_problem("land", path)
    assert "Self-intersection" in msg and "chiba-1" in msg and "make_valid" in msg


def test_empty_geometry(tmp_path: Path) -> None:
    frame = land_frame()
    frame.loc[1, "geometry"] = shapely.Polygon()
    path = tmp_path / "land.gpkg"
    frame.to_file(path)
    assert "hok-1" in one_problem("land", path)


def test_wrong_geometry_type(tmp_path: Path) -> None:
    frame = substations_frame()
    frame.loc[0, "geometry"] = shapely.box(140, 35.7, 140.01, 35.71)
    path = tmp_path / "subs.geojson"
    frame.to_file(path)
    msg = one_problem("substations", path)
    assert "must be Point" in msg and "S1" in msg


def test_duplicate_id(tmp_path: Path) -> None:
    frame = substations_frame()
    frame.loc[2, "substation_id"] = "S1"
    path = tmp_path / "subs.geojson"
    frame.to_file(path)
    msg = one_problem("substations", path)
    assert "not unique" in msg and "S1" in msg


def test_missing_column_suggests_rename(tmp_path: Path) -> None:
    frame = substations_frame().rename(columns={"headroom_mw": "headroom"})
    path = tmp_path / "subs.geojson"
    frame.to_file(path)
    msg = one_problem("substations", path)
    assert "required column 'headroom_mw' is missing" in msg and "rename 'headroom'" in msg


def test_negative_capacity(tmp_path: Path) -> None:
    frame = substations_frame()
    frame.loc[1, "headroom_mw"] = -20.0
    path = tmp_path / "subs.geojson"
    frame.to_file(path)
    msg = one_problem("substations", path)
    assert "negative" in msg and "-20" in msg and "S2" in msg


def test_nan_capacity_in_required_column(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
                    "S1,a,500,Tokyo,,true,35.7,140.0\n")
    assert "'headroom_mw' is empty" in one_problem("substations", path)


def test_man_kw_units_named_with_conversion(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
                    "S1,a,500,Tokyo,5万kW,true,35.7,140.0\n", encoding="utf-8")
    msg = one_problem("substations", path)
    assert "万kW" in msg and "is 50" in msg


def test_text_in_number_column(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
                    "S1,a,500,Tokyo,lots,true,35.7,140.0\n")
    assert "not numbers ('lots')" in one_problem("substations", path)


def test_value_outside_choices(tmp_path: Path) -> None:
    frame = substations_frame()
    frame.loc[0, "area"] = "Kanto"
    path = tmp_path / "subs.geojson"
    frame.to_file(path)
    msg = one_problem("substations", path)
    assert "'Kanto'" in msg and "Tokyo" in msg


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_bytes(b"")
    assert "empty (0 bytes)" in one_problem("substations", path)


def test_header_only_csv_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n")
    assert "no rows" in one_problem("substations", path)


def test_file_that_is_not_what_its_extension_says(tmp_path: Path) -> None:
    path = tmp_path / "subs.geojson"
    path.write_text("this is not json at all")
    assert "cannot be read as GeoJSON" in one_problem("substations", path)
    gpkg = tmp_path / "subs.gpkg"
    substations_frame().to_file(gpkg)
    fake_csv = tmp_path / "subs.csv"
    fake_csv.write_bytes(gpkg.read_bytes())
    assert "binary" in one_problem("substations", fake_csv)


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    assert "does not exist" in one_problem("land", tmp_path / "nope.geojson")
    odd = tmp_path / "land.xlsx"
    odd.write_bytes(b"PK")
    assert "unknown file type" in one_problem("land", odd)


def test_whole_numbers_and_bounds(tmp_path: Path) -> None:
    path = tmp_path / "reinf.csv"
    path.write_text("voltage_kv,step,added_mw,cost_jpy,lead_time_years\n275,1.5,500,1e10,5\n")
    assert "whole numbers" in one_problem("reinforcements", path)


def test_one_of_columns(tmp_path: Path) -> None:
    path = tmp_path / "reinf.csv"
    path.write_text("substation_id,voltage_kv,step,added_mw,cost_jpy,lead_time_years\n,,1,500,1e10,5\n")
    assert "none of substation_id, voltage_kv" in one_problem("reinforcements", path)


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    frame = substations_frame()
    frame.loc[0, "headroom_mw"] = -1.0
    frame.loc[2, "substation_id"] = "S2"
    path = tmp_path / "subs.geojson"
    frame.to_file(path)
    found = problems("substations", path)
    assert len(found) == 2 and all(str(path) in p for p in found)


def test_demand_year_columns(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"node_id": ["tokyo"], "name": ["Tokyo"], "it_mw_2030": [100.0],
                              "it_mw_2034": [-1.0]}, geometry=[shapely.Point(139.76, 35.69)], crs=4326)
    path = tmp_path / "demand.geojson"
    frame.to_file(path)
    assert "it_mw_2034" in one_problem("demand", path)
    frame = frame.drop(columns=["it_mw_2030", "it_mw_2034"])
    frame.to_file(path)
    assert "it_mw_" in one_problem("demand", path)
