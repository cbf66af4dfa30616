"""Matching lexicon cue phrases against a document's tokens (used by the events stage).

A cue form of a lexicon ("بدعم مباشر من", "تم إجراء") is compiled into a `Pattern` of
normalized words. Trigger words match loosely (with or without attached proclitics and
the article); sentence cues match as written, a leading و or ف allowed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
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


def loose_forms(tok: Token) -> frozenset[str]:
    """Ways a token can match a trigger word: as written, without proclitics, without the article."""
    return _loose_forms(tok.text, tok.stem)


@lru_cache(maxsize=65536)
def _loose_forms(text: str, stem: str) -> frozenset[str]:
    # Keyed on the token's strings (not the Token, whose hash covers all its fields and
    # differs for every occurrence): a word is worked out once per process.
    forms = {text, stem, stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem}
    for p in PROCLITICS:
        rest = text[len(p) :]
        if text.startswith(p) and len(rest) >= 3:
            forms.add(rest)
            if p.endswith("ل") and rest.startswith("ل"):
                forms.add("ا" + rest)
    forms |= {f[2:] for f in list(forms) if f.startswith("ال") and len(f) > 4}
    return frozenset(forms)


@lru_cache(maxsize=65536)
def _exact_forms(text: str) -> frozenset[str]:
    """Ways a token can match a cue: as written, or after a conjunction و / ف."""
    if text[:1] in ("و", "ف") and len(text) > 2:
        return frozenset((text, text[1:]))
    return frozenset((text,))


def bare_word(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


@dataclass
class _Index:
    """A pattern list indexed by the forms its first words can take, built once per list."""

    patterns: list[Pattern]
    by_first: dict[str, list[int]]  # a first-word form -> ranks (positions in `patterns`)
    words: list[tuple[frozenset[str], ...]]  # per pattern rank: the forms each of its words may take
    by_forms: dict[frozenset[str], tuple[int, ...]]  # a token's forms -> its candidates' ranks
    firsts: frozenset[str] = frozenset()  # the keys of by_first

    def __post_init__(self) -> None:
        self.firsts = frozenset(self.by_first)

    def candidates(self, forms: frozenset[str]) -> tuple[int, ...]:
        """Ranks of the patterns whose first word a token with these forms can be: longest first,
        then in list order."""
        got = self.by_forms.get(forms)
        if got is None:
            ranks = {r for f in forms for r in self.by_first.get(f, ())}
            got = tuple(sorted(ranks, key=lambda r: (-len(self.words[r]), r)))
            self.by_forms[forms] = got
        return got


_INDEXES: dict[tuple[int, bool], _Index] = {}  # pass the same list each time: it is indexed once


def _index(patterns: list[Pattern], loose: bool) -> _Index:
    key = (id(patterns), loose)
    got = _INDEXES.get(key)
    if got is not None and got.patterns is patterns:
        return got
    if len(_INDEXES) > 256:  # lists made afresh for each call would otherwise pile up
        _INDEXES.clear()
    by_first: dict[str, list[int]] = {}
    words: list[tuple[frozenset[str], ...]] = []
    for rank, p in enumerate(patterns):
        keys = {p.words[0], bare_word(p.words[0])} if loose else {p.words[0]}
        for k in keys:
            by_first.setdefault(k, []).append(rank)
        words.append(tuple(frozenset((w, bare_word(w))) if loose else frozenset((w,)) for w in p.words))
    _INDEXES[key] = got = _Index(patterns, by_first, words, {})
    return got


@dataclass
class _Known:
    """What was worked out about one token list (a document's, mostly): the event rules scan the
    same sentences with several pattern lists, and some with the same one again."""

    tokens: Sequence[Token]
    size: int  # len(tokens) when it was made: a list that grew is another
    forms: dict[bool, list[frozenset[str]]]  # loose or not -> each token's forms
    # id of a pattern index -> the index (kept, so that its id is not reused) and the tokens
    # that can start one of its patterns, in order
    starts: dict[int, tuple[_Index, list[int]]]
    # (lo, hi, id of the pattern index) -> the index and the matches
    matches: dict[tuple[int, int, int], tuple[_Index, list[Match]]]

    def forms_of(self, loose: bool) -> list[frozenset[str]]:
        got = self.forms.get(loose)
        if got is None:
            if loose:
                got = [_PUNCT if t.is_punct else _loose_forms(t.text, t.stem) for t in self.tokens]
            else:
                got = [_PUNCT if t.is_punct else _exact_forms(t.text) for t in self.tokens]
            self.forms[loose] = got
        return got

    def starts_of(self, index: _Index, forms: list[frozenset[str]]) -> list[int]:
        got = self.starts.get(id(index))
        if got is None or got[0] is not index:
            firsts = index.firsts
            got = self.starts[id(index)] = (
                index,
                [k for k, f in enumerate(forms) if not firsts.isdisjoint(f)],
            )
        return got[1]


_KNOWN: OrderedDict[int, _Known] = OrderedDict()  # the last few token lists, by id
_PUNCT: frozenset[str] = frozenset()  # a punctuation token matches no word


def _known(tokens: Sequence[Token]) -> _Known:
    got = _KNOWN.get(id(tokens))
    if got is None or got.tokens is not tokens or got.size != len(tokens):
        got = _Known(tokens, len(tokens), {}, {}, {})
        _KNOWN[id(tokens)] = got
        if len(_KNOWN) > 8:
            _KNOWN.popitem(last=False)
    return got


def find_matches(
    tokens: Sequence[Token], lo: int, hi: int, patterns: list[Pattern], loose: bool
) -> list[Match]:
    """Non-overlapping matches of `patterns` in tokens[lo:hi], left to right, longest first.

    Of two patterns of the same length, the one earlier in `patterns` wins."""
    index = _index(patterns, loose)
    memo = _known(tokens)
    key = (lo, hi, id(index))
    got = memo.matches.get(key)
    if got is None or got[0] is not index:
        got = memo.matches[key] = (index, _scan(memo, lo, hi, index, loose))
    return list(got[1])


def _scan(memo: _Known, lo: int, hi: int, index: _Index, loose: bool) -> list[Match]:
    """The matches in tokens[lo:hi], trying only the tokens that can start a pattern."""
    out: list[Match] = []
    tokens, patterns = memo.tokens, index.patterns
    forms = memo.forms_of(loose)
    starts = memo.starts_of(index, forms)
    c = bisect_left(starts, lo)
    while c < len(starts) and starts[c] < hi:
        k = starts[c]
        c += 1
        hit: Match | None = None
        for rank in index.candidates(forms[k]):
            p = patterns[rank]
            n = len(p.words)
            if k + n > hi:
                continue
            # the first word matched when the pattern became a candidate
            words = index.words[rank]
            if not all(not words[m].isdisjoint(forms[k + m]) for m in range(1, n)):
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
            c = bisect_left(starts, hit.j, c)
    return out


def safe_load(name: str) -> tuple[Entry, ...]:
    """A lexicon's entries, or none while its file is not written yet."""
    try:
        return load(name)
    except LexiconError as exc:
        if exc.message in ("file not found", "no schema registered for this lexicon"):
            return ()
        raise
