"""``valvo law ...``: the sentence calculator (filled in by the law module)."""

from __future__ import annotations

import typer

law_app = typer.Typer(help="The sentence calculator officers use; each command prints JSON.")
