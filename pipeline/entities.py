"""Stage: entities. Reads `Document.tokens`; fills `Document.entities`.

(The recognizer itself is filled in by the entities issue; the lexicon
schemas below are shared by the data files and the recognizer.)
"""

from __future__ import annotations

from typing import Literal

from pipeline.lexicons import Entry, register
from pipeline.models import Document


@register("places")
class PlaceEntry(Entry):
    """lexicons/places.tsv: cities, districts, regions, countries."""

    kind: Literal["city", "district", "neighbourhood", "region", "country"]
    country: str | None = None  # id of the country entry ("libya"); empty for a country


@register("facilities")
class FacilityEntry(Entry):
    """lexicons/facilities.tsv: hospitals, medical centres, clinics, labs."""

    kind: Literal["hospital", "centre", "clinic", "polyclinic", "laboratory", "blood_bank", "other"] = (
        "hospital"
    )
    city: str | None = None  # id of a places.tsv entry


@register("organizations")
class OrganizationEntry(Entry):
    """lexicons/organizations.tsv: government bodies, agencies, funds, companies."""

    kind: Literal[
        "government",
        "ministry",
        "agency",
        "authority",
        "fund",
        "office",
        "committee",
        "council",
        "municipality",
        "company",
        "ngo",
        "international",
        "other",
    ] = "other"
    city: str | None = None  # id of a places.tsv entry, for local bodies


def find_entities(doc: Document) -> Document:
    return doc
