"""Story assignment: joins, new stories, time traps, stable ids and increments."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from chronicle.config import StoryConfig
from chronicle.model import Article, Mention, Span, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.stories import (
    MemoryStoryIndex,
    StoryDoc,
    StoryProfile,
    assign,
    story_doc,
    story_id,
    window,
)
from chronicle.pipeline.stories.score import gap, time_factor, weighted_jaccard

CFG = StoryConfig()
KINDS = {"nor": "country", "isl": "country", "holm": "person", "sig": "person",
         "chl": "country", "vol": "place", "swe": "country", "lind": "person"}

QUOTA_TALKS = ("Norway and Iceland agree mackerel quota after Reykjavik talks",
               "Fisheries ministers Erik Holm of Norway and Sigrun Dottir of Iceland agreed on a "
               "shared mackerel quota after two days of talks in Reykjavik, ending a dispute that "
               "kept trawlers in port. The deal splits the catch by where the fish feed in summer.")
QUOTA_REACTION = ("Trawler crews welcome mackerel quota deal with Iceland",
                  "Crews in Bergen welcomed the mackerel quota agreed with Iceland in Reykjavik, "
                  "saying boats could leave port after weeks of dispute. Minister Erik Holm said "
                  "the shared quota would hold for the whole season.")
VOLCANO = ("Volcano erupts in southern Chile, villages evacuated",
           "A volcano in southern Chile erupted before dawn, sending ash ten kilometres into the "
           "sky and forcing the evacuation of three villages, the disaster agency said. Flights "
           "to Puerto Montt were cancelled.")

NEXT_LEG = ("Norwegian minister signs herring accord in Gothenburg",
            "Erik Holm of Norway and Sweden's Anna Lind signed a herring accord in Gothenburg "
            "on Wednesday, a day after his stop in Reykjavik. The accord shares the Skagerrak "
            "catch between the two fleets for three seasons.")

FLOOD = ("Heavy rain floods streets across the capital",
         "Heavy rain flooded streets across the capital overnight, cutting power to thousands "
         "of homes, officials reported.")


def doc(aid: str, story: tuple[str, str], published: str | None = None,
        actors: tuple[str, ...] = (), duplicate_of: str | None = None) -> StoryDoc:
    title, text = story
    when = TimeValue(published, published, "day", "metadata") if published else TimeValue()
    article = Article(id=aid, source_path=f"{aid}.txt", raw_text=text, title=title, text=text,
                      published=when, status="duplicate" if duplicate_of else "kept",
                      duplicate_of=duplicate_of)
    mentions = [Mention(Span(aid, 0, 1), "X", e) for e in actors]
    return story_doc(article, mentions, KINDS, [], CFG)


def run(docs: list[StoryDoc], index: MemoryStoryIndex | None = None,
        cfg: StoryConfig = CFG) -> MemoryStoryIndex:
    index = index or MemoryStoryIndex()
    index.write(assign(docs, index, cfg))
    return index


def groups(index: MemoryStoryIndex) -> list[list[str]]:
    return sorted(index.stories().values())


FISH = ("nor", "isl", "holm", "sig")


def test_same_happening_joins_and_another_opens_a_story() -> None:
    index = run([doc("a", QUOTA_TALKS, "2024-05-07", FISH), doc("v", VOLCANO, "2024-05-07",
                                                                ("chl", "vol")),
                 doc("b", QUOTA_REACTION, "2024-05-08", ("nor", "isl", "holm"))])
    assert groups(index) == [["a", "b"], ["v"]]


def test_the_same_kind_of_happening_elsewhere_is_another_story() -> None:
    # Two quota deals worded alike, between other countries by other ministers.
    other = ("chl", "vol")
    twin = doc("b", QUOTA_REACTION, "2024-05-08", other)
    assert groups(run([doc("a", QUOTA_TALKS, "2024-05-07", FISH), twin])) == [["a"], ["b"]]
    loose = dataclasses.replace(CFG, actor_floor=0.0)  # text alone would have merged them
    assert groups(run([doc("a", QUOTA_TALKS, "2024-05-07", FISH), twin], cfg=loose)) == [
        ["a", "b"]]


def test_same_actors_years_apart_never_share_a_story() -> None:
    first = doc("a", QUOTA_TALKS, "2018-05-07", FISH)
    again = doc("b", QUOTA_REACTION, "2024-05-08", ("nor", "isl", "holm"))
    assert groups(run([first, again])) == [["a"], ["b"]]
    undated = doc("c", QUOTA_REACTION, None, ("nor", "isl", "holm"))
    assert groups(run([first, undated])) == [["a", "c"]]  # no date: text and actors decide


def test_a_gap_beyond_the_limit_vetoes_even_identical_text() -> None:
    cfg = dataclasses.replace(CFG, max_gap_days=10)
    near = run([doc("a", QUOTA_TALKS, "2024-05-07", FISH), doc("b", QUOTA_TALKS, "2024-05-16",
                                                               FISH)], cfg=cfg)
    far = run([doc("a", QUOTA_TALKS, "2024-05-07", FISH), doc("b", QUOTA_TALKS, "2024-05-20",
                                                              FISH)], cfg=cfg)
    assert groups(near) == [["a", "b"]] and groups(far) == [["a"], ["b"]]


def test_a_story_that_keeps_receiving_articles_stops_growing_at_the_span_cap() -> None:
    """Each report lies within the gap of the one before, but joining would stretch the
    story's dates over 30 days: a report only loosely of it (the countries and the words,
    not the ministers) opens a new story there, while one plainly of the same happening
    (its words and all its actors) may still join."""
    days = ["2024-05-01", "2024-05-10", "2024-05-19", "2024-05-28"]
    chain = [doc(f"d{n}", QUOTA_TALKS, day, FISH) for n, day in enumerate(days)]
    loose = doc("loose", QUOTA_REACTION, "2024-06-06", ("nor", "isl"))
    plain = doc("plain", QUOTA_TALKS, "2024-06-06", FISH)
    assert groups(run([*chain, loose])) == [["d0", "d1", "d2", "d3"], ["loose"]]
    assert groups(run([*chain, plain])) == [["d0", "d1", "d2", "d3", "plain"]]
    wide = dataclasses.replace(CFG, max_span_days=60)
    assert groups(run([*chain, loose], cfg=wide)) == [["d0", "d1", "d2", "d3", "loose"]]


def test_an_undated_report_whose_only_date_is_background_still_joins() -> None:
    """No publication date; the text's one full date is a treaty signed decades ago, and
    the report names the anniversary's span of years (or borrowed that year for a day it
    names). Such dates may not veto the join, nor stretch the story's dates; a date
    stated with its own year and nothing later still does veto."""
    talks = doc("a", QUOTA_TALKS, "2024-05-07", FISH)
    treaty = TimeValue("1991-03-03", "1991-03-03", "day", "text")
    span_of_years = TimeValue("1991-01-01", "2024-12-31", "year", "text")
    borrowed = TimeValue("1991-05-04", "1991-05-04", "day", "inferred")
    for days in ([treaty, span_of_years], [borrowed]):
        undated = doc("b", QUOTA_REACTION, None, ("nor", "isl", "holm"))
        undated.days.extend(days)
        index = run([talks, undated])
        assert groups(index) == [["a", "b"]], days
        (profile,) = [index.profile(sid) for sid in index.stories()]
        assert profile is not None and (profile.lo, profile.hi) == (739013, 739013)  # May 7
    stated = doc("c", QUOTA_REACTION, None, ("nor", "isl", "holm"))
    stated.days.append(treaty)
    assert groups(run([talks, stated])) == [["a"], ["c"]]  # its own year, nothing later
    dated_far = doc("d", QUOTA_REACTION, "1991-03-03", ("nor", "isl", "holm"))
    assert groups(run([talks, dated_far])) == [["a"], ["d"]]  # a publication date vetoes


def test_the_next_leg_of_a_tour_is_another_story_but_a_third_country_may_react() -> None:
    """Norway's minister in Iceland one day and in Sweden the next: the same minister, the
    same words, the next day; the other country of the pair is not the story's. A report
    from Sweden that still names Norway and Iceland as much joins."""
    leg_one = doc("a", QUOTA_TALKS, "2024-05-07", ("holm", "nor", "isl", "isl", "isl", "sig"))
    leg_two = doc("b", NEXT_LEG, "2024-05-08", ("holm", "nor", "swe", "swe", "swe", "lind"))
    assert groups(run([leg_one, leg_two])) == [["a"], ["b"]]
    reaction = doc("c", QUOTA_REACTION, "2024-05-08", ("holm", "nor", "isl", "isl", "swe", "sig"))
    assert groups(run([leg_one, reaction])) == [["a", "c"]]
    same_pair = dataclasses.replace(CFG, other_pair_factor=1.0)  # the pair not weighed
    assert groups(run([leg_one, leg_two], cfg=same_pair)) == [["a", "b"]]


def test_story_id_hashes_the_first_member_and_is_deterministic() -> None:
    docs = [doc("a", QUOTA_TALKS, "2024-05-07", FISH), doc("b", QUOTA_REACTION, "2024-05-08",
                                                           FISH)]
    one, two = run(docs), run(docs)
    assert set(one.stories()) == {story_id("a")} == set(two.stories())
    assert one.profiles == two.profiles
    assert story_id("a") != story_id("b") and len(story_id("a")) == 16


def test_one_at_a_time_gives_the_same_stories_ids_and_profiles_as_one_batch() -> None:
    docs = [doc("a", QUOTA_TALKS, "2024-05-07", FISH), doc("v", VOLCANO, None, ("chl",)),
            doc("b", QUOTA_REACTION, "2024-05-08", FISH),
            doc("c", QUOTA_REACTION, "2024-05-09", ("nor",))]
    batch = run(docs)
    single = MemoryStoryIndex()
    for d in docs:
        run([d], single)
    assert single.members == batch.members
    assert single.profiles == batch.profiles


def test_assigned_articles_never_move() -> None:
    index = run([doc("a", QUOTA_TALKS, "2024-05-07", FISH)])
    before = dict(index.members)
    ctx = RunContext()
    again = assign([doc("a", VOLCANO, "2024-05-07", ("chl",))], index, CFG, ctx)
    assert again == [] and ctx.stats["stories_already_assigned"] == 1
    run([doc("b", QUOTA_REACTION, "2024-05-08", FISH)], index)
    assert {k: v for k, v in index.members.items() if k in before} == before


def test_a_duplicate_joins_its_canonical_story_without_changing_its_profile() -> None:
    index = run([doc("a", QUOTA_TALKS, "2024-05-07", FISH)])
    profile = index.profiles[story_id("a")]
    results = assign([doc("d", VOLCANO, "2024-05-07", duplicate_of="a")], index, CFG)
    assert [(r.reason, r.story_id) for r in results] == [("duplicate", story_id("a"))]
    assert results[0].profile.to_json() == profile


def test_reasons_say_why_a_story_was_opened() -> None:
    ctx = RunContext()
    results = assign([doc("a", QUOTA_TALKS, "2024-05-07", FISH),
                      doc("v", VOLCANO, "2024-05-07", ("chl",)),
                      doc("w", FLOOD, None, ("chl",))], MemoryStoryIndex(), CFG, ctx)
    assert [r.reason for r in results] == ["new:no-candidates", "new:no-candidates",
                                           "new:below-threshold"]
    assert results[2].fit is not None and results[2].fit.score < CFG.threshold
    assert ctx.stats["stories_new_below_threshold"] == 1


def test_stories_out_of_time_reach_are_not_even_candidates() -> None:
    """A story certainly further away than ``max_gap_days`` would score 0: it is not fetched
    (the store range-scans the time window), and an undated story is always in reach."""
    index = run([doc("a", VOLCANO, "2018-05-07", ("chl",)), doc("u", QUOTA_TALKS, None, FISH)])
    results = assign([doc("w", VOLCANO, "2024-05-07", ("chl",))], index, CFG)
    assert [r.reason for r in results] == ["new:no-candidates"]
    near = assign([doc("x", VOLCANO, "2018-05-20", ("chl",))], index, CFG)
    assert [(r.reason, r.story_id) for r in near] == [("joined", story_id("a"))]
    keys = [f"a:{a}" for a in FISH]
    assert [p.id for p in index.candidates(keys, window((19000, 19001), CFG))] == [story_id("u")]


def test_profile_json_round_trip_is_exact() -> None:
    profile = StoryProfile.open(doc("a", QUOTA_TALKS, "2024-05-07", FISH))
    for d in (doc("a", QUOTA_TALKS, "2024-05-07", FISH), doc("b", QUOTA_REACTION, None, FISH)):
        profile.add(d, (738648, 738650), CFG)
    back = StoryProfile.from_json(profile.to_json())
    assert back == profile and back.to_json() == profile.to_json()
    assert back.size == 2 and (back.lo, back.hi) == (738648, 738650)
    assert any(k.startswith("a:") for k in back.keys(CFG))


def test_gap_distinguishes_overlap_open_ends_and_separation() -> None:
    assert gap((10, 12), 11, 20) == 0
    assert gap((None, 12), 11, 20) is None  # a crawl date cannot confirm closeness
    assert gap((None, 5), 11, 20) == 6  # but it can prove a gap
    assert gap(None, 11, 20) is None and gap((10, 12), None, None) is None
    assert time_factor(None, CFG) == CFG.undated_factor
    assert time_factor(CFG.slack_days, CFG) == 1.0
    assert time_factor(CFG.max_gap_days + 1, CFG) == 0.0


def test_weighted_jaccard_over_actor_distributions() -> None:
    assert weighted_jaccard({"a": 1.0}, {"a": 5.0}) == 1.0
    assert weighted_jaccard({"a": 1.0}, {"b": 1.0}) == 0.0
    assert weighted_jaccard({}, {"a": 1.0}) is None
    assert abs(weighted_jaccard({"a": 1.0, "b": 1.0}, {"a": 1.0}) - 1 / 3) < 1e-9  # type: ignore


# --- other languages --------------------------------------------------------------------------

QUOTA_NORWEGIAN = ("Norge og Island enige om makrellkvote etter samtaler i Reykjavik",
                   "Fiskeriministrene Erik Holm og Sigrun Dottir ble enige om en felles "
                   "makrellkvote etter to dagers samtaler i Reykjavik.")


def foreign(aid: str, story: tuple[str, str], published: str | None, language: str,
            actors: tuple[str, ...]) -> StoryDoc:
    return dataclasses.replace(doc(aid, story, published, actors), language=language,
                               countries=frozenset(a for a in actors
                                                   if KINDS.get(a) == "country"))


def test_a_report_in_another_language_joins_on_its_actors() -> None:
    docs = [dataclasses.replace(doc("a", QUOTA_TALKS, "2024-05-02", FISH), language="en"),
            foreign("b", QUOTA_NORWEGIAN, "2024-05-02", "nb", FISH)]
    assert groups(run(docs)) == [["a", "b"]]


def test_countries_alone_never_carry_a_report_across_languages() -> None:
    docs = [dataclasses.replace(doc("a", QUOTA_TALKS, "2024-05-02", FISH), language="en"),
            foreign("b", QUOTA_NORWEGIAN, "2024-05-02", "nb", ("nor", "isl"))]
    assert groups(run(docs)) == [["a"], ["b"]]


def test_wording_alone_never_merges_two_reports_of_another_language() -> None:
    docs = [foreign("a", QUOTA_NORWEGIAN, "2024-05-02", "nb", ()),
            foreign("b", QUOTA_NORWEGIAN, "2024-05-02", "nb", ())]
    assert groups(run(docs)) == [["a"], ["b"]]


def test_english_reports_of_a_batch_open_the_story_a_foreign_one_then_joins() -> None:
    docs = [foreign("a", QUOTA_NORWEGIAN, "2024-05-02", "nb", FISH),
            dataclasses.replace(doc("b", QUOTA_TALKS, "2024-05-02", FISH), language="en")]
    index = run(docs)
    assert [sorted(g) for g in groups(index)] == [["a", "b"]]
    assert index.story_of("a") == story_id("b")  # the English report opened it


def test_an_article_meets_the_stories_sharing_most_keys_then_the_newest(tmp_path: Path,
                                                                       ) -> None:
    """On a large corpus one key (a country) is shared by more stories than an article can
    be scored against, and an article with no firm date has no time window at all: it meets
    the ``REACH`` stories sharing the most keys with it, the newest first among equals
    (undated ones count as newest), in the store as in memory."""
    from chronicle.pipeline.stories.assign import REACH
    from chronicle.store import Store
    from chronicle.store.stories import StoryStore

    base = datetime.date(2001, 1, 1)
    dated = [doc(f"d{i:04d}", VOLCANO, (base + datetime.timedelta(days=60 * i)).isoformat(),
                 ("chl",)) for i in range(REACH + 20)]
    undated = doc("u", FLOOD, None, ("chl",))
    two_keys = doc("k", QUOTA_REACTION, "2001-01-05", ("chl", "vol"))  # the oldest, sharing two keys
    docs = [two_keys, *dated, undated]
    index = run(docs)
    assert len(index.stories()) == len(docs)  # each eruption 60 days from the next
    keys = ["a:chl", "a:vol"]
    expected = ({story_id("k"), story_id("u")}
                | {story_id(d.article_id) for d in dated[-(REACH - 2):]})
    assert {p.id for p in index.candidates(keys)} == expected
    with Store(tmp_path / "c.db") as store:
        stored = StoryStore(store)
        store.con.execute("PRAGMA foreign_keys=OFF")  # the stories alone, without articles
        stored.write_assignments(assign(docs, MemoryStoryIndex(), CFG))
        assert {p.id for p in stored.candidates(keys)} == expected
        assert [(n, p.id) for n, p in stored.ranked(keys)][:2] == [(2, story_id("k")),
                                                                  (1, story_id("u"))]
        assert stored.ranked(keys) == index.ranked(keys)
        first = index.profile(story_id("d0000"))
        assert first is not None and first.lo is not None
        early = window((first.lo, first.lo), CFG)  # in reach of the oldest alone
        assert {p.id for p in stored.candidates(keys, early)} == {
            story_id("d0000"), story_id("k"), story_id("u")}


def test_a_batch_sees_the_stories_one_index_holding_all_would_give() -> None:
    """Stories the batch itself changed may rank otherwise in the store: the batch's own
    join the stored, and the result is the store's first ``REACH`` as if it held all."""
    from chronicle.pipeline.stories.assign import REACH

    base = datetime.date(2001, 1, 1)
    dated = [doc(f"d{i:04d}", VOLCANO, (base + datetime.timedelta(days=60 * i)).isoformat(),
                 ("chl",)) for i in range(REACH + 20)]
    late = [doc(f"n{i}", FLOOD, None, ("chl",)) for i in range(3)]
    whole = run([*dated, *late])
    split = run(late, run(dated))
    assert whole.stories() == split.stories()


def test_finding_candidate_stories_never_reads_a_story_row(tmp_path: Path) -> None:
    """A story's row holds its profile and summary (tens of kB) with its time bounds last;
    reading the bounds there walked every overflow page, so each lookup cost grew with the
    stories under its keys. The lookup reads bounds and size from the ``stories_scope``
    index alone."""
    from chronicle.store import Store
    from chronicle.store.stories import StoryStore

    docs = [doc("a", VOLCANO, "2001-01-05", ("chl",)), doc("b", FLOOD, None, ("chl",))]
    with Store(tmp_path / "c.db") as store:
        stored = StoryStore(store)
        store.con.execute("PRAGMA foreign_keys=OFF")
        stored.write_assignments(assign(docs, MemoryStoryIndex(), CFG))
        executed: list[str] = []
        store.con.set_trace_callback(executed.append)
        found = stored.ranked(["a:chl"], (None, None))
        store.con.set_trace_callback(None)
        lookup = next(sql for sql in executed if "FROM story_keys" in sql)
        plan = " ".join(r[-1] for r in store.con.execute("EXPLAIN QUERY PLAN " + lookup))
        assert len(found) == 2
        assert "COVERING INDEX stories_scope" in plan, plan
