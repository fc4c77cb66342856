"""The ``valvo`` command: one entry point for every process and tool."""

from __future__ import annotations

import typer

from valvo.cli.audit import audit_app
from valvo.cli.cases import cases_app
from valvo.cli.commands import db_app, demo, replay, serve, simulate, user_app
from valvo.cli.decode import decode_command
from valvo.cli.evidence import evidence_app
from valvo.cli.exchange import export_app, import_positions, import_record
from valvo.cli.followup import followup_app
from valvo.cli.gateway_commands import device_app, provenance_app
from valvo.cli.law import law_app
from valvo.cli.log_status import log_app
from valvo.cli.partners import partners_app
from valvo.cli.retention import retention_app
from valvo.cli.verify import verify_everything

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
app.command("replay")(replay)
app.command("decode")(decode_command)
app.command("verify")(verify_everything)
app.add_typer(law_app, name="law")
app.add_typer(cases_app, name="cases")
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(provenance_app, name="provenance")
app.add_typer(device_app, name="device")
app.add_typer(partners_app, name="partners")
app.add_typer(audit_app, name="audit")
app.add_typer(retention_app, name="retention")
app.add_typer(followup_app, name="followup")
app.add_typer(log_app, name="log")
app.add_typer(evidence_app, name="evidence")
app.add_typer(export_app, name="export")
app.command("import")(import_record)
app.command("import-positions")(import_positions)


def main() -> None:
    app()
