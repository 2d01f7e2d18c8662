"""The ``siting`` command."""

from __future__ import annotations

from typing import Annotated

import typer

from siting import __version__
from siting.cli.common import STATE
from siting.cli.evaluate import evaluate
from siting.cli.map import compare, map_
from siting.cli.run import run as run_command
from siting.cli.serve import serve
from siting.cli.sweep import sweep
from siting.cli.validate import layers, validate

app = typer.Typer(
    name="siting",
    help="wattbit-siting: choose GX strategic-region data-centre clusters in Japan and the grid they need.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags without a type, choices as <ja|en>, readable at any width
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wattbit-siting {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="show Python tracebacks on errors")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="print the version")] = False,
) -> None:
    """Siting of GW-scale data-centre clusters with grid reinforcement, solved as a MILP with HiGHS."""
    STATE["debug"] = debug or STATE["debug"]


app.command()(validate)
app.command()(layers)
app.command(name="run")(run_command)
app.command()(evaluate)
app.command(name="map")(map_)
app.command()(compare)
app.command()(sweep)
app.command()(serve)


def run() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    run()
