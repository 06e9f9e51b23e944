"""Charts as server-rendered inline SVG, and how dates are shown.

Every string that reaches the SVG (titles, codes) is escaped; numbers are formatted here.
No script, no external asset: the charts work with JavaScript off and print as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from chronicle.web.markup import clean, local_href

QUAD_NAMES = ("verbal cooperation", "material cooperation", "verbal conflict",
              "material conflict")
LABEL_W = 360  # width of the story titles' column in the timeline chart
PRECISION = {"day": "day", "week": "week", "month": "month", "year": "year",
             "unknown": "date unknown"}


def precision_label(value: str | None) -> str:
    return PRECISION.get(value or "unknown", "date unknown")


def when(tv: dict[str, Any] | None) -> str:
    """A TimeValue as a reader sees it: ``2025-03-26``, ``2025-03-01 – 2025-03-31 (month)``."""
    if not tv or not (tv.get("earliest") or tv.get("latest")):
        return "date unknown"
    lo, hi, precision = tv.get("earliest"), tv.get("latest"), tv.get("precision") or "unknown"
    if lo and lo == hi:
        return str(lo)
    if not lo or not hi:
        return f"on or before {hi}" if hi else f"on or after {lo}"
    return f"{lo} – {hi} ({precision_label(precision)})"


def story_range(story: dict[str, Any]) -> tuple[str | None, str | None]:
    """A story's earliest and latest known day (from its first and last member dates)."""
    dates = story.get("date") or {}
    first, last = dates.get("first") or {}, dates.get("last") or {}
    lo = first.get("earliest") or first.get("latest") or last.get("earliest")
    hi = last.get("latest") or last.get("earliest") or first.get("latest")
    return lo, hi


def story_when(story: dict[str, Any]) -> str:
    """From the first member's earliest day to the last member's latest, ranges kept open."""
    dates = story.get("date") or {}
    first, last = dates.get("first") or {}, dates.get("last") or {}
    lo, hi = first.get("earliest"), last.get("latest") or first.get("latest")
    if lo and hi:
        return str(lo) if lo == hi else f"{lo} – {hi}"
    if hi:
        return f"on or before {hi}"
    return f"from {lo}" if lo else "date unknown"


def _day(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value).toordinal() if value else None
    except ValueError:
        return None


