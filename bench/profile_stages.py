"""Where the stages spend their time (`make profile`; not a test).

Runs the stages under cProfile on the bench corpus (articles of real length) or on one long
document, and writes the functions sorted by cumulative and by own time.

    .venv/bin/python bench/profile_stages.py [--docs 200] [--long CHARS] [--repeat-sentence N] [--out FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import NEWS, PROCEDURE_SENTENCE, articles, paragraphs  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.process import process  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200, help="articles of the bench corpus")
    ap.add_argument("--long", type=int, default=0, metavar="CHARS", help="one document this long instead")
    ap.add_argument(
        "--repeat-sentence", type=int, default=0, metavar="N", help="one procedure sentence N times"
    )
    ap.add_argument("--news", type=Path, default=NEWS)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "profile.txt")
    args = ap.parse_args()
    paras = paragraphs(args.news)
    if args.repeat_sentence:
        texts, what = (
            [PROCEDURE_SENTENCE * args.repeat_sentence],
            f"{args.repeat_sentence} x a procedure sentence",
        )
    elif args.long:
        text = ""
        for t in articles(10_000, 0, paras):
            text += t + "\n"
            if len(text) >= args.long:
                break
        texts, what = [text[: args.long]], f"one document of {args.long} characters"
    else:
        texts, what = articles(args.docs, 0, paras), f"{args.docs} articles"
    process(Document(doc_id="warm", text=texts[0][:2000]))  # lexicons and model loaded outside the profile
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    for k, text in enumerate(texts):
        process(Document(doc_id=f"p:{k}", text=text))
    profiler.disable()
    elapsed = time.perf_counter() - t0
    buf = io.StringIO()
    print(f"{what}: {elapsed:.2f} s under the profiler\n", file=buf)
    stats = pstats.Stats(profiler, stream=buf).strip_dirs()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(buf.getvalue(), encoding="utf-8")
    print(buf.getvalue()[:200].splitlines()[0], f"-> {args.out}")


if __name__ == "__main__":
    main()
