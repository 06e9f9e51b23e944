"""Schema migrations. Each is applied once, in order, and recorded in ``PRAGMA user_version``.

Add a migration by appending a function; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[], str]


def _v1_foundation() -> str:
    return """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            inputs TEXT NOT NULL,          -- JSON list of what the user passed
            config TEXT NOT NULL,          -- resolved config, JSON
            stats TEXT                     -- JSON counters, set when the run ends
        );

        -- One row per input file (or record inside one) that could not be read.
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            source_path TEXT NOT NULL,
            record TEXT,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX failures_path ON failures(source_path);

        CREATE TABLE articles (
            id TEXT PRIMARY KEY,           -- hash of the normalized raw text
            run_id INTEGER REFERENCES runs(id),
            source_path TEXT NOT NULL,
            record TEXT,
            fmt TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            title TEXT,
            raw_text TEXT NOT NULL,
            text TEXT NOT NULL,
            paragraphs TEXT NOT NULL,      -- JSON list
            captions TEXT NOT NULL,        -- JSON list
            line_kinds TEXT NOT NULL,      -- one letter a raw line: t b c _ r
            language TEXT,
            language_score REAL,
            published TEXT NOT NULL,       -- TimeValue JSON
            metadata TEXT NOT NULL,        -- JSON
            status TEXT NOT NULL,          -- kept | duplicate | dropped
            reason TEXT,
            duplicate_of TEXT REFERENCES articles(id),
            similarity REAL,
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        CREATE INDEX articles_status ON articles(status);

        -- Other paths/outlets that carried byte-identical (normalized) text.
        CREATE TABLE copies (
            article_id TEXT NOT NULL REFERENCES articles(id),
            source_path TEXT NOT NULL,
            record TEXT,
            url TEXT,
            outlet TEXT,
            run_id INTEGER REFERENCES runs(id),
            PRIMARY KEY (article_id, source_path, record)
        );

        CREATE TABLE removed (
            article_id TEXT NOT NULL REFERENCES articles(id),
            line_start INTEGER NOT NULL,
            line_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (article_id, line_start)
        );
        CREATE INDEX removed_reason ON removed(reason);

        -- Paragraph fingerprints, to find text shared between articles (syndication).
        CREATE TABLE paragraphs (
            article_id TEXT NOT NULL REFERENCES articles(id),
            idx INTEGER NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (article_id, idx)
        );
        CREATE INDEX paragraphs_hash ON paragraphs(hash);

        -- MinHash LSH band keys of canonical articles: near-duplicate candidates by lookup.
        CREATE TABLE lsh_bands (
            band_key TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id),
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE minhashes (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            num_perm INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            hashvalues BLOB NOT NULL
        );

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """


def _v2_language() -> str:
    return """
        CREATE TABLE sentences (
            article_id TEXT NOT NULL REFERENCES articles(id),
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        );

        CREATE TABLE entities (
            id TEXT PRIMARY KEY,          -- hash of kind + normalized key: stable across runs
            name TEXT NOT NULL,
            kind TEXT NOT NULL,           -- person | org | country | place | igo
            aliases TEXT NOT NULL,        -- JSON list
            country TEXT,                 -- ISO 3166 alpha-3 or IGO code
            sector TEXT,                  -- GOV, MIL, PTY, ...
            roles TEXT NOT NULL           -- JSON list of offices with date ranges
        );
        CREATE INDEX entities_kind ON entities(kind);
        CREATE INDEX entities_country ON entities(country);

        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            entity_id TEXT REFERENCES entities(id),
            title TEXT,
            country TEXT,
            sector TEXT,
            evidence TEXT,
            PRIMARY KEY (article_id, start, end)
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);

        -- Every date expression resolved to a TimeValue, with its evidence span.
        CREATE TABLE dates (
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            earliest TEXT,
            latest TEXT,
            precision TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (article_id, start, end)
        );
        """


def _v3_events_quotes() -> str:
    return """
        -- One row per distinct event; every sentence that tells it is an event_mentions row.
        CREATE TABLE events (
            id TEXT PRIMARY KEY,          -- hash of actor codes, CAMEO code, flags and day
            source TEXT NOT NULL,         -- JSON list of {entity_id, name, country, sector}
            target TEXT NOT NULL,
            cameo TEXT NOT NULL,
            root TEXT NOT NULL,
            quad_class INTEGER NOT NULL,
            goldstein REAL NOT NULL,
            plover TEXT,
            mode TEXT,
            negated INTEGER NOT NULL,
            hypothetical INTEGER NOT NULL,
            future INTEGER NOT NULL,
            reported INTEGER NOT NULL,
            date TEXT NOT NULL,           -- TimeValue JSON
            day TEXT,                     -- the day, when the date is one (for time queries)
            location TEXT,
            article_id TEXT NOT NULL REFERENCES articles(id),  -- first evidence
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            confidence REAL NOT NULL,
            story_id TEXT
        );
        CREATE INDEX events_root ON events(root);
        CREATE INDEX events_day ON events(day);

        CREATE TABLE event_mentions (
            event_id TEXT NOT NULL REFERENCES events(id),
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,       -- the sentence
            end INTEGER NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            confidence REAL NOT NULL,
            PRIMARY KEY (event_id, article_id, start)
        );
        CREATE INDEX event_mentions_article ON event_mentions(article_id);

        -- Actor dyads, both directions, for country-pair and actor queries.
        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id),
            role TEXT NOT NULL,           -- source | target
            entity_id TEXT NOT NULL,
            country TEXT,
            sector TEXT,
            PRIMARY KEY (event_id, role, entity_id)
        );
        CREATE INDEX event_actors_country ON event_actors(country);

        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,       -- the quoted words
            end INTEGER NOT NULL,
            speaker_id TEXT,
            speaker TEXT,
            cue TEXT,
            direct INTEGER NOT NULL,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL
        );
        CREATE INDEX quotes_speaker ON quotes(speaker_id);
        CREATE INDEX quotes_article ON quotes(article_id);
        """


def _v4_stories() -> str:
    return """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,          -- hash of the first member's article id: stable
            first_article TEXT NOT NULL,
            size INTEGER NOT NULL,
            profile TEXT NOT NULL,        -- the stories stage's scoring profile, verbatim
            title TEXT,                   -- a member's headline, verbatim
            first_date TEXT,              -- TimeValue JSON of the earliest member date
            last_date TEXT,               -- TimeValue JSON of the latest
            summary TEXT,                 -- JSON list of {text, span, citations}
            key_entities TEXT
        );
        CREATE TABLE story_members (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL REFERENCES stories(id),
            reason TEXT NOT NULL,
            score REAL NOT NULL,
            inherited TEXT                -- TimeValue JSON an undated member takes from its story
        );
        CREATE INDEX story_members_story ON story_members(story_id);
        CREATE TABLE story_keys (
            key TEXT NOT NULL,
            story_id TEXT NOT NULL REFERENCES stories(id),
            PRIMARY KEY (key, story_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_keys_story ON story_keys(story_id);

        -- Statements of two member articles that give incompatible values for one fact.
        CREATE TABLE conflicts (
            story_id TEXT NOT NULL REFERENCES stories(id),
            fact TEXT NOT NULL,
            a_article TEXT NOT NULL, a_start INTEGER NOT NULL, a_end INTEGER NOT NULL,
            b_article TEXT NOT NULL, b_start INTEGER NOT NULL, b_end INTEGER NOT NULL,
            value_a TEXT NOT NULL,
            value_b TEXT NOT NULL,
            PRIMARY KEY (story_id, fact, a_article, a_start, b_article, b_start)
        );
        CREATE INDEX events_story ON events(story_id);
        """


def _v5_scale() -> str:
    return """
        -- A story's date hull as columns (the profile's lo/hi, day numbers), and its end on
        -- every blocking key row, so the stories stage range-scans only the candidates in
        -- an article's time window. An undated story's key rows carry the largest day
        -- number: it is in reach of every article.
        ALTER TABLE stories ADD COLUMN lo INTEGER;
        ALTER TABLE stories ADD COLUMN hi INTEGER;
        UPDATE stories SET lo = json_extract(profile, '$.lo'), hi = json_extract(profile, '$.hi');
        ALTER TABLE story_keys ADD COLUMN hi INTEGER NOT NULL DEFAULT 2147483647;
        UPDATE story_keys SET hi = COALESCE(
            (SELECT s.hi FROM stories s WHERE s.id = story_keys.story_id), 2147483647);
        CREATE INDEX story_keys_window ON story_keys(key, hi);
        -- Story writes set events.story_id per article.
        CREATE INDEX events_article ON events(article_id);
        """


def _v6_term_weights() -> str:
    return """
        -- The stories stage's term statistics (chronicle.pipeline.stories.idf): for each
        -- hashed term, how many scored articles hold it, and that count at the last
        -- snapshot (the weights are read from the snapshot).
        CREATE TABLE term_df (
            term INTEGER PRIMARY KEY,
            df INTEGER NOT NULL,
            snap INTEGER NOT NULL
        );
        -- Corpus-wide counters: 'scored' articles, 'scored_at_snapshot'.
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """


def _v7_canonical_urls() -> str:
    return """
        -- Each article's URL in its canonical form (chronicle.pipeline.dedup.urls): dedup's
        -- rule "one canonical URL is one article" looks it up. Rows stored before this
        -- version get it from their url, through the function ``migrate`` registers.
        ALTER TABLE articles ADD COLUMN canonical_url TEXT;
        UPDATE articles SET canonical_url = chronicle_canonical_url(url) WHERE url IS NOT NULL;
        CREATE INDEX articles_canonical_url ON articles(canonical_url);
        """


def _v8_list_order() -> str:
    return """
        -- Keyset paging (store/keyset.py): each list reads its rows along an index in its
        -- order, from the sort key of the previous page's last row, instead of sorting
        -- every row to skip an offset. Each entity keeps its mention count (the entity
        -- list's order), kept by triggers wherever mentions are written.
        ALTER TABLE entities ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0;
        UPDATE entities SET n_mentions = (SELECT COUNT(*) FROM mentions m
                                          WHERE m.entity_id = entities.id);
        CREATE TRIGGER IF NOT EXISTS mentions_count_ai AFTER INSERT ON mentions BEGIN
            UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = new.entity_id;
        END;
        CREATE TRIGGER IF NOT EXISTS mentions_count_ad AFTER DELETE ON mentions BEGIN
            UPDATE entities SET n_mentions = n_mentions - 1 WHERE id = old.entity_id;
        END;
        CREATE TRIGGER IF NOT EXISTS mentions_count_au AFTER UPDATE OF entity_id ON mentions
        BEGIN
            UPDATE entities SET n_mentions = n_mentions - 1 WHERE id = old.entity_id;
            UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = new.entity_id;
        END;
        CREATE INDEX IF NOT EXISTS entities_by_mentions ON entities(n_mentions DESC, name, id);
        CREATE INDEX IF NOT EXISTS stories_by_date ON stories(
            COALESCE(json_extract(first_date, '$.earliest'), json_extract(last_date, '$.latest'),
                     '9999'), id);
        CREATE INDEX IF NOT EXISTS events_by_day ON events(COALESCE(day, '9999'));
        -- An entity's events (its page, /api/events?actor=) without reading every actor row,
        -- and a country's as one index probe an event (store.events.actor_filter).
        CREATE INDEX IF NOT EXISTS event_actors_entity ON event_actors(entity_id);
        CREATE INDEX IF NOT EXISTS event_actors_pair ON event_actors(country, role, event_id);
        -- Each event under every (source country, target country) of its actors: the events
        -- between two countries are one range of it (relations, /api/events?dyad=, narrowed
        -- timelines), kept by a trigger wherever actors are written.
        CREATE TABLE IF NOT EXISTS event_dyads (
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            event_id TEXT NOT NULL REFERENCES events(id),
            PRIMARY KEY (source, target, event_id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO event_dyads(source, target, event_id)
            SELECT s.country, t.country, s.event_id FROM event_actors s
            JOIN event_actors t ON t.event_id = s.event_id AND t.role = 'target'
            WHERE s.role = 'source' AND s.country IS NOT NULL AND t.country IS NOT NULL;
        CREATE TRIGGER IF NOT EXISTS event_dyads_ai AFTER INSERT ON event_actors
        WHEN new.country IS NOT NULL BEGIN
            INSERT OR IGNORE INTO event_dyads(source, target, event_id)
                SELECT new.country, t.country, new.event_id FROM event_actors t
                WHERE new.role = 'source' AND t.event_id = new.event_id AND t.role = 'target'
                AND t.country IS NOT NULL;
            INSERT OR IGNORE INTO event_dyads(source, target, event_id)
                SELECT s.country, new.country, new.event_id FROM event_actors s
                WHERE new.role = 'target' AND s.event_id = new.event_id AND s.role = 'source'
                AND s.country IS NOT NULL;
        END;
        """


def _v9_story_scope() -> str:
    return """
        -- A story's id, time bounds and size without its row: the row holds the profile and
        -- the summary (tens of kB), and its time bounds come last, so reading them walked
        -- every overflow page. Finding an article's candidate stories reads these for each
        -- story under its keys (``StoryStore.ranked``, through ``INDEXED BY``).
        CREATE INDEX IF NOT EXISTS stories_scope ON stories(id, lo, size);
        """


MIGRATIONS: list[Migration] = [_v1_foundation, _v2_language, _v3_events_quotes, _v4_stories,
                               _v5_scale, _v6_term_weights, _v7_canonical_urls,
                               _v8_list_order, _v9_story_scope]


def migrate(con: sqlite3.Connection) -> int:
    """Apply pending migrations, each in its own transaction. Returns the schema version.

    The connection must be in autocommit mode (``isolation_level=None``): the script
    carries its own BEGIN/COMMIT so a failed migration leaves the previous version intact.
    """
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version < len(MIGRATIONS):
        _register_functions(con)
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            con.executescript(f"BEGIN;\n{migration()}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
    return max(version, len(MIGRATIONS))


def _register_functions(con: sqlite3.Connection) -> None:
    """Python functions a migration's SQL calls to fill a new column for stored rows."""
    # imported here: only a migration needs the pipeline's URL rules (a pure function)
    from chronicle.pipeline.dedup.urls import canonical_url

    con.create_function("chronicle_canonical_url", 1, canonical_url, deterministic=True)


OUR_TABLES = {"runs", "articles"}  # every chronicle has them from version 1 on


def schema_problem(con: sqlite3.Connection, *, writing: bool) -> str | None:
    """Why this database cannot be opened (read, or written when ``writing``), or None."""
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        " AND name NOT LIKE 'sqlite_%'")}
    latest = len(MIGRATIONS)
    if not tables and version == 0:
        return None if writing else ("an empty database, not a chronicle yet (`chronicle run"
                                     " --db` on it makes it one)")
    if version == 0 or not OUR_TABLES.issubset(tables):
        return f"not a chronicle database (an SQLite file holding {_names(tables)})"
    if version > latest:
        return (f"written by a newer chronicle (schema version {version}; this one knows 1 to"
                f" {latest}): upgrade news-chronicle to open it")
    if version < latest and not writing:
        return (f"written by an older chronicle (schema version {version} of {latest}):"
                " `chronicle run --db` on it upgrades it")
    return None


def _names(tables: set[str]) -> str:
    if not tables:
        return "no tables"
    shown = ", ".join(name[:40] for name in sorted(tables)[:5])
    return f"the tables {shown}" + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
