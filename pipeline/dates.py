"""Stage: dates. (Placeholder: filled by its issue.)"""

from __future__ import annotations

from pipeline.models import Document


def find_dates(doc: Document) -> Document:
    return doc
