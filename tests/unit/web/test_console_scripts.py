"""The console's pages load their scripts as classic scripts into one global scope.

Two scripts of one page declaring the same top-level name is a page error (``const``/``let``/
``class``: "Identifier has already been declared", and every later line of that script is
lost) or a silent override (``function``). Session 9 merged two scripts that both declared
``pt``, and the case page lost its person section without a word; this test names the clash.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[3] / "src" / "valvo" / "web" / "ui"
SCRIPT = re.compile(r'<script src="/static/([^"]+)"')
DECLARATION = re.compile(
    r"^(?:const|let|var|class|function\*?|async function)\s+([A-Za-z_$][\w$]*)", re.M
)
PAGES = sorted(UI.glob("*.html"))


def top_level_names(script: Path) -> list[str]:
    """Names declared at the start of a line: the project's scripts indent everything nested."""
    return DECLARATION.findall(script.read_text(encoding="utf-8"))


def clashes(page: Path) -> dict[str, list[str]]:
    """Each name two or more of the page's own scripts declare, with those scripts."""
    declared: dict[str, list[str]] = defaultdict(list)
    for source in SCRIPT.findall(page.read_text(encoding="utf-8")):
        if source.startswith("vendor/"):
            continue
        for name in top_level_names(page.parent / "static" / source):
            declared[name].append(source)
    return {name: where for name, where in declared.items() if len(where) > 1}


def test_the_pages_are_found() -> None:
    assert {p.name for p in PAGES} >= {"index.html", "cases.html", "me.html", "partners.html"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_two_scripts_of_a_page_declare_one_name(page: Path) -> None:
    assert clashes(page) == {}


def test_a_clash_is_named(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    nested = "function draw() {\n  const x = 2;\n}\n"  # an indented name is not top-level
    (tmp_path / "static" / "a.js").write_text("const pt = 1;\n" + nested)
    (tmp_path / "static" / "b.js").write_text("const pt = (key) => key;\n")
    page = tmp_path / "page.html"
    page.write_text('<script src="/static/a.js"></script><script src="/static/b.js"></script>')
    assert clashes(page) == {"pt": ["a.js", "b.js"]}
