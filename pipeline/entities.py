"""Stage: entities. (Placeholder: filled by its issue.)"""

from __future__ import annotations

from pipeline.models import Document


def find_entities(doc: Document) -> Document:
    return doc
