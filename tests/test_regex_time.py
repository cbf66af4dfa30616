"""Every regular expression applied to input text runs in reasonable time on adversarial input.

Each compiled pattern of the pipeline (module constants, and the patterns
built from the lexicons by `dates.patterns()` and `decrees.grammar()`) is run
the way the code applies it over 10,000-character strings made to provoke
backtracking: a paragraph of dots before a word, a 10,000-character hashtag,
long runs of spaces, digits, separators. The bound is generous (a run takes
milliseconds): the point is that nothing blows up (a nested quantifier over
overlapping classes takes hours on such strings).
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import random
import re
import time

import pytest

import pipeline

N = 10_000
BOUND_S = 2.0

# How the code applies a pattern when it is not scanned over a whole text
# (search/finditer/findall/sub/split): "match" patterns are tried at one place.
ANCHORED = {
    "ingest._CORE_CHAR",
    "ingest._DATE",
    "segment._DATELINE",
    "segment._TAG_CHUNK",
    "tokenize._ARABIC",
    "dates.patterns.muwafiq",
    "dates.patterns.range_gap",
    "decrees.grammar.subject",
    "decrees.grammar.issued_by",
}
# Applied to short windows of the text only (40 and 12 characters before a date).
WINDOWED = {"dates.patterns.range_head": 40, "dates.patterns.not_today": 12}


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.iter_modules(pipeline.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"pipeline.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{info.name}.{name}"] = value
    from pipeline import dates, decrees

    for label, holder in (("dates.patterns", dates.patterns()), ("decrees.grammar", decrees.grammar())):
        for f in dataclasses.fields(holder):
            value = getattr(holder, f.name)
            if isinstance(value, re.Pattern):
                found[f"{label}.{f.name}"] = value
    return found


def _adversarial() -> dict[str, str]:
    rnd = random.Random(11)
    pieces = [*"ال و1 2.,-–/()#:،؛\n", "من ", "في ", "عام ", "مارس ", "قرار ", "رقم ", "http://", "#"]
    return {
        "dots then a word": "." * (N - 4) + "كلمة",
        "one long hashtag": "#" + "ا" * (N - 1),
        "letters without a space": "ا" * N,
        "words": "ا " * (N // 2),
        "spaces then a letter": " " * (N - 1) + "x",
        "digits": "1" * N,
        "digit dash digit": "1 - " * (N // 4) + "x",
        "thousands separators": "1," * (N // 2) + "x",
        "slashes": "1/" * (N // 2) + "x",
        "parentheses": "(" * N,
        "arabic commas": "، " * (N // 2),
        "article and conjunction": "وال" * (N // 3),
        "a preposition repeated": "من " * (N // 3),
        "a random mix": "".join(rnd.choice(pieces) for _ in range(N))[:N],
    }


PATTERNS = _patterns()
STRINGS = _adversarial()


def test_the_tables_name_real_patterns() -> None:
    assert ANCHORED <= PATTERNS.keys() and WINDOWED.keys() <= PATTERNS.keys()
    assert len(PATTERNS) >= 30  # the collection itself works


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_fast_on_adversarial_text(name: str) -> None:
    pattern = PATTERNS[name]
    slow = []
    for label, text in STRINGS.items():
        text = text[-WINDOWED[name] :] if name in WINDOWED else text
        subject: str | bytes = text.encode() if isinstance(pattern.pattern, bytes) else text
        t0 = time.perf_counter()
        if name in ANCHORED:
            pattern.match(subject)
            pattern.fullmatch(subject)
        else:
            for _ in pattern.finditer(subject):
                pass
        took = time.perf_counter() - t0
        if took > BOUND_S:
            slow.append(f"{label}: {took:.1f}s")
    assert not slow, f"{name} ({pattern.pattern[:80]}...) is slow on " + ", ".join(slow)


@pytest.mark.parametrize(
    "paragraph",
    [
        "." * 40 + " إعلان",  # took about a day before _TAGS_ONLY was made linear
        "#" + "الصحة_" * 12 + "ليبيا",  # a 71-character hashtag
        "مستشفى" * 2000,  # a dateline candidate of 12,000 characters without a space
    ],
)
def test_segmentation_of_pathological_paragraphs_is_fast(paragraph: str) -> None:
    from pipeline.segment import segment

    t0 = time.perf_counter()
    segment(["أعلنت وزارة الصحة عن حملة تطعيم جديدة.", paragraph])
    assert time.perf_counter() - t0 < BOUND_S
