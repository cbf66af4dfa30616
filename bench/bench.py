"""What a user of the pipeline sees, timed (`make bench`; not a test).

The corpus: articles of real length (about 1,700 characters on average) made of
paragraphs of real bulletins — the samples of `corpus/` and, when present, the
texts of `../shared/gold/news.input.jsonl` (read here at run time, never copied
into the repository) — with numbers varied so that no two articles are the same.

Measured, each several times (the median is printed):

- the whole command `python -m pipeline run CORPUS --out DIR --jobs N` as a child
  process, for --jobs 1 and --jobs 2: wall time, CPU time (user + system of the
  child and its workers, from `resource.getrusage(RUSAGE_CHILDREN)`), documents/s,
  MB/s of text, and peak memory (`ru_maxrss` of the largest process);
- `spacy.blank("ar").pipe` tokenization of the same texts, CPU time, in this
  process, and the ratio pipeline CPU / spaCy CPU (issue #10: goal 3x, at most 4x);
  the start-up (a run of one article), and the CPU of each part of the work in this
  process (tokens, each stage, signatures, linking and writing the files), each as a
  ratio to spaCy's;
- long documents: one 1 MB bulletin of real text, and one bulletin repeating a
  procedure sentence 1,000 times (each a whole run, with a time limit);
- when asked (`--memory 2000,20000`), peak memory against corpus size: a whole run
  (`--jobs` first value, `--no-report` unless `--memory-report`) on corpora of each size,
  its peak as `ru_maxrss` of its largest process (the run or a worker, from
  `getrusage(RUSAGE_CHILDREN)` in a wrapper process of its own) and the peak of the sum
  of its processes' RSS (sampled every 0.2 s), and the ratio largest / smallest corpus
  (issue #10: at most 1.2). `--no-timing` measures memory only.

    .venv/bin/python bench/bench.py [--docs 400] [--repeat 3] [--jobs 1,2] [--no-long]
    .venv/bin/python bench/bench.py --memory 2000,20000 --no-timing --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "gold" / "news.input.jsonl"
PROCEDURE_SENTENCE = "أجرى الفريق الطبي بمستشفى الجلاء 12 عملية قسطرة قلبية ناجحة يوم الأحد. "


def paragraphs(news: Path | None) -> list[str]:
    """The paragraphs of the sample bulletins and of the news texts when the file exists."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    if news is not None and news.is_file():
        with news.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    return [p.strip() for t in texts for p in t.split("\n") if len(p.strip()) > 40]


