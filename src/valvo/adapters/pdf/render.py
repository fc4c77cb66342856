"""Lay a case ``Document`` out as an A4 PDF with fpdf2.

Finnish text needs a Unicode font: DejaVu Sans (Debian's fonts-dejavu-core) is embedded when it
is installed. Without it the PDF falls back to the core Helvetica, which holds Latin-1 (ä, ö, å,
§) once typographic dashes and quotes are replaced; any character beyond that raises a
``DocumentRenderError`` that says which font to install, rather than printing wrong text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from fpdf.errors import FPDFUnicodeEncodingException

from valvo.services.cases.document_model import Document, Section

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
Text = Callable[[str], str]
# fpdf2 subsets fonts with fontTools, which logs every glyph table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
_CORE_SUBSTITUTES = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "’": "'", "…": "..."})


class DocumentRenderError(RuntimeError):
    """The document cannot be rendered faithfully (a font is missing)."""


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.body_font = "Helvetica"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.body_font, "", 8)
        self.cell(0, 5, f"{self._footer_text}   {self.page_no()}/{{nb}}", align="R")


def new_pdf(footer: str, title: str, lang: str, font_dir: Path = FONT_DIR) -> tuple[_Pdf, Text]:
    """An A4 PDF with the body font set up (DejaVu Sans when installed), and the function that
    makes a text printable in that font."""
    pdf = _Pdf(footer)
    unicode_font = (font_dir / REGULAR).is_file() and (font_dir / BOLD).is_file()
    if unicode_font:
        pdf.add_font("DejaVu", "", str(font_dir / REGULAR))
        pdf.add_font("DejaVu", "B", str(font_dir / BOLD))
        pdf.body_font = "DejaVu"
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.set_creator("Valvo")
    pdf.set_auto_page_break(auto=True, margin=18)
    return pdf, (_same if unicode_font else _latin1)


def render(document: Document, font_dir: Path = FONT_DIR) -> bytes:
    """The PDF bytes of ``document``."""
    pdf, text = new_pdf(
        f"{document.reference} · {document.kind}", document.title, document.lang, font_dir
    )
    pdf.add_page()
    try:
        _write(pdf, document, text)
        return bytes(pdf.output())
    except FPDFUnicodeEncodingException as exc:
        raise DocumentRenderError(
            f"the {document.lang} {document.kind} needs a Unicode font: install DejaVu Sans "
            f"(Debian: fonts-dejavu-core) in {font_dir} ({exc})"
        ) from exc


def _same(value: str) -> str:
    return value


def _latin1(value: str) -> str:
    return value.translate(_CORE_SUBSTITUTES)


def _write(pdf: _Pdf, document: Document, t: Text) -> None:
    pdf.set_font(pdf.body_font, "B", 14)
    pdf.multi_cell(0, 7, t(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.body_font, "", 9)
    for line in (document.person, f"{document.reference}", document.issued):
        pdf.multi_cell(0, 5, t(line), new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        _section(pdf, section, t)


def _section(pdf: _Pdf, section: Section, tr: Text) -> None:
    pdf.ln(3)
    pdf.set_font(pdf.body_font, "B", 11)
    pdf.multi_cell(0, 6, tr(section.heading), new_x="LMARGIN", new_y="NEXT")
    for line in section.lines:
        pdf.set_font(pdf.body_font, "B", 9)
        pdf.multi_cell(0, 5, tr(line.label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdf.body_font, "", 10)
        pdf.multi_cell(0, 5, tr(line.value), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.body_font, "", 10)
    for paragraph in section.paragraphs:
        if paragraph.strip():
            pdf.multi_cell(0, 5, tr(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    if section.table:
        pdf.set_font(pdf.body_font, "", 9)
        with pdf.table(first_row_as_headings=True, line_height=5) as table:
            for cells in section.table:
                row = table.row()
                for cell in cells:
                    row.cell(tr(cell))
