"""Solution values of model columns, as the result tables read them."""

from __future__ import annotations

from typing import Any


def value(var: Any) -> float:
    """A column's solution value; 0 where it has none (a column the solve never set)."""
    v = var.value
    return 0.0 if v is None else float(v)
