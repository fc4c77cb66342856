"""Draw the package's map into the PDF as vector graphics, with no map tiles: the track in
ETRS-TM35FIN metres, each fix's 95 % accuracy circle to scale, the zones, a grid, a scale bar
and north."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF

from valvo.adapters.evidence.projection import tm35fin

Point = tuple[float, float]
MIN_SPAN_M = 300.0
MAX_LABELS = 60
ZONE_COLOURS = {"exclusion": (220, 38, 38), "inclusion": (22, 163, 74)}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class _View:
    box: Box
    west: float
    north: float
    scale: float  # mm per metre

    def at(self, point: Point) -> Point:
        east, north = point
        return (
            self.box.x + (east - self.west) * self.scale,
            self.box.y + (self.north - north) * self.scale,
        )


def zone_rings(zone: dict[str, Any]) -> list[list[Point]]:
    """The outer rings of a zone's GeoJSON polygon(s), in TM35FIN metres."""
    geometry = zone.get("geometry") or {}
    kind = geometry.get("type")
    polygons = [geometry.get("coordinates")] if kind == "Polygon" else []
    if kind == "MultiPolygon":
        polygons = list(geometry.get("coordinates") or [])
    rings = []
    for polygon in polygons:
        if polygon:
            rings.append([tm35fin(lat, lon) for lon, lat, *_ in polygon[0]])
    return rings


def draw_map(
    pdf: FPDF,
    box: Box,
    positions: Sequence[dict[str, Any]],
    zones: Sequence[dict[str, Any]],
    text: Callable[[str], str],
    font: str,
) -> None:
    fixes = [tm35fin(p["lat"], p["lon"]) for p in positions]
    radii = [float(p.get("accuracy_m") or 0.0) for p in positions]
    rings = [(z, ring) for z in zones for ring in zone_rings(z)]
    view = _fit(box, fixes, radii, [ring for _, ring in rings])
    pdf.set_fill_color(248, 250, 252)
    pdf.set_draw_color(100, 116, 139)
    pdf.set_line_width(0.3)
    pdf.rect(box.x, box.y, box.w, box.h, style="DF")
    with pdf.rect_clip(box.x, box.y, box.w, box.h):
        _grid(pdf, view, text, font)
        for zone, ring in rings:
            colour = ZONE_COLOURS.get(str(zone.get("kind")), (100, 116, 139))
            pdf.set_draw_color(*colour)
            pdf.set_fill_color(*colour)
            pdf.set_line_width(0.5)
            points = [view.at(p) for p in ring]
            with pdf.local_context(fill_opacity=0.12):
                pdf.polygon(points, style="DF")
            top = min(points, key=lambda p: p[1])
            pdf.set_text_color(*colour)
            pdf.set_font(font, "B", 7)
            pdf.text(top[0] - 4, top[1] - 1.5, text(str(zone.get("name") or "")))
            pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(37, 99, 235)
        pdf.set_fill_color(37, 99, 235)
        pdf.set_line_width(0.2)
        for fix, radius in zip(fixes, radii, strict=True):
            if radius > 0:
                x, y = view.at(fix)
                with pdf.local_context(fill_opacity=0.10):
                    pdf.circle(x, y, radius * view.scale, style="DF")
        if len(fixes) > 1:
            pdf.set_draw_color(15, 23, 42)
            pdf.set_line_width(0.5)
            pdf.polyline([view.at(f) for f in fixes])
        _fixes(pdf, view, fixes, font)
    _scale_bar(pdf, view, text, font)
    _north(pdf, box, font)


def _fit(box: Box, fixes: list[Point], radii: list[float], rings: list[list[Point]]) -> _View:
    xs, ys = [], []
    for (east, north), radius in zip(fixes, radii, strict=True):
        xs += [east - radius, east + radius]
        ys += [north - radius, north + radius]
    for ring in rings:
        xs += [p[0] for p in ring]
        ys += [p[1] for p in ring]
    if not xs:  # nothing to show: an empty square of the minimum span around Helsinki
        xs, ys = [385000.0, 385000.0 + MIN_SPAN_M], [6672000.0, 6672000.0 + MIN_SPAN_M]
    span = max(max(xs) - min(xs), max(ys) - min(ys), MIN_SPAN_M) * 1.1
    scale = min(box.w, box.h) / span
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return _View(box, mid_x - box.w / 2 / scale, mid_y + box.h / 2 / scale, scale)


def nice_step(span_m: float) -> float:
    """A round grid step giving about five lines over ``span_m``."""
    raw = span_m / 5
    power = 10 ** math.floor(math.log10(raw))
    steps = [float(m * power) for m in (1, 2, 5, 10)]
    return min(steps, key=lambda s: abs(s - raw))


def _grid(pdf: FPDF, view: _View, text: Callable[[str], str], font: str) -> None:
    box = view.box
    step = nice_step(box.w / view.scale)
    pdf.set_draw_color(226, 232, 240)
    pdf.set_line_width(0.1)
    pdf.set_font(font, "", 5)
    pdf.set_text_color(148, 163, 184)
    east = math.ceil(view.west / step) * step
    while (x := view.at((east, view.north))[0]) < box.x + box.w:
        pdf.line(x, box.y, x, box.y + box.h)
        pdf.text(x + 0.5, box.y + box.h - 1, text(f"E {east:.0f}"))
        east += step
    south = view.north - box.h / view.scale
    north = math.ceil(south / step) * step
    while (y := view.at((view.west, north))[1]) > box.y:
        pdf.line(box.x, y, box.x + box.w, y)
        pdf.text(box.x + 0.5, y - 0.5, text(f"N {north:.0f}"))
        north += step
    pdf.set_text_color(0, 0, 0)


def _fixes(pdf: FPDF, view: _View, fixes: list[Point], font: str) -> None:
    every = max(1, math.ceil(len(fixes) / MAX_LABELS))
    pdf.set_font(font, "B", 6)
    for number, fix in enumerate(fixes, start=1):
        x, y = view.at(fix)
        pdf.set_fill_color(15, 23, 42)
        pdf.circle(x, y, 0.7, style="F")
        if number % every == 0 or number in (1, len(fixes)):
            pdf.text(x + 1.0, y - 1.0, str(number))


def _scale_bar(pdf: FPDF, view: _View, text: Callable[[str], str], font: str) -> None:
    box = view.box
    metres = nice_step(box.w / view.scale / 2)
    length = metres * view.scale
    x, y = box.x + 4, box.y + box.h + 5
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.6)
    pdf.line(x, y, x + length, y)
    pdf.line(x, y - 1, x, y + 1)
    pdf.line(x + length, y - 1, x + length, y + 1)
    pdf.set_font(font, "", 7)
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    pdf.text(x + length + 2, y + 1, text(label + " · ETRS-TM35FIN (EPSG:3067)"))


def _north(pdf: FPDF, box: Box, font: str) -> None:
    x, y = box.x + box.w - 8, box.y + 4
    pdf.set_fill_color(0, 0, 0)
    pdf.polygon([(x, y), (x - 2, y + 6), (x + 2, y + 6)], style="F")
    pdf.set_font(font, "B", 8)
    pdf.text(x - 1.3, y + 10, "N")
