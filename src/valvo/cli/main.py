"""The ``valvo`` command: one entry point for every process and tool."""

from __future__ import annotations

import typer

from valvo.cli.commands import db_app, demo, serve, simulate, user_app
from valvo.cli.decode import decode_command
from valvo.cli.law import law_app

app = typer.Typer(
    name="valvo",
    help=(
        "Valvo: electronic monitoring of offenders.\n\n"
        "Start with 'valvo demo' to run a whole monitoring centre on this machine."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("demo")(demo)
app.command("serve")(serve)
app.command("simulate")(simulate)
app.command("decode")(decode_command)
app.add_typer(law_app, name="law")
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")


def main() -> None:
    app()