def _ticks(lo: int, hi: int) -> list[tuple[int, str]]:
    """Year ticks over long spans, month ticks (at most about a dozen) over short ones."""
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    if hi - lo > 730:
        years = range(first.year + 1, last.year + 1)
        step = max(1, len(years) // 12)
        return [(date(y, 1, 1).toordinal(), str(y)) for y in years[::step]]
    months = [(y, m) for y in range(first.year, last.year + 1) for m in range(1, 13)
              if (y, m) > (first.year, first.month) and (y, m) <= (last.year, last.month)]
    step = max(1, len(months) // 12)
    return [(date(y, m, 1).toordinal(), f"{y}-{m:02d}") for y, m in months[::step]]


def timeline_svg(stories: Sequence[dict[str, Any]], width: int = 900) -> Markup:
    """Each dated story as a bar from its first to its last day, linked to its page."""
    rows: list[tuple[dict[str, Any], int, int]] = []
    for story in stories:
        lo, hi = (_day(d) for d in story_range(story))
        if lo is not None or hi is not None:
            rows.append((story, lo or hi or 0, hi or lo or 0))
    if not rows:
        return Markup('<p class="muted">No dated stories yet.</p>')
    lo = min(r[1] for r in rows) - 3
    hi = max(r[2] for r in rows) + 3
    left, right, row_h, top = LABEL_W, 14, 22, 24  # titles in a left column, bars right
    scale = (width - left - right) / max(1, hi - lo)
    height = top + row_h * len(rows) + 8
    parts = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Stories over time">']
    for x_day, label in _ticks(lo, hi):
        x = left + (x_day - lo) * scale
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" '
                     f'y2="{height}"/><text class="tick" x="{x + 2:.1f}" y="{top - 10}">'
                     f"{escape(label)}</text>")
    for i, (story, a, b) in enumerate(sorted(rows, key=lambda r: (r[1], r[2]))):
        parts.append(_story_row(story, left + (a - lo) * scale, top + i * row_h,
                                max(5.0, (b - a + 1) * scale), row_h))
    parts.append("</svg>")
    return Markup("".join(parts))


def _story_row(story: dict[str, Any], x: float, y: float, w: float, row_h: int) -> str:
    title = clean(story.get("title") or story["id"])
    size = int(story.get("size") or len(story.get("article_ids") or []))
    row = (f'<text class="label" x="6" y="{y + row_h - 7}">{escape(_shorten(title, 48))} '
           f'({size})</text><rect class="bar" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" '
           f'height="{row_h - 8}" rx="3"/><title>{escape(title)}: '
           f'{escape(story_when(story))}</title>')
    href = local_href("stories", story["id"])
    return f'<a href="{escape(href)}">{row}</a>' if href else row


def _shorten(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def relations_svg(months: Sequence[dict[str, Any]], a: str, b: str, width: int = 900
                  ) -> Markup:
    """Stacked bars of events per month by quad class, and the mean Goldstein score as a
    line on its own -10..10 axis. Events with no single month are left out (tabled below)."""
    dated = [m for m in months if m["month"] != "unknown"]
    if not dated:
        return Markup('<p class="muted">No dated events between these two actors.</p>')
    left, right, top, bottom = 40, 40, 16, 44
    plot_h = 220
    height = top + plot_h + bottom
    slot = (width - left - right) / len(dated)
    peak = max(m["events"] for m in dated)
    parts = [f'<svg class="chart relations" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Events between {escape(a)} and {escape(b)} per month">',
             _axes(left, top, width - right, plot_h, peak)]
    points = []
    for i, month in enumerate(dated):
        x = left + i * slot + slot * 0.15
        y = top + plot_h
        for q in range(1, 5):
            n = month.get(f"quad{q}", 0)
            h = plot_h * n / peak
            if n:
                parts.append(f'<rect class="q{q}" x="{x:.1f}" y="{y - h:.1f}" '
                             f'width="{slot * 0.7:.1f}" height="{h:.1f}"><title>'
                             f'{escape(month["month"])}: {n} {QUAD_NAMES[q - 1]}</title></rect>')
            y -= h
        parts.append(f'<text class="tick" x="{x:.1f}" y="{top + plot_h + 16}">'
                     f'{escape(month["month"])}</text>')
        g = float(month["mean_goldstein"])
        points.append((left + (i + 0.5) * slot, top + plot_h * (10 - g) / 20, g))
    parts.append('<polyline class="goldstein" points="'
                 + " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points) + '"/>')
    parts += [f'<circle class="goldstein" cx="{x:.1f}" cy="{y:.1f}" r="3.5"><title>mean '
              f'Goldstein {g:+.2f}</title></circle>' for x, y, g in points]
    parts.append("</svg>")
    return Markup("".join(parts))


def _axes(x0: int, top: int, x1: int, plot_h: int, peak: int) -> str:
    base = top + plot_h
    mid = top + plot_h / 2
    return (f'<line class="axis" x1="{x0}" y1="{base}" x2="{x1}" y2="{base}"/>'
            f'<line class="zero" x1="{x0}" y1="{mid}" x2="{x1}" y2="{mid}"/>'
            f'<text class="tick" x="4" y="{top + 10}">{peak}</text>'
            f'<text class="tick" x="4" y="{base}">0</text>'
            f'<text class="tick g" x="{x1 + 4}" y="{top + 10}">+10</text>'
            f'<text class="tick g" x="{x1 + 4}" y="{mid + 4}">0</text>'
            f'<text class="tick g" x="{x1 + 4}" y="{base}">−10</text>')
