"""Errors that reach the user as one clear line: what went wrong, which items, how to fix it.

Every error the tool raises on purpose is a :class:`SitingError`. The CLI prints ``str(error)`` -- one line
per problem -- and exits with code 2; a Python traceback is shown only with ``--debug``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError


def _fmt_items(items: Sequence[object], limit: int = 5) -> str:
    shown = ", ".join(str(i) for i in items[:limit])
    more = len(items) - limit
    return shown + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Problem:
    """One problem found in one input.

    Attributes
    ----------
    where
        The file (and layer) or scenario key concerned, e.g. ``substations.csv [substations]``.
    what
        What is wrong, with the numbers.
    fix
        How to fix it.
    items
        The offending rows, ids or fields (the first few are shown).
    item_label
        What the items are (``rows``, ``ids``, ``field``).
    """

    where: str
    what: str
    fix: str
    items: tuple[object, ...] = ()
    item_label: str = "rows"

    def __str__(self) -> str:
        items = f" ({self.item_label}: {_fmt_items(self.items)})" if self.items else ""
        return f"{self.where}: {self.what}{items} -- fix: {self.fix}"


def validation_problems(source: str, exc: ValidationError, see: str, skip: Collection[str] = (),
                        hint: Callable[[list[str]], str] | None = None) -> list[Problem]:
    """One :class:`Problem` per error pydantic found in a file: the dotted key (without the location parts in
    ``skip``), what is wrong with the value given, and a fix that points to an example (``see``, e.g.
    ``"see models/reference.toml"``); ``hint`` turns an unknown key's location into a sentence put before the
    fix (e.g. "did you mean 'policy.max_regions'? ")."""
    out = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"] if p not in skip) or "(top level)"
        if err["type"] == "extra_forbidden":
            close = hint([str(p) for p in err["loc"]]) if hint is not None else ""
            what, fix = f"unknown key '{key}'", f"{close}remove it or correct its spelling ({see})"
        else:
            got = err.get("input")
            got_s = "" if isinstance(got, dict) else f" (got {got!r})"
            msg = str(err["msg"]).removeprefix("Value error, ")
            what, fix = f"'{key}': {msg}{got_s}", f"correct the value ({see})"
        out.append(Problem(source, what, fix))
    return out


class SitingError(Exception):
    """Base class of every error the tool raises on purpose; ``str()`` is the message for the user."""

    exit_code = 2

    def __init__(self, problems: Problem | str | Iterable[Problem | str]):
        self.problems: list[Problem | str] = [problems] if isinstance(problems, Problem | str) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(SitingError):
    """A layer, proposal or other input file is unreadable or breaks its contract."""


class ScenarioError(SitingError):
    """The scenario file has an unknown key, a wrong type or an impossible value."""


class OutputError(SitingError):
    """An output folder or file cannot be written, or writing it would replace something the tool did not write."""


class InfeasibleError(SitingError):
    """The siting model has no feasible plan; the message says which constraint families must give way."""
