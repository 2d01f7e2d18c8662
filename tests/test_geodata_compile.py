"""The bundled reference layers are exactly what the data build makes from ``geodata/sources`` (no hand edits)."""

from __future__ import annotations

from pathlib import Path

from geodata.build import compile_grid, compile_sites

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "geodata" / "sources"
GRID_FILES = ("prefectures.geojson", "grid_areas.geojson", "interconnectors.csv", "substations.geojson",
              "lines.geojson", "reinforcements.csv", "decarbonised_supply.geojson")
SITE_FILES = ("land.geojson", "water.geojson", "communications.geojson", "hazards.geojson", "demand.geojson")


def test_compiled_layers_match_the_bundled_geodata(tmp_path: Path) -> None:
    compile_grid.main([str(SOURCES), "--out", str(tmp_path)])
    compile_sites.main(["--sources", str(SOURCES), "--out", str(tmp_path)])
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted((*GRID_FILES, *SITE_FILES, "manifest.json"))
    for name in written:
        made, bundled = (tmp_path / name).read_bytes(), (REPO / "geodata" / name).read_bytes()
        assert made == bundled, (f"geodata/{name} differs from what the data build makes: run "
                                 "python -m geodata.build.compile_grid && python -m geodata.build.compile_sites")


def test_every_hand_compiled_row_outside_the_fact_tables_names_its_source() -> None:
    from geodata.build import land_table, site_tables

    rows = [*land_table.SITES, *site_tables.EXTRA_WATER]
    assert rows and all(row.source.strip() for row in rows)
    assert all(row["source"].strip() for row in site_tables.EXTRA_LANDINGS)
