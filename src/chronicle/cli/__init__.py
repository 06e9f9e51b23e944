"""The ``chronicle`` command: a thin Typer layer over ``chronicle.api``."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from typer._click import exceptions as usage  # typer 0.29 carries its own click (pinned)

from chronicle.api import Chronicle
from chronicle.cli.render import (
    RichObserver,
    render_article,
    render_entity,
    render_hits,
    render_key_dates,
    render_relations,
    render_stories,
    render_story,
    render_summary,
    render_timeline,
    safe,
)
from chronicle.config import load_config
from chronicle.errors import ChronicleError

app = typer.Typer(
    name="chronicle",
    help="Turn a pile of raw news articles into a clean, deduplicated, searchable chronicle.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[
    Path | None, typer.Option("--db", help="SQLite database file [default: chronicle.db].")
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML config file (defaults < TOML < env < flags).")
]


def friendly(func: F) -> F:
    """Turn our errors into one-line messages and exit code 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ChronicleError as exc:
            error(str(exc))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def error(message: str) -> None:
    """One physical line on standard error, whatever the width (Rich wraps at 80 columns
    when it is not a terminal) and whatever the message holds (paths, names)."""
    err.print(f"[bold red]error:[/] {safe(message)}", highlight=False, soft_wrap=True)


def _open(
    db: Path | None, config: Path | None = None, *, readonly: bool = False, **overrides: Any
) -> Chronicle:
    cfg = load_config(config, overrides={"db": str(db) if db else None, **overrides})
    return Chronicle(cfg.db, cfg, readonly=readonly)


@app.command()
@friendly
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or globs.")],
    db: DbOption = None,
    config: ConfigOption = None,
    near_threshold: Annotated[
        float | None,
        typer.Option(help="Estimated Jaccard at which two articles are near-duplicates."),
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option(help="Articles written per transaction.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    runner: Annotated[str, typer.Option(
        help="local | ray (per-article stages on Ray; needs the `ray` extra).")] = "local",
    address: Annotated[str | None, typer.Option(
        help="Ray cluster for --runner ray, e.g. ray://head:10001 [default: a local Ray].",
    )] = None,
) -> None:
    """Read INPUTS, clean, deduplicate and store them; print a summary."""
    overrides: dict[str, Any] = {"dedup.near_threshold": near_threshold,
                                 "batch_size": batch_size}
    with _open(db, config, **overrides) as chron:
        observer = RichObserver(err, quiet=quiet)
        with observer:
            report = chron.run(inputs, observer=observer, runner=runner, address=address)
        render_summary(console, report, chron.counts(), chron.store.path)
    if report.processed == 0:
        error(f"none of the inputs could be read ({len(report.failures)} failure(s) listed"
              " above)")
        raise typer.Exit(1)


@app.command()
@friendly
def watch(
    inputs: Annotated[list[str], typer.Argument(help="Folders, files or globs to follow.")],
    db: DbOption = None,
    config: ConfigOption = None,
    interval: Annotated[float, typer.Option(help="Seconds between looks.")] = 5.0,
) -> None:
    """Keep the pipeline loaded and add files under INPUTS as they appear (Ctrl-C stops).

    Each new article costs its own work (a fraction of a second), not a command's start-up."""
    with _open(db, config) as chron:
        looks = chron.follow(inputs, interval=interval)
        err.print(f"watching {safe(', '.join(inputs))} every {interval:g} s (Ctrl-C to stop)",
                  highlight=False, soft_wrap=True)
        try:
            for report in looks:
                s = report.stats
                dropped = sum(v for k, v in s.items() if k.startswith("dropped_"))
                console.print(
                    f"{time.strftime('%H:%M:%S')}  {s['documents']} document(s): "
                    f"{s['articles_kept']} kept, "
                    f"{sum(v for k, v in s.items() if k.startswith('duplicates_'))}"
                    " duplicates, "
                    f"{s['unchanged'] + s['identical_copies']} already stored, "
                    f"{dropped} dropped, "
                    f"{len(report.failures)} failed  ({report.seconds:.2f} s)", highlight=False)
                for failure in report.failures:
                    err.print(f"  [red]failed:[/] {safe(failure.message)}", highlight=False,
                              soft_wrap=True)
                sys.stdout.flush()  # one line per look, even into a pipe or a log file
        except KeyboardInterrupt:
            err.print("stopped")


