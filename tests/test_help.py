"""Every command's --help names each option with its choices, and README's command table lists every option."""

from __future__ import annotations

import enum
import inspect
import re
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.models import OptionInfo
from typer.testing import CliRunner

from siting.cli.main import app

REPO = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, Callable[..., object]] = {
    c.name or c.callback.__name__.replace("_", "-"): c.callback for c in app.registered_commands if c.callback}
NAMES = sorted(COMMANDS)


def _options(func: Callable[..., object]) -> list[tuple[str, list[str]]]:
    """(long option name, choices) of each option of a command function, from its annotations."""
    func = inspect.unwrap(func)
    out = []
    for name, hint in typing.get_type_hints(func, include_extras=True).items():
        info = next((m for m in getattr(hint, "__metadata__", ()) if isinstance(m, OptionInfo)), None)
        if info is None:
            continue
        decls = [d for d in (info.default, *info.param_decls) if isinstance(d, str) and d.startswith("--")]
        long = decls[0] if decls else "--" + name.replace("_", "-")
        kinds = [t for t in (typing.get_args(hint)[0], *typing.get_args(typing.get_args(hint)[0]))
                 if isinstance(t, type) and issubclass(t, enum.Enum)]
        out.append((long, [str(m.value) for m in kinds[0]] if kinds else []))
    return out


def _table_row(name: str) -> str:
    """The README command table's row of ``siting NAME``."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln.startswith(f"| `siting {name}")]
    assert len(rows) == 1, f"README has {len(rows)} command-table rows for siting {name}"
    return rows[0]


def test_the_commands_are_all_checked() -> None:
    assert NAMES == ["compare", "evaluate", "layers", "map", "run", "serve", "sweep", "validate"]


@pytest.mark.parametrize("name", NAMES)
def test_readme_lists_every_option_with_its_choices(name: str) -> None:
    row = _table_row(name)
    options = _options(COMMANDS[name])
    assert options
    for long, choices in options:
        assert re.search(rf"(\[|\\\| ){re.escape(long)}[ \]]", row), f"README: siting {name} lacks {long}"
        if choices:
            shown = "\\|".join(choices)
            assert f"{long} {shown}" in row, f"README: siting {name} {long} lacks its choices {shown}"


def test_readme_names_the_global_options() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    callback = app.registered_callback.callback if app.registered_callback else None
    assert callback is not None
    for long, _choices in _options(callback):
        assert f"siting {long}" in text, f"README does not name siting {long}"


@pytest.mark.parametrize("name", NAMES)
def test_help_shows_no_python_types(name: str) -> None:
    res = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert not re.findall(r"<(?:bool|str|int|float|list\[str\]|int range|float range|text|integer)>", res.output), \
        res.output
    for long, choices in _options(COMMANDS[name]):
        assert long in res.output
        if choices:
            assert f"{long} <{'|'.join(choices)}>" in res.output
