"""Throughput of the pipeline on a synthetic corpus (`make bench`; not a test).

The corpus is made from the sample bulletins of `corpus/`, repeated with
variations (other counts, paragraphs of one bulletin appended to another), so
that no two documents are the same text. Prints documents per second for the
stages alone (`process`) and for a whole `run` (ingest, segmentation, stages,
every output file).

    .venv/bin/python bench/bench.py [--docs 2000] [--seed 0] [--no-model]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.run import run  # noqa: E402


def sample_texts() -> list[str]:
    docs = [d for d in ingest([ROOT / "corpus"]) if isinstance(d, Document)]
    return [d.text for d in docs]


def synthetic(n: int, seed: int) -> list[str]:
    """n varied bulletins: numbers changed at random, sometimes a paragraph of another appended."""
    rng = random.Random(seed)
    base = sample_texts()
    out = []
    for i in range(n):
        text = re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), base[i % len(base)])
        if rng.random() < 0.3:
            text += "\n" + rng.choice(base).split("\n")[-1]
        out.append(text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--model", action=argparse.BooleanOptionalAction, default=True, help="the NER model stage"
    )
    args = ap.parse_args()
    texts = synthetic(args.docs, args.seed)
    chars = sum(len(t) for t in texts)

    process(Document(doc_id="warmup", text=texts[0]), model=args.model)  # lexicons loaded, caches warm
    t0 = time.perf_counter()
    for k, text in enumerate(texts):
        process(Document(doc_id=f"bench:{k}", text=text), model=args.model)
    t_stages = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for k, text in enumerate(texts):
                f.write(json.dumps({"id": f"bench:{k}", "text": text}, ensure_ascii=False) + "\n")
        t0 = time.perf_counter()
        result = run([src], Path(tmp) / "out", progress=False, model=args.model)
        t_run = time.perf_counter() - t0

    print(f"corpus: {args.docs} documents, {chars} characters (seed {args.seed}, model {args.model})")
    print(f"stages only: {t_stages:7.2f} s  {args.docs / t_stages:8.1f} docs/s")
    print(f"whole run:   {t_run:7.2f} s  {args.docs / t_run:8.1f} docs/s  ({result.events} events)")


if __name__ == "__main__":
    main()
