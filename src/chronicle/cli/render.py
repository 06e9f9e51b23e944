"""Rich rendering for the CLI: progress, the run summary, search hits, one article."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from chronicle.model import InputFailure

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides and
# isolates (text that reads one way and runs another)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: object, *, lines: bool = False) -> str:
    """``text`` with every control character spelled out (``\\x1b``, ``\\u202e``): a file
    name or an article cannot move the cursor, recolour, clear or retitle the terminal.
    ``lines`` keeps newlines and tabs (a body of text); otherwise the text is one line."""
    return (_CONTROLS if lines else _CONTROLS_AND_LINES).sub(_spelled, str(text))


def _spelled(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object, *, lines: bool = False) -> str:
    """Input or stored text as Rich markup that prints it verbatim: controls visible,
    brackets escaped."""
    return escape(visible(text, lines=lines))


def _marked(snippet: str) -> str:
    """An FTS snippet, its hits (between \\x02 and \\x03) highlighted."""
    out, open_ = [], False
    for part in re.split("([\x02\x03])", snippet):
        if part in ("\x02", "\x03"):
            if (part == "\x02") != open_:
                out.append("[bold yellow]" if part == "\x02" else "[/]")
                open_ = not open_
        else:
            out.append(safe(part))
    return "".join(out) + ("[/]" if open_ else "")


class RichObserver:
    """A progress bar over input files; each failure printed as one line above it."""

    def __init__(self, console: Console, quiet: bool = False) -> None:
        self.console = console
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=quiet,
        )
        self.task = self.progress.add_task("reading", total=None)

    def __enter__(self) -> RichObserver:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def start(self, total_files: int) -> None:
        self.progress.update(self.task, total=total_files)

    def file_done(self, path: Path) -> None:
        self.progress.update(self.task, advance=1, description=safe(path.name[:40]))

    def failure(self, failure: InputFailure) -> None:
        self.progress.console.print(
            f"[yellow]skipped[/] {safe(failure.message)}", highlight=False, soft_wrap=True
        )


def _section(table: Table, title: str, rows: list[tuple[str, int]]) -> None:
    if not rows:
        return
    table.add_row(f"[bold]{title}[/]", "")
    for label, value in rows:
        table.add_row(f"  {label}", f"{value:,}")


def render_summary(console: Console, report: Any, totals: dict[str, int], db: str) -> None:
    s = report.stats
    table = Table(
        title=f"chronicle run #{report.run_id} in {report.seconds:.1f}s",
        show_header=False,
        title_justify="left",
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    _section(
        table,
        "inputs",
        [
            ("files read", s["files_read"]),
            ("files failed", s["files_failed"]),
            ("documents found", s["documents"]),
        ],
    )
    _section(
        table,
        "articles",
        [
            ("kept (new)", s["articles_kept"]),
            ("exact duplicates", s["duplicates_exact"]),
            ("same URL (another extraction or an update)", s["duplicates_url"]),
            ("near duplicates", s["duplicates_near"]),
            ("contained (a copy cut shorter or longer)", s["duplicates_contained"]),
            ("identical copies (other path)", s["identical_copies"]),
            ("already stored (no-op)", s["unchanged"]),
            ("other languages (places and people only)", s["non_english"]),
        ],
    )
    _section(table, "dropped by reason", _prefixed(s, "dropped_"))
    _section(table, "failures by reason", _prefixed(s, "failed_"))
    _section(table, "lines removed by reason", _prefixed(s, "removed_"))
    _section(
        table,
        f"database {safe(db)}",
        [
            ("articles kept", totals.get("articles_kept", 0)),
            ("duplicates", totals.get("articles_duplicate", 0)),
            ("dropped", totals.get("articles_dropped", 0)),
            ("paragraphs shared between articles", totals.get("shared_paragraphs", 0)),
            ("people", totals.get("entities_person", 0)),
            ("organisations", totals.get("entities_org", 0) + totals.get("entities_igo", 0)),
            (
                "countries and places",
                totals.get("entities_country", 0) + totals.get("entities_place", 0),
            ),
            ("mentions linked", totals.get("mentions", 0)),
            ("dates resolved", totals.get("dates", 0)),
        ],
    )
    console.print(table)
    timings = getattr(report, "timings", None)
    if timings and sum(timings.values()) >= 1.0:
        top = sorted(timings.items(), key=lambda kv: -kv[1])[:6]
        where = f" ({report.workers} parse workers)" if getattr(report, "workers", 0) else ""
        console.print("[dim]CPU by stage" + where + ": " + ", ".join(
            f"{stage} {seconds:.1f} s" for stage, seconds in top) + "[/]", highlight=False)


def _prefixed(stats: Any, prefix: str) -> list[tuple[str, int]]:
    return sorted(
        ((k[len(prefix) :], v) for k, v in stats.items() if k.startswith(prefix) and v),
        key=lambda kv: (-kv[1], kv[0]),
    )


def render_hits(console: Console, query: str, hits: list[dict[str, Any]]) -> None:
    if not hits:
        console.print(f"no kept article matches “{safe(query)}”", highlight=False,
                      soft_wrap=True)
        return
    for hit in hits:
        snippet = _marked(" ".join(hit["snippet"].split()))
        title = safe(hit["title"] or "(untitled)")
        console.print(
            f"[cyan]{safe(hit['id'])}[/]  [bold]{title}[/]  "
            f"[dim]{safe(hit['outlet'] or hit['source_path'])}[/]",
            highlight=False,
            soft_wrap=True,
        )
        console.print(f"    {snippet}", highlight=False, soft_wrap=True)


def render_article(console: Console, art: dict[str, Any], raw: bool = False) -> None:
    pub = art["published"]
    console.print(
        f"[bold]{safe(art['title'] or '(untitled)')}[/]", highlight=False, soft_wrap=True
    )
    meta = [
        ("id", art["id"]),
        ("source", art["source_path"] + (f" ({art['record']})" if art["record"] else "")),
        ("url", art["url"]),
        ("outlet", art["outlet"]),
        ("published", _time(pub)),
        ("language", f"{art['language']} ({art['language_score'] or 0:.2f})"),
        ("status", art["status"] + (f" ({art['reason']})" if art["reason"] else "")),
        ("duplicate of", art["duplicate_of"]),
    ]
    for key, value in meta:
        if value:
            console.print(
                f"[dim]{key:>12}[/] {safe(str(value))}", highlight=False, soft_wrap=True
            )
    for copy in art.get("copies", []):
        console.print(
            f"[dim]{'carried by':>12}[/] {safe(copy['source_path'])}"
            f" [dim]({safe(copy['rule'])})[/]",
            highlight=False,
            soft_wrap=True,
        )
    console.rule()
    if raw:
        _raw_lines(console, art)
    else:
        console.print(safe(art["text"], lines=True), highlight=False, soft_wrap=True)
        for caption in art["captions"]:
            console.print(f"[italic dim]caption:[/] [italic]{safe(caption)}[/]", highlight=False,
                          soft_wrap=True)
        for span in art["removed"]:
            where = (
                f"{span['line_start']}"
                if span["line_start"] == span["line_end"]
                else f"{span['line_start']}-{span['line_end']}"
            )
            text = span["text"].replace("\n", " / ")
            console.print(
                f"[dim]removed line {where} ({safe(span['reason'])}): {safe(text[:100])}[/]",
                highlight=False,
                soft_wrap=True,
            )


def render_entity(console: Console, ent: dict[str, Any]) -> None:
    code = " ".join(x for x in (ent["country"], ent["sector"]) if x) or "no actor code"
    console.print(
        f"[bold]{safe(ent['name'])}[/]  [cyan]{safe(code)}[/]  [dim]{safe(ent['kind'])}[/]",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"[dim]{'id':>10}[/] {safe(ent['id'])}", highlight=False, soft_wrap=True)
    console.print(
        f"[dim]{'aliases':>10}[/] {safe(', '.join(ent['aliases']))}",
        highlight=False,
        soft_wrap=True,
    )
    for role in ent["roles"]:
        console.print(
            f"[dim]{'office':>10}[/] {safe(role['country'])} {safe(role['office'])} "
            f"({safe(role['sector'])}) {safe(role['start'] or '?')} to"
            f" {safe(role['end'] or 'now')}",
            highlight=False,
            soft_wrap=True,
        )
    console.rule(f"{safe(ent['mentions'])} mention(s)")
    for m in ent["mentions_list"]:
        code = " ".join(x for x in (m["country"], m["sector"]) if x)
        title = f": {safe(m['title'])}" if m["title"] else ""
        why = f" [dim]({safe(m['evidence'])}{title})[/]" if m["evidence"] else ""
        console.print(
            f"[cyan]{safe(m['span']['article_id'])}[/] [bold]{safe(m['span']['text'])}[/]"
            f" {safe(code)}{why}",
            highlight=False,
            soft_wrap=True,
        )
        if m["sentence"]:
            console.print(f"    [dim]{safe(m['sentence'])}[/]", highlight=False, soft_wrap=True)


def render_relations(console: Console, a: str, b: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        console.print(f"no coded events between {safe(a)} and {safe(b)}", highlight=False,
                      soft_wrap=True)
        return
    sa, sb = safe(a), safe(b)  # what the user typed, printed as typed
    table = Table(
        title=f"{sa} and {sb}: events per month",
        title_justify="left",
        caption="quad classes: 1 verbal cooperation, 2 material cooperation, "
        "3 verbal conflict, 4 material conflict",
        caption_justify="left",
    )
    for column in ("month", "events", f"{sa}>{sb}", f"{sb}>{sa}", "q1", "q2", "q3", "q4",
                   "Goldstein"):
        table.add_column(column, justify="left" if column == "month" else "right", no_wrap=True)
    for r in rows:
        table.add_row(
            safe(r["month"]),
            str(r["events"]),
            str(r[f"{a}->{b}"]),
            str(r[f"{b}->{a}"]),
            str(r["quad1"]),
            str(r["quad2"]),
            str(r["quad3"]),
            str(r["quad4"]),
            f"{r['mean_goldstein']:+.2f}",
        )
    console.print(table)


def render_stories(console: Console, stories: list[dict[str, Any]]) -> None:
    if not stories:
        console.print("no stories yet: run `chronicle run` first")
        return
    console.print(f"[bold]{len(stories)} stories[/]")
    console.print(f"[dim]{'id':<16}  {'dates':<24} {'n':>3}  headline[/]")
    width = max(20, console.width - 50)
    for s in stories:
        title = s["title"] or ""
        title = title if len(title) <= width else title[: width - 1] + "…"
        console.print(
            f"[cyan]{safe(s['id'])}[/]  {safe(_range(s['date']['first'], s['date']['last'])):<24}"
            f" {s['size']:>3}  {safe(title)}",
            highlight=False,
            soft_wrap=True,
        )


def _range(first: dict[str, Any], last: dict[str, Any]) -> str:
    """A story's dates in one short cell: "2025-03-24 .. 2025-03-28", "? .. 2024-09-08"."""
    lo = first.get("earliest") or "?"
    hi = last.get("latest") or first.get("latest") or "?"
    return lo if lo == hi else f"{lo} .. {hi}"


