"""A collection with reposted and rewritten copies, and the evaluation of `pipeline.duplicates`.

The originals are the sample bulletins of `corpus/` and the development
bulletins of ../shared/gold/{seeds,news}.input.jsonl, read where they are at
run time (never copied into the repository). Each original gets copies made
the way agencies and newspapers repost a bulletin:

  spacing     whitespace and punctuation changed (spaces doubled, commas dropped
              or swapped, a full stop added)
  headline    a headline line added on top (the bulletin's first words)
  reordered   two sentences swapped
  edited      one sentence changed (words dropped, an attribution inserted)
  combined    a headline added and the sentences reordered
  heavy       all of it: spacing, one sentence changed, sentences reordered, a headline

Reposts are published the same day or up to two days later, and come after their
original in the collection (at a random place). Copies of these
kinds are near-duplicates of their original (truth: the same group). A
`recount` copy changes one count (a digit) of the bulletin: it is other news
told alike, a group of its own.

    .venv/bin/python bench/make_duplicates.py --out outputs/dupes           # writes the collection
    .venv/bin/python bench/make_duplicates.py --out outputs/dupes --eval    # and evaluates (make dupes-eval)

Files: `collection.jsonl` (id, text, published, source: the input of `bulletins
run`) and `truth.jsonl` (id, group: the id of the original whose copy it is,
kind). `--eval` processes the collection, links it (`pipeline.duplicates.link`)
and prints the pairwise precision and recall of the duplicate groups, the
event clusters that join two different development bulletins, and whether the
aggregates with the reposts equal those without them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.duplicates import NUM_PERM, THRESHOLD, aggregates, link, sketch, words  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.process import process  # noqa: E402

REPOSTS = ("spacing", "headline", "reordered", "edited", "combined", "heavy")
ATTRIBUTIONS = ("بحسب بيان صادر عن المكتب الإعلامي", "وفق ما أفاد مصدر مسؤول", "حسب ما نشرته الصفحة الرسمية")
_SENTENCE_END = re.compile(r"(?<=[.!؟\n])\s*")


def originals(shared: Path) -> list[dict]:
    """The sample and development bulletins: id, text, published, source."""
    out = [
        {"id": d.doc_id, "text": d.text, "published": d.published, "source": "corpus"}
        for d in ingest([ROOT / "corpus"])
        if isinstance(d, Document)
    ]
    seen = {d["id"] for d in out}
    for name in ("seeds", "news"):  # the seeds are the corpus bulletins: each is taken once
        with open(shared / "gold" / f"{name}.input.jsonl", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line) if line.strip() else None
                if d is not None and d["id"] not in seen:
                    seen.add(d["id"])
                    out.append(
                        {"id": d["id"], "text": d["text"], "published": d.get("published"), "source": name}
                    )
    return out


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def spacing(text: str, rng: random.Random) -> str:
    text = text.replace(" ", "  ", 3).replace("،", "," if rng.random() < 0.5 else "", 2)
    return text.rstrip(".") + " ." if rng.random() < 0.5 else text + "."


def headline(text: str, rng: random.Random) -> str:
    first = sentences(text)[0].split()
    return " ".join(first[: rng.randint(5, 9)]).rstrip("،,.") + "\n" + text


def reordered(text: str, rng: random.Random) -> str:
    parts = sentences(text)
    if len(parts) < 2:
        return headline(text, rng)
    i = rng.randrange(len(parts) - 1)
    parts[i], parts[i + 1] = parts[i + 1], parts[i]
    return " ".join(p.strip() for p in parts)


def edited(text: str, rng: random.Random) -> str:
    """One sentence changed, its facts kept: two words outside every extracted span (entity,
    date, count, decree) dropped, or an attribution added at the end of the sentence."""
    doc = process(Document(doc_id="edited", text=text))
    facts = [(x.start, x.end) for x in doc.spans()]
    free = [m for m in re.finditer(r"\S+", text) if all(m.end() <= a or m.start() >= b for a, b in facts)]
    pairs = [(m, n) for m, n in zip(free, free[1:], strict=False) if text[m.end() : n.start()] == " "]
    if pairs and rng.random() < 0.5:
        m, n = rng.choice(pairs)
        return text[: m.start()] + text[n.end() + 1 :]
    ends = [m.start() for m in re.finditer(r"[.!؟](?=\s|$)|\n", text)] or [len(text)]
    at = rng.choice(ends)
    return text[:at] + "، " + rng.choice(ATTRIBUTIONS) + text[at:]


def combined(text: str, rng: random.Random) -> str:
    return headline(reordered(text, rng), rng)


def heavy(text: str, rng: random.Random) -> str:
    return headline(reordered(edited(spacing(text, rng), rng), rng), rng)


def recount(text: str, rng: random.Random) -> str | None:
    """One count changed: other news, not a repost (None when the bulletin has no count in digits).

    The counts are the pipeline's quantities written in digits ("6 عمليات")."""
    doc = process(Document(doc_id="recount", text=text))
    digits = [re.match(r"\d+", q.text) for q in doc.quantities]
    spans = [(q.start, q.start + m.end()) for q, m in zip(doc.quantities, digits, strict=True) if m]
    if not spans:
        return None
    start, end = rng.choice(spans)
    return text[:start] + str(int(text[start:end]) + rng.randint(1, 9)) + text[end:]