def articles(n: int, seed: int, paras: list[str], mean_chars: int = 1700) -> list[str]:
    """n articles of paragraphs drawn at random, lengths spread around `mean_chars`."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        target = rng.uniform(0.4, 1.6) * mean_chars
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), rng.choice(paras)))
        out.append("\n".join(parts))
    return out


def write_jsonl(path: Path, texts: list[str], prefix: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        for k, text in enumerate(texts):
            f.write(json.dumps({"id": f"{prefix}:{k}", "text": text}, ensure_ascii=False) + "\n")


@dataclass
class Timing:
    wall: float
    cpu: float
    maxrss_mb: float
    ok: bool


def run_cli(src: Path, out: Path, jobs: int, extra: list[str], timeout: float | None) -> Timing:
    """One whole `pipeline run` in a child process: wall, CPU of the child and its workers, peak RSS."""
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--quiet"]
    cmd += ["--jobs", str(jobs), *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, stderr = proc.communicate(timeout=timeout)
        ok = proc.returncode in (0, 1)  # 1: something rejected, outputs written
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        ok, stderr = False, b"timed out"
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not ok:
        print(f"  run failed ({proc.returncode}): {stderr.decode(errors='replace')[-500:]}", file=sys.stderr)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: runs go from the smallest
    # corpus to the largest, so it is this run's peak unless an earlier run was bigger.
    return Timing(wall, cpu, after.ru_maxrss / 1024, ok)


# Runs the command given in its arguments; prints the largest ru_maxrss (kB) of it and its workers.
_WRAPPER = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def peak_memory(src: Path, out: Path, jobs: int, extra: list[str]) -> tuple[float, float, float, bool]:
    """(largest process's peak RSS MB, peak of the sum of the run's processes' RSS MB, wall s, ok)
    of one whole run in a wrapper process of its own."""
    import psutil

    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--quiet"]
    cmd = [sys.executable, "-c", _WRAPPER, *cmd, "--jobs", str(jobs), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wrapper, total = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        rss = 0
        try:
            for child in wrapper.children(recursive=True):
                rss += child.memory_info().rss
        except psutil.Error:
            pass  # a process ended while it was read: the next sample counts again
        total = max(total, rss / 2**20)
        time.sleep(0.2)
    stdout, stderr = proc.communicate()
    ok = proc.returncode in (0, 1)
    if not ok:
        print(f"  run failed ({proc.returncode}): {stderr.decode(errors='replace')[-500:]}", file=sys.stderr)
    largest = int(stdout.split()[-1]) / 1024 if stdout.split() else float("nan")
    return largest, total, time.perf_counter() - t0, ok


def memory_lines(
    sizes: list[int], args: argparse.Namespace, paras: list[str], extra: list[str], tmp: Path
) -> None:
    """Peak memory of a whole run for each corpus size, and the ratio largest / smallest."""
    jobs = int(args.jobs.split(",")[0])
    if not args.memory_report:
        extra = [*extra, "--no-report"]
    peaks = {}
    for n in sizes:
        src = tmp / f"memory{n}.jsonl"
        write_jsonl(src, articles(n, args.seed, paras), "memory")
        largest, total, wall, _ = peak_memory(src, tmp / f"memory{n}", jobs, extra)
        src.unlink()
        peaks[n] = largest
        print(
            f"memory, {n} articles (--jobs {jobs}{'' if args.memory_report else ', --no-report'}): "
            f"largest process {largest:6.0f} MB, all processes {total:6.0f} MB  (wall {wall:.0f} s)"
        )
    if len(peaks) > 1:
        small, big = min(peaks), max(peaks)
        print(f"memory {big} / {small} articles: {peaks[big] / peaks[small]:.2f} (goal <= 1.2)")


def spacy_cpu(texts: list[str]) -> float | None:
    """CPU seconds of `spacy.blank("ar").pipe` over the texts, or None when spaCy is absent."""
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("ar")
    list(nlp.pipe(texts[:20]))  # warm
    t0 = time.process_time()
    n = sum(len(d) for d in nlp.pipe(texts))
    assert n > 0
    return time.process_time() - t0


def part_cpu(texts: list[str], model: bool, out: Path) -> dict[str, float]:
    """CPU seconds of each part of the work over the texts, in this process, after `warm()`: the
    normalized view and tokens, each stage, the near-duplicate signature, then the linking and
    the writing of every output file but the report (`pipeline.writers.Output`)."""
    from pipeline.duplicates import Linker, signature
    from pipeline.models import Document
    from pipeline.process import RULE_STAGES, STAGES, warm
    from pipeline.writers import Output

    warm(model)
    parts: dict[str, float] = {}

    def timed(name: str, t0: float) -> None:
        parts[name] = parts.get(name, 0.0) + time.process_time() - t0

    done = []
    for k, text in enumerate(texts):
        doc = Document(doc_id=f"bench:{k}", text=text)
        t0 = time.process_time()
        assert doc.tokens is not None
        timed("normalize + tokenize", t0)
        for stage in STAGES if model else RULE_STAGES:
            t0 = time.process_time()
            doc = stage(doc)
            timed(stage.__module__.removeprefix("pipeline."), t0)
        t0 = time.process_time()
        sig = signature(doc)
        timed("signature", t0)
        doc._view = doc._tokens = None
        done.append((doc, sig))
    t0 = time.process_time()
    linker = Linker(())
    with Output(out) as output:
        for doc, sig in done:
            output.add(doc, linker.add(doc, sig))
        output.close()
    timed("link + write the files", t0)
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400, help="articles in the corpus (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions; the median is printed")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--news", type=Path, default=NEWS, help="real texts to draw paragraphs from")
    ap.add_argument("--model", action=argparse.BooleanOptionalAction, default=True, help="the NER stage")
    ap.add_argument("--long", action=argparse.BooleanOptionalAction, default=True, help="the long documents")
    ap.add_argument("--timeout", type=float, default=120, help="seconds allowed to one long document")
    ap.add_argument("--timing", action=argparse.BooleanOptionalAction, default=True, help="the timed runs")
    ap.add_argument(
        "--memory", default="", help="corpus sizes for peak memory, e.g. 2000,20000 (default: none)"
    )
    ap.add_argument("--memory-report", action="store_true", help="memory runs write report.html too")
    args = ap.parse_args()

    paras = paragraphs(args.news)
    texts = articles(args.docs, args.seed, paras)
    chars = sum(len(t) for t in texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    real = "with" if args.news.is_file() else "without"
    print(f"corpus: {len(texts)} articles, {chars / len(texts):.0f} characters on average, {mb:.2f} MB")
    print(f"        paragraphs from corpus/ {real} {args.news}; model {'on' if args.model else 'off'}")
    extra = [] if args.model else ["--no-model"]

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "bench.jsonl"
        write_jsonl(src, texts, "bench")
        if args.memory:
            memory_lines([int(n) for n in args.memory.split(",")], args, paras, extra, tmp)
        if not args.timing:
            print(f"machine: {os.cpu_count()} cores")
            return
        cpu_by_jobs: dict[int, float] = {}
        wall_by_jobs: dict[int, float] = {}
        for jobs in [int(j) for j in args.jobs.split(",")]:
            runs = [run_cli(src, tmp / f"out{jobs}_{r}", jobs, extra, None) for r in range(args.repeat)]
            wall = statistics.median(t.wall for t in runs)
            cpu = statistics.median(t.cpu for t in runs)
            rss = max(t.maxrss_mb for t in runs)
            wall_by_jobs[jobs], cpu_by_jobs[jobs] = wall, cpu
            print(
                f"--jobs {jobs}: wall {wall:7.2f} s  cpu {cpu:7.2f} s  {len(texts) / wall:7.1f} docs/s  "
                f"{mb / wall:6.3f} MB/s  peak {rss:6.0f} MB  (median of {len(runs)})"
            )
        if 1 in wall_by_jobs and 2 in wall_by_jobs:
            print(f"wall --jobs 2 / --jobs 1: {wall_by_jobs[2] / wall_by_jobs[1]:.2f} (goal <= 0.6)")

        spacy_runs = [spacy_cpu(texts) for _ in range(args.repeat)]
        if spacy_runs[0] is None:
            print("spaCy: NOT INSTALLED (pip install spacy==3.8.18): no tokenization baseline, no ratio")
        else:
            sp = statistics.median(spacy_runs)
            pipe_cpu = cpu_by_jobs.get(1, next(iter(cpu_by_jobs.values())))
            print(f"spaCy blank('ar').pipe: cpu {sp:.2f} s (median of {len(spacy_runs)})")
            print(f"pipeline cpu / spaCy cpu: {pipe_cpu / sp:.1f}x (goal 3x, at most 4x; includes start-up)")
            one = tmp / "one.jsonl"
            write_jsonl(one, texts[:1], "one")
            start = statistics.median(
                run_cli(one, tmp / f"one{r}", 1, extra, None).cpu for r in range(args.repeat)
            )
            print(
                f"start-up (a run of one article): cpu {start:.2f} s; without it: "
                f"{max(pipe_cpu - start, 0) / sp:.1f}x spaCy"
            )
            print("cpu by part, in one process (x spaCy's tokenization of the same texts):")
            for name, cpu in part_cpu(texts, args.model, tmp / "parts").items():
                print(f"  {name:24s} {cpu:6.2f} s  {cpu / sp:5.1f}x")

        if args.long:
            long_text = ""
            rng = random.Random(args.seed)
            while len(long_text.encode("utf-8")) < 1_000_000:
                long_text += rng.choice(paras) + "\n"
            cases = [
                ("1 MB bulletin of real text", long_text, "goal <= 15 s"),
                ("1,000 x a procedure sentence", PROCEDURE_SENTENCE * 1000, "goal <= 2 s"),
            ]
            for label, text, goal in cases:
                src = tmp / "long.jsonl"
                write_jsonl(src, [text], "long")
                t = run_cli(
                    src,
                    tmp / f"long{len(text)}",
                    1,
                    [*extra, "--max-chars", str(len(text) + 1)],
                    args.timeout,
                )
                shown = f"{t.wall:7.2f} s" if t.ok else f"> {args.timeout:.0f} s (stopped)"
                print(f"{label} ({len(text)} chars): wall {shown}  ({goal}, whole process)")
    print(f"machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
