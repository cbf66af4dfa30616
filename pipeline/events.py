"""Stage: events. (Placeholder: filled by its issue.)"""

from __future__ import annotations

from pipeline.models import Document


def build_events(doc: Document) -> Document:
    return doc
