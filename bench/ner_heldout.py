"""Rules alone and rules + model on held-out news: the NewsFANE test split (`make ner-eval`).

    .venv/bin/python bench/ner_heldout.py [--unit block|sentence] [--segmented] [--json OUT]

The test split of `pipeline.ner_train` (NewsFANE blocks 4 and 9 of every ten
blocks of ten sentences: never trained on, and the rules were never tuned on
it) is read with that module's own functions (`load_splits`: reading, class
map, FACILITY and title rules, split). Each sentence's tokens are joined back
into text (`ner_train.detokenize`) with the character span of each gold mention. FANE's
tokens are clitic-segmented ("و ل الحكومه", "حكومت ه"); the text glues the
pieces back as news writes them ("وللحكومه", "حكومته"), so the rules and the
model read text as they would read a real bulletin (`--segmented` keeps
FANE's segmentation: a space between all tokens but punctuation). The ten
sentences of a block are one document, one sentence a line (a line break is a
sentence boundary of the pipeline, so the model still sees FANE's sentences);
`--unit sentence` makes each sentence its own document. Each document runs
through the whole pipeline twice, `process_text(text, model=False)` and
`process_text(text, model=True)`.

The corpus tokens are already normalized (`ner_train.fold`: no marks, alef
forms, ة → ه, ى → ي); the pipeline reads such text as it reads any other.

Scores per type (PERSON, LOC, ORG, FACILITY, and the four together, a type
having to agree), micro over mentions:

- exact: the same type and the same span, after a leading proclitic is taken
  off both sides alike (FANE's tokens keep an attached و ف ب ل ك, the
  project's surfaces leave it out). The proclitic is the one the project's
  tokenizer finds on the span's first word (`tokenize.split_clitics`), so a
  gold "وبغداد" and a predicted "بغداد" are one span, and "بيروت" keeps its ب.
- lenient: the same type and overlapping characters (a predicted mention is
  correct when it overlaps a gold one of its type, a gold one is found when a
  predicted one of its type overlaps it).

Entities of the pipeline's other types (DATE, PROGRAM, CONDITION, PROCEDURE)
are not scored; the number of them that overlap a gold mention is printed,
with the type confusions among the four types (lenient overlap).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ner import TYPES, bio_spans  # noqa: E402
from pipeline.ner_train import Sentence, detokenize, load_splits, prf  # noqa: E402
from pipeline.process import process_text  # noqa: E402
from pipeline.tokenize import split_clitics  # noqa: E402

Mention = tuple[str, int, int]  # type, start, end (characters of the document's text)


def gold_mentions(
    words: list[str], tags: list[str], offset: int = 0, glue: bool = True
) -> tuple[str, list[Mention]]:
    """The text of one sentence and its gold mentions as character spans (shifted by offset)."""
    text, spans = detokenize(words, glue)
    return text, [(t, offset + spans[i][0], offset + spans[j - 1][1]) for t, i, j in bio_spans(tags)]


def documents(sents: list[Sentence], per: int, glue: bool = True) -> list[tuple[str, list[Mention]]]:
    """Documents of `per` consecutive sentences, one a line, with their gold mentions."""
    docs = []
    for k in range(0, len(sents), per):
        lines: list[str] = []
        gold: list[Mention] = []
        offset = 0
        for words, tags in sents[k : k + per]:
            text, mentions = gold_mentions(words, tags, offset, glue)
            lines.append(text)
            gold += mentions
            offset += len(text) + 1
        docs.append(("\n".join(lines), gold))
    return docs


def unprocliticized(text: str, m: Mention) -> Mention:
    """The mention without the proclitic the tokenizer finds on its first word."""
    t, s, e = m
    first = text[s:e].split(" ", 1)[0]
    p = split_clitics(first)[0]
    return (t, s + len(p), e) if p and len(p) < e - s else m


def overlaps(a: Mention, b: Mention) -> bool:
    return a[1] < b[2] and b[1] < a[2]


def count(text: str, gold: list[Mention], pred: list[Mention], counts: dict) -> None:
    """Add one document's exact and lenient (tp, fp, fn) per type to counts[mode][type]."""
    g_ex = {unprocliticized(text, m) for m in gold}
    p_ex = {unprocliticized(text, m) for m in pred}
    for t in TYPES:
        g = {m for m in g_ex if m[0] == t}
        p = {m for m in p_ex if m[0] == t}
        c = counts["exact"][t]
        c[0], c[1], c[2] = c[0] + len(g & p), c[1] + len(p - g), c[2] + len(g - p)
        g = [m for m in gold if m[0] == t]
        p = [m for m in pred if m[0] == t]
        c = counts["lenient"][t]
        c[0] += sum(any(overlaps(x, y) for y in g) for x in p)  # correct predictions
        c[1] += sum(not any(overlaps(x, y) for y in g) for x in p)
        c[2] += sum(not any(overlaps(y, x) for x in p) for y in g)
        c[3] += sum(any(overlaps(y, x) for x in p) for y in g)  # gold found


