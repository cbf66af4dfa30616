"""Stage: quantities. (Placeholder: filled by its issue.)"""

from __future__ import annotations

from pipeline.models import Document


def find_quantities(doc: Document) -> Document:
    return doc
