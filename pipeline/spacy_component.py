"""The whole pipeline as a spaCy component, and Documents as spaCy Docs.

    import spacy
    nlp = spacy.blank("ar")
    nlp.add_pipe("bulletins", config={"home_country": "LY", "model": True})
    doc = nlp("أجرى الفريق الطبي بمستشفى الهضبة الخضراء العام 6 عمليات قسطرة.")
    doc.ents                      # entities, no overlaps (spacy.util.filter_spans keeps the longest)
    doc.spans["bulletins"]        # every entity, overlaps included, at its exact offsets
    span._.norm, span._.id, span._.name_en, span._.source
    doc._.quantities, doc._.decrees, doc._.dates, doc._.events   # the records, as dicts (read-only)

The factory is registered under the entry point `spacy_factories` (pyproject.toml), so
`add_pipe("bulletins")` works wherever the package is installed, without importing it.

An entity that starts or ends inside a spaCy token ("بمستشفى": the proclitic ب is not part of the
facility) has its token split at the entity's edge (`split_clitics`, on by default), so that
`doc.spans` and `doc.ents` hold the exact surfaces; with `split_clitics=False` the tokens stay as
the tokenizer made them and a span widens to the whole tokens (`alignment_mode="expand"`).
The dicts of the `doc._` extensions and the span extensions live in `doc.user_data`, so they travel
with `nlp.pipe(..., n_process=2)` and a `DocBin(store_user_data=True)`.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from pipeline.event_places import country_of_code
from pipeline.models import Document
from pipeline.process import process_text

SPAN_KEY = "bulletins"
SPAN_EXTENSIONS = ("norm", "id", "name_en", "source")
DOC_EXTENSIONS = ("quantities", "decrees", "dates", "events")

for _name in SPAN_EXTENSIONS:
    Span.set_extension(_name, default=None, force=True)


def _records(name: str) -> Callable[[Doc], list[dict]]:
    """The getter of `doc._.<name>`: the records are kept as JSON in `doc.user_data` (a DocBin's
    msgpack would give them back with tuples for lists), and read as fresh lists of dicts."""
    return lambda doc: json.loads(doc.user_data.get((SPAN_KEY, name), "[]"))


for _name in DOC_EXTENSIONS:
    Doc.set_extension(_name, getter=_records(_name), force=True)


@Language.factory(
    "bulletins",
    default_config={"home_country": None, "model": True, "published": None, "split_clitics": True},
)
def make_bulletins(
    nlp: Language,
    name: str,
    home_country: str | None,
    model: bool,
    published: str | None,
    split_clitics: bool,
) -> BulletinsComponent:
    return BulletinsComponent(
        home_country=home_country, model=model, published=published, split_clitics=split_clitics
    )


class BulletinsComponent:
    """Runs `pipeline.process_text` on a Doc's text and writes the results onto the Doc.

    `home_country` (ISO code: "abroad" is relative to it) and `model` (the NER model on or off)
    are passed to `process_text` when it takes them; `published` (YYYY-MM-DD) anchors relative dates.
    """

    def __init__(
        self,
        home_country: str | None = None,
        model: bool = True,
        published: str | None = None,
        split_clitics: bool = True,
    ):
        accepted = inspect.signature(process_text).parameters
        options = {"country": home_country, "model": model}
        self.options = {k: v for k, v in options.items() if k in accepted}  # what this version takes
        self.published = published
        self.split_clitics = split_clitics
        if home_country is not None and country_of_code(home_country) is None:  # fail here, not on a Doc
            raise ValueError(f"unknown country code {home_country!r} (ISO 3166-1 alpha-2)")

    def __call__(self, doc: Doc) -> Doc:
        return annotate(
            doc, process_text(doc.text, published=self.published, **self.options), self.split_clitics
        )


def annotate(doc: Doc, document: Document, split_clitics: bool = True) -> Doc:
    """Write a processed Document's extractions onto `doc` (a Doc of the same text)."""
    if doc.text != document.text:
        raise ValueError("the Doc and the Document have different texts")
    if split_clitics:
        _split_at(doc, {i for e in document.entities for i in (e.start, e.end)})
    spans = []
    for e in document.entities:
        span = doc.char_span(e.start, e.end, label=e.type, alignment_mode="expand")
        if span is None:  # pragma: no cover - an entity of whitespace only
            continue
        span._.norm, span._.id, span._.name_en = e.norm, e.id, e.name_en
        span._.source = e.source
        spans.append(span)
    doc.spans[SPAN_KEY] = spans
    doc.ents = filter_spans(spans)  # span extensions are keyed by offsets and label: doc.ents see them
    for name in DOC_EXTENSIONS:
        records = [r.model_dump(mode="json") for r in getattr(document, name)]
        doc.user_data[SPAN_KEY, name] = json.dumps(records, ensure_ascii=False)
    return doc


def _split_at(doc: Doc, offsets: set[int]) -> None:
    """Split every token that has one of `offsets` strictly inside it, at those offsets."""
    with doc.retokenize() as retokenizer:
        for token in doc:
            cuts = sorted(i - token.idx for i in offsets if token.idx < i < token.idx + len(token.text))
            if not cuts:
                continue
            bounds = [0, *cuts, len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            main = max(range(len(orths)), key=lambda k: len(orths[k]))  # the word; the others its clitics
            heads = [
                (token, main) if k != main or token.head is token else token.head for k in range(len(orths))
            ]
            retokenizer.split(token, orths, heads=heads)


def to_doc(nlp: Language, document: Document) -> Doc:
    """A processed Document as a spaCy Doc (tokenized by `nlp`, no other component run)."""
    return annotate(nlp.make_doc(document.text), document)


def write_docbin(path: Path, documents: Iterable[Document], lang: str = "ar") -> Path:
    """documents.spacy: every Document as a Doc, with the extensions (store_user_data)."""
    import spacy

    nlp = spacy.blank(lang)
    docbin = DocBin(store_user_data=True)
    for document in documents:
        docbin.add(to_doc(nlp, document))
    docbin.to_disk(path)
    return path
