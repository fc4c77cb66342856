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

from valvo.services.cases.document_model import Document, DocumentRenderError, Section

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
Text = Callable[[str], str]
# fpdf2 subsets fonts with fontTools, which logs every glyph table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
_CORE_SUBSTITUTES = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "’": "'", "…": "..."})


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
    pdf, text = new_pdf(document.reference, document.title, document.lang, font_dir)
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
    _letterhead(pdf, document, t)
    pdf.set_font(pdf.body_font, "B", 14)
    pdf.multi_cell(0, 7, t(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.body_font, "", 9)
    for line in (document.person, document.issued):
        pdf.multi_cell(0, 5, t(line), new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        _section(pdf, section, t)
    _signature(pdf, document, t)


def _letterhead(pdf: _Pdf, document: Document, t: Text) -> None:
    """The organisation and unit on the left, the case number on the right, a rule below."""
    top = pdf.get_y()
    pdf.set_font(pdf.body_font, "B", 12)
    pdf.multi_cell(120, 6, t(document.organisation), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.body_font, "", 9)
    pdf.multi_cell(120, 5, t(document.unit), new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + 120, top)
    pdf.set_font(pdf.body_font, "B", 10)
    pdf.multi_cell(0, 6, t(document.reference), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()) + 2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)


def _column_widths(rows: tuple[tuple[str, ...], ...]) -> tuple[int, ...]:
    """Each column as wide as its longest cell (header words kept whole), within bounds."""
    columns = max(len(row) for row in rows)
    widest = [0] * columns
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            longest = len(cell) if i else max((len(w) for w in cell.split()), default=0) * 2
            widest[j] = max(widest[j], min(max(longest, 6), 60))
    return tuple(widest)


def _signature(pdf: _Pdf, document: Document, t: Text) -> None:
    """The date, a line to sign on, the signatory's name and title."""
    if not document.signature:
        return
    pdf.ln(8)
    if pdf.get_y() > pdf.h - pdf.b_margin - 40:  # the block stays on one page
        pdf.add_page()
    pdf.set_font(pdf.body_font, "", 10)
    date, *signer = document.signature
    pdf.multi_cell(0, 5, t(date), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 70, pdf.get_y())
    pdf.ln(1)
    for i, line in enumerate(signer):
        pdf.set_font(pdf.body_font, "B" if i == 0 else "", 10)
        pdf.multi_cell(0, 5, t(line), new_x="LMARGIN", new_y="NEXT")


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
        widths = _column_widths(section.table)
        with pdf.table(
            first_row_as_headings=True, line_height=5, col_widths=widths, text_align="LEFT"
        ) as table:
            for cells in section.table:
                row = table.row()
                for cell in cells:
                    row.cell(tr(cell))
