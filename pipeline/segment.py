"""Segmentation: which paragraphs of a `.txt` file make one bulletin.

Reads the paragraphs of a file (one a line, no blank lines between them) and
gives the line ranges of its bulletins. A paragraph joins the previous one
when its opening words continue it; otherwise it starts a new bulletin.

The decision reads only the first words of the paragraph (and, for a
back-reference, the words of the previous one), through general Arabic
discourse cues kept as data in `lexicons/segment_cues.tsv`:

  - a continuation phrase always joins:      "من جهته، ..."  "كما ..."  "يذكر أن ..."
  - a reported-speech verb after و/ف joins:  "وأوضح ..."  "وأضافت ..."
  - و/ف + قد joins before any verb:          "وقد أشرف على العمليات ..."
  - a demonstrative opening joins:           "وهذه الخطوة ..."  "وذلك ..."
  - a verb of reference (after an optional و/ف and قد) joins when a
    back-reference follows in the next words: a demonstrative ("وتأتي هذه
    الجهود", "يأتي هذا") or a definite noun whose bare form is in the previous
    paragraph ("تمحور الاجتماع" after "عقد اجتماع", "وقد شملت العمليات
    الثلاث" after "ثلاث عمليات").
  - a preposition relating what follows to something named ("وخلال
    الاجتماع", "وعلى هامش الزيارة") joins with the same back-reference.
  - a paragraph of hashtags or links only (the tags of a post) joins, and so
    does any paragraph after one that ends with a comma or a colon.
  - a phrase that opens a new item never joins ("في إطار ...", "بدعم من ...",
    "من جهة أخرى ..."), unless a demonstrative follows it at once ("في إطار
    هذه الزيارة"); nor does a dateline ("طرابلس - ...", "بنغازي 12 مارس (وال) -").

Anything else (a verb with a new subject, a noun phrase) starts a new bulletin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.lexicons import Entry, load, register
from pipeline.normalize import norm

CueKind = Literal[
    "particle", "reference_verb", "speech_verb", "continuation", "demonstrative", "relational", "new_item"
]

# How far after a verb of reference a back-reference may come ("وقد شملت
# العمليات الثلاث": the noun right after the verb; "يأتي ذلك في ...": the next word).
BACKREF_WINDOW = 3
# A dateline: up to six words (a city, a date, an agency in parentheses) and a dash.
# Words are separated by required spaces, so a long word is matched one way only
# (no catastrophic backtracking on 10,000 characters without a space).
_DATELINE = re.compile(r"^\s*[^\s\-–—،,.:]+(?:\s+[^\s\-–—،,.:]+){0,5}\s*[-–—]+\s")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A paragraph of hashtags, links and symbols only (the tags of a post above it):
# each of its space-separated chunks is one of these (one chunk at a time: linear).
_TAG_CHUNK = re.compile(r"#\S+|https?://\S+|www\.\S+|[^\w\s]+")
# The previous paragraph stops mid-sentence: a comma, a colon (a list or a quote follows) ...
_UNFINISHED = re.compile(r"[،,:;؛]\s*$")
_CONJ = ("و", "ف")  # continuation particles written attached to the next word
_QAD = ("قد", "لقد")  # the particle قد: with an attached و/ف it always continues
_PREPS = ("وب", "ول", "وك", "فب", "فل", "فك", "ب", "ل", "ك")


@register("segment_cues")
class SegmentCue(Entry):
    """lexicons/segment_cues.tsv: discourse cues at the start of a paragraph."""

    kind: CueKind


@dataclass(frozen=True)
class Cues:
    """The cue lexicon, normalized: single words by kind, phrases as word tuples."""

    particles: frozenset[str]
    reference_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    demonstratives: frozenset[str]
    continuations: tuple[tuple[str, ...], ...]
    relationals: tuple[tuple[str, ...], ...]
    new_items: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """Load and normalize `lexicons/segment_cues.tsv` (cached)."""
    by_kind: dict[str, set[tuple[str, ...]]] = {}
    for entry in load("segment_cues"):
        assert isinstance(entry, SegmentCue)
        for form in entry.ar:
            by_kind.setdefault(entry.kind, set()).add(tuple(norm(form).split()))

    def words(kind: str) -> frozenset[str]:
        return frozenset(" ".join(f) for f in by_kind.get(kind, set()))

    def phrases(kind: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted(by_kind.get(kind, set()), key=len, reverse=True))

    return Cues(
        particles=words("particle"),
        reference_verbs=words("reference_verb"),
        speech_verbs=words("speech_verb"),
        demonstratives=words("demonstrative"),
        continuations=phrases("continuation"),
        relationals=phrases("relational"),
        new_items=phrases("new_item"),
    )


def _words(paragraph: str) -> list[str]:
    """The normalized words of a paragraph (punctuation and digits left out)."""
    return _WORD.findall(norm(paragraph))


def _strip_conj(word: str) -> tuple[str, bool]:
    """(word without an attached و/ف, whether one was there)."""
    if len(word) > 2 and word[0] in _CONJ:
        return word[1:], True
    return word, False


def _starts_with(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> int:
    """Length of the phrase `words` opens with (an attached و/ف on its first word allowed), or 0."""
    if not words:
        return 0
    first, _ = _strip_conj(words[0])
    for phrase in phrases:
        n = len(phrase)
        if (
            len(words) >= n
            and (words[0] == phrase[0] or first == phrase[0])
            and tuple(words[1:n]) == phrase[1:]
        ):
            return n
    return 0


def _forms(word: str) -> set[str]:
    """A word with and without its proclitics and article: the forms a back-reference may match."""
    out = {word}
    for p in (*_PREPS, *_CONJ):
        if word.startswith(p) and len(word) - len(p) >= 3:
            rest = word[len(p) :]
            out.add("ا" + rest if p.endswith("ل") and rest.startswith("ل") else rest)
    for w in list(out):
        if w.endswith("ا") and len(w) > 4:
            out.add(w[:-1])  # the accusative ending of an indefinite noun: "اجتماعاً" -> "اجتماع"
    for w in list(out):
        if w.startswith("ال") and len(w) > 4:
            out.add(w[2:])
    return out


def _is_demonstrative(word: str, c: Cues) -> bool:
    return word in c.demonstratives or _strip_conj(word)[0] in c.demonstratives


def _backref(window: Sequence[str], previous: str, c: Cues) -> bool:
    """A demonstrative in `window`, or a definite noun whose bare form is in `previous`."""
    if any(_is_demonstrative(w, c) for w in window):
        return True
    before: set[str] = set()
    for w in _words(previous):
        before |= _forms(w)
    for w in window:
        for f in _forms(w):
            if f.startswith("ال") and len(f) > 4 and f[2:] in before:
                return True  # a definite noun naming something just mentioned
    return False


def _tags_only(paragraph: str) -> bool:
    """A paragraph of hashtags, links and symbols only ("#الصحة #ليبيا", "https://…")."""
    chunks = paragraph.split()
    return bool(chunks) and all(_TAG_CHUNK.fullmatch(c) for c in chunks)


def continues(previous: str, paragraph: str) -> bool:
    """Whether `paragraph` continues `previous` (the paragraph just before it)."""
    c = cues()
    if _tags_only(paragraph) or _UNFINISHED.search(previous):
        return True
    if _DATELINE.match(paragraph):
        return False
    words = _words(paragraph)
    if not words:
        return False
    if _starts_with(words, c.continuations):
        return True
    n = _starts_with(words, c.new_items)
    if n:
        # "في إطار هذه الزيارة": the new-item phrase itself points back.
        return len(words) > n and _is_demonstrative(words[n], c)
    n = _starts_with(words, c.relationals)
    if n:  # "وخلال الاجتماع، ..." after "عقد اجتماع"
        return _backref(words[n : n + BACKREF_WINDOW], previous, c)

    first, particle = _strip_conj(words[0])
    rest = [first, *words[1:]]
    if first in c.demonstratives:
        return True  # "وهذه الخطوة تأتي ...", "وذلك ..."
    i = 0
    if first in c.particles:  # "وقد شملت ...", "ثم تم ..."
        if particle and first in _QAD and len(rest) > 1:
            return True  # "وقد أشرف على العمليات ...": و + قد opens no new story
        particle, i = True, 1
    if i >= len(rest):
        return False
    verb = rest[i]
    if verb in c.speech_verbs:
        return particle
    if verb in c.reference_verbs:
        return _backref(rest[i + 1 : i + 1 + BACKREF_WINDOW], previous, c)
    return False


def segment(paragraphs: Sequence[str]) -> list[tuple[int, int]]:
    """Bulletins of consecutive paragraphs, as index ranges [first, last] (inclusive, 0-based)."""
    ranges: list[tuple[int, int]] = []
    for k, para in enumerate(paragraphs):
        if ranges and continues(paragraphs[k - 1], para):
            ranges[-1] = (ranges[-1][0], k)
        else:
            ranges.append((k, k))
    return ranges
