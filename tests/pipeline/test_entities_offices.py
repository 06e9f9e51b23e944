"""Office holders by date, name matching, titles -> sectors, and office table integrity."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date, timedelta
from importlib.resources import files

import pytest

from chronicle.pipeline.entities.gazetteer import is_country_code
from chronicle.pipeline.entities.offices import (
    Office,
    all_offices,
    holders,
    office_for,
    title_info,
    title_sector,
)

G20 = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
)
SINGLE_HOLDER_ROLES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "interior_minister",
    "finance_minister",
    "party_leader",
    "organisation_head",
}
SECTORS = {"GOV", "PTY", "LEG", "MIL", "JUD", "ELI"}
# The 193 member states of the United Nations (ISO 3166 alpha-3).
_UN = """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
    BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB
    CYP CZE PRK DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU
    GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ
    KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS
    MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN
    PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
    SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN
    TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
"""
UN_STATES = frozenset(re.findall(r"[A-Z]{3}", _UN))


def _holder(country: str, office: str, on: date) -> str | None:
    found = office_for(country, office, on)
    return found.name if found else None


@pytest.mark.parametrize(
    ("country", "office", "on", "name"),
    [
        ("DEU", "chancellor", date(2004, 6, 1), "Gerhard Schröder"),
        ("DEU", "chancellor", date(2023, 6, 1), "Olaf Scholz"),
        ("GBR", "prime minister", date(2004, 6, 1), "Tony Blair"),
        ("GBR", "prime minister", date(2023, 6, 1), "Rishi Sunak"),
        ("JPN", "prime minister", date(2012, 6, 1), "Yoshihiko Noda"),
        ("USA", "president", date(2010, 1, 1), "Barack Obama"),
        ("RUS", "president", date(2010, 1, 1), "Dmitry Medvedev"),
        ("RUS", "prime minister", date(2010, 1, 1), "Vladimir Putin"),
        ("CHN", "premier", date(2015, 1, 1), "Li Keqiang"),
        ("PRK", "premier", date(2015, 1, 1), "Pak Pong Ju"),
        ("UKR", "president", date(2020, 1, 1), "Volodymyr Zelenskyy"),
        ("EUR", "commission president", date(2016, 1, 1), "Jean-Claude Juncker"),
    ],
)
def test_office_holder_on_a_date(country: str, office: str, on: date, name: str) -> None:
    assert _holder(country, office, on) == name


def test_handover_day_belongs_to_the_successor() -> None:
    assert _holder("GBR", "prime minister", date(2007, 6, 26)) == "Tony Blair"
    assert _holder("GBR", "prime minister", date(2007, 6, 27)) == "Gordon Brown"


def test_generic_titles_find_the_local_office() -> None:
    # "foreign minister" finds the UK foreign secretary and the US secretary of state
    assert _holder("GBR", "foreign minister", date(2023, 6, 1)) == "James Cleverly"
    assert _holder("United States", "foreign minister", date(2019, 1, 1)) == "Mike Pompeo"
    assert _holder("Germany", "the German prime minister", date(2023, 6, 1)) == "Olaf Scholz"
    assert _holder("GBR", "head of state", date(2010, 1, 1)) == "Elizabeth II"
    assert _holder("PRK", "leader", date(2015, 1, 1)) == "Kim Jong Un"
    assert _holder("VNM", "party chief", date(2019, 1, 1)) == "Nguyễn Phú Trọng"


def test_unknown_or_ambiguous_offices_give_none() -> None:
    assert office_for("EUR", "president", date(2020, 6, 1)) is None  # Commission or Council?
    assert office_for("DEU", "chancellor", date(1950, 1, 1)) is None
    assert office_for("Atlantis", "king", date(2020, 1, 1)) is None


def test_vietnam_party_leader_and_state_president_are_different_sectors() -> None:
    on = date(2017, 6, 1)
    party = office_for("VNM", "general secretary", on)
    state = office_for("VNM", "president", on)
    assert party is not None and state is not None
    assert (party.name, party.sector) == ("Nguyễn Phú Trọng", "PTY")
    assert (state.name, state.sector) == ("Trần Đại Quang", "GOV")
    # from late 2018 one man held both offices
    both = holders("Nguyen Phu Trong", date(2019, 6, 1))
    offices = {(o.office, o.sector) for o in both}
    assert offices == {("general secretary", "PTY"), ("president", "GOV")}


def test_holders_full_names_aliases_and_titles() -> None:
    on = date(2024, 6, 19)
    assert [o.office for o in holders("Vladimir Putin", on)] == ["president"]
    assert holders("Russian President Vladimir Putin", on) == holders("Vladimir Putin", on)
    assert {o.sector for o in holders("Kim Jong-un", on)} == {"GOV", "PTY"}
    assert holders("Kim Jong-un", on) == holders("Kim Jong Un", on)
    assert [o.country for o in holders("Sergei Lavrov", on)] == ["RUS"]
    assert holders("Vladimir Putin", date(1995, 1, 1)) == []
    blinken = holders("U.S. Secretary of State Antony Blinken", date(2023, 6, 1))
    assert [(o.country, o.office) for o in blinken] == [("USA", "secretary of state")]


def test_holders_without_a_date_list_every_term() -> None:
    terms = holders("Shinzo Abe")
    assert [t.start.year for t in terms] == [2006, 2012]


@pytest.mark.parametrize(
    ("short", "on", "name"),
    [
        ("Putin", date(2024, 6, 19), "Vladimir Putin"),
        ("Lavrov", date(2024, 6, 19), "Sergey Lavrov"),
        ("Xi", date(2020, 1, 1), "Xi Jinping"),
        ("Merkel", date(2010, 1, 1), "Angela Merkel"),
        ("Trong", date(2019, 1, 1), "Nguyễn Phú Trọng"),  # Vietnamese: the given name
        ("von der Leyen", date(2022, 1, 1), "Ursula von der Leyen"),
        ("President Macron", date(2022, 1, 1), "Emmanuel Macron"),
    ],
)
def test_unique_short_names(short: str, on: date, name: str) -> None:
    assert {o.name for o in holders(short, on)} == {name}


@pytest.mark.parametrize(
    ("short", "on"),
    [
        ("Kim", date(2019, 6, 1)),  # both Koreas have Kims in office
        ("Merkel", date(2000, 1, 1)),  # not yet in office
        ("Nobody", date(2019, 6, 1)),
    ],
)
def test_ambiguous_or_absent_short_names_match_nothing(short: str, on: date) -> None:
    assert holders(short, on) == []


@pytest.mark.parametrize(
    ("title", "sector"),
    [
        ("president", "GOV"),
        ("prime minister", "GOV"),
        ("ambassador", "GOV"),
        ("embassy", "GOV"),
        ("foreign ministry spokesman", "GOV"),
        ("defence minister", "GOV"),
        ("police minister", "GOV"),
        ("deputy foreign minister", "GOV"),
        ("king", "GOV"),
        ("prince", "ELI"),
        ("former president", "ELI"),
        ("general secretary", "PTY"),
        ("Communist Party General Secretary", "PTY"),
        ("party chief", "PTY"),
        ("national assembly", "LEG"),
        ("Duma", "LEG"),
        ("lawmakers", "LEG"),
        ("troops", "MIL"),
        ("army general", "MIL"),
        ("soldiers", "MIL"),
        ("riot police", "COP"),
        ("supreme court judge", "JUD"),
        ("attorney general", "JUD"),
        ("CEO", "BUS"),
        ("state media", "MED"),
        ("journalists", "MED"),
        ("university professor", "EDU"),
        ("rebel commander", "REB"),
        ("insurgents", "INS"),
        ("separatists", "SEP"),
        ("gunmen", "UAF"),
        ("opposition party leader", "OPP"),
        ("protesters", "CVL"),
        ("activists", "NGO"),
    ],
)
def test_title_sector(title: str, sector: str) -> None:
    assert title_sector(title) == sector


@pytest.mark.parametrize("title", ["chairman", "former", "weather", ""])
def test_unknown_titles(title: str) -> None:
    assert title_sector(title) is None


def test_title_info_ranks_and_roles() -> None:
    fm = title_info("Foreign Minister")
    assert fm is not None and fm.role == "foreign_minister"
    assert title_info("Minister for Foreign Affairs") == title_info("minister for foreign affairs")
    former = title_info("former foreign minister")
    assert former is not None and (former.sector, former.role) == ("ELI", None)
    deputy = title_info("deputy foreign affairs minister")
    assert deputy is not None and (deputy.rank, deputy.role) == ("deputy", None)
    premier = title_info("premier")
    assert premier is not None and premier.role == "head_of_government"


def test_title_table_integrity() -> None:
    text = files("chronicle").joinpath("data", "actor_titles.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) > 300
    assert all(len(r) == 6 and r["title"] for r in rows)
    assert {r["kind"] for r in rows} <= {"", "head", "modifier"}
    assert all(r["sector"].isupper() and len(r["sector"]) == 3 for r in rows if r["sector"])
    assert {r["role"] for r in rows} <= SINGLE_HOLDER_ROLES | {""}


def test_office_table_integrity() -> None:
    offices = all_offices()
    assert len(offices) >= 5000
    for o in offices:
        assert is_country_code(o.country), o
        assert o.end is None or o.start < o.end, o
        assert o.sector in SECTORS, o
        assert set(o.roles) <= SINGLE_HOLDER_ROLES, o
    covered = {o.country for o in offices if o.end is None or o.end.year >= 2000}
    assert set(G20) | {"EUR", "AU", "VNM", "PRK", "UKR"} <= covered


def test_every_row_names_its_public_source() -> None:
    text = files("chronicle").joinpath("data", "office_holders.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(r) == 10 and r["source"].strip() for r in rows)


def test_every_un_member_and_observer_has_its_leaders_since_2000() -> None:
    """Heads of state or government and foreign ministers of every UN member state, the
    two observer states, Kosovo and Taiwan, over the whole period."""
    import pycountry

    # ISO 3166 entries that are territories, not UN member or observer states
    wanted = UN_STATES | {"PSE", "VAT", "XKX", "TWN"}
    territories = {c.alpha_3 for c in pycountry.countries} - wanted
    heads = {o.country for o in all_offices()
             if {"head_of_state", "head_of_government"} & set(o.roles)
             and (o.end is None or o.end.year >= 2000)}
    ministers = {o.country for o in all_offices() if "foreign_minister" in o.roles}
    assert not wanted - heads, sorted(wanted - heads)
    assert not wanted - ministers, sorted(wanted - ministers)
    assert not territories & heads, sorted(territories & heads)


def test_no_two_holders_of_a_single_office_at_once() -> None:
    """A term ends when the successor's begins; shared and contested offices say so in
    their note (collective presidencies, co-princes, rival governments, acting holders)."""
    explained = re.compile(r"collective|member|co-prince|jointly|disput|rival|recogni|acting|"
                           r"interim|junta|transitional|alongside|also|parallel|coalition|"
                           r"caretaker|personal union|de facto|suspend|leave|deputy|shared|"
                           r"joint", re.I)
    groups: dict[tuple[str, str], list[Office]] = defaultdict(list)
    for o in all_offices():
        groups[(o.country, o.office)].append(o)
    slack = timedelta(days=3)
    for key, terms in groups.items():
        terms.sort(key=lambda o: o.start)
        for a, b in zip(terms, terms[1:], strict=False):
            if explained.search(a.note) or explained.search(b.note) or a.name == b.name:
                continue
            assert a.end is not None and b.start >= a.end - slack, (key, a.name, b.name)


def test_every_head_of_government_role_is_filled_since_2000() -> None:
    # a month-by-month walk finds a head of government for every G20 country
    for code in G20:
        on = date(2000, 6, 1)
        while on < date(2025, 6, 1):
            assert office_for(code, "head of government", on) is not None, (code, on)
            on += timedelta(days=30)
