"""Train the NER model of `pipeline.ner` from the annotated corpora in data/ner/ (`make model`).

    python -m pipeline.ner_train [--c1 0.05 --c2 0.01 --iterations 150] [--block 10] [--out DIR]
                                 [--segmented] [--no-rule-tags]

Data: WikiFANE Gold and NewsFANE Gold (Alotaibi & Lee 2014, CC BY-SA 3.0), read
straight from the committed zip. Their 50 fine classes map to the project's types
(`CLASS_MAP`, docs/ner.md); a mention of an ORG class whose head is a health
facility noun of entity_heads.tsv ("مستشفى ...") is a FACILITY, as in the gold, and a
PERSON leaves its leading titles out ("الشيخ ...").

Split (fixed rule, no randomness): NewsFANE sentences in blocks of ten consecutive
sentences (so that one article's names do not sit on both sides); block b is
test when b % 10 in {4, 9} (20 %), dev when b % 10 == 7 (10 %), else train.
Training: the NewsFANE train blocks and all of WikiFANE, minus any sentence
whose text is also a dev or test sentence.

Each sentence is read as the pipeline reads a bulletin (`prepare`): written back
as text (`detokenize`), tokenized by the project's tokenizer, and tagged by the
rule stages that run before the model, whose entities give each token its rule
tag, a feature (`--segmented`: FANE's own tokens; `--no-rule-tags`: without them).

Writes pipeline/models/ner.crfsuite and its card ner.card.json: the data, the
split, the features, the hyperparameters, per-type thresholds chosen on dev
(the lowest marginal probability at which the type's precision is >= 0.80) and
the level from which a model LOC overrules the rules' rejection of a gazetteer place,
per-type entity-level P/R/F1 on test (exact span), time, size, license.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.entity_lexicon import cues
from pipeline.models import Document
from pipeline.ner import (
    CARD_PATH,
    MODEL_PATH,
    TYPES,
    Model,
    bio_spans,
    link,
    model_entities,
    overrules,
    rule_tags,
    sentence_features,
)
from pipeline.normalize import normalize_char
from pipeline.tokenize import split_clitics

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "ner" / "WikiFANE_2014_Gold_standard.zip"
NEWS = "WikiFANE_2014_Gold_standard/NewsFANE_Gold_2014_170K.txt"
WIKI = "WikiFANE_2014_Gold_standard/WikiFANE_Gold_2014_500K.txt"
PRECISION_TARGET = 0.80
BLOCK = 10

PERSON_CLASSES = (
    "Politician Athlete Businessperson Artist Scientist Police Religious_PER Engineer Lawyer Other_PER"
)
ORG_CLASSES = (
    "Government Commercial Educational Entertainment Non-Governmental Media Religious_ORG "
    "Medical-Science Sports"
)
LOC_CLASSES = (
    "Nation Population-Center State-or-Province County-or-District GPE-Cluster Continent "
    "Water-Body Land-Region-Natural"
)
FACILITY_CLASSES = "Building-Grounds Airport Subarea-Facility"
# Everything else is O: Group (nationalities, peoples), Celestial, Path (roads, straits),
# vehicles (Air Land Water), weapons, products (Book Movie Sound Software Hardware Food Drug Plant ...).
CLASS_MAP: dict[str, str] = {
    c: t
    for t, names in (
        ("PERSON", PERSON_CLASSES),
        ("ORG", ORG_CLASSES),
        ("LOC", LOC_CLASSES),
        ("FACILITY", FACILITY_CLASSES),
    )
    for c in names.split()
}

Sentence = tuple[list[str], list[str]]  # normalized words, BIO tags of the project's types


def fold(word: str) -> str:
    """A corpus token normalized like the project's view (no marks, alef and ة/ى folded)."""
    return "".join(normalize_char(ch) for ch in word).strip()


def read_corpus(raw: str) -> Iterator[Sentence]:
    """Sentences of a FANE file: one `token<TAB>tag` a line, blank lines between sentences."""
    words: list[str] = []
    tags: list[str] = []
    for line in [*raw.splitlines(), ""]:
        if not line.strip():  # a blank line (some hold a lone tab) ends a sentence
            if words:
                yield words, map_tags(words, tags)
            words, tags = [], []
            continue
        word, _, tag = line.partition("\t")
        w = fold(word)
        if w:
            words.append(w)
            tags.append(tag.strip() or "O")


