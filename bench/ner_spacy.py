"""spaCy's NER against the project's CRF on the same split (`make ner-spacy`, issue #9).

    .venv/bin/python bench/ner_spacy.py [--max-steps 5000] [--max-epochs 0] [--patience 1600]
                                        [--eval-frequency 400] [--seed 0] [--no-crf-variant]
                                        [--keep DIR] [--json OUT] [--repeat 3]

Issue #9: "If a spaCy NER model (trained on the same split, CPU) does better at
comparable size and speed, use it instead: report both." This script does that
comparison, reproducibly, and changes nothing in the pipeline:

- Data: `pipeline.ner_train`'s own reader, class map, FACILITY and title rules and
  split (`load_splits`), each sentence read as the pipeline reads it
  (`prepare_doc`): the CRF's tokens (the project's tokenizer over the sentence
  written back as text) and the gold BIO tags on them. A spaCy Doc is made of
  exactly those tokens, `Doc(vocab, words=..., spaces=...)` (a space after a token
  when the text has one), its `ents` from the BIO tags; the train and dev Docs go
  to DocBins in a temporary directory.
- spaCy: the config of `spacy init config --lang ar --pipeline ner --optimize
  efficiency` (tok2vec of hashed NORM/PREFIX/SUFFIX/SHAPE, no pretrained vectors,
  nothing downloaded), seed fixed, CPU, one thread, a bounded budget
  (`--max-steps`, `--max-epochs`, `--patience`; the best model on the dev split is
  kept, as `spacy train` does).
- CRF: the committed model (`pipeline/models/ner.crfsuite`, rule tags as features)
  and, unless `--no-crf-variant`, the same CRF trained here without the rules'
  tags (`ner_train.train`, the card's hyperparameters): spaCy cannot read them.
- Scores: `ner_train.score`, the card's figures: exact token-span P/R/F1 per type
  (PERSON, LOC, ORG, FACILITY, micro over the four) on the held-out NewsFANE test
  split, every mention the model gives (no threshold).
- Size on disk (the CRF file; spaCy's model directory), load time, tagging speed
  on the test split (tokens per CPU second, median of `--repeat` runs: the CRF's
  `Model.mentions`, features, Viterbi and marginals, sentence by sentence; spaCy's
  `nlp.pipe` over the Docs; tokenization and the rule stages are not counted for
  either), training CPU time (one core).

Never run by `make test` or `make run`. Results and the decision: docs/ner.md,
"CRF or spaCy".
"""

from __future__ import annotations

import os

if __name__ == "__main__":  # one core, as the budget says (before numpy loads; not when a test imports this)
    for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import ner_train  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.ner import CARD_PATH, MODEL_PATH, TYPES, Model, bio_spans  # noqa: E402

Example = ner_train.Example


def token_spaces(doc: Document) -> list[bool]:
    """Whether the text has whitespace after each of the document's tokens (spaCy's `spaces`)."""
    toks = doc.tokens
    return [k + 1 < len(toks) and toks[k].end < toks[k + 1].start for k in range(len(toks))]


def spacy_doc(vocab, words: list[str], spaces: list[bool], tags: list[str] | None = None):
    """A spaCy Doc of these tokens, with the mentions of the BIO tags as its `ents`."""
    from spacy.tokens import Doc, Span

    doc = Doc(vocab, words=words, spaces=spaces)
    if tags is not None:
        doc.ents = [Span(doc, i, j, label=t) for t, i, j in bio_spans(tags)]
    return doc


def read_split(block: int) -> dict[str, list[tuple[Example, list[bool]]]]:
    """Each split's sentences as the CRF sees them, with the spaces after their tokens."""
    out: dict[str, list[tuple[Example, list[bool]]]] = {}
    for name, sents in ner_train.load_splits(block).items():
        out[name] = []
        for s in sents:
            ex, doc = ner_train.prepare_doc(s)
            out[name].append((ex, token_spaces(doc)))
    return out


