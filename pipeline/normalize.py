"""Stage: normalization. Reads `Document.text`; gives `Document.view`.

The original text is never rewritten. `normalize()` builds a second string,
the normalized view used for matching, and a map from each of its characters
back to the original (like spaCy's NORM beside ORTH). Every change is local
to one original character, so a span of the view maps back to a span of the
original that covers exactly the characters it was made from.

What the view changes (camel-tools utilities do the Arabic letter folding, pyarabic knows the marks):
  - Unicode compatibility forms (NFKC: presentation forms, ligatures, "…" -> "...")
  - diacritics and tatweel removed: every mark of `pyarabic.araby.DIACRITICS`, i.e. the harakat,
    tanwin, shadda, sukun and superscript alef, and also the Quranic annotation marks of a quoted
    verse ("عِلۡمٗا") and the honorific signs after a name (U+0610-U+0614), which camel-tools' `dediac_ar`
    keeps; a combining hamza or madda (a decomposed "أ", "آ") goes too, as its alef folds to ا
  - alef forms أ إ آ ٱ -> ا, alef maksura ى -> ي, teh marbuta ة -> ه
  - Arabic-Indic and Persian digits -> ASCII, Arabic decimal/thousands separators -> "." ","
  - typographic quotes “ ” « » „ ‟ ‘ ’ -> '"' ; hashtag "#" dropped, "_" -> " "
  - invisible marks (ZWJ, ZWNJ, LRM, RLM, BOM) dropped; all spaces -> " "
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)
from pyarabic import araby

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MARKS = frozenset(araby.DIACRITICS) | {araby.TATWEEL}  # dropped from the view
_SPECIAL = {
    "#": "",
    "_": " ",
    "\u200c": "",
    "\u200d": "",
    "\u200e": "",
    "\u200f": "",
    "\ufeff": "",
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u060c": "،",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "„": '"',
    "‟": '"',
    "‘": '"',
    "’": '"',
    "\t": " ",
    "\r": " ",
    "\xa0": " ",
}


@lru_cache(maxsize=4096)
def normalize_char(ch: str) -> str:
    """The normalized form of one character (possibly empty or several characters)."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    out = "".join(c for c in normalize_unicode(ch) if c not in _MARKS)
    out = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(out)))
    out = out.translate(_DIGITS)
    if out.isspace():
        out = " " * len(out) if ch != "\n" else "\n"
    return "".join(_SPECIAL.get(c, c) for c in out)


@dataclass(frozen=True)
class NormalizedText:
    """The normalized view of `original`.

    `starts[i]`/`ends[i]` give the original span that normalized character i
    comes from. `to_original(ns, ne)` maps a view span to an original span.
    """

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        """The original span covering view characters [nstart, nend)."""
        if nend <= nstart:
            pos = self.starts[nstart] if nstart < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[nstart], self.ends[nend - 1]

    def to_view(self, ostart: int, oend: int) -> tuple[int, int]:
        """The view span made from original characters [ostart, oend)."""
        ns = bisect.bisect_left(self.starts, ostart)
        ne = bisect.bisect_left(self.starts, oend)
        return ns, ne

    def surface(self, nstart: int, nend: int) -> str:
        s, e = self.to_original(nstart, nend)
        return self.original[s:e]


class _Forms(dict[int, str]):
    """`normalize_char` by code point, learnt as `str.translate` meets characters: one table for
    every text (a text's own table was built again for each of the thousands of lexicon forms)."""

    def __missing__(self, code: int) -> str:
        if len(self) >= 65536:  # bounded: a text of every code point does not keep them all
            self.clear()
        self[code] = rep = normalize_char(chr(code))
        if len(rep) != 1:
            _UNEVEN.add(chr(code))
        return rep


_FORMS = _Forms()
_UNEVEN: set[str] = set()  # the characters met whose form is not one character (dropped, expanded)


def normalize(text: str) -> NormalizedText:
    """Build the normalized view of `text` with its offset map."""
    out = text.translate(_FORMS)  # every character of `text` is in _FORMS, and in _UNEVEN if uneven
    if _UNEVEN.isdisjoint(text):
        # one character for one (most text): the map is the identity
        return NormalizedText(text, out, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    # the identity between the uneven characters; each of those as many times as it gives
    # normalized characters (none when dropped)
    starts: list[int] = []
    last = 0
    for m in _uneven().finditer(text):
        k = m.start()
        starts += range(last, k)
        starts += [k] * len(_FORMS[ord(text[k])])
        last = k + 1
    starts += range(last, len(text))
    return NormalizedText(text, out, tuple(starts), tuple(map((1).__add__, starts)))


_UNEVEN_RE: list = [0, None]  # how many uneven characters the pattern has, the pattern


def _uneven() -> re.Pattern[str]:
    """A pattern of one uneven character (made again when more are met)."""
    if _UNEVEN_RE[0] != len(_UNEVEN):
        _UNEVEN_RE[:] = [len(_UNEVEN), re.compile("[" + "".join(map(re.escape, sorted(_UNEVEN))) + "]")]
    return _UNEVEN_RE[1]


@lru_cache(maxsize=65536)
def norm(s: str) -> str:
    """The normalized form of a string (lexicon entries, cue words), spaces collapsed.

    Cached: the stages ask again and again for the same lexicon forms and names."""
    return " ".join(s.translate(_FORMS).split())
