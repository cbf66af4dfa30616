"""Sentences and clauses of a document, as token ranges (used by the events stage).

A sentence ends at a full stop, "!", "?", "؟" or a line break; an ellipsis
("…", "...") does not end one: bulletins write "بدعم من الجهاز … بدأت" as one
sentence. Decimal numbers ("2.5") are single tokens, so their point never cuts, and
neither does the point of a one-letter title ("الأخصائية أ. خديجة", "د. أحمد").

A clause ends at a comma, a semicolon, a colon or an ellipsis. Clauses are the
reach of a purpose phrase ("في إطار تعزيز …،") and of a relative clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import Document
from pipeline.tokenize import Token

SENTENCE_END = frozenset({".", "!", "?", "؟"})
CLAUSE_END = frozenset({"،", ",", "؛", ";", ":", "...", "-", "–", "—"})


@dataclass(frozen=True)
class Sentence:
    """Tokens [first, last) of a document, with their original offsets [start, end)."""

    index: int
    first: int
    last: int
    start: int
    end: int

    def __contains__(self, token_index: int) -> bool:
        return self.first <= token_index < self.last


def split_sentences(doc: Document) -> list[Sentence]:
    """The sentences of `doc`, in order; each has at least one word or number."""
    tokens = doc.tokens
    text = doc.text
    out: list[Sentence] = []
    first = 0

    def close(last: int) -> None:
        nonlocal first
        body = tokens[first:last]
        if any(not t.is_punct for t in body):
            out.append(Sentence(len(out), first, last, body[0].start, body[-1].end))
        first = last

    for k, tok in enumerate(tokens):
        if k > first and "\n" in text[tokens[k - 1].end : tok.start]:
            close(k)
        if tok.is_punct and tok.text in SENTENCE_END and not _abbreviation(tokens, k):
            close(k + 1)
    if first < len(tokens):
        close(len(tokens))
    return out


def _abbreviation(tokens: list[Token], k: int) -> bool:
    """The full stop at k ends a one-letter abbreviation of a title: "أ. خديجة", "د. أحمد" (but
    not the calendar letter after a year: "عام 1436ه.", "2015 م.")."""
    if k == 0 or tokens[k].text != ".":
        return False
    prev = tokens[k - 1]
    if not prev.is_word or len(prev.text) != 1 or prev.end != tokens[k].start:
        return False
    return not (k >= 2 and tokens[k - 2].text[:1].isdigit())


def is_clause_end(tok: Token) -> bool:
    return tok.is_punct and (tok.text in CLAUSE_END or tok.text in SENTENCE_END)


def clause_end(tokens: list[Token], i: int, last: int) -> int:
    """Index of the first clause boundary at or after token i (or `last`)."""
    for k in range(i, last):
        if is_clause_end(tokens[k]):
            return k
    return last


def clause_start(tokens: list[Token], i: int, first: int) -> int:
    """Index of the first token of the clause holding token i."""
    for k in range(i - 1, first - 1, -1):
        if is_clause_end(tokens[k]):
            return k + 1
    return first
