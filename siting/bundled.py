"""Where the bundled reference data and scenarios are, in a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _first(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[0]


def models_dir() -> Path:
    """``models/`` of the checkout, or the copy packed into the wheel."""
    return _first(_PKG.parent / "models", _PKG / "_bundled" / "models")


def geodata_dir() -> Path:
    """``geodata/`` of the checkout, or the copy packed into the wheel."""
    return _first(_PKG.parent / "geodata", _PKG / "_bundled" / "geodata")


def reference_scenario() -> Path:
    """The bundled national reference scenario, ``models/reference.toml``."""
    return models_dir() / "reference.toml"
