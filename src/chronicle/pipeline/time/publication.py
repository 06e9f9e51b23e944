"""When an article was published, from the strongest evidence available.

Order: what the reader already parsed; the raw metadata string
(``metadata["published_raw"]``, or ``["published"]``); a story date line the cleaner
removed as a byline ("By Ana Ruiz | May 3, 2024", see ``page``); a dateline opening the
body ("LIMA, May 2 (AP) -"); an explicit "today [May 2]" in the text; else only bounds:
a masthead date or update stamp is an upper bound, and the latest full date the text
reports as past is a lower bound. Bounds never become a day.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime

from chronicle.model import Article, Span, TimeSource, TimeValue
from chronicle.pipeline.time import days as dd
from chronicle.pipeline.time.days import Interval
from chronicle.pipeline.time.evidence import Evidence, Hit, collect, latest_past_day, stated_years
from chronicle.pipeline.time.find import scan
from chronicle.pipeline.time.page import page_dates
from chronicle.pipeline.time.resolve import explicit_interval, resolve_expr

_MIN_YEAR, _MAX_YEAR = 1900, 2100
# A place of capitalised words ("WASHINGTON", "Da Nang, Vietnam") before the date ...
_PLACE = r"[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,3}"
_DATELINE_HEAD = re.compile(rf"(?:{_PLACE}(?:,\s*{_PLACE})?[,:]?\s+)?")
# ... and an agency in brackets and a dash after it.
_DATELINE_TAIL = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?[-–—|:]")
_TODAY_GAP = re.compile(r"\s*[\[(,]\s*")
_DATELINE_WINDOW = 80  # characters: a dateline opens the first paragraph


def publication_date(article: Article) -> TimeValue:
    """The article's publication date, or honest bounds, or ``TimeValue.unknown()``."""
    return publication_from(article, collect(article))


def publication_from(article: Article, evidence: Evidence) -> TimeValue:
    if article.published.is_known:
        return article.published
    meta = from_metadata(article) or from_url(article.url)
    if meta is not None:
        return meta
    page = page_dates(article)
    if page.published is not None:
        iso = page.published.isoformat()
        return TimeValue(iso, iso, "day", "dateline")  # the line is removed: no span
    hi = page.upper
    lower = latest_past_day(evidence, hi)
    lo = lower[0] if lower else None
    anchor = dd.to_value(lo, hi, "unknown", "inferred")
    years = stated_years(evidence, lo, hi)
    stated = _dateline(article, evidence, anchor, years) or _today(article, evidence, anchor, years)
    if stated is not None:
        return stated
    if lo is None and hi is None:
        return TimeValue.unknown()
    evidence_span = _span(article, lower[1]) if lower and lower[1].where == "body" else None
    source: TimeSource = "masthead" if hi else "inferred"
    precision = dd.vague_precision(lo, hi) if lo and hi else "unknown"
    return dd.to_value(lo, hi, precision, source, evidence_span)


# --- metadata --------------------------------------------------------------------------


def from_metadata(article: Article) -> TimeValue | None:
    # ``published_raw`` is what the runner hands over; ingest's ``to_article`` says "published".
    raw = article.metadata.get("published_raw") or article.metadata.get("published")
    if not isinstance(raw, str) or not raw.strip():
        return None
    iv = parse_published(raw)
    if iv is None:
        return None
    source = article.metadata.get("published_source")
    return dd.interval_value(iv, "sidecar" if source == "sidecar" else "metadata")


# "/news/20240620-talks", "-20062024-": eight digits between non-digits, read as a date
# only when it is one (year first, else day first); htmldate reads "/2024/06/20/" and
# "2024-06-20", and "/2024/06/" gives the month.
_COMPACT = re.compile(r"(?<![0-9])((?:19|20)\d{6}|\d{4}(?:19|20)\d{2})(?![0-9])")
_MONTH_PATH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")