def write_docbins(split: dict[str, list[tuple[Example, list[bool]]]], tmp: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("ar").vocab
    for name in ("train", "dev"):
        db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
        for (words, tags, _), spaces in split[name]:
            db.add(spacy_doc(vocab, words, spaces, tags))
        db.to_disk(tmp / f"{name}.spacy")


def spacy_config(tmp: Path, args: argparse.Namespace):
    """`spacy init config --lang ar --pipeline ner --optimize efficiency` (CPU, no vectors), bounded."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="ar", pipeline=["ner"], optimize="efficiency", gpu=False, pretraining=False)
    config["paths"]["train"] = str(tmp / "train.spacy")
    config["paths"]["dev"] = str(tmp / "dev.spacy")
    config["system"]["seed"] = args.seed
    training = config["training"]
    training["seed"] = args.seed
    training["max_steps"] = args.max_steps
    training["max_epochs"] = args.max_epochs
    training["patience"] = args.patience
    training["eval_frequency"] = args.eval_frequency
    return config


def train_spacy(tmp: Path, args: argparse.Namespace) -> tuple[Path, dict]:
    from spacy.cli.train import train

    config = spacy_config(tmp, args)
    config.to_disk(tmp / "config.cfg")
    t0, c0 = time.perf_counter(), time.process_time()
    train(tmp / "config.cfg", tmp / "model", use_gpu=-1)
    budget = {k: config["training"][k] for k in ("max_steps", "max_epochs", "patience", "eval_frequency")}
    budget.update(
        seed=args.seed,
        training_seconds=round(time.perf_counter() - t0, 1),
        training_cpu_seconds=round(time.process_time() - c0, 1),
    )
    return tmp / "model" / "model-best", budget


def spacy_mentions(nlp, docs) -> list[list[tuple[str, int, int, float]]]:
    return [[(e.label_, e.start, e.end, 1.0) for e in d.ents] for d in nlp.pipe(docs)]


def cpu_rate(run, tokens: int, repeat: int) -> float:
    """Tokens per CPU second of `run()`, median of `repeat` runs."""
    times = []
    for _ in range(repeat):
        c0 = time.process_time()
        run()
        times.append(time.process_time() - c0)
    return round(tokens / statistics.median(times))


def disk_size(path: Path) -> int:
    return (
        path.stat().st_size
        if path.is_file()
        else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    )


def evaluate_crf(path: Path, test: list[Example], rules: bool, repeat: int) -> dict:
    t0 = time.perf_counter()
    model = Model(path, card=None, rule_tags=rules)
    load = time.perf_counter() - t0
    tokens = sum(len(w) for w, _, _ in test)
    return {
        "test": ner_train.score(test, ner_train.predict(path, test, rules)),
        "size_bytes": disk_size(path),
        "load_seconds": round(load, 3),
        "tokens_per_cpu_second": cpu_rate(lambda: [model.mentions(w, f) for w, _, f in test], tokens, repeat),
    }


def evaluate_spacy(path: Path, test: list[tuple[Example, list[bool]]], repeat: int) -> dict:
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(path)
    load = time.perf_counter() - t0
    examples = [ex for ex, _ in test]
    tokens = sum(len(w) for w, _, _ in examples)

    def docs():  # fresh Docs without ents: the NER keeps entities set before it
        return [spacy_doc(nlp.vocab, w, sp) for (w, _, _), sp in test]

    batches = [docs() for _ in range(repeat)]
    return {
        "test": ner_train.score(examples, spacy_mentions(nlp, docs())),
        "size_bytes": disk_size(path),
        "load_seconds": round(load, 3),
        "tokens_per_cpu_second": cpu_rate(lambda: list(nlp.pipe(batches.pop())), tokens, repeat),
    }


def table(results: dict[str, dict]) -> str:
    head = (
        "| model | "
        + " | ".join(f"{t} P / R / F1" for t in (*TYPES, "all"))
        + " | size MB | tokens/s | train CPU s |"
    )
    rows = [head, "|" + " --- |" * (len(TYPES) + 5)]
    for name, r in results.items():
        cells = [
            f"{r['test'][t]['p']:.3f} / {r['test'][t]['r']:.3f} / **{r['test'][t]['f1']:.3f}**"
            for t in (*TYPES, "all")
        ]
        train_cpu = r.get("training_cpu_seconds", "")
        rows.append(
            f"| {name} | " + " | ".join(cells) + f" | {r['size_bytes'] / 1e6:.1f} | "
            f"{r['tokens_per_cpu_second']:,} | {train_cpu} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-steps", type=int, default=5000, help="spaCy's training.max_steps")
    ap.add_argument("--max-epochs", type=int, default=0, help="spaCy's training.max_epochs (0: no limit)")
    ap.add_argument(
        "--patience", type=int, default=1600, help="steps without a better dev score before stopping"
    )
    ap.add_argument("--eval-frequency", type=int, default=400, help="steps between two dev evaluations")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--block", type=int, default=ner_train.BLOCK, help="sentences a split block holds")
    ap.add_argument(
        "--no-crf-variant", action="store_true", help="do not train the CRF without the rules' tags"
    )
    ap.add_argument("--repeat", type=int, default=3, help="timed tagging runs (the median is given)")
    ap.add_argument("--keep", type=Path, help="keep the data, config and spaCy model in this directory")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = ap.parse_args(argv)

    c0 = time.process_time()
    split = read_split(args.block)
    print(
        {k: len(v) for k, v in split.items()}, f"read in {time.process_time() - c0:.0f} s of CPU", flush=True
    )
    test = [ex for ex, _ in split["test"]]
    card = json.loads(CARD_PATH.read_text(encoding="utf-8"))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="ner_spacy_") as t:
        tmp = args.keep or Path(t)
        tmp.mkdir(parents=True, exist_ok=True)
        results["CRF, rule tags (committed)"] = evaluate_crf(MODEL_PATH, test, True, args.repeat)
        results["CRF, rule tags (committed)"]["training_cpu_seconds"] = card["training_cpu_seconds"]
        if not args.no_crf_variant:
            hp = card["hyperparameters"]
            path = tmp / "ner_no_rules.crfsuite"
            c0 = time.process_time()
            train_ex = [ex for ex, _ in split["train"]]
            ner_train.train(train_ex, path, hp["c1"], hp["c2"], hp["max_iterations"], rules=False)
            cpu = round(time.process_time() - c0, 1)
            results["CRF, no rule tags"] = evaluate_crf(path, test, False, args.repeat)
            results["CRF, no rule tags"]["training_cpu_seconds"] = cpu
            print(table(results), flush=True)
        write_docbins(split, tmp)
        model_dir, budget = train_spacy(tmp, args)
        results["spaCy (ar, ner, efficiency)"] = evaluate_spacy(model_dir, split["test"], args.repeat)
        results["spaCy (ar, ner, efficiency)"].update(budget)
    out = {
        "split_sentences": {k: len(v) for k, v in split.items()},
        "test_tokens": sum(len(w) for w, _, _ in test),
        "results": results,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