def render_story(console: Console, story: dict[str, Any]) -> None:
    console.print(
        f"[bold]{safe(story['title'] or '(untitled)')}[/]  [dim]{safe(story['id'])}[/]",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"[dim]{'from':>8}[/] {safe(_time(story['date']['first']))}", highlight=False)
    console.print(f"[dim]{'to':>8}[/] {safe(_time(story['date']['last']))}", highlight=False)
    if story.get("languages"):
        console.print(f"[dim]{'in':>8}[/] {safe(', '.join(story['languages']))}",
                      highlight=False)
    for a in story["articles"]:
        console.print(
            f"[cyan]{safe(a['id'])}[/] [dim]{safe(a.get('language') or '?'):<3}[/] "
            f"{safe(a['title'] or '')} [dim]{safe(a['outlet'] or a['source_path'])}[/]",
            highlight=False,
            soft_wrap=True,
        )
    console.rule("summary")
    for n, item in enumerate(story["summary"], start=1):
        cites = ", ".join(sorted({c["article_id"] for c in item["citations"]}))
        console.print(
            f"{n}. {safe(item['text'])} [dim]{safe(f'[{cites}]')}[/]",
            highlight=False,
            soft_wrap=True,
        )
    if story["conflicts"]:
        console.rule("contradictions")
        for c in story["conflicts"]:
            console.print(
                f"[bold red]{safe(c['fact'])}[/]: {safe(c['values'][0])} vs "
                f"{safe(c['values'][1])}",
                highlight=False,
                soft_wrap=True,
            )
            for side in ("a", "b"):
                console.print(
                    f"    [cyan]{safe(c[side]['article_id'])}[/] [dim]{safe(c[side]['text'])}[/]",
                    highlight=False,
                    soft_wrap=True,
                )
    console.rule(f"{len(story['events'])} events, {len(story['quotes'])} quotes")


