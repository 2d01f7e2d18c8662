"""The bundled reference layers are exactly what the compile tools make from the shared data (no hand edits)."""

from __future__ import annotations

from pathlib import Path

from siting.tools import compile_grid, compile_sites

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GRID_FILES = ("prefectures.geojson", "grid_areas.geojson", "interconnectors.csv", "substations.geojson",
              "lines.geojson", "reinforcements.csv", "decarbonised_supply.geojson")
SITE_FILES = ("land.geojson", "water.geojson", "communications.geojson", "hazards.geojson", "demand.geojson")


def test_compiled_layers_match_the_bundled_geodata(tmp_path: Path) -> None:
    compile_grid.main([str(SHARED), "--out", str(tmp_path)])
    compile_sites.main(["--shared", str(SHARED), "--out", str(tmp_path)])
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(GRID_FILES + SITE_FILES)
    for name in written:
        made, bundled = (tmp_path / name).read_bytes(), (REPO / "geodata" / name).read_bytes()
        assert made == bundled, f"geodata/{name} differs from what the compile tools make: re-run them"


def test_every_hand_compiled_row_outside_the_fact_tables_names_its_source() -> None:
    from siting.tools import land_table, site_tables

    rows = [*land_table.SITES, *site_tables.EXTRA_WATER]
    assert rows and all(row.source.strip() for row in rows)
    assert all(row["source"].strip() for row in site_tables.EXTRA_LANDINGS)