def scores(counts: dict) -> dict[str, dict[str, dict]]:
    """P/R/F1 per mode and type. Lenient recall counts found gold mentions, precision correct ones."""
    out: dict[str, dict[str, dict]] = {}
    for mode, per_type in counts.items():
        rows = {**per_type, "all": [sum(c[n] for c in per_type.values()) for n in range(4)]}
        out[mode] = {}
        for t, (tp, fp, fn, found) in rows.items():
            r = prf(tp, fp, fn)
            if mode == "lenient":
                rec = prf(found, fp, fn)["r"]
                f1 = 2 * r["p"] * rec / (r["p"] + rec) if r["p"] + rec else 0.0
                r = {**r, "r": rec, "f1": round(f1, 4), "found": found}
            out[mode][t] = r
    return out


def evaluate(docs: list[tuple[str, list[Mention]]], model: bool) -> dict:
    counts = {mode: {t: [0, 0, 0, 0] for t in TYPES} for mode in ("exact", "lenient")}
    confusion: Counter[tuple[str, str]] = Counter()
    t0 = time.perf_counter()
    for n, (text, gold) in enumerate(docs):
        doc = process_text(text, doc_id=f"fane-test-{n}", model=model)
        pred = [(e.type, e.start, e.end) for e in doc.entities if e.type in TYPES]
        count(text, gold, pred, counts)
        for g in gold:
            if any(overlaps(g, p) and p[0] == g[0] for p in pred):
                continue
            others = {e.type for e in doc.entities if overlaps(g, (e.type, e.start, e.end))}
            for t in others or {"-"}:
                confusion[(g[0], t)] += 1
    seconds = time.perf_counter() - t0
    return {
        "scores": scores(counts),
        "missed_gold_overlapped_by": {f"{g}->{p}": c for (g, p), c in sorted(confusion.items())},
        "seconds": round(seconds, 1),
        "documents": len(docs),
    }


def table(results: dict[str, dict]) -> str:
    lines = [
        "| type | match | rules P | rules R | rules F1 | +model P | +model R | +model F1 | ΔR |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in [*TYPES, "all"]:
        for mode in ("exact", "lenient"):
            a = results["rules"]["scores"][mode][t]
            b = results["model"]["scores"][mode][t]
            lines.append(
                f"| {t} | {mode} | {a['p']:.3f} | {a['r']:.3f} | {a['f1']:.3f} "
                f"| {b['p']:.3f} | {b['r']:.3f} | {b['f1']:.3f} | {b['r'] - a['r']:+.3f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unit", choices=("block", "sentence"), default="block", help="what one document is")
    ap.add_argument(
        "--segmented", action="store_true", help="keep FANE's clitic segmentation (no re-attachment)"
    )
    ap.add_argument("--json", type=Path, help="also write the full results here")
    args = ap.parse_args(argv)
    test = load_splits()["test"]
    docs = documents(test, 10 if args.unit == "block" else 1, glue=not args.segmented)
    gold = Counter(m[0] for _, ms in docs for m in ms)
    print(f"{len(test)} test sentences, {len(docs)} documents, gold mentions {dict(gold)}", flush=True)
    results = {"rules": evaluate(docs, model=False), "model": evaluate(docs, model=True)}
    print(table(results))
    for name, r in results.items():
        print(f"{name}: {r['seconds']} s; missed gold overlapped by: {r['missed_gold_overlapped_by']}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