@app.command("export")
@friendly
def export_cmd(
    table: Annotated[
        str,
        typer.Argument(
            help="articles | removed | failures | entities | mentions | dates | events | quotes"
            " | stories | conflicts | timeline"
        ),
    ],
    db: DbOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl | csv | parquet | gdelt | plover (events)")
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write [default: standard output]."),
    ] = None,
) -> None:
    """Export a table (JSONL to standard output by default)."""
    with _open(db, readonly=True) as chron:
        n = chron.export(table, fmt, output if output else sys.stdout)
    if output:
        err.print(f"wrote {n} {safe(table)} record(s) to {safe(output)}", highlight=False,
                  soft_wrap=True)


@app.command()
@friendly
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all must match).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Hits to show (1 or more).")] = 10,
) -> None:
    """Full-text search over kept articles, with snippets."""
    with _open(db, readonly=True) as chron:
        render_hits(console, query, chron.search(query, limit))
        if chron.search_window(query) is not None:
            err.print("(more articles match than a search ranks: the ones stored last were "
                      "ranked; add words to rank every match)", highlight=False,
                      soft_wrap=True)


@app.command()
@friendly
def show(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Article id (or a prefix), story id, entity id, or an entity's name."
        ),
    ],
    db: DbOption = None,
    raw: Annotated[
        bool, typer.Option(help="Articles: show every raw line with its label.")
    ] = False,
) -> None:
    """Show one record with its evidence: an article (text, captions, removed lines, copies)
    or an entity (aliases, actor code, roles, every mention in its sentence)."""
    with _open(db, readonly=True) as chron:
        kind, record = chron.show(ident)
        if kind == "article":
            render_article(console, record, raw=raw)
        elif kind == "story":
            render_story(console, record)
        else:
            render_entity(console, record)


@app.command()
@friendly
def relations(
    a: Annotated[str, typer.Argument(help="Country code (ISO 3166 alpha-3), e.g. RUS.")],
    b: Annotated[str, typer.Argument(help="The other country code, e.g. VNM.")],
    db: DbOption = None,
) -> None:
    """Events between two countries per month: quad classes and mean Goldstein score."""
    with _open(db, readonly=True) as chron:
        render_relations(console, a.upper(), b.upper(), chron.relations(a, b))


@app.command()
@friendly
def timeline(
    db: DbOption = None,
    entity: Annotated[
        str | None, typer.Option(help="Only stories involving this entity (id or name).")
    ] = None,
    dyad: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Only stories with events between two countries, e.g. --dyad RUS VNM."),
    ] = None,
    k: Annotated[
        int | None,
        typer.Option("--k", min=1, max=1000,
                     help="The K days the articles name most, each with the sentence naming it."),
    ] = None,
) -> None:
    """Dated stories and their key events, earliest first, with each date's precision; with
    --k, the K days that matter most, from what the articles say about days."""
    with _open(db, readonly=True) as chron:
        if k is not None:
            render_key_dates(console, chron.key_dates(k, entity=entity, dyad=dyad))
        else:
            render_timeline(console, chron.timeline(entity=entity, dyad=dyad))


@app.command()
@friendly
def stories(db: DbOption = None) -> None:
    """Stories with their date ranges, sizes and headlines."""
    with _open(db, readonly=True) as chron:
        render_stories(console, chron.stories())


@app.command()
@friendly
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind (local only by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="Also answer requests for this host name (repeatable; "
        "`*.example.com`, `*` for any). Always: localhost, 127.0.0.1, [::1], --host.")] = None,
    workers: Annotated[int, typer.Option(
        min=0, max=64, help="Server processes sharing the port; 0 = one per core. One "
        "process answers on one core: give more to many readers at once.")] = 1,
) -> None:
    """Serve the web UI and JSON API (/docs) over the database, read-only."""
    from chronicle.web import serve as serve_web

    cfg = load_config(overrides={"db": str(db) if db else None})
    serve_web(cfg.db, host=host, port=port, config=cfg, allowed_hosts=allowed_host or (),
              workers=workers)


def main(argv: list[str] | None = None) -> None:
    """The console script: Typer's command, with a usage mistake (an unknown option, a value
    out of its range) told in one line like every other error, not in a usage box."""
    command = typer.main.get_command(app)
    try:
        code = command.main(argv, prog_name="chronicle", standalone_mode=False)
    except usage.NoArgsIsHelpError as exc:
        exc.show()
        code = 0
    except usage.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "chronicle"
        error(f"{exc.format_message()} (see `{where} --help`)")
        code = 2
    except typer.Abort:
        err.print("interrupted", highlight=False)
        code = 130
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    except OSError as exc:  # the output could not be written (a full disk, a lost mount)
        where = f" ({exc.filename})" if exc.filename else ""
        error(f"cannot write the output{where}: {exc.strerror or exc}")
        code = 2
    sys.exit(code if isinstance(code, int) else 0)
