"""The event coder end to end: short news texts written for these tests go through
``chronicle.api.annotate`` and ``code_events``; we check who did what to whom, the flags
and the attributes every event carries, and that every CAMEO root can be reached."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chronicle.api import annotate
from chronicle.config import Config
from chronicle.model import Event
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.events import code_events, codebook

PUBLISHED = "2024-03-05"  # a Tuesday
# Test texts are one or two sentences: the too-short rule must not drop them.
CONFIG = replace(Config(), clean=replace(Config().clean, min_article_words=1))


@pytest.fixture(scope="module", autouse=True)
def _nlp() -> None:
    from chronicle.pipeline.nlp import load

    load()  # parse once per module; every helper call reuses the cached pipeline


def coded(text: str, published: str = PUBLISHED) -> tuple[str, list[Event]]:
    """The cleaned text and the events coded from it."""
    from chronicle.pipeline.nlp import load

    article, linked, dates = annotate(text, published=published, config=CONFIG)
    doc = load()(article.text)
    return article.text, code_events(article, doc, linked, dates, RunContext(config=CONFIG))


def events(text: str, published: str = PUBLISHED) -> list[Event]:
    return coded(text, published)[1]


def countries(actors: list) -> tuple[str, ...]:
    return tuple(a.country for a in actors)


def dyads(found: list[Event]) -> set[tuple[tuple[str, ...], tuple[str, ...], str]]:
    return {(countries(e.source), countries(e.target), e.cameo) for e in found}


def by_trigger(found: list[Event], word: str) -> Event:
    hits = [e for e in found if e.trigger is not None and e.trigger.text.lower() == word]
    assert hits, f"no event triggered by {word!r}: {dyads(found)}"
    return hits[0]


# --- who did what to whom ---------------------------------------------------------------

ROLES = [
    # verb with subject and object ("sanctions on Y": the preposition hangs on the object)
    ("Canada imposed sanctions on Iran on Tuesday.", ("CAN",), ("IRN",), "163"),
    # prepositional target
    ("Argentina held talks with Chile in Buenos Aires.", ("ARG",), ("CHL",), "046"),
    # passive: the agent is the source, the passive subject the target
    ("Kenya was attacked by Somali militants near the border.", ("SOM",), ("KEN",), "190"),
    # noun trigger with a possessor
    ("Indian Prime Minister Narendra Modi's visit to Tokyo drew wide attention.",
     ("IND",), ("JPN",), "042"),
    # "talks between X and Y"
    ("Talks between Egypt and Ethiopia resumed on Monday.", ("EGY",), ("ETH",), "046"),
    # a third party hosting talks between two others: both are targets
    ("Egypt hosted talks between Sudan and South Sudan.", ("EGY",), ("SDN", "SSD"), "045"),
    # compound subject with no object: the two act on each other
    ("Chile and Peru signed a trade agreement.", ("CHL",), ("PER",), "057"),
    # the "to" of a giving verb is parsed as a dative
    ("Denmark provided military aid to Estonia.", ("DNK",), ("EST",), "072"),
    # receiving: the giver is the source, the receiver the target
    ("Ghana received financial aid from Germany.", ("DEU",), ("GHA",), "071"),
    ("Ukraine received strong support from Poland.", ("POL",), ("UKR",), "051"),
    ("Mexico received humanitarian aid from the United States.", ("USA",), ("MEX",), "073"),
    # "demanded that X ...": X is who the demand is made of
    ("Sweden demanded that Iran release the detained citizen.", ("SWE",), ("IRN",), "1053"),
    # "the move by X": the agent of the object noun is the target
    ("Norway welcomed the move by Japan to lift sanctions.", ("NOR",), ("JPN",), "051"),
    # a pledge's target sits in its complement clause
    ("Mongolia pledged to provide assistance to Kyrgyzstan.", ("MNG",), ("KGZ",), "033"),
    # a dateline is where the report was filed, never the actor
    ("NAIROBI, March 4 - Kenya imposed sanctions on Eritrea after a border clash.",
     ("KEN",), ("ERI",), "163"),
    ("NAIROBI (Reuters) - Kenya recalled its ambassador from Eritrea.", ("KEN",), ("ERI",),
     "161"),
    # a headline-like sentence whose verb the parser hangs on a noun: the noun phrase acts
    # a noun trigger takes its verb's object or dative ("joined the navy for drills")
    ("Indian warships joined the Omani navy for joint drills on Monday.", ("IND",), ("OMN",),
     "062"),
    ("Sweden sent 500 additional troops to its border with Norway on Monday.", ("SWE",),
     ("NOR",), "154"),
    # whoever planted the bomb did what the bomb did: one bombing, whose victims are its target
    ("Rebel fighters planted a bomb that killed three Malian soldiers on Monday.", ("MLI",),
     ("MLI",), "183"),
    ("A suicide bomber blew himself up at a market in Kano on Tuesday, killing nine people.",
     ("NGA",), ("NGA",), "1831"),
    # a curfew, a protest or a shelling in a place is done to its people, even one's own
    ("Guinea's government imposed a night curfew in Conakry on Monday.", ("GIN",), ("GIN",),
     "1723"),
    # "in protest at X": the walkout is the protest, against X
    ("Cuba's delegation walked out of the assembly on Monday in protest at a speech by "
     "Argentina's foreign minister.", ("CUB",), ("ARG",), "140"),
    # a comment's subject may sit in the reported clause
    ("Finnish Prime Minister Petteri Orpo said he saw no prospect of relations with Russia "
     "improving.", ("FIN",), ("RUS",), "012"),
    # the flag or the owner of a ship is its country
    ("Houthi fighters seized a Liberian-flagged bulk carrier on Sunday.", ("YEM",), ("LBR",),
     "1711"),
    # supporters of a person are of that person's country
    ("Hundreds of supporters of Kenyan opposition leader Raila Odinga marched outside the "
     "British embassy in Nairobi.", ("KEN",), ("GBR",), "141"),
    # a nationality and a name listed together are one organisation
    ("A Pakistani Taliban gunman attacked a police post in Bannu on Friday.", ("PAK",),
     ("PAK",), "190"),
    # the place named anywhere in the "in" phrase says whose people or buildings suffer
    ("Jihadists burned down a primary school in Mali's Mopti region on Friday.", ("MLI",),
     ("MLI",), "1712"),
    ("Militants executed hundreds of men in the Kidal region of northern Mali.", ("MLI",),
     ("MLI",), "202"),
    # who calls, writes or attacks is the source, even as the object of "received"/"came under"
    ("Ghana's president received a telephone call from Nigeria's president on Monday.",
     ("NGA",), ("GHA",), "041"),
    ("Armenian positions near the border came under attack from Azerbaijani forces.",
     ("AZE",), ("ARM",), "190"),
    # a row that reads the complement: ordering a mission to leave expels it
    ("Niger's junta ordered the French ambassador to leave the country.", ("NER",), ("FRA",),
     "161"),  # expelling an ambassador reduces relations (161)
    ("Mali's junta ordered the UN mission to leave the country.", ("MLI",), ("UNO",), "1661"),
    # courts, loans and joint patrols
    ("A Russian court convicted an American journalist of espionage on Wednesday.", ("RUS",),
     ("USA",), "116"),
    ("The World Bank approved a $200 million loan to Malawi on Friday.", ("WBK",), ("MWI",),
     "071"),
    ("Latvian troops joined Estonian forces in patrolling the border.", ("LVA",), ("EST",),
     "062"),
    # a state's or its people's acts at home with no other target are done to the country
    ("Ecuador's government lifted the state of emergency in three coastal provinces.",
     ("ECU",), ("ECU",), "0814"),
    # a crowd with no country is of the place where it acts
    ("Crowds attacked the French embassy in Bamako on Sunday.", ("MLI",), ("FRA",), "145"),
    # "a Kenyan-drafted agreement" is Kenya's
    ("Ethiopia refused to sign a Kenyan-drafted agreement on the dam.", ("ETH",), ("KEN",),
     "121"),
    # an order of an act named by a noun is that act
    ("A Thai court ordered the dissolution of the opposition on Wednesday.", ("THA",),
     ("THA",), "1722"),
    # an inquiry's target may sit in the clause it examines
    ("Finnish prosecutors examined evidence that an Estonian-flagged ship had cut a cable.",
     ("FIN",), ("EST",), "090"),
    # helping a country do something is aid
    ("Japan helped Cambodia clear landmines from 30 villages last year.", ("JPN",), ("KHM",),
     "070"),
    # a sentence is a finding of guilt; a delegation is of where it comes from
    ("A court in Minsk sentenced a Polish activist to eight years in prison.", ("BLR",),
     ("POL",), "116"),
    ("Kazakhstan welcomed a delegation from Kyrgyzstan's government on Monday.", ("KAZ",),
     ("KGZ",), "043"),
    # "Orban's government" is the person's government
    ("Hungary's opposition parties demanded that Viktor Orban's government resign on Monday.",
     ("HUN",), ("HUN",), "100"),
    # the force a state deploys is its own, not a target
    ("Kenya deployed riot police across Mombasa on Tuesday.", ("KEN",), (), "153"),
    # "a statement denouncing X": the one who issued it denounces X
    ("Vietnam's foreign ministry issued a statement on Friday denouncing China's survey "
     "ship.", ("VNM",), ("CHN",), "111"),
    # "a World Health Organization team": the article is no part of the name
    ("Eritrea expelled a World Health Organization team on Monday.", ("ERI",), ("UNO",),
     "166"),
    # a passive arrest or inquiry in a country with no agent named is that state's doing
    ("Two Swedish citizens were arrested in Iran on Monday.", ("IRN",), ("SWE",), "173"),
    ("A Chilean lawyer has been put under investigation in Peru.", ("PER",), ("CHL",), "090"),
    ("Doctors from two Canadian charities donated and personally delivered $20,000 worth of "
     "medicine to Chad.", ("CAN",), ("TCD",), "073"),
    # the thing a protest is against belongs to its owner: "the government's plan"
    ("Chilean miners went on strike on Monday against the government's plan to sell the "
     "copper mines.", ("CHL",), ("CHL",), "1432"),
]


@pytest.mark.parametrize(("text", "source", "target", "cameo"), ROLES)
def test_source_target_and_code(text: str, source: tuple, target: tuple, cameo: str) -> None:
    assert (source, target, cameo) in dyads(events(text))


def test_the_passive_agent_keeps_its_sector() -> None:
    event = by_trigger(events("Kenya was attacked by Somali militants near the border."),
                       "attacked")
    assert [(a.country, a.sector) for a in event.source] == [("SOM", "REB")]


def test_a_sentence_without_an_actor_codes_nothing() -> None:
    assert events("Heavy rain flooded several villages and closed the main road.") == []


def test_a_sentence_without_a_trigger_codes_nothing() -> None:
    assert events("Canada and Iran have large oil reserves and long coastlines.") == []


# --- flags ------------------------------------------------------------------------------

def flags(event: Event) -> dict[str, bool]:
    return {"negated": event.negated, "hypothetical": event.hypothetical,
            "future": event.future, "reported": event.reported}


NONE = {"negated": False, "hypothetical": False, "future": False, "reported": False}


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Canada imposed sanctions on Iran on Tuesday.", "imposed", {}),
    ("Britain could impose sanctions on Venezuela.", "impose", {"hypothetical": True}),
    ("If Serbia attacked Kosovo, the alliance would respond.", "attacked",
     {"hypothetical": True}),
    ("The Thai prime minister will visit Cambodia next week.", "visit", {"future": True}),
    ("Officials said Sudan attacked Chad.", "attacked", {"reported": True}),
    ('"Iran attacked Kuwait on Sunday," the Saudi foreign minister said.', "attacked",
     {"reported": True}),
    # "told reporters that ..." reports a done thing
    ("Two diplomats told reporters that Kenya imposed sanctions on Eritrea.", "imposed",
     {"reported": True}),
])
def test_flags(text: str, trigger: str, expected: dict[str, bool]) -> None:
    assert flags(by_trigger(events(text), trigger)) == NONE | expected


@pytest.mark.parametrize("text", [
    "Mexico did not sign the agreement with Cuba.",
    "Chile never attacked Peru.",
    "Chad failed to stop the attacks on Niger's border posts.",  # a failed act did not happen
])
def test_a_negated_action_is_no_event(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize(("text", "source", "target", "root"), [
    # refused, asked for, demanded, promised, threatened: not the action itself (CAMEO 1.1b3)
    ("Pakistan would not yield to India over the dam.", ("PAK",), ("IND",), "12"),
    ("Chad refused to withdraw its troops from Niger.", ("TCD",), ("NER",), "12"),
    ("Nigeria urged Cameroon to reopen the border crossing.", ("NGA",), ("CMR",), "02"),
    ("Ghana told Togo to withdraw its troops from the border.", ("GHA",), ("TGO",), "10"),
    ("Sweden demanded that Iran release the detained citizen.", ("SWE",), ("IRN",), "10"),
    ("Vietnam pledged to deepen cooperation with Australia.", ("VNM",), ("AUS",), "03"),
    ("Germany will send air defence systems to Ukraine.", ("DEU",), ("UKR",), "03"),
    ("Russia threatened to cut gas supplies to Moldova.", ("RUS",), ("MDA",), "13"),
    # "they" and "he" opening the reported clause are the speaker; "prepared to" is intent
    ("The Malian rebels said they will free Prime Minister Amadou Diallo.", ("MLI",),
     ("MLI",), "03"),
    ("Chadian President Idriss Mahamat said he is prepared to lift the ban on Sudan's "
     "traders.", ("TCD",), ("SDN",), "03"),
    # "threatened on Wednesday to expel": the parser hangs the infinitive as an adverbial
    ("Latvia threatened on Wednesday to expel Belarus's ambassador over the detention.",
     ("LVA",), ("BLR",), "13"),
    # failing to agree rejects the deal on the table; a hostile act on a condition is a
    # threat, any other an offer; "is opposed to" is a stance, not a passive
    ("Armenia and Azerbaijan failed to reach an agreement on the border on Sunday.",
     ("ARM",), ("AZE",), "12"),
    ("Ghana will impose sanctions on Togo unless the border reopens.", ("GHA",), ("TGO",),
     "13"),
    ("Japan will send aid to Nepal if the floods worsen.", ("JPN",), ("NPL",), "03"),
    ("Peru is opposed to Chilean mediation in the dispute.", ("PER",), ("CHL",), "12"),
])
def test_a_framed_action_is_coded_by_its_frame(text: str, source: tuple, target: tuple,
                                               root: str) -> None:
    found = events(text)
    assert {(countries(e.source), countries(e.target), e.root) for e in found} >= {
        (source, target, root)}, [(countries(e.source), countries(e.target), e.cameo)
                                  for e in found]
    assert not any(e.root not in {root, "01"} and countries(e.source) == target
                   for e in found)  # the one asked or threatened is not made to act


def test_a_reported_event_keeps_its_own_actors() -> None:
    event = by_trigger(events("Turkish officials said Syria attacked Iraq."), "attacked")
    assert (countries(event.source), countries(event.target)) == (("SYR",), ("IRQ",))
    assert event.reported


def test_a_quoted_event_keeps_its_own_actors() -> None:
    found = events('"Iran attacked Kuwait on Sunday," the Saudi foreign minister said.')
    event = by_trigger(found, "attacked")
    assert (countries(event.source), countries(event.target)) == (("IRN",), ("KWT",))


# --- attributes -------------------------------------------------------------------------

def test_date_from_the_sentence_else_the_article() -> None:
    found = events("Peru and Chile signed a border treaty in Lima on March 2. "
                   "Peru later recalled its ambassador from Bolivia.")
    signed, recalled = by_trigger(found, "signed"), by_trigger(found, "recalled")
    assert (signed.date.earliest, signed.date.precision) == ("2024-03-02", "day")
    assert (recalled.date.earliest, recalled.date.precision) == (PUBLISHED, "day")


def test_a_week_stays_a_week() -> None:
    event = by_trigger(events("The Thai prime minister will visit Cambodia next week."),
                       "visit")
    assert event.date.precision == "week"
    assert event.date.earliest <= "2024-03-11" <= event.date.latest


def test_location_from_in_place_on_the_trigger() -> None:
    found = events("Peru and Chile signed a border treaty in Lima on March 2.")
    assert by_trigger(found, "signed").location == "Lima"


def test_location_falls_back_to_the_dateline() -> None:
    found = events("NAIROBI, March 4 - Kenya imposed sanctions on Eritrea after a border clash.")
    assert by_trigger(found, "imposed").location == "Nairobi"


def test_no_place_no_location() -> None:
    assert by_trigger(events("Canada imposed sanctions on Iran."), "imposed").location is None


SAMPLES = [text for text, *_ in ROLES] + [
    "Peru and Chile signed a border treaty in Lima on March 2. Peru later recalled its "
    "ambassador from Bolivia.",
    "Poland and Ukraine held talks in Warsaw. The two sides agreed to expand cooperation.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_evidence_trigger_and_confidence(text: str) -> None:
    body, found = coded(text)
    assert found
    for event in found:
        ev, trigger = event.evidence, event.trigger
        assert body[ev.start:ev.end] == ev.text and ev.text.strip()
        assert trigger is not None and body[trigger.start:trigger.end] == trigger.text
        assert ev.start <= trigger.start < trigger.end <= ev.end
        assert 0 < event.confidence <= 1


def test_confidence_is_lower_without_a_target() -> None:
    found = events("Brazil issued a statement on the border dispute. Argentina held talks "
                   "with Chile.")
    alone, pair = by_trigger(found, "issued"), by_trigger(found, "held")
    assert alone.target == [] and pair.target
    assert alone.confidence < pair.confidence


@pytest.mark.parametrize("text", SAMPLES[:6])
def test_code_fields_come_from_the_codebook(text: str) -> None:
    for event in events(text):
        code = codebook.cameo(event.cameo)
        assert (event.root, event.quad_class, event.goldstein) == (
            code.root, code.quad_class, code.goldstein)
        assert (event.plover, event.mode) == codebook.plover(event.cameo)


# --- every CAMEO root is reachable ------------------------------------------------------

ROOT_SENTENCES = {
    "01": ("Brazil issued a statement on the border dispute with Paraguay.", "BRA"),
    "02": ("Nigeria urged Cameroon to reopen the border crossing.", "NGA"),
    "03": ("Mongolia pledged to provide assistance to Kyrgyzstan.", "MNG"),
    "04": ("The Kenyan president met his Ugandan counterpart in Nairobi on Tuesday.", "KEN"),
    "05": ("Qatar restored diplomatic relations with Bahrain.", "QAT"),
    "06": ("Australia shared intelligence with New Zealand on the smuggling network.", "AUS"),
    "07": ("Japan sent humanitarian aid to the Philippines after the typhoon.", "JPN"),
    "08": ("Colombia released two Venezuelan soldiers.", "COL"),
    "09": ("Spain launched an investigation into the Moroccan embassy.", "ESP"),
    "10": ("Sweden demanded that Iran release the detained citizen.", "SWE"),
    "11": ("Germany criticized Hungary for its handling of the migrant crisis.", "DEU"),
    "12": ("Ethiopia rejected Egypt's proposal for a new dam agreement.", "ETH"),
    "13": ("Greece threatened Turkey with military action.", "GRC"),
    "14": ("Bangladeshi protesters demonstrated against India outside its embassy.", "BGD"),
    "15": ("Armenia mobilized its troops on the border with Azerbaijan.", "ARM"),
    "16": ("Lithuania expelled two Belarusian diplomats.", "LTU"),
    "17": ("Ugandan police arrested a Kenyan journalist.", "UGA"),
    "18": ("Somali militants kidnapped two Kenyan aid workers.", "SOM"),
    "19": ("Ethiopian troops fought Eritrean forces near the border.", "ETH"),
    "20": ("Serbian forces massacred Bosnian civilians in 1995.", "SRB"),
}


def test_every_root_has_a_sentence() -> None:
    assert sorted(ROOT_SENTENCES) == [f"{n:02d}" for n in range(1, 21)]


@pytest.mark.parametrize("root", sorted(ROOT_SENTENCES))
def test_every_root_is_reachable(root: str) -> None:
    text, source = ROOT_SENTENCES[root]
    found = [e for e in events(text) if e.root == root]
    assert found, f"{text!r} coded {dyads(events(text))}"
    assert source in countries(found[0].source)
    assert found[0].quad_class == codebook.quad_of_root(root)


def test_attacking_positions_is_military() -> None:
    found = events("Azerbaijani forces attacked Armenian positions near the border.")
    assert (("AZE",), ("ARM",), "190") in dyads(found)


def test_attacking_a_position_on_a_question_is_verbal() -> None:
    found = events("Kenya's opposition attacked the government's position on the tax bill.")
    assert {e.root for e in found} == {"11"}, dyads(found)


@pytest.mark.parametrize(("text", "roots"), [
    # the setting is not the news: "after an attack", "the anniversary of an invasion"
    ("After a bomb attack on its consulate in Lima, Chile called on Peru on Monday to find "
     "those responsible.", {"02"}),
    ("In a speech marking the anniversary of Iraq's invasion, Kuwait's emir praised Saudi "
     "Arabia for its help.", {"05"}),
    # the thing condemned is the topic of the condemnation, not an event of its own
    ("Chile's bombing campaign in the south was condemned on Monday by Peru's president.",
     {"11"}),
    # what an accusation or a criticism is about is no event of its own
    ("Ukraine accused Belarus on Friday of helping Russia's invasion.", {"11"}),
    ("Canada criticised Hungary for threatening to veto the sanctions on Russia.", {"11"}),
    # a participle or a past-perfect clause describes a noun; it reports no news
    ("Russia demanded that Moldova release a Russian journalist detained at the airport.",
     {"10"}),
    ("Iran freed a tanker on Saturday that its navy had seized in the Gulf last month.",
     {"08"}),
    # a purpose with no target of its own serves the act
    ("The World Bank approved a $200 million loan to Malawi on Friday to support its budget.",
     {"07"}),
    # a bare "Congress" in a Peruvian story is Peru's (the protest targets it)
    ("Protesters in Lima marched on Congress on Thursday.", {"14"}),
    # the demand a protest makes is the protest
    ("Students rallied in Dhaka on Saturday to demand the resignation of the home minister.",
     {"14"}),
    # "called on Y to X": the parser hangs X on "called"; X is only asked for
    ("Laos called on Thailand on Monday to pull its troops back from the border.", {"02"}),
])
def test_only_the_sentence_news_is_coded(text: str, roots: set[str]) -> None:
    assert {e.root for e in events(text) if not e.negated} == roots, dyads(events(text))


@pytest.mark.parametrize(("text", "cameo"), [
    # protesters' demands and violence are protests
    ("Demonstrators in Accra demanded on Monday that President Kofi Boateng resign.", "1411"),
    ("Rioters set fire to a police station in Lyon on Friday.", "145"),
    # hundreds killed or thousands driven out: mass killing, mass expulsion
    ("Militia fighters killed hundreds of villagers in Ituri province, Congo.", "202"),
    ("Sudan's army expelled thousands of Masalit civilians from Darfur.", "201"),
    # civilians killed by gunmen: unconventional violence, not military force
    ("Gunmen killed seven passengers on a bus in Burkina Faso's north on Monday.", "180"),
    # a party dissolved, a company taken over, a team expelled
    ("A Thai court ordered the dissolution of the opposition Move Forward Party.", "1722"),
    ("Russian authorities seized control of the local subsidiary of a German firm.", "1711"),
    ("Niger expelled a United Nations team on Tuesday.", "166"),
])
def test_who_does_it_refines_the_code(text: str, cameo: str) -> None:
    assert cameo in {e.cameo for e in events(text)}, dyads(events(text))


def test_officials_of_several_countries_each_act() -> None:
    found = events("The foreign ministers of Kenya, Uganda and Rwanda called on Burundi on "
                   "Friday to reopen the border.")
    sources = {c for e in found if e.root == "02" for c in countries(e.source)}
    assert sources == {"KEN", "UGA", "RWA"}, dyads(found)


def test_a_bare_congress_is_the_story_country_s() -> None:
    found = events("Protesters in Lima marched on Congress on Thursday.")
    assert {c for e in found for c in countries(e.target)} == {"PER"}, dyads(found)
