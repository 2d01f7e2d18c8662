"""What every command shares: the --debug switch, error handling, the console, the options several commands take,
progress lines and what SIGTERM and a repeated Ctrl+C do."""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from siting.errors import SitingError
from siting.i18n import Lang
from siting.text import printable

# A pipe or a CI log gets 160 columns rather than Rich's default 80, so tables stay readable (COLUMNS, when set,
# says otherwise).
console = Console(highlight=False, width=None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 160))
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
STATE = {"debug": bool(os.environ.get("SITING_DEBUG"))}
T = TypeVar("T")
#: Below this many columns the tables switch to a stacked layout (one block per row).
NARROW_COLUMNS = 100


class Basemap(StrEnum):
    """GSI tile sets of the online maps."""

    pale = "pale"
    std = "std"


LangOpt = Annotated[Lang, typer.Option("--lang", help="language of maps, reports and terminal")]
BasemapOpt = Annotated[Basemap, typer.Option("--basemap", help="GSI background tiles of an online map")]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="pages that load nothing from the web: Leaflet "
                                          "inlined, prefecture outlines as the base map, no tiles")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", metavar="KEY=VALUE", help="override a scenario key "
                                                  "(repeatable), e.g. policy.max_regions=4")]
LayerOpt = Annotated[list[str] | None, typer.Option("--layer", "-l", metavar="KIND=PATH",
                                                    help="replace a layer by your own file (repeatable)")]


def narrow() -> bool:
    """The terminal is too narrow for the wide tables."""
    return console.width < NARROW_COLUMNS


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
        with user_errors(), sigterm_as_ctrl_c(), quiet_libraries():
            return func(*args, **kwargs)
        raise AssertionError("unreachable")

    return wrapper


@contextmanager
def quiet_libraries() -> Iterator[None]:
    """No warning of a library reaches the user (they are the tool's to turn into messages); ``--debug`` shows
    them."""
    with warnings.catch_warnings():
        if not STATE["debug"]:
            warnings.simplefilter("ignore")
        yield


def _raise_interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (``kill``, a scheduler stopping a job) does what Ctrl+C does: HiGHS stops and the best plan is
    kept (:meth:`siting.solve.highs.PersistentSolver.run`)."""
    if sys.platform == "win32" or not _main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def keep_plan(message: str) -> Iterator[None]:
    """Ctrl+C and SIGTERM during a run: the first stops HiGHS, which returns its best plan
    (:meth:`siting.solve.highs.PersistentSolver.run`; before any plan exists it ends the run, exit 130); the
    second only prints ``message`` while that plan is written; a third ends the run at once."""
    if not _main_thread():
        yield
        return
    count = 0

    def handler(_signum: int, _frame: Any) -> None:
        nonlocal count
        count += 1
        if count == 2:
            sys.stderr.write(message + "\n")
            return
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


class Stages:
    """Progress of a long command: a spinner on a terminal, plain timestamped lines on stderr otherwise (a log
    file or a CI job sees every stage)."""

    def __init__(self, first: str = "starting"):
        self.t0 = time.perf_counter()
        self.last = ""
        self.bar: Any = None
        self.first = first

    def __enter__(self) -> Stages:
        if console.is_terminal:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                console=console, transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task(self.first, total=None)
        else:
            self(self.first)
        return self

    def __call__(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=printable(text))
        elif text != self.last:
            sys.stderr.write(f"[{time.perf_counter() - self.t0:7.1f} s] {printable(text)}\n")
            sys.stderr.flush()
        self.last = text

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
