"""The package's PDF report in one language: first page (what, whose, when, map), positions,
events and the alarm trail, devices and their history, the chain of custody and a witness
statement for the named signatory."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from valvo.adapters.evidence.map_drawing import Box, draw_map
from valvo.adapters.evidence.projection import tm35fin
from valvo.adapters.evidence.report_text import EVENT_KINDS, T
from valvo.adapters.pdf.render import new_pdf
from valvo.domain.alarms.alarm import KIND_CHOICES, SEVERITY_CHOICES, STATUS_CHOICES
from valvo.domain.alarms.trail import ACTION_CHOICES
from valvo.domain.choices import Choice
from valvo.services.evidence.package import EvidencePackage

LOCAL = ZoneInfo("Europe/Helsinki")
Text = Callable[[str], str]


class _Words:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t = T[lang]

    def __call__(self, key: str) -> str:
        return self.t[key]

    def time(self, value: datetime | str | None) -> str:
        if value is None:
            return self.t["missing"]
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        local = value.astimezone(LOCAL)
        if self.lang == "fi":
            return f"{local.day}.{local.month}.{local.year} klo {local:%H.%M.%S}"
        return f"{local:%Y-%m-%d %H:%M:%S}"

    def choice(self, choices: Mapping[Any, Choice], value: Any) -> str:
        for key, found in choices.items():
            if str(key) == str(value):
                return found.label_fi if self.lang == "fi" else found.label_en
        return str(value) if value else self.t["missing"]

    def number(self, value: float | None, digits: int) -> str:
        if value is None:
            return self.t["missing"]
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.lang == "fi" else text


def render_report(package: EvidencePackage, lang: str, key_fingerprint: str) -> bytes:
    w = _Words(lang)
    r = package.request
    footer = f"{package.subject['name']} · {w('title')}"
    pdf, text = new_pdf(footer, w("title"), lang)
    font = pdf.body_font
    pdf.add_page()
    pdf.set_font(font, "B", 15)
    pdf.multi_cell(0, 8, text(w("title")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "B", 11)
    pdf.multi_cell(0, 6, text(w(f"kind_{package.kind}")), new_x="LMARGIN", new_y="NEXT")
    lines = [
        (w("person"), f"{package.subject['name']} ({package.subject['id']})"),
        (w("period"), f"{w.time(r.start)} – {w.time(r.end)}"),
    ]
    if r.alarm_id:
        alarm = next((a for a in package.alarms if a["id"] == r.alarm_id), None)
        kind = w.choice(KIND_CHOICES, alarm["kind"]) if alarm else ""
        lines.append((w("alarm"), f"{kind} ({r.alarm_id})"))
    if r.match_description:
        lines.append((w("match"), r.match_description))
    lines += [
        (w("built"), w.time(package.built_at)),
        (w("built_by"), package.built_by),
        (w("signatory"), r.signatory),
        (w("key"), key_fingerprint),
    ]
    pdf.set_font(font, "", 9)
    for label, value in lines:
        pdf.set_font(font, "B", 9)
        pdf.cell(66, 5, text(label))
        pdf.set_font(font, "", 9)
        pdf.multi_cell(0, 5, text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 8)
    pdf.multi_cell(0, 4, text(w("time_note")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(font, "B", 11)
    pdf.multi_cell(0, 6, text(w("map")), new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 1
    size = min(pdf.epw, 297 - 18 - top - 22)
    draw_map(
        pdf, Box(pdf.l_margin, top, pdf.epw, size), package.positions, package.zones, text, font
    )
    pdf.set_y(top + size + 9)
    pdf.set_font(font, "", 8)
    note = w("map_note") if package.positions else w("no_positions")
    pdf.multi_cell(0, 4, text(note), new_x="LMARGIN", new_y="NEXT")
    _positions(pdf, package, w, text, font)
    _events(pdf, package, w, text, font)
    _device_events(pdf, package, w, text, font)
    _history(pdf, package, w, text, font)
    _custody(pdf, package, w, text, font)
    _statement(pdf, package, w, text, font)
    return bytes(pdf.output())


def _heading(pdf: Any, title: str, text: Text, font: str, new_page: bool = False) -> None:
    if new_page:
        pdf.add_page()
    else:
        pdf.ln(4)
    pdf.set_font(font, "B", 12)
    pdf.multi_cell(0, 7, text(title), new_x="LMARGIN", new_y="NEXT")


def _table(
    pdf: Any,
    rows: list[list[str]],
    text: Text,
    font: str,
    size: int = 7,
    widths: tuple[int, ...] | None = None,
) -> None:
    pdf.set_font(font, "", size)
    with pdf.table(first_row_as_headings=True, line_height=size * 0.55, col_widths=widths) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(text(cell))


def _grid(
    pdf: Any,
    rows: list[list[str]],
    text: Text,
    font: str,
    widths: tuple[float, ...],
    size: float = 7,
) -> None:
    """A long table of one-line cells (positions, frames): fpdf2's ``table`` lays every cell
    out as a paragraph, which takes minutes for a day of fixes; this takes well under a second.
    The header row is repeated on every page."""
    scale = pdf.epw / sum(widths)
    columns = [w * scale for w in widths]
    height = size * 0.5

    def row(cells: list[str], bold: bool) -> None:
        pdf.set_font(font, "B" if bold else "", size)
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_draw_color(148, 163, 184)
        pdf.set_line_width(0.1)
        if bold:
            pdf.set_fill_color(241, 245, 249)
            pdf.rect(x, y, pdf.epw, height, style="DF")
        else:
            pdf.line(x, y + height, x + pdf.epw, y + height)
        for width, cell in zip(columns, cells, strict=True):
            pdf.line(x, y, x, y + height)
            pdf.text(x + 0.8, y + height * 0.72, text(cell))
            x += width
        pdf.line(x, y, x, y + height)
        pdf.set_y(y + height)

    row(rows[0], bold=True)
    for cells in rows[1:]:
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            row(rows[0], bold=True)
        row(cells, bold=False)


def _positions(pdf: Any, package: EvidencePackage, w: _Words, text: Text, font: str) -> None:
    _heading(pdf, w("positions"), text, font, new_page=True)
    if not package.positions:
        pdf.set_font(font, "", 9)
        pdf.multi_cell(0, 5, text(w("no_positions")), new_x="LMARGIN", new_y="NEXT")
        return
    keys = ("col_no", "col_time", "col_lat", "col_lon", "col_e", "col_n", "col_acc", "col_speed")
    rows = [[w(k) for k in keys]]
    for number, p in enumerate(package.positions, start=1):
        east, north = tm35fin(p["lat"], p["lon"])
        rows.append(
            [
                str(number),
                w.time(p["time"]),
                w.number(p["lat"], 6),
                w.number(p["lon"], 6),
                w.number(east, 1),
                w.number(north, 1),
                w.number(p.get("accuracy_m"), 0),
                w.number(p.get("speed_kmh"), 1),
            ]
        )
    _grid(pdf, rows, text, font, widths=(8, 30, 18, 18, 18, 20, 15, 15))


def _events(pdf: Any, package: EvidencePackage, w: _Words, text: Text, font: str) -> None:
    _heading(pdf, w("events"), text, font)
    if not package.alarms:
        pdf.set_font(font, "", 9)
        pdf.multi_cell(0, 5, text(w("no_alarms")), new_x="LMARGIN", new_y="NEXT")
        return
    for alarm in package.alarms:
        pdf.set_font(font, "B", 9)
        title = (
            f"{w.choice(KIND_CHOICES, alarm['kind'])} · "
            f"{w.choice(SEVERITY_CHOICES, alarm['severity'])} · "
            f"{w.choice(STATUS_CHOICES, alarm['status'])} · {w('col_occurred')} "
            f"{w.time(alarm['occurred_at'])}"
        )
        pdf.multi_cell(0, 5, text(title), new_x="LMARGIN", new_y="NEXT")
        explanation = alarm.get("explanation") or {}
        said = explanation.get("text_fi" if w.lang == "fi" else "text_en")
        if said:
            pdf.set_font(font, "", 8)
            pdf.multi_cell(0, 4, text(str(said)), align="L", new_x="LMARGIN", new_y="NEXT")
        rows = [[w("col_time"), w("col_action"), w("col_actor"), w("col_note")]]
        for entry in alarm["trail"]:
            rows.append(
                [
                    w.time(entry["at"]),
                    w.choice(ACTION_CHOICES, entry["action"]),
                    str(entry["actor"]),
                    str(entry.get("note") or ""),
                ]
            )
        _table(pdf, rows, text, font, widths=(26, 26, 20, 50))
        pdf.ln(2)


def _device_events(pdf: Any, package: EvidencePackage, w: _Words, text: Text, font: str) -> None:
    """What the devices reported besides positions and heartbeats (tamper, presence, alarms,
    tests), as decoded from the raw frames."""
    rows = [[w("col_time"), w("col_device"), w("col_event"), w("col_detail")]]
    for obs in package.observations:
        label = EVENT_KINDS[w.lang].get(str(obs.get("kind")))
        if label is None:
            continue
        payload = obs.get("payload") or {}
        detail = ", ".join(str(a) for a in payload.get("alarms") or ())
        rows.append([w.time(obs["device_time"]), str(obs["device_identifier"]), label, detail])
    if len(rows) > 1:
        pdf.ln(2)
        pdf.set_font(font, "B", 9)
        pdf.multi_cell(0, 5, text(w("device_events")), new_x="LMARGIN", new_y="NEXT")
        _grid(pdf, rows, text, font, widths=(30, 25, 35, 60))


def _history(pdf: Any, package: EvidencePackage, w: _Words, text: Text, font: str) -> None:
    _heading(pdf, w("history"), text, font)
    devices = {d["id"]: d for d in package.devices}
    rows = [
        [w("col_device"), w("col_protocol"), w("col_model"), w("col_assigned"), w("col_unassigned")]
    ]
    for a in package.assignments:
        device = devices.get(a["device_id"], {})
        rows.append(
            [
                str(device.get("identifier", a["device_id"])),
                str(device.get("protocol", "")),
                str(device.get("model") or w("missing")),
                w.time(a["assigned_at"]),
                w.time(a["unassigned_at"]) if a["unassigned_at"] else "–",
            ]
        )
    _table(pdf, rows, text, font, size=8)
    pdf.ln(2)
    pdf.set_font(font, "", 9)
    if not package.installations:
        pdf.multi_cell(0, 5, text(w("no_installations")), new_x="LMARGIN", new_y="NEXT")
    for item in package.installations:
        line = f"{w('col_installed')}: {w.time(item['installed_at'])}"
        pdf.multi_cell(0, 5, text(line), new_x="LMARGIN", new_y="NEXT")


def _custody(pdf: Any, package: EvidencePackage, w: _Words, text: Text, font: str) -> None:
    _heading(pdf, w("custody"), text, font, new_page=True)
    pdf.set_font(font, "", 9)
    pdf.multi_cell(0, 5, text(w("custody_text")), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if not package.frames:
        pdf.multi_cell(0, 5, text(w("no_frames")), new_x="LMARGIN", new_y="NEXT")
    checks = {c.device: c for c in package.chain}
    header = [w("col_device"), w("col_frames"), w("col_first"), w("col_last"), w("col_check")]
    rows = [header]
    for device in sorted({f.device for f in package.frames} | set(checks)):
        frames = [f for f in package.frames if f.device == device]
        check = checks.get(device)
        verdict = w("missing")
        if check is not None:
            verdict = f"{w('intact')} ({check.frames})" if check.intact else w("broken")
            if check.reason:
                verdict += f": {check.reason}"
        rows.append(
            [
                device,
                str(len(frames)),
                f"{frames[0].id} · {frames[0].hash[:16]}…" if frames else "–",
                f"{frames[-1].id} · {frames[-1].hash[:16]}…" if frames else "–",
                verdict,
            ]
        )
    _table(pdf, rows, text, font, size=8, widths=(22, 12, 28, 28, 40))
    if package.frames:
        pdf.ln(3)
        header = [w("col_frame"), w("col_device"), w("col_received"), w("col_raw"), w("col_hash")]
        frame_rows = [header]
        for frame in package.frames:
            frame_rows.append(
                [
                    str(frame.id),
                    frame.device,
                    w.time(frame.content["received_at"]),
                    hashlib.sha256(frame.raw).hexdigest()[:24] + "…",
                    frame.hash,
                ]
            )
        _grid(pdf, frame_rows, text, font, size=5.5, widths=(9, 18, 25, 38, 70))


def _statement(pdf: Any, package: EvidencePackage, w: _Words, text: Text, font: str) -> None:
    _heading(pdf, w("statement"), text, font, new_page=True)
    pdf.set_font(font, "", 10)
    pdf.multi_cell(0, 5.5, text(w("statement_text")), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    fields = [
        (w("sign_name"), package.request.signatory),
        (w("sign_title"), ""),
        (w("sign_place"), ""),
        (w("sign_signature"), ""),
    ]
    for label, value in fields:
        pdf.set_font(font, "B", 9)
        pdf.cell(45, 10, text(label))
        pdf.set_font(font, "", 11)
        pdf.cell(0, 10, text(value), border="B", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
