"""Configuration: shipped defaults < user TOML < ``CHRONICLE_*`` environment < CLI flags.

Every key lives in one section dataclass. A TOML file uses the same sections::

    db = "news.db"
    [dedup]
    near_threshold = 0.85

The environment overrides a key as ``CHRONICLE_<SECTION>_<KEY>``
(``CHRONICLE_DEDUP_NEAR_THRESHOLD``) or ``CHRONICLE_<KEY>`` for top-level keys
(``CHRONICLE_DB``). The resolved config is
saved with each run in the database.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from chronicle.errors import ConfigError


@dataclass(slots=True, frozen=True)
class IngestConfig:
    max_file_mb: float = 64.0  # larger files are refused with a reason, not read
    max_decompressed_mb: float = 256.0  # guard against compression bombs
    # A longer document (one line of 50 MB, a dump) is refused as too-large: the parser needs
    # ~1 GB per 100k characters and refuses 1M; real articles stay far below this.
    max_document_chars: int = 200_000
    language_min_score: float = 0.5  # below this the language is "unknown"
    english: tuple[str, ...] = ("en",)


@dataclass(slots=True, frozen=True)
class CleanConfig:
    repeat_similarity: float = 0.9  # token-set Jaccard at which a line repeats an earlier one
    min_body_words: int = 8  # a line this long that reads as a sentence is body
    max_title_words: int = 25
    min_article_words: int = 20  # fewer kept words than this: article dropped as "too-short"


@dataclass(slots=True, frozen=True)
class DedupConfig:
    near_threshold: float = 0.7  # estimated Jaccard over word shingles for a near-duplicate
    num_perm: int = 128
    shingle_words: int = 5
    min_paragraph_words: int = 8  # shorter paragraphs are not tracked for syndication
    # the share of the shorter text found in whole paragraphs of an earlier article that
    # makes it a duplicate ("contained"): a copy cut at another length, a re-extraction
    contained_share: float = 0.5
    # an article at the canonical URL of an earlier one is its duplicate ("url"), whatever the
    # text (two extractions of one page, an update); off for inputs whose URLs are unreliable
    same_url: bool = True


@dataclass(slots=True, frozen=True)
class StoryConfig:
    n_features: int = 2**20  # hashed term space: fixed, so no corpus-wide refit is ever needed
    centroid_terms: int = 400  # terms a story profile keeps (the heaviest)
    centroid_actors: int = 100  # actors a story profile keeps (the heaviest)
    text_weight: float = 0.7  # score = text cosine * w + actor weighted Jaccard * (1 - w)
    threshold: float = 0.15  # a doc joins the best story scoring at least this
    actor_floor: float = 0.08  # actor overlap below this scales the score down (0: never)
    text_floor: float = 0.05  # and so does a text cosine below this
    idf: bool = True  # weight terms by their rarity among the articles scored so far
    idf_growth: float = 1.25  # renew the term weights when the article count grows this much
    undated_factor: float = 0.55  # score scale when dates cannot confirm: asks more of the text
    slack_days: int = 4  # dates this close count as the same time
    max_gap_days: int = 21  # dated articles further apart than this never share a story
    max_span_days: int = 30  # a story's dates stretch further only for a linked report:
    linked_score: float = 0.5  # one whose score before time is at least this
    other_pair_factor: float = 0.5  # score scale when its two countries are not the story's
    summary_members: int = 30  # a story's summary and contradictions read at most this many
    key_terms: int = 12  # heaviest terms used as blocking keys
    key_actors: int = 12  # heaviest actors a story is found by
    actor_kinds: tuple[str, ...] = ("person", "org", "igo", "country", "place")
    # languages whose wording alone may place an article naming no actor (the entities
    # stage reads them fully); an article in another language must share actors
    wording_languages: tuple[str, ...] = ("en",)
    number_weight: float = 0.4  # a figure the report gives (a toll, a sum): shared in any language
    cross_language_weight: float = 0.5  # score of a report in another language naming only
    # what the story names (scaled down by what it names that the story does not)
    country_weight: float = 0.3  # a country is shared by many happenings: weak evidence
    place_weight: float = 0.6  # places and international organisations: in between


@dataclass(slots=True, frozen=True)
class Config:
    db: str = "chronicle.db"
    batch_size: int = 200
    workers: int = 0  # parse processes (CPUs of a local Ray); 0 = one per core (local: <= 4)
    parallel_min: int = 100  # start parse workers once a run fills a batch this large
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, frozen=True)
class Limit:
    """The values a numeric setting may take: finite, from ``lo`` (excluded when
    ``open_lo``) to ``hi`` (None: no upper bound)."""

    lo: float
    hi: float | None = None
    open_lo: bool = False

    def allows(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above = value > self.lo if self.open_lo else value >= self.lo
        return above and (self.hi is None or value <= self.hi)

    def __str__(self) -> str:
        hi = "" if self.hi is None else _number(self.hi)
        if self.open_lo:
            return f"greater than {_number(self.lo)}" + (f" and at most {hi}" if hi else "")
        return f"between {_number(self.lo)} and {hi}" if hi else f"at least {_number(self.lo)}"


UNIT = Limit(0, 1)  # a score, weight or factor
SHARE = Limit(0, 1, open_lo=True)  # a similarity or share that must mean something
# Every numeric setting, by dotted name (tests/test_config.py checks none is missing).
LIMITS: dict[str, Limit] = {
    "batch_size": Limit(1),
    "workers": Limit(0, 1024),
    "parallel_min": Limit(0),
    "ingest.max_file_mb": Limit(0, open_lo=True),
    "ingest.max_decompressed_mb": Limit(0, open_lo=True),
    "ingest.max_document_chars": Limit(1, 1_000_000),  # spaCy refuses longer texts
    "ingest.language_min_score": UNIT,
    "clean.repeat_similarity": SHARE,
    "clean.min_body_words": Limit(1),
    "clean.max_title_words": Limit(1),
    "clean.min_article_words": Limit(1),
    # datasketch's LSH needs 2+ bands: a threshold over 0.95 leaves too few at 16 permutations
    "dedup.near_threshold": Limit(0, 0.95, open_lo=True),
    "dedup.num_perm": Limit(16, 1024),
    "dedup.shingle_words": Limit(1, 50),
    "dedup.min_paragraph_words": Limit(1),
    "dedup.contained_share": SHARE,
    "stories.n_features": Limit(1, 2**31 - 1),
    "stories.centroid_terms": Limit(1),
    "stories.centroid_actors": Limit(1),
    "stories.text_weight": UNIT,
    "stories.threshold": UNIT,
    "stories.actor_floor": UNIT,
    "stories.text_floor": UNIT,
    "stories.idf_growth": Limit(1),
    "stories.undated_factor": UNIT,
    "stories.slack_days": Limit(0, 3650),
    "stories.max_gap_days": Limit(0, 36500),
    "stories.max_span_days": Limit(0, 36500),
    "stories.linked_score": UNIT,
    "stories.other_pair_factor": UNIT,
    "stories.summary_members": Limit(1),
    "stories.key_terms": Limit(1),
    "stories.key_actors": Limit(0),
    "stories.number_weight": UNIT,
    "stories.cross_language_weight": UNIT,
    "stories.country_weight": UNIT,
    "stories.place_weight": UNIT,
}


def load_config(
    path: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
) -> Config:
    """Resolve the layered configuration and check it. ``overrides`` are CLI flags (dotted
    keys allowed)."""
    config = Config()
    origins: dict[str, str] = {}  # dotted key -> where its value came from
    toml_path = Path(path) if path else _default_toml()
    if toml_path is not None:
        config = _apply(config, _read_toml(toml_path), f"config file `{toml_path}`", origins)
    config = _apply(config, _from_env(os.environ if env is None else env), "environment",
                    origins)
    flat = {k: v for k, v in (overrides or {}).items() if v is not None}
    config = _apply(config, _nest(flat), "command line", origins)
    validate(config, origins)
    return config


def config_from_dict(values: dict[str, Any], origin: str = "a saved configuration") -> Config:
    """The configuration ``Config.to_dict`` gave (a server's worker processes get it so),
    checked like any other."""
    origins: dict[str, str] = {}
    config = _apply(Config(), values, origin, origins)
    validate(config, origins)
    return config


def validate(config: Config, origins: dict[str, str] | None = None) -> None:
    """Raise a ConfigError naming the first setting outside its range, and where it was set."""
    for key, limit in LIMITS.items():
        value = _lookup(config, key)
        if not limit.allows(value):
            where = (origins or {}).get(key)
            raise ConfigError(f"`{key}` must be {limit} (got {value!r})",
                              context=f"In {where}" if where else None)


def _lookup(config: Config, key: str) -> Any:
    value: Any = config
    for part in key.split("."):
        value = getattr(value, part)
    return value


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _default_toml() -> Path | None:
    for candidate in (os.environ.get("CHRONICLE_CONFIG"), "chronicle.toml"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(str(exc), context=f"In config file `{path}`") from None


def _from_env(env: dict[str, str] | os._Environ[str]) -> dict[str, Any]:
    sections = {name for name, value in asdict(Config()).items() if isinstance(value, dict)}
    out: dict[str, Any] = {}
    for name, value in env.items():
        if not name.startswith("CHRONICLE_") or name == "CHRONICLE_CONFIG":
            continue
        key = name[len("CHRONICLE_") :].lower()
        section = next((s for s in sections if key.startswith(s + "_")), None)
        if section:
            out.setdefault(section, {})[key[len(section) + 1 :]] = value
        else:
            out[key] = value
    return out


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flat.items():
        head, _, tail = key.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = value
        else:
            out[head] = value
    return out


def _origin(layer: str, key: str) -> str:
    """Where a setting was given, as its user wrote it: the variable, the flag, the file."""
    if layer == "environment":
        return f"environment (CHRONICLE_{key.replace('.', '_').upper()})"
    if layer == "command line":
        return f"command line (--{key.rpartition('.')[2].replace('_', '-')})"
    return layer


def _apply(obj: Any, values: dict[str, Any], origin: str, origins: dict[str, str],
           prefix: str = "") -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        dotted = prefix + key
        if key not in known:
            raise ConfigError(
                f"unknown setting `{dotted}` (known: {', '.join(sorted(known))})",
                context=f"In {origin}",
            )
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"`{dotted}` must be a table of settings",
                                  context=f"In {origin}")
            changes[key] = _apply(current, value, origin, origins, dotted + ".")
        else:
            origins[dotted] = _origin(origin, dotted)
            changes[key] = _coerce(value, current, dotted, origins[dotted])
    return replace(obj, **changes)


TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _coerce(value: Any, current: Any, key: str, origin: str) -> Any:
    """``value`` as the type of the setting's default; a value that is not one is refused,
    not bent (``2.5`` is no batch size, ``maybe`` no switch)."""
    kind = type(current)
    if isinstance(current, bool):
        text = str(value).strip().lower()
        if isinstance(value, bool) or text in TRUE | FALSE:
            return value if isinstance(value, bool) else text in TRUE
        raise ConfigError(f"`{key}` expects true or false, got {value!r}",
                          context=f"In {origin}")
    try:
        if isinstance(current, tuple):
            items = value.split(",") if isinstance(value, str) else value
            return tuple(str(v).strip() for v in items)
        if (isinstance(value, bool) or (kind is str and not isinstance(value, str))
                or (kind is int and isinstance(value, float) and not value.is_integer())):
            raise ValueError(value)
        return kind(value)
    except (TypeError, ValueError, OverflowError):
        raise ConfigError(
            f"`{key}` expects {kind.__name__}, got {value!r}", context=f"In {origin}"
        ) from None
