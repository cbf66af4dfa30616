"""Matching lexicon cue phrases against a document's tokens (used by the events stage).

A cue form of a lexicon ("بدعم مباشر من", "تم إجراء") is compiled into a `Pattern` of
normalized words. Trigger words match loosely (with or without attached proclitics and
the article); sentence cues match as written, a leading و or ف allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.lexicons import Entry, LexiconError, load
from pipeline.tokenize import PROCLITICS, Token, tokenize_text


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per lexicon form
class Pattern:
    entry: Entry
    words: tuple[str, ...]  # normalized words of one form
    tail_clitic: str = ""  # a trailing proclitic ("التابع ل") that the next token must carry


@dataclass(frozen=True)
class Match:
    entry: Entry
    i: int  # first token
    j: int  # one past the last token (the next token, for a tail clitic)


def compile_patterns(entries: Iterable[Entry]) -> list[Pattern]:
    out: list[Pattern] = []
    for e in entries:
        for form in e.ar:
            words = tuple(t.text for t in tokenize_text(form) if not t.is_punct)
            tail = ""
            if len(words) > 1 and len(words[-1]) == 1 and words[-1] in PROCLITICS:
                words, tail = words[:-1], words[-1]
            if words:
                out.append(Pattern(e, words, tail))
    # Longest forms first, so that "بدعم مباشر من" wins over "بدعم".
    out.sort(key=lambda p: -len(p.words))
    return out


@lru_cache(maxsize=65536)
def loose_forms(tok: Token) -> frozenset[str]:
    """Ways a token can match a trigger word: as written, without proclitics, without the article."""
    forms = {tok.text, tok.stem, tok.bare}
    for p in PROCLITICS:
        rest = tok.text[len(p) :]
        if tok.text.startswith(p) and len(rest) >= 3:
            forms.add(rest)
            if p.endswith("ل") and rest.startswith("ل"):
                forms.add("ا" + rest)
    forms |= {f[2:] for f in list(forms) if f.startswith("ال") and len(f) > 4}
    return frozenset(forms)


@lru_cache(maxsize=65536)
def exact_forms(tok: Token) -> frozenset[str]:
    """Ways a token can match a cue: as written, or after a conjunction و / ف."""
    forms = {tok.text}
    if tok.text[:1] in ("و", "ف") and len(tok.text) > 2:
        forms.add(tok.text[1:])
    return frozenset(forms)


def bare_word(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


_INDEXES: dict[tuple[int, bool], tuple[list[Pattern], dict[str, list[Pattern]]]] = {}


def _index(patterns: list[Pattern], loose: bool) -> dict[str, list[Pattern]]:
    """Patterns by the forms their first word can take (longest patterns first), built once per list."""
    key = (id(patterns), loose)
    if key in _INDEXES and _INDEXES[key][0] is patterns:
        return _INDEXES[key][1]
    index: dict[str, list[Pattern]] = {}
    for p in patterns:
        keys = {p.words[0], bare_word(p.words[0])} if loose else {p.words[0]}
        for k in keys:
            index.setdefault(k, []).append(p)
    _INDEXES[key] = (patterns, index)
    return index


def find_matches(
    tokens: Sequence[Token], lo: int, hi: int, patterns: list[Pattern], loose: bool
) -> list[Match]:
    """Non-overlapping matches of `patterns` in tokens[lo:hi], left to right, longest first."""
    out: list[Match] = []
    forms = loose_forms if loose else exact_forms
    index = _index(patterns, loose)
    k = lo
    while k < hi:
        hit: Match | None = None
        if not tokens[k].is_punct:
            cands = {id(p): p for f in forms(tokens[k]) for p in index.get(f, ())}.values()
            for p in sorted(cands, key=lambda p: -len(p.words)):
                n = len(p.words)
                if k + n > hi:
                    continue
                ok = all(
                    not tokens[k + m].is_punct
                    and (w in forms(tokens[k + m]) or (loose and bare_word(w) in forms(tokens[k + m])))
                    for m, w in enumerate(p.words)
                )
                if not ok:
                    continue
                if p.tail_clitic:
                    nxt = tokens[k + n] if k + n < hi else None
                    if (
                        nxt is None
                        or not nxt.is_word
                        or not nxt.text.startswith(p.tail_clitic)
                        or len(nxt.text) < 3
                    ):
                        continue
                hit = Match(p.entry, k, k + n)
                break
        if hit:
            out.append(hit)
            k = hit.j
        else:
            k += 1
    return out


def safe_load(name: str) -> tuple[Entry, ...]:
    """A lexicon's entries, or none while its file is not written yet."""
    try:
        return load(name)
    except LexiconError as exc:
        if exc.message in ("file not found", "no schema registered for this lexicon"):
            return ()
        raise
