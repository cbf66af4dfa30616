"""Build lexicons/person_names.tsv (given names, family names, common words) from open data.

Source: WikiFANE Gold 2014 (Fahd Alotaibi and Mark Lee, University of Birmingham),
the Arabic Wikipedia part only (`WikiFANE_Gold_2014_500K.txt`), CC BY-SA 3.0.
The newswire part (NewsFANE) is not read: it is kept apart as a model test split.

A person mention is a B-/I- run of one of the person classes (Politician, Artist,
Scientist, ...; not "Group"). A given name is the first word of a mention, a family
name the last word of a mention of two words or more. A word is kept when it is
seen there often enough (`--min`) and when most of its occurrences in the corpus
are inside person mentions (`--ratio`): "الملك" or "مدينة" are not names.
A common word is a definite word seen `--common` times or more and almost never
(under 10%) inside a person's name ("الوفد", "التعامل"): a name does not run over it.

    python scripts/build_names.py [--zip PATH] [--out lexicons/person_names.tsv]
    make names SHARED=../shared        (the same, from the Makefile)
"""

from __future__ import annotations

import argparse
import re
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ZIP = ROOT.parent / "shared" / "data" / "ner" / "WikiFANE_2014_Gold_standard.zip"
MEMBER = "WikiFANE_2014_Gold_standard/WikiFANE_Gold_2014_500K.txt"
PERSON_CLASSES = frozenset(
    {
        "Politician",
        "Religious_PER",
        "Artist",
        "Other_PER",
        "Scientist",
        "Athlete",
        "Businessperson",
        "Engineer",
        "Police",
        "Lawyer",
    }
)
# Name particles: parts of a name, never a given or family name of their own.
PARTICLES = frozenset("بن بنت ابن ابو ابي اب ابا ام ال عبد ذو ذي دي فون فان دا لا".split())
COMPOUND_FIRST = frozenset({"عبد", "ابو"})  # "عبد الله" is also written "عبدالله"
ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{2,}$")
DIACRITICS = re.compile(r"[\u064b-\u0652\u0640]")


def _clean(token: str) -> str:
    token = token.replace("\u200e", "").replace("\u200f", "").strip()
    return DIACRITICS.sub("", token)


def read_mentions(path: Path) -> tuple[list[list[str]], Counter[str]]:
    """Person mentions (lists of words) and the count of every word of the corpus."""
    with zipfile.ZipFile(path) as z:
        lines = z.read(MEMBER).decode("utf-8-sig").splitlines()
    mentions: list[list[str]] = []
    words: Counter[str] = Counter()
    current: list[str] | None = None
    current_class = ""
    for line in lines:
        cells = line.rstrip("\r").split("\t")
        token = _clean(cells[0]) if cells else ""
        tag = cells[1].strip() if len(cells) > 1 else "O"
        if token:
            words[token] += 1
        if tag.startswith("I-") and current is not None and tag[2:] == current_class:
            current.append(token)
            continue
        if current:
            mentions.append(current)
        current = None
        if tag.startswith("B-") and tag[2:] in PERSON_CLASSES:
            current, current_class = [token], tag[2:]
    if current:
        mentions.append(current)
    return mentions, words


def name_counts(mentions: list[list[str]]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(first words, last words, words anywhere in a mention), compounds joined too."""
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for m in mentions:
        m = [w for w in m if w]
        if not m:
            continue
        inside.update(m)
        head = m[0]
        if head in COMPOUND_FIRST and len(m) > 1:
            first[head + m[1]] += 1  # "عبد الله" -> "عبدالله"
        else:
            first[head] += 1
        if len(m) >= 2 and m[-1] not in PARTICLES:
            last[m[-1]] += 1
    return first, last, inside


def select(
    counts: Counter[str], inside: Counter[str], words: Counter[str], minimum: int, ratio: float
) -> list[tuple[str, int]]:
    out = []
    for w, n in counts.items():
        if n < minimum or w in PARTICLES or not ARABIC_WORD.match(w) or len(w) < 3:
            continue
        if w.startswith("لل") or (w[0] in "وبلفك" and w[1:] in counts) or w == "عبدا":
            continue  # a name behind a proclitic ("لغازان"), a cut compound
        if len(w) == 3 and n < 2:
            continue  # a short word seen once ("لاح"): too likely a cut of another word
        if any(words.get(p + w, 0) > words.get(w, 0) for p in "وفبلك"):
            continue  # "يان" (in "بيان"), "جان" ("لجان"): the tokenizer would split those words
        # Most occurrences of the word (as a whole token) must be inside a person's name.
        total = words.get(w, 0)
        if total and inside.get(w, 0) / total < ratio:
            continue
        out.append((w, n))
    return sorted(out, key=lambda x: (-x[1], x[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zip", type=Path, default=DEFAULT_ZIP)
    ap.add_argument("--out", type=Path, default=ROOT / "lexicons" / "person_names.tsv")
    ap.add_argument("--min", type=int, default=1, help="least count as a first (last) word of a name")
    ap.add_argument("--ratio", type=float, default=0.8, help="least share of a word's tokens inside names")
    ap.add_argument("--common", type=int, default=3, help="least count of a definite common word")
    args = ap.parse_args()

    mentions, words = read_mentions(args.zip)
    first, last, inside = name_counts(mentions)
    given = [(w, n) for w, n in select(first, inside, words, args.min, args.ratio) if not w.startswith("ال")]
    given_words = {w for w, _ in given}
    family = [(w, n) for w, n in select(last, inside, words, args.min, args.ratio) if w not in given_words]
    names_ = given_words | {w for w, _ in family}
    common = sorted(
        (
            (w, n)
            for w, n in words.items()
            if w.startswith("ال")
            and ARABIC_WORD.match(w)
            and n >= args.common
            and inside.get(w, 0) < 0.1 * n
            and w not in names_
        ),
        key=lambda x: (-x[1], x[0]),
    )
    rows = [("given", w, n) for w, n in given] + [("family", w, n) for w, n in family]
    rows += [("common", w, n) for w, n in common]
    header = [
        "# Given names, family names and common words, generated by scripts/build_names.py (`make names`).",
        "# Source: WikiFANE Gold 2014, Arabic Wikipedia part (Fahd Alotaibi and Mark Lee,",
        "# University of Birmingham), CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/):",
        "# this file is shared under the same license.",
        f"# First (given) and last (family) words of {len(mentions)} person mentions; a word is kept",
        f"# when seen there at least {args.min} time(s) and when {args.ratio:.0%} or more of its occurrences are",
        "# inside person names. The corpus writes alef without hamza; matching folds hamza anyway.",
        f"# kind common: definite words seen {args.common} times or more, under 10% of them inside a name.",
        "id\tname_en\tar\tkind\tcount",
    ]
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for n, (kind, w, count) in enumerate(rows, 1):
            name_en = "common word" if kind == "common" else f"{kind} name"
            f.write(f"{kind[0]}{n:05d}\t{name_en}\t{w}\t{kind}\t{count}\n")
    print(f"{args.out}: {len(given)} given, {len(family)} family names, {len(common)} common words")


if __name__ == "__main__":
    main()
