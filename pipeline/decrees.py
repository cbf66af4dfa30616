"""Stage: decrees. (Placeholder: filled by its issue.)"""

from __future__ import annotations

from pipeline.models import Document


def find_decrees(doc: Document) -> Document:
    return doc
