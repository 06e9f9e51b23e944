"""Dedup: exact and near duplicates, batch-vs-store lookups, shared paragraphs."""

from __future__ import annotations

from chronicle.model import Article
from chronicle.pipeline.dedup import Deduplicator, fingerprint, similarity
from chronicle.store import Batch, Store

BODY = [
    "The finance ministers of Chile and Peru agreed on Monday to cut tariffs on copper "
    "concentrate shipped across their shared border, officials said.",
    "Under the deal, duties fall by half next year and disappear entirely by 2029, according "
    "to a joint statement released in Lima after two days of talks.",
    "Chile's minister said the agreement would help mines in the north reach Pacific ports "
    "faster, while Peru expects new investment in its southern smelters.",
    "Trade between the two countries reached a record last year, driven by mining equipment "
    "and food exports, the statement added.",
]


def make(article_id: str, paragraphs: list[str], path: str = "a.txt") -> Article:
    return Article(id=article_id, source_path=path, raw_text="\n".join(paragraphs),
                   paragraphs=paragraphs, text="\n\n".join(paragraphs))


def test_fingerprint_ignores_case_and_punctuation(ctx) -> None:
    a = fingerprint(make("a", BODY), ctx.config.dedup)
    b = fingerprint(make("b", [p.upper().replace(",", "") for p in BODY]), ctx.config.dedup)
    assert a.content_hash == b.content_hash
    assert a.signature == b.signature


def test_exact_duplicate_in_same_batch(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    first, second = make("a", BODY), make("b", [p + " " for p in BODY], "b.txt")
    dedup(first, ctx)
    dedup(second, ctx)
    assert first.status == "kept"
    assert (second.status, second.reason, second.duplicate_of) == ("duplicate", "exact", "a")


def test_near_duplicate_found_through_store(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    first = make("a", BODY)
    fp = dedup(first, ctx)
    batch = Batch(articles=[first], band_keys=[(k, "a") for k in fp.band_keys],
                  minhashes=[("a", 128, 1, fp.signature)])
    run_id = store.begin_run(["a.txt"], {})
    store.write_batch(batch, run_id)
    dedup.flush()  # from now on only the store knows article "a"

    edited = [p.replace("officials said", "a spokesman said") for p in BODY]
    edited[-1] = edited[-1].replace("record", "new record")
    second = make("b", edited, "b.txt")
    dedup(second, ctx)
    assert (second.status, second.reason, second.duplicate_of) == ("duplicate", "near", "a")
    assert 0.8 <= second.similarity < 1.0


def test_different_story_is_not_a_duplicate(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    dedup(make("a", BODY), ctx)
    other = make("b", [
        "Flooding in the Danube basin forced the evacuation of three villages in Romania on "
        "Sunday as rivers rose after a week of heavy rain, emergency services said.",
        "Rescue teams used boats to reach residents stranded on rooftops near the town of "
        "Galati, where water levels reached their highest point in two decades.",
    ], "b.txt")
    dedup(other, ctx)
    assert other.status == "kept"


def test_similarity_of_unrelated_signatures_is_low(ctx) -> None:
    a = fingerprint(make("a", BODY[:2]), ctx.config.dedup)
    b = fingerprint(make("b", BODY[2:]), ctx.config.dedup)
    assert similarity(a.signature, b.signature) < 0.2


def test_short_paragraphs_are_not_tracked_for_syndication(ctx) -> None:
    fp = fingerprint(make("a", ["Too short to track.", BODY[0]]), ctx.config.dedup)
    assert [idx for idx, _ in fp.paragraphs] == [1]


def test_dropped_article_is_not_indexed(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    dropped = make("a", BODY)
    dropped.status = "dropped"
    fp = dedup(dropped, ctx)
    assert fp.signature is None and fp.band_keys == []
    later = make("b", BODY, "b.txt")
    dedup(later, ctx)
    assert later.status == "kept"


CUT_COPY = BODY[:2] + [
    "Mining companies welcomed the move, which they said would make exports more "
    "competitive in Asian markets from the start of the next quarter onwards."]


def test_a_wire_copy_cut_at_another_length_is_contained(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    first = make("a", BODY)
    fp = dedup(first, ctx)
    batch = Batch(articles=[first], band_keys=[(k, "a") for k in fp.band_keys],
                  minhashes=[("a", 128, 1, fp.signature)],
                  paragraph_hashes=[("a", idx, h) for idx, h in fp.paragraphs])
    store.write_batch(batch, store.begin_run(["a.txt"], {}))
    dedup.flush()  # found through the store's paragraph table
    cut = make("b", CUT_COPY, "b.txt")
    dedup(cut, ctx)
    assert (cut.status, cut.reason, cut.duplicate_of) == ("duplicate", "contained", "a")
    assert cut.similarity is not None and cut.similarity >= 0.5


def test_a_shared_background_paragraph_makes_no_duplicate(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    dedup(make("a", BODY), ctx)  # in the batch in flight
    other = make("b", [
        "Peru's congress approved a new mining code on Thursday after a year of debate, "
        "raising royalties on copper and gold and tightening rules on water use.",
        "Opposition lawmakers said the code would scare off investors, while farming "
        "groups in the Andes welcomed the limits on water drawn from their rivers.",
        "Protests against two large mines have blocked roads in the south this year, and "
        "the government says the new rules will reduce conflict with local communities.",
        BODY[3],  # one background paragraph of the wire story
    ], "b.txt")
    dedup(other, ctx)
    assert other.status == "kept"
