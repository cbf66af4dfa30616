"""The stages in order, and the Python API over them.

    from pipeline import process_text
    doc = process_text("أجرى الفريق الطبي ... 6 عمليات قسطرة", published="2024-03-20")
    doc.events[0].count   # 6

Each stage is a function `stage(doc: Document) -> Document` that reads some
fields of the document and fills others (its docstring says which):

    normalize   text                         -> view (normalized text + offset map)
    tokenize    view                         -> tokens (clitics separated)
    entities    tokens                       -> entities
    dates       tokens                       -> dates (+ DATE entities)
    ner         tokens, entities             -> entities the NER model adds where the rules found none
                                                (skipped with `model=False`, CLI `--no-model`)
    decrees     tokens, entities             -> decrees
    quantities  tokens, dates, decrees       -> quantities
    events      everything above             -> events

The view and tokens are built on first use (`Document.view`, `.tokens`).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline import dates, decrees, entities, events, ner, quantities
from pipeline.models import Document

Stage = Callable[[Document], Document]

STAGES: tuple[Stage, ...] = (
    entities.find_entities,
    dates.find_dates,
    ner.model_entities,
    decrees.find_decrees,
    quantities.find_quantities,
    events.build_events,
)


RULE_STAGES: tuple[Stage, ...] = tuple(s for s in STAGES if s is not ner.model_entities)


def process(doc: Document, model: bool = True) -> Document:
    """Run every stage on a document (in place) and return it; `model=False`: rules only."""
    for stage in STAGES if model else RULE_STAGES:
        doc = stage(doc)
    return doc


# A sentence of the kind the stages read (written for this purpose), processed by `warm()`.
WARM_TEXT = "أجرى الفريق الطبي بمستشفى المدينة في طرابلس 5 عمليات جراحية يوم الأحد 3 مارس 2024."


def warm(model: bool = True) -> None:
    """Load the lexicons, their indexes and the model now (a run calls it before its worker
    processes fork, so that they share what was loaded instead of each loading it again)."""
    process(Document(doc_id="warm", text=WARM_TEXT), model=model)


def process_text(
    text: str,
    published: str | None = None,
    doc_id: str = "doc",
    country: str | None = None,
    model: bool = True,
) -> Document:
    """Process one bulletin given as a string. `country`: ISO code of its home country (the
    country "abroad" is relative to); without it, the one country the bulletin's own places are
    in when that is not the default, else `pipeline.event_places.DEFAULT_HOME_COUNTRY`. An
    unknown code is a ValueError. `model=False`: without the NER model."""
    from pipeline.event_places import country_of_code

    code = country.strip().upper() if country else None
    if code is not None and country_of_code(code) is None:
        raise ValueError(
            f"unknown country code {country!r} (ISO 3166-1 alpha-2, see lexicons/country_codes.tsv)"
        )
    doc = Document(doc_id=doc_id, text=text, published=published, country=code)
    doc.country_from = "input" if code else None
    return process(doc, model=model)
