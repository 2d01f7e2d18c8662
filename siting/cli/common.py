"""What every command shares: the --debug switch, error handling and the console."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console

from siting.errors import SitingError
from siting.text import printable

# A pipe or a CI log gets 160 columns rather than Rich's default 80, so tables stay readable.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
STATE = {"debug": bool(os.environ.get("SITING_DEBUG"))}
T = TypeVar("T")


def short_path(path: Path | str) -> str:
    """A path relative to the working folder where that is shorter."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn :class:`SitingError` into one line per problem on stderr and exit code 2.

    Anything else is a bug: one line saying so, exit 1; ``--debug`` shows the traceback in both cases.
    """
    try:
        yield
    except SitingError as exc:
        if STATE["debug"]:
            traceback.print_exc()
        for problem in exc.problems:
            # Plain writes: a problem is one line, never wrapped by the terminal width.
            sys.stderr.write(f"error: {printable(problem)}\n")
        raise typer.Exit(exc.exit_code) from None
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise typer.Exit(130) from None
    except Exception as exc:
        if STATE["debug"]:
            traceback.print_exc()
        sys.stderr.write(f"internal error: {type(exc).__name__}: {printable(exc)} "
                         "(this is a bug; run with --debug for the traceback and report it)\n")
        raise typer.Exit(1) from None


def guarded(func: Callable[..., T]) -> Callable[..., T]:
    import functools

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> T:
        with user_errors():
            return func(*args, **kwargs)
        raise AssertionError("unreachable")

    return wrapper
