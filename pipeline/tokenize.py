"""Stage: tokenization. Reads `Document.view`; gives `Document.tokens`.

Tokens are cut from the normalized view and carry offsets into the original
text. Each word token also knows its attached proclitics: the conjunctions
و ف, the prepositions ب ل ك (alone or after و/ف), and ل + ال written لل.

    "بمستشفى"  -> prefix "ب",  stem "مستشفي"   (stem_start after the ب)
    "للعلاج"   -> prefix "ل",  stem "العلاج"   (the article's alef restored)
    "وبالتعاون" -> prefix "وب", stem "التعاون"
    "وزارة"    -> no prefix: "زاره" is not a word we know

A proclitic is separated only when what remains is a word: it starts with
the article ال, it is a number, or it is in the vocabulary of the lexicons
(every word of every `lexicons/*.tsv` entry). So "بنغازي", "لجنة", "وزارة",
"فريق" stay whole. Output spans start at `stem_start`, excluding the proclitic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.normalize import NormalizedText

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\.\.\.|\S", re.UNICODE)
_ARABIC = re.compile(r"[\u0621-\u064a]")
# Longest first: a conjunction, then a preposition.
PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


class Token(NamedTuple):
    """One token (a named tuple: immutable, and made ~4x faster than a frozen dataclass; a
    document has thousands). Made by `tokenize` only: the last four fields follow from the others
    (fields, not properties: the grammar asks them millions of times)."""

    i: int
    text: str  # normalized text of the whole token, clitics included
    kind: str  # "word" | "num" | "punct"
    start: int  # original offsets of the whole token
    end: int
    nstart: int  # offsets in the normalized view
    nend: int
    prefix: str  # attached proclitics, normalized ("", "و", "ب", "وب", ...)
    stem: str  # matching form without proclitics ("العلاج" for "للعلاج")
    stem_start: int  # original offset where the token's surface without proclitics starts
    bare: str  # the stem without the article ال (for matching with or without it)
    is_word: bool
    is_num: bool
    is_punct: bool


def _vocab() -> frozenset[str]:
    from pipeline.lexicons import vocabulary

    return vocabulary()


@lru_cache(maxsize=65536)
def split_clitics(word: str) -> tuple[str, str]:
    """(prefix, stem) of a normalized word; prefix "" when nothing is attached.

    For ل + ال written "لل" the stem gets its article back: ("ل", "العلاج").
    """
    if not _ARABIC.match(word):
        return "", word
    vocab = _vocab()
    if word in vocab:
        return "", word
    for p in PROCLITICS:
        if not word.startswith(p) or len(word) <= len(p) + 1:
            continue
        rest = word[len(p) :]
        if rest in vocab and len(rest) >= 3:
            return p, rest  # "بمستشفي", "لليبيا"
        if rest.startswith("ال") and len(rest) >= 4:
            return p, rest  # "بالامارات"
        if p.endswith("ل") and rest.startswith("ل") and len(rest) >= 3:
            # ل + ال: "للعلاج" -> "العلاج"; the stem's surface starts at the second ل
            return p, "ا" + rest
    return "", word


def tokenize(view: NormalizedText) -> list[Token]:
    """Tokens of a normalized view, with clitics separated for matching."""
    tokens: list[Token] = []
    starts, ends = view.starts, view.ends  # a token is never empty: view.to_original, inlined
    for m in _TOKEN.finditer(view.text):
        s, e = m.span()
        t = m.group()
        num = t[0].isdigit()
        word = not num and t[0].isalpha()
        kind = "num" if num else "word" if word else "punct"
        ostart, oend = starts[s], ends[e - 1]
        prefix, stem = split_clitics(t) if word else ("", t)
        stem_start = starts[s + len(prefix)] if prefix else ostart
        bare = stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem
        tokens.append(
            Token(
                len(tokens),
                t,
                kind,
                ostart,
                oend,
                s,
                e,
                prefix,
                stem,
                stem_start,
                bare,
                word,
                num,
                not (word or num),
            )
        )
    return tokens


def tokenize_text(text: str) -> list[Token]:
    """Tokens of a plain string (lexicon entries, cues), through the same normalization."""
    from pipeline.normalize import normalize

    return tokenize(normalize(text))


def span_of(tokens: list[Token], i: int, j: int) -> tuple[int, int]:
    """Original (start, end) of tokens[i:j], without the first token's proclitic."""
    return tokens[i].stem_start, tokens[j - 1].end
