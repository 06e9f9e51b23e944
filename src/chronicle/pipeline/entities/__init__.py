"""Entities and actors: canonical entities with CAMEO-style country + sector codes.

The stage (``build.link``) reads the knowledge tables: the gazetteer (countries, IGOs,
demonyms, capitals, cities, regions, organisations), world places, office holders, actor
titles and agent words. Each loads once per process, when first used; ``warm`` loads them
all at once, so that worker processes forked afterwards share them instead of each paying.
"""

from chronicle.pipeline.entities.gazetteer import (
    Place,
    canonical_place,
    country_code,
    country_name,
    is_demonym,
    is_igo,
    lookup,
    normalize,
    place_country,
)
from chronicle.pipeline.entities.offices import (
    Office,
    TitleInfo,
    holders,
    office_for,
    title_info,
    title_sector,
)


def warm() -> None:
    """Load every knowledge table of the entities stage now (about half a second)."""
    from chronicle.pipeline.entities import agents, gazetteer, offices

    gazetteer.lookup("")
    holders("")
    agents.head_words()
    offices.is_religious("")


__all__ = [
    "Office",
    "Place",
    "TitleInfo",
    "canonical_place",
    "country_code",
    "country_name",
    "holders",
    "is_demonym",
    "is_igo",
    "lookup",
    "normalize",
    "office_for",
    "place_country",
    "title_info",
    "title_sector",
    "warm",
]