VARIANTS = {
    "spacing": spacing,
    "headline": headline,
    "reordered": reordered,
    "edited": edited,
    "combined": combined,
    "heavy": heavy,
}


def collection(shared: Path, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    docs, truth, keys = [], [], []
    for orig in originals(shared):
        at = rng.random()  # the original's place in the collection; its copies come after it

        def add(doc: dict, group: str, kind: str, at: float) -> None:
            docs.append(doc)
            truth.append({"id": doc["id"], "group": group, "kind": kind})
            keys.append(at)

        add(orig, orig["id"], "original", at)
        for kind in rng.sample(REPOSTS, rng.randint(1, 3)):
            published = orig["published"]
            if published:
                published = (date.fromisoformat(published) + timedelta(days=rng.randint(0, 2))).isoformat()
            text = VARIANTS[kind](orig["text"], rng)
            copy = {**orig, "id": f"{orig['id']}~{kind}", "text": text, "published": published}
            add(copy, orig["id"], kind, at + rng.random() * (1 - at))
        other = recount(orig["text"], rng) if rng.random() < 0.5 else None
        if other is not None:
            copy_id = f"{orig['id']}~recount"
            add({**orig, "id": copy_id, "text": other}, copy_id, "recount", at + rng.random() * (1 - at))
    order = sorted(range(len(docs)), key=keys.__getitem__)
    return [docs[i] for i in order], [truth[i] for i in order]


# --------------------------------------------------------------------------- evaluation


def pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair of ids in the same group."""
    members: dict[str, list[str]] = {}
    for doc_id, group in groups.items():
        members.setdefault(group, []).append(doc_id)
    return {tuple(sorted(p)) for ids in members.values() for p in combinations(ids, 2)}


def linked(docs: list[Document]) -> list[Document]:
    """Fresh copies of processed documents, linked as one run."""
    copies = [d.model_copy(deep=True) for d in docs]
    for d in copies:
        d.duplicate_of = d.similarity = None
        for e in d.events:
            e.cluster_id = None
    link(copies)
    return copies


def evaluate(docs: list[dict], truth: list[dict]) -> dict:
    processed = {
        d["id"]: process(Document(doc_id=d["id"], text=d["text"], published=d["published"])) for d in docs
    }
    run = linked([processed[d["id"]] for d in docs])
    predicted = {d.doc_id: d.duplicate_of or d.doc_id for d in run}
    gold = {t["id"]: t["group"] for t in truth}
    pp, gp = pairs(predicted), pairs(gold)
    tp = len(pp & gp)
    kinds = {t["id"]: t["kind"] for t in truth}
    misses = sorted(p for p in gp - pp)
    wrong = sorted(p for p in pp - gp)

    # Different happenings merged: a cluster with events of two different originals (the
    # copies of one original, recounts too, tell its happenings), or two events of one bulletin.
    origin = {t["id"]: t["id"].split("~")[0] for t in truth}
    members: dict[str, list[tuple[str, str]]] = {}
    for d in run:
        for e in d.events:
            members.setdefault(e.cluster_id, []).append((origin[d.doc_id], d.doc_id))
    across = [c for c, m in members.items() if len({g for g, _ in m}) > 1]
    within = [c for c, m in members.items() if len({i for _, i in m}) < len(m)]

    # Aggregates: the originals alone vs the originals with their reposts (no recounts).
    base = [processed[t["id"]] for t in truth if t["kind"] == "original"]
    with_reposts = [processed[t["id"]] for t in truth if t["kind"] != "recount"]
    agg_base = sorted(r.model_dump_json() for r in aggregates(linked(base)))
    agg_all = sorted(r.model_dump_json() for r in aggregates(linked(with_reposts)))
    # The margins of the threshold: the least similar repost pair, the most similar other pair.
    sketches = {d["id"]: sketch(words(d["text"])) for d in docs}
    same, recounts, other = [], [], []
    for a, b in combinations(sketches, 2):
        told = same if (a, b) in gp or (b, a) in gp else recounts if origin[a] == origin[b] else other
        told.append(sum(map(int, sketches[a] == sketches[b])) / NUM_PERM)  # the share of equal values
    return {
        "least_similar_reposts": min(same, default=None),
        "most_similar_recount": max(recounts, default=None),
        "most_similar_others": max(other, default=None),
        "bulletins": len(docs),
        "groups": len(set(gold.values())),
        "pairs": len(gp),
        "precision": tp / len(pp) if pp else 1.0,
        "recall": tp / len(gp) if gp else 1.0,
        "missed": [(a, b, kinds[a], kinds[b]) for a, b in misses],
        "false": [(a, b, kinds[a], kinds[b]) for a, b in wrong],
        "clusters": len(members),
        "clusters_across_bulletins": across,
        "clusters_within_bulletin": within,
        "aggregates_rows": len(agg_base),
        "aggregates_equal": agg_base == agg_all,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path("../shared"), help="the shared folder (holds gold/)"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for collection.jsonl and truth.jsonl")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--eval", action="store_true", help="process the collection and print the figures")
    args = parser.parse_args(argv)
    docs, truth = collection(args.shared, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("collection.jsonl", docs), ("truth.jsonl", truth)):
        with open(args.out / name, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    print(f"{len(docs)} bulletins, {len({t['group'] for t in truth})} groups -> {args.out}", file=sys.stderr)
    if not args.eval:
        return 0
    r = evaluate(docs, truth)
    print(f"duplicate pairs: {r['pairs']}  precision {r['precision']:.3f}  recall {r['recall']:.3f}")
    print(
        f"Jaccard estimates (threshold {THRESHOLD}): least similar repost pair {r['least_similar_reposts']:.3f}; "
        f"most similar pair of different bulletins {r['most_similar_others']:.3f}, "
        f"of a bulletin and its recount {r['most_similar_recount']:.3f} (told apart by the fact guard)"
    )
    for label in ("missed", "false"):
        for a, b, ka, kb in r[label]:
            print(f"  {label}: {a} ({ka}) ~ {b} ({kb})")
    print(
        f"event clusters: {r['clusters']}; joining two different bulletins: {len(r['clusters_across_bulletins'])}"
        f"; joining two events of one bulletin: {len(r['clusters_within_bulletin'])}"
    )
    for c in r["clusters_across_bulletins"] + r["clusters_within_bulletin"]:
        print(f"  cluster {c}")
    print(f"aggregates ({r['aggregates_rows']} rows) with reposts == without: {r['aggregates_equal']}")
    ok = r["precision"] >= 0.95 and r["recall"] >= 0.95 and not r["clusters_across_bulletins"]
    return 0 if ok and r["aggregates_equal"] else 1


if __name__ == "__main__":
    sys.exit(main())