def render_key_dates(console: Console, days: list[dict[str, Any]]) -> None:
    if not days:
        console.print("no day-precise dates in the articles")
        return
    for d in days:
        ev = d["evidence"] or {}
        text = safe(" ".join((ev.get("text") or "").split())[:140])
        console.print(f"[cyan]{safe(d['date'])}[/] [dim]{d['references']:>3} articles name it, "
                      f"{d['published']:>3} written that day[/]  {text} "
                      f"[dim]{safe(ev.get('article_id', ''))}[/]", highlight=False,
                      soft_wrap=True)


def render_timeline(console: Console, entries: list[dict[str, Any]]) -> None:
    if not entries:
        console.print("no dated stories or events")
        return
    for e in entries:
        marker = "[bold]" if e["event_id"] is None else "  "
        text = safe(" ".join(e["text"].split())[:140])
        console.print(
            f"[cyan]{safe(_time(e['date'])):<34}[/] {marker}{text}"
            f"{'[/]' if e['event_id'] is None else ''} [dim]{safe(e['story_id'])}[/]",
            highlight=False,
            soft_wrap=True,
        )


def _raw_lines(console: Console, art: dict[str, Any]) -> None:
    reasons = {
        line: r["reason"]
        for r in art["removed"]
        for line in range(r["line_start"], r["line_end"] + 1)
    }
    names = {"t": "title", "b": "body", "c": "caption", "_": "", "r": "removed"}
    for number, (kind, text) in enumerate(
        zip(art["line_kinds"], art["raw_text"].split("\n"), strict=False), start=1
    ):
        label = safe(reasons.get(number, names[kind]) if kind == "r" else names[kind])
        style = "dim" if kind in "r_" else ""
        console.print(
            f"[dim]{number:>4} {label:<26}[/] [{style}]{safe(text)}[/]"
            if style
            else f"[dim]{number:>4} {label:<26}[/] {safe(text)}",
            highlight=False,
            soft_wrap=True,
        )


def _time(value: dict[str, Any]) -> str:
    if not value or value.get("precision") == "unknown" and not value.get("latest"):
        return "unknown"
    lo, hi = value.get("earliest"), value.get("latest")
    span = lo if lo == hi else f"{lo or '…'} to {hi or '…'}"
    return f"{span} ({value.get('precision')}, from {value.get('source')})"
