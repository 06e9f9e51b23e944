"""Dedup: exact and near duplicates, batch-vs-store lookups, shared paragraphs."""

from __future__ import annotations

from dataclasses import replace

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


# --- one canonical URL, one article ------------------------------------------------------

PAGE = "https://www.orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge"
FOOTBRIDGE = [
    "The council of the river town of Orlesk voted on Tuesday to build a footbridge across "
    "the Vesna, ending a decade of arguments over how people on the east bank reach the market.",
    "The crossing will cost about four million euros, half of it from a regional fund, the "
    "council's finance officer told a meeting that ran late into the evening.",
    "Shopkeepers on the west bank have asked for a bridge since the old ferry stopped running, "
    "saying trade fell once customers had to drive around through the industrial zone.",
]
# The same page extracted again later: the lead cut to its headline, an update appended.
FOOTBRIDGE_AGAIN = [
    "Orlesk council backs a footbridge over the Vesna after ten years of debate",
    "The mayor said on Wednesday that residents would be asked to choose between three designs "
    "for the railings and lamps, with a vote held at the library over six weeks.",
    "Work on the foundations could start before the summer floods if the regional fund "
    "releases its share in time, a town engineer added.",
]
# Another article of the same site on the same council meeting, told in much the same words.
CAR_PARK = [
    "The council of the river town of Orlesk voted on Tuesday to delay a car park beside "
    "the Vesna, prolonging a decade of arguments over how people on the east bank reach the market.",
    "The car park will cost about two million euros, half of it from a regional fund, the "
    "council's finance officer told a meeting that ran late into the evening.",
    "Drivers on the west bank have asked for more parking since the old ferry stopped running, "
    "saying trade fell once customers had to drive around through the industrial zone.",
]


def make_at(article_id: str, paragraphs: list[str], url: str | None) -> Article:
    article = make(article_id, paragraphs, f"{article_id}.json")
    article.url = url
    return article


def store_batch(store: Store, dedup: Deduplicator, *articles: Article) -> None:
    """Write articles as the runner does, then leave them to the store alone."""
    store.write_batch(Batch(articles=list(articles)), store.begin_run(["x"], {}))
    dedup.forget(a.id for a in articles)


def test_two_extractions_of_one_url_are_one_article(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    first = make_at("a", FOOTBRIDGE, PAGE + "/?utm_source=newsletter&utm_medium=email")
    again = make_at("b", FOOTBRIDGE_AGAIN,
                    "https://m.orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge"
                    "/amp?fbclid=IwAR0x")
    dedup(first, ctx)
    dedup(again, ctx)  # found in the batch in flight
    assert first.status == "kept" and first.canonical_url == again.canonical_url
    assert (again.status, again.reason, again.duplicate_of) == ("duplicate", "url", "a")
    assert again.similarity is not None and again.similarity < 0.2  # the texts differ
    assert ctx.stats["duplicates_url"] == 1


def test_a_page_updated_at_its_url_is_found_through_the_store(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    first = make_at("a", FOOTBRIDGE, PAGE)
    dedup(first, ctx)
    store_batch(store, dedup, first)
    dedup.flush()
    updated = make_at("b", FOOTBRIDGE_AGAIN, PAGE.replace("https://www.", "http://") + "#top")
    dedup(updated, ctx)
    assert (updated.status, updated.reason, updated.duplicate_of) == ("duplicate", "url", "a")


def test_a_page_whose_first_copy_duplicated_another_points_at_the_canonical(
        store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    wire = make_at("a", FOOTBRIDGE, "https://wire.example/stories/orlesk-footbridge-vote-9931")
    copy = make_at("b", [p + " " for p in FOOTBRIDGE], PAGE)  # exact copy on another site
    dedup(wire, ctx)
    dedup(copy, ctx)
    store_batch(store, dedup, wire, copy)
    rescraped = make_at("c", FOOTBRIDGE_AGAIN, PAGE + "?ocid=rss")
    dedup(rescraped, ctx)
    assert (copy.reason, copy.duplicate_of) == ("exact", "a")
    assert (rescraped.reason, rescraped.duplicate_of) == ("url", "a")


def test_two_articles_of_one_site_with_similar_text_stay_two(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    bridge = make_at("a", FOOTBRIDGE, PAGE)
    car_park = make_at("b", CAR_PARK,
                       "https://www.orlesk-courier.example/news/2024/03/council-delays-vesna-car-park")
    dedup(bridge, ctx)
    dedup(car_park, ctx)
    fps = [fingerprint(a, ctx.config.dedup).signature for a in (bridge, car_park)]
    assert 0.3 < similarity(*fps) < ctx.config.dedup.near_threshold  # alike, not a copy
    assert (bridge.status, car_park.status) == ("kept", "kept")
    assert bridge.canonical_url != car_park.canonical_url


def test_site_roots_never_merge_articles(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    home = make_at("a", FOOTBRIDGE, "https://www.orlesk-courier.example/")
    dedup(home, ctx)
    store_batch(store, dedup, home)
    later = make_at("b", CAR_PARK, "https://orlesk-courier.example/?utm_source=app")
    section = make_at("c", FOOTBRIDGE_AGAIN, "https://orlesk-courier.example/news/")
    dedup(later, ctx)
    dedup(section, ctx)
    assert home.canonical_url is None and later.canonical_url is None
    assert [a.status for a in (home, later, section)] == ["kept", "kept", "kept"]


def test_a_dropped_page_does_not_hold_its_url(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    dropped = make_at("a", FOOTBRIDGE_AGAIN, PAGE)
    dropped.status = "dropped"
    dedup(dropped, ctx)
    store_batch(store, dedup, dropped)
    kept = make_at("b", FOOTBRIDGE, PAGE)
    dedup(kept, ctx)
    assert kept.status == "kept"


def test_the_url_rule_can_be_turned_off(store: Store, ctx) -> None:
    dedup = Deduplicator(replace(ctx.config.dedup, same_url=False), store)
    first, again = make_at("a", FOOTBRIDGE, PAGE), make_at("b", FOOTBRIDGE_AGAIN, PAGE)
    dedup(first, ctx)
    dedup(again, ctx)
    assert again.status == "kept" and again.canonical_url == first.canonical_url


def test_forget_and_flush_drop_the_in_flight_urls(store: Store, ctx) -> None:
    dedup = Deduplicator(ctx.config.dedup, store)
    dedup(make_at("a", FOOTBRIDGE, PAGE), ctx)
    dedup.forget(["a"])  # as if written elsewhere: the store, empty here, now answers
    again = make_at("b", FOOTBRIDGE_AGAIN, PAGE)
    dedup(again, ctx)
    assert again.status == "kept"
    dedup.flush()
    third = make_at("c", CAR_PARK, PAGE)
    dedup(third, ctx)
    assert third.status == "kept"


def test_containment_needs_the_shared_paragraphs_together_and_in_order() -> None:
    from chronicle.pipeline.dedup import in_one_run
    wire = ["p1", "p2", "p3", "p4", "p5"]
    assert in_one_run(["p1", "p2", "p3"], wire, {"p1", "p2", "p3"})  # cut at another length
    assert in_one_run(["nav", "p2", "p3", "p4", "ad"], wire, {"p2", "p3", "p4"})  # re-extracted
    # two reports of their own, each quoting some of the same wire paragraphs between theirs
    assert not in_one_run(["own1", "p1", "own2", "p4"], wire, {"p1", "p4"})
    assert not in_one_run(["p3", "p2"], wire, {"p2", "p3"})  # another order: recombined