def map_tags(words: list[str], fine: list[str]) -> list[str]:
    """Fine BIO tags -> the project's types (O for unmapped classes).

    An ORG whose head is a health facility noun is a FACILITY; a PERSON's leading titles are left out.
    """
    heads = cues().heads
    titles = {t[2:] if t.startswith("ال") else t for t in cues().titles}
    out = ["O"] * len(words)
    for cls, i, j in bio_spans(fine):
        t = CLASS_MAP.get(cls)
        if t is None:
            continue
        if t == "ORG" and any(k.startswith("facility") for _, k in heads.get(_head(words[i]), ())):
            t = "FACILITY"
        while t == "PERSON" and i < j - 1 and _head(words[i]) in titles:
            i += 1  # "الشيخ عبد الحميد ...": the project's PERSON leaves the title out
        out[i:j] = [f"B-{t}"] + [f"I-{t}"] * (j - i - 1)
    return out


def _head(word: str) -> str:
    stem = split_clitics(word)[1]
    return stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem


def load_splits(block: int = BLOCK) -> dict[str, list[Sentence]]:
    with zipfile.ZipFile(DATA) as z:
        news = list(read_corpus(io.TextIOWrapper(z.open(NEWS), encoding="utf-8-sig").read()))
        wiki = list(read_corpus(io.TextIOWrapper(z.open(WIKI), encoding="utf-8-sig").read()))
    split: dict[str, list[Sentence]] = {"train": [], "dev": [], "test": []}
    for k, s in enumerate(news):
        b = (k // block) % 10
        split["test" if b in (4, 9) else "dev" if b == 7 else "train"].append(s)
    held = {" ".join(w) for w, _ in split["dev"] + split["test"]}
    split["train"] = [s for s in split["train"] + wiki if " ".join(s[0]) not in held]
    return split


# ---------------------------------------------------------------------------
# Sentences as the pipeline reads them: text, the rules' tags, the project's tokens

CLOSING = set(".,:;!?)]}»،؛؟%")
OPENING = set("([{«")
# FANE's tokens are clitic-segmented words ("و الحكومه", "حكومت ه"): the pieces go back together.
PROCLITICS = {"و", "ف", "ب", "ل", "ك"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ني", "ي", "ك"}


def _arabic(word: str) -> bool:
    return bool(word) and "\u0621" <= word[0] <= "\u064a"


def _proclitic(words: list[str], k: int) -> bool:
    """Is token k a proclitic to glue to the next word? ("ك ما" -> "كما", but "ل ك" -> "لك")"""
    w = words[k]
    if w not in PROCLITICS or k + 1 >= len(words) or not _arabic(words[k + 1]):
        return False
    if len(words[k + 1]) == 1 and not _proclitic(words, k + 1):
        return False  # letters of an acronym: "( ا ف ب )"
    return not (w == "ك" and k and words[k - 1] in PROCLITICS)


def detokenize(words: list[str], glue: bool = True) -> tuple[str, list[tuple[int, int]]]:
    """The text of a token list and each token's (start, end) in it.

    A space between tokens, but none before closing or after opening punctuation, none
    after a proclitic token and none before an enclitic one: FANE's "و ل الحكومه" is
    written "وللحكومه" (ل + ال loses the alef, so that token's span is "لحكومه", where
    the project's surfaces start too), "زيارت نا" is "زيارتنا", and a final ه (the corpus
    folds ة to ه) before an enclitic is the ت it is written as: "حكومه ه" is "حكومته"
    (rarely wrong: a word that does end in ه, "وجه ها"). `glue=False` keeps FANE's
    segmentation (a space between all but punctuation).
    """
    text, spans = "", []
    for k, w in enumerate(words):
        prev = words[k - 1] if k else ""
        after_proclitic = glue and bool(k) and _proclitic(words, k - 1)
        enclitic = (
            glue and w in ENCLITICS and _arabic(prev) and not _proclitic(words, k) and not after_proclitic
        )
        if k and not (after_proclitic or enclitic or w in CLOSING or prev in OPENING):
            text += " "
        if after_proclitic and prev == "ل" and w.startswith("ال") and len(w) > 2:
            w = w[1:]  # ل + ال: "للحكومه"
        if enclitic and text.endswith("ه") and len(prev) > 2:
            text = text[:-1] + "ت"  # a folded ة before a pronoun: "حكومه ه" -> "حكومته"
        spans.append((len(text), len(text) + len(w)))
        text += w
    return text, spans


Example = tuple[list[str], list[str], list[str]]  # words, BIO tags of the gold, BIO tags of the rules


def prepare(sent: Sentence, segmented: bool = False) -> Example:
    """A corpus sentence as the pipeline sees it at tagging time (`prepare_doc`'s example)."""
    return prepare_doc(sent, segmented)[0]


def prepare_doc(sent: Sentence, segmented: bool = False) -> tuple[Example, Document]:
    """A corpus sentence as the pipeline sees it at tagging time, and the document read.

    The sentence is written back as text (`detokenize`) and the rule stages that run before
    the model (`pipeline.process.RULE_STAGES` up to the model's place: entities, dates) read
    it; their entities give each token its rule tag (`ner.rule_tags`). The tokens are the
    project's tokenizer's (a gold mention tags the tokens it overlaps), or with `segmented`
    FANE's own clitic-segmented tokens. The document gives the tokens' offsets in the text
    (`bench/ner_spacy.py` builds spaCy Docs of the same tokens from them).
    """
    words, tags = sent
    text, spans = detokenize(words)
    doc = Document(doc_id="fane", text=text)
    for stage in _before_model():
        doc = stage(doc)
    found = [(e.type, e.start, e.end) for e in doc.entities]
    if segmented:
        return (words, tags, rule_tags(spans, found)), doc
    gold = [(t, spans[i][0], spans[j - 1][1]) for t, i, j in bio_spans(tags)]
    toks = [(t.start, t.end) for t in doc.tokens]
    return ([t.text for t in doc.tokens], rule_tags(toks, gold), rule_tags(toks, found)), doc


def _before_model():
    from pipeline.process import STAGES

    return STAGES[: STAGES.index(model_entities)]


# ---------------------------------------------------------------------------
# Training and evaluation


def train(examples: list[Example], path: Path, c1: float, c2: float, iterations: int, rules: bool) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags, found in examples:
        trainer.append(sentence_features(words, found if rules else None), tags)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(path))


def predict(path: Path, examples: list[Example], rules: bool) -> list[list[tuple[str, int, int, float]]]:
    """(type, i, j, probability) of each predicted mention of each sentence."""
    m = Model(path, card=None, rule_tags=rules)
    return [[(x.type, x.i, x.j, x.score) for x in m.mentions(words, found)] for words, _, found in examples]


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(examples: list[Example], preds, thresholds: dict[str, float] | None = None) -> dict[str, dict]:
    """Entity-level exact-span P/R/F1 per type (and micro over TYPES)."""
    counts = {t: [0, 0, 0] for t in TYPES}
    for (_, tags, _), pred in zip(examples, preds, strict=True):
        gold = set(bio_spans(tags))
        got = {(t, i, j) for t, i, j, p in pred if thresholds is None or p >= thresholds.get(t, 1.01)}
        for t in TYPES:
            g = {x for x in gold if x[0] == t}
            q = {x for x in got if x[0] == t}
            counts[t][0] += len(g & q)
            counts[t][1] += len(q - g)
            counts[t][2] += len(g - q)
    out = {t: prf(*c) for t, c in counts.items()}
    out["all"] = prf(*(sum(c[n] for c in counts.values()) for n in range(3)))
    return out


def choose_thresholds(examples: list[Example], preds) -> dict[str, float]:
    """Per type, the lowest probability whose mentions at or above it have precision >= the target.

    Only the mentions the merge could add are counted: those no rule entity overlaps (the
    examples carry the rules' tags, whether or not the model reads them as features). The mentions the rules find too are the easy ones; counting
    them set the threshold by the precision of the whole model, and what it added beside the rules
    was far less precise (household nouns read as places)."""
    out: dict[str, float] = {}
    for t in TYPES:
        scored = []
        for (_, tags, found), pred in zip(examples, preds, strict=True):
            gold = set(bio_spans(tags))
            scored += [(p, (t, i, j) in gold) for tt, i, j, p in pred if tt == t and set(found[i:j]) == {"O"}]
        out[t] = _lowest(scored, PRECISION_TARGET)
    return out


def choose_overrule(examples: list[Example], preds) -> float:
    """The probability from which a model LOC that is a gazetteer place the rules did not emit
    (no rule tag on its tokens; not a form that is also a common word) is kept (`ner.overrules`):
    the lowest at which those mentions have precision >= PRECISION_TARGET on dev, like the thresholds."""
    scored = []
    for (words, tags, found), pred in zip(examples, preds, strict=True):
        gold = set(bio_spans(tags))
        for t, i, j, p in pred:
            key = " ".join([split_clitics(words[i])[1], *words[i + 1 : j]])
            if t == "LOC" and set(found[i:j]) == {"O"} and link("LOC", key) and overrules(key, 1.0, 0.0):
                scored.append((p, (t, i, j) in gold))
    return _lowest(scored, PRECISION_TARGET)


def _lowest(scored: list[tuple[float, bool]], target: float) -> float:
    """The lowest probability at or above which the (probability, correct) pairs reach the target."""
    scored = sorted(scored, reverse=True)
    best, tp = 1.01, 0
    for n, (p, ok) in enumerate(scored, 1):
        tp += ok
        if tp / n >= target and (n == len(scored) or scored[n][0] < p):
            best = p  # every mention down to this probability, ties included
    return round(best, 4)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--block", type=int, default=BLOCK, help="sentences a split block holds")
    ap.add_argument("--out", type=Path, default=MODEL_PATH.parent, help="directory of the model and card")
    ap.add_argument("--no-rule-tags", action="store_true", help="without the rules' tags as features")
    ap.add_argument(
        "--segmented", action="store_true", help="FANE's clitic-segmented tokens, not the tokenizer's"
    )
    args = ap.parse_args(argv)
    rules = not args.no_rule_tags
    model_path, card_path = args.out / MODEL_PATH.name, args.out / CARD_PATH.name
    t0, c0 = time.perf_counter(), time.process_time()
    split = load_splits(args.block)
    print({k: len(v) for k, v in split.items()}, flush=True)
    ex = {k: [prepare(s, args.segmented) for s in v] for k, v in split.items()}
    prep_cpu = time.process_time() - c0
    print(f"rule stages over the corpus: {prep_cpu:.0f} s of CPU", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    train(ex["train"], model_path, args.c1, args.c2, args.iterations, rules)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    dev_preds = predict(model_path, ex["dev"], rules)
    thresholds = choose_thresholds(ex["dev"], dev_preds)
    overrule = choose_overrule(ex["dev"], dev_preds)
    test_preds = predict(model_path, ex["test"], rules)
    card = {
        "model": model_path.name,
        "kind": "linear-chain CRF (python-crfsuite, L-BFGS)",
        "data": {
            "file": "data/ner/WikiFANE_2014_Gold_standard.zip",
            "sha256": _sha256(DATA),
            "corpora": "NewsFANE Gold 2014 (newswire) + WikiFANE Gold 2014 (Wikipedia), Alotaibi & Lee",
            "license": "CC BY-SA 3.0 (data/ner/LICENSE.txt); the model is an adaptation under the same license",
            "class_map": {t: sorted(c for c, v in CLASS_MAP.items() if v == t) for t in TYPES},
            "facility_rule": "an ORG mention whose head is a health facility noun (entity_heads.tsv) is FACILITY",
            "person_rule": "a PERSON mention's leading titles (titles.tsv) are left out of it",
            "lexicons_sha256": hashlib.sha256(
                b"".join(_sha256(p).encode() for p in sorted((ROOT / "lexicons").glob("*.tsv")))
            ).hexdigest(),
        },
        "split": {
            "rule": f"NewsFANE sentences in blocks of {args.block}; block % 10 in {{4,9}} test, == 7 dev, else train; "
            "train = NewsFANE train + all WikiFANE minus sentences equal to a dev/test sentence",
            "sentences": {k: len(v) for k, v in split.items()},
        },
        "tokens": "FANE's clitic-segmented tokens"
        if args.segmented
        else "the project's tokenizer over the sentence written back as text (detokenize)",
        "features": "normalized word; stem without proclitics and article; proclitic; prefixes and suffixes "
        "of 1-3 letters of the stem; word shape (Arabic, digits, Latin, punctuation) and length; "
        "gazetteer flags from lexicons/ (places, facilities, organizations, given names, titles, "
        "entity heads, cue words); the stem, shape and flags of the tokens at ±1 and the stem at ±2; "
        "the pair of the stems of the previous token and the token"
        + (
            "; the rules' BIO tag (entities and dates stages) of the token and the tokens at ±1"
            if rules
            else ""
        ),
        "rule_tags": rules,
        "hyperparameters": {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        },
        "thresholds": thresholds,
        "loc_overrule": overrule,
        "loc_overrule_rule": "lowest probability from which model LOC mentions that are gazetteer places the rules "
        f"did not emit (not common-word forms) have dev precision >= {PRECISION_TARGET}",
        "threshold_rule": "per type, lowest span probability (min token marginal) with dev precision >= "
        f"{PRECISION_TARGET}, counting the mentions no rule entity overlaps (those the merge can add)",
        "dev": score(ex["dev"], dev_preds),
        "dev_above_thresholds": score(ex["dev"], dev_preds, thresholds),
        "test": score(ex["test"], test_preds),
        "test_above_thresholds": score(ex["test"], test_preds, thresholds),
        "training_seconds": round(seconds, 1),
        "training_cpu_seconds": round(cpu, 1),
        "size_bytes": model_path.stat().st_size,
    }
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {
                k: card[k]
                for k in (
                    "thresholds",
                    "dev",
                    "test",
                    "training_seconds",
                    "training_cpu_seconds",
                    "size_bytes",
                )
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
