"""Entities and actors: canonical entities with CAMEO-style country + sector codes.

For now this package holds the lookup data the stage will use: the gazetteer (countries,
IGOs, demonyms, capitals, cities, institutions) and office holders / actor titles.
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
]