def from_url(url: str | None) -> TimeValue | None:
    """The publication date a URL carries, with source ``url``; None when it has none."""
    if not url:
        return None
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    latest = datetime.now(UTC).replace(tzinfo=None)
    options = Extractor(False, latest.replace(year=latest.year + 1), datetime(1995, 1, 1),
                        True, "%Y-%m-%d")
    found = extract_url_date(url, options)
    day = date_or_none(found) if found else None
    for match in ([] if day else _COMPACT.finditer(url)):
        digits = match.group(1)
        day = date_or_none(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}") or date_or_none(
            f"{digits[4:]}-{digits[2:4]}-{digits[:2]}")
        if day is not None and 1995 <= day.year <= latest.year + 1:
            break
        day = None
    if day is not None:
        return TimeValue(day.isoformat(), day.isoformat(), "day", "url")
    month = _MONTH_PATH.search(url)
    if month is None:
        return None
    iv = dd.month_interval(int(month.group(1)), int(month.group(2)))
    return dd.interval_value(iv, "url")


def date_or_none(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return None


def parse_published(raw: str) -> Interval | None:
    """A metadata date string as a day (or a month/year when that is all it gives).

    The calendar date is taken as written (its own time zone), since that is the date
    the publisher printed; only a bare epoch timestamp is read as UTC.
    """
    raw = raw.strip()
    iv = _iso_like(raw) or _rfc2822(raw) or _grammar(raw) or _dateparser(raw)
    if iv is None or not (_MIN_YEAR <= iv.lo.year <= _MAX_YEAR):
        return None
    return iv


def _iso_like(raw: str) -> Interval | None:
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})(?![\d])", raw)
    if m:
        found = dd.safe_date(int(m[1]), int(m[2]), int(m[3]))
        return dd.day(found) if found else None
    if re.fullmatch(r"\d{4}-\d{2}", raw):
        month = int(raw[5:])
        return dd.month_interval(int(raw[:4]), month) if 1 <= month <= 12 else None
    if re.fullmatch(r"\d{4}", raw):
        return dd.year_interval(int(raw))
    if re.fullmatch(r"\d{10}(?:\.\d+)?", raw):
        return dd.day(datetime.fromtimestamp(float(raw), tz=UTC).date())
    return None


def _rfc2822(raw: str) -> Interval | None:
    parsed = email.utils.parsedate_tz(raw)
    if not parsed:
        return None
    found = dd.safe_date(parsed[0], parsed[1], parsed[2])
    return dd.day(found) if found else None


def _grammar(raw: str) -> Interval | None:
    """Our own reading first: "03/12/2021" stays both of its readings, not a guess."""
    for found in scan(raw):
        if found.expr.explicit and found.expr.kind in ("date", "either"):
            return explicit_interval(found.expr)
    return None


def _dateparser(raw: str) -> Interval | None:
    if not re.search(r"\d", raw):
        return None  # a date string without a number has no day to give
    import dateparser  # imported late: only odd metadata strings need it

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(raw, languages=None, settings=settings)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return None
    return dd.day(parsed.date()) if parsed else None


# --- the text and the page --------------------------------------------------------------


def _dateline(article: Article, evidence: Evidence, anchor: TimeValue, years: tuple[int, ...]
              ) -> TimeValue | None:
    for hit in evidence.body:
        start, end = hit.found.start, hit.found.end
        if hit.block > 0 or start > _DATELINE_WINDOW:
            break
        head_ok = _DATELINE_HEAD.fullmatch(article.text[:start])
        if head_ok and _DATELINE_TAIL.match(article.text, end):
            return _stated_day(article, hit, anchor, years, "dateline")
    return None


def _today(article: Article, evidence: Evidence, anchor: TimeValue, years: tuple[int, ...]
           ) -> TimeValue | None:
    """"returned today [December 3]" / "today, May 2": the text dates itself."""
    body = evidence.body
    for hit, following in zip(body, body[1:], strict=False):
        expr = hit.found.expr
        word = article.text[hit.found.start : hit.found.end].lower()
        if expr.kind != "relative" or word != "today":
            continue
        if _TODAY_GAP.fullmatch(article.text, hit.found.end, following.found.start):
            return _stated_day(article, following, anchor, years, "text")
    return None


def _stated_day(article: Article, hit: Hit, anchor: TimeValue, years: tuple[int, ...],
                source: TimeSource) -> TimeValue | None:
    expr = hit.found.expr
    if expr.kind != "date" or expr.day is None:
        return None
    value = resolve_expr(expr, anchor, years, "unknown")
    day = dd.single_day(value)
    if day is None:
        return None
    return TimeValue(day.isoformat(), day.isoformat(), "day", source, _span(article, hit))


def _span(article: Article, hit: Hit) -> Span:
    start, end = hit.found.start, hit.found.end
    return Span(article.id, start, end, article.text[start:end])
