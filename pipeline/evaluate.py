"""Evaluation: score a run's documents.jsonl against a gold file (GOLD.md).

    from pipeline.evaluate import score, format_table
    result = score(Path("gold.jsonl"), Path("outputs/documents.jsonl"))
    print(format_table(result))

Analysts annotate their own bulletins as GOLD.md describes and score runs with
this module (`bulletins eval`). Its figures are, by design, those of the
reference scorer `../shared/gold/score.py` on any prediction file: the same
text normalization, the same forgiveness of a leading proclitic, the same
greedy one-to-one matching (optional gold items absorb predictions and are
never missed; `alt` surfaces are equally right), the same deduplication of
predictions, event slots and date values. `result` has the same structure as
the JSON line score.py prints, and `format_table` the same table layout.

Why the matching normalization is not `pipeline.normalize.norm`: the scorer's
normalization drops punctuation and the era letter "م" after a year, and it
applies NFKC to the whole string (not character by character, as the offset-
keeping view must). Equal figures matter more than sharing code, so the
scorer's rules are written out here in `norm_text`, and a test checks them
against score.py on random strings.

Gold and predictions are read as plain JSON (not the pydantic models): a gold
file is not a Document, and a prediction file from another tool should be
scored as it is, not rejected.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

Item = dict[str, Any]

PARTS: tuple[str, ...] = ("entities", "quantities", "decrees", "events")
EVENT_SLOTS: tuple[str, ...] = ("count", "procedure", "facility", "location")
MAX_MISSING_IDS = 20  # how many missing doc ids the result lists

_DIAC = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, tanwin, shadda, sukun, dagger alef, tatweel
_PUNCT = re.compile(r"[\"'“”«»„‟()\[\]{}#،؛؟,.:;!?…\-–—_/\\]")
_ALEF = re.compile("[أإآٱ]")
_SPACES = re.compile(r"\s+")
_ERA = re.compile(r"\s+م$")  # "2024 م": the era letter (ميلادي) is optional
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PROCLITICS = "وفبلك"  # و ف ب ل ك


# --------------------------------------------------------------------------- text matching


@lru_cache(maxsize=65536)
def norm_text(s: str | None) -> str:
    """The scorer's normalized form of a surface (see GOLD.md, "Scoring")."""
    s = unicodedata.normalize("NFKC", s or "")
    s = _DIAC.sub("", s).translate(_DIGITS)
    s = _ALEF.sub("ا", s).replace("ى", "ي").replace("ة", "ه")
    s = _PUNCT.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    return _ERA.sub("", s)


@lru_cache(maxsize=65536)
def variants(s: str | None) -> frozenset[str]:
    """The normalized surface, and the same with up to two leading proclitics removed.

    "للعلاج" -> {"للعلاج", "العلاج", "لعلاج"}: ل + ال is written لل, so removing
    the ل gives back the article. Surfaces shorter than 4 letters are never cut
    (too many short words start with one of these letters).
    """
    n = norm_text(s)
    out = {n}
    frontier = [n]
    for _ in range(2):
        nxt: list[str] = []
        for v in frontier:
            if len(v) < 4:
                continue
            if v.startswith("لل"):
                nxt.append("ال" + v[2:])
            elif v.startswith("ل") and not v.startswith("ال"):
                nxt.append("ا" + v)  # the article's lam left after a stripped ل
            if v[0] in _PROCLITICS:
                nxt.append(v[1:])
        out.update(nxt)
        frontier = nxt
    return frozenset(out)


def to_number(x: Any) -> float | None:
    """A value as a float (Arabic-Indic digits allowed), or None if it is not a number."""
    try:
        return float(str(x).translate(_DIGITS))
    except (TypeError, ValueError):
        return None


def text_close(gold: Any, pred: Any) -> bool:
    """Same place: equal after normalization, or one contains the other (4+ letters)."""
    if not gold or not pred:
        return False
    gv, pv = variants(gold), variants(pred)
    if gv & pv:
        return True
    return any(a in b or b in a for a in gv for b in pv if min(len(a), len(b)) >= 4)


def slot_text(x: Any) -> Any:
    """An event slot's text: `{"text": ...}` objects (facility) or plain strings."""
    return x.get("text") if isinstance(x, dict) else x


# --------------------------------------------------------------------------- matching


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> dict[str, float | int]:
        """Precision, recall, F1 (rounded to 4 places) and the counts.

        With nothing predicted, precision is 1 if nothing was missed; with
        nothing to find, recall is 1.
        """
        tp, fp, fn = self.tp, self.fp, self.fn
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


@dataclass
class Ratio:
    """Of `total` checks, `right` were right."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    def value(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None


def is_optional(item: Item) -> bool:
    return bool(item.get("optional", False))


def match_sets(
    gold: list[Item], pred: list[Item], same: Callable[[Item, Item], bool]
) -> tuple[int, int, int, list[tuple[Item, Item]]]:
    """Greedy one-to-one matching of gold items to predictions.

    Required gold items pick first (in gold order), then optional ones; each
    takes the first unused prediction that is the same. Optional gold items
    absorb predictions but are never missed. Returns (tp, fp, fn, pairs).
    """
    used: set[int] = set()
    pairs: list[tuple[Item, Item]] = []
    for g in sorted(gold, key=is_optional):  # stable: gold order within each group
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    tp = sum(1 for g, _ in pairs if not is_optional(g))
    fn = sum(1 for g in gold if not is_optional(g)) - tp
    fp = len(pred) - len(used)
    return tp, fp, fn, pairs


def dedupe(items: Iterable[Item], key: Callable[[Item], Any]) -> list[Item]:
    """The first item of each key, in order."""
    seen: set[Any] = set()
    out: list[Item] = []
    for it in items:
        k = key(it)
        if k not in seen:
            seen.add(k)
            out.append(it)
    return out


def entity_same(g: Item, p: Item) -> bool:
    """Same type, and a surface of the gold entity (text or alt) equals the predicted one."""
    if g["type"] != p.get("type"):
        return False
    gold_forms: set[str] = set()
    for t in [g["text"], *g.get("alt", [])]:
        gold_forms |= variants(t)
    return bool(gold_forms & variants(p.get("text", "")))


def quantity_same(g: Item, p: Item) -> bool:
    return to_number(g["value"]) == to_number(p.get("value")) and g["unit"] == p.get("unit")


def decree_same(g: Item, p: Item) -> bool:
    """Same number (digits folded to ASCII) and year. An unreadable year matches nothing."""
    if str(g["number"]).translate(_DIGITS) != str(p.get("number", "")).translate(_DIGITS):
        return False
    try:
        return int(g["year"]) == int(p.get("year") or 0)
    except (TypeError, ValueError):
        return False


def event_same(g: Item, p: Item) -> bool:
    return g["type"] == p.get("type")


def slot_right(slot: str, gold_value: Any, pred_value: Any) -> bool:
    """Whether an event slot of a matched event is right."""
    if slot in ("facility", "location"):
        return text_close(slot_text(gold_value), slot_text(pred_value))
    if slot == "count":
        return to_number(gold_value) == to_number(pred_value)
    return bool(gold_value == pred_value)


# --------------------------------------------------------------------------- scoring


def read_jsonl(path: Path) -> list[Item]:
    """The JSON objects of a JSONL file (blank lines skipped)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_records(gold: list[Item], pred: Iterable[Item], types: set[str] | None = None) -> dict[str, Any]:
    """Score predicted documents against gold bulletins (both as parsed JSON).

    Predictions are found by `doc_id` == gold `id` (the last one wins when an
    id repeats); a gold bulletin without a prediction counts as all missed.
    `types`: the entity types to score (default: every type in the gold).
    """
    by_id: dict[str, Item] = {}
    for d in pred:
        by_id[str(d.get("doc_id"))] = d
    if types is None:
        types = {e["type"] for g in gold for e in g["entities"]}

    totals = {part: Counts() for part in PARTS}
    by_type = {t: Counts() for t in sorted(types)}
    slots = {s: Ratio() for s in EVENT_SLOTS}
    quantity_procedure = Ratio()
    date_values = Ratio()
    missing: list[str] = []

    for g in gold:
        p = by_id.get(g["id"])
        if p is None:
            missing.append(g["id"])
            p = {}

        # Entities: per type, distinct predicted surfaces against gold.
        for t in types:
            gold_ents = [e for e in g["entities"] if e["type"] == t]
            pred_ents = dedupe(
                [e for e in p.get("entities", []) if e.get("type") == t],
                lambda e: min(variants(e.get("text", ""))),
            )
            tp, fp, fn, pairs = match_sets(gold_ents, pred_ents, entity_same)
            by_type[t].add(tp, fp, fn)
            totals["entities"].add(tp, fp, fn)
            if t == "DATE":
                for ge, pe in pairs:
                    if ge.get("value"):
                        date_values.add(_date_value(p, pe) == ge["value"])

        # Quantities: (value, unit) pairs; then the procedure of the matched ones.
        pred_qs = dedupe(p.get("quantities", []), lambda q: (to_number(q.get("value")), q.get("unit")))
        tp, fp, fn, pairs = match_sets(g.get("quantities", []), pred_qs, quantity_same)
        totals["quantities"].add(tp, fp, fn)
        for gq, pq in pairs:
            if gq.get("procedure") and not is_optional(gq):
                quantity_procedure.add(gq["procedure"] == pq.get("procedure"))

        # Decrees: (number, year).
        pred_ds = dedupe(p.get("decrees", []), lambda d: (str(d.get("number")), d.get("year")))
        tp, fp, fn, _ = match_sets(g.get("decrees", []), pred_ds, decree_same)
        totals["decrees"].add(tp, fp, fn)

        # Events: matched by type; then the slots the gold event states (even as null).
        tp, fp, fn, pairs = match_sets(g.get("events", []), p.get("events", []), event_same)
        totals["events"].add(tp, fp, fn)
        for ge, pe in pairs:
            if is_optional(ge):
                continue
            for s in EVENT_SLOTS:
                if s in ge:
                    slots[s].add(slot_right(s, ge[s], pe.get(s)))

    result: dict[str, Any] = {part: totals[part].prf() for part in PARTS}
    result["entity_types"] = {t: c.prf() for t, c in by_type.items()}
    result["event_slots"] = {s: r.value() for s, r in slots.items()}
    result["quantity_procedure_acc"] = quantity_procedure.value()
    result["date_value_acc"] = date_values.value()
    result["docs"] = {"gold": len(gold), "missing": len(missing), "missing_ids": missing[:MAX_MISSING_IDS]}
    return result


def _date_value(pred_doc: Item, pred_entity: Item) -> Any:
    """The value of the predicted date with the same surface as a DATE entity (the last one)."""
    value = None
    forms = variants(pred_entity.get("text", ""))
    for d in pred_doc.get("dates", []):
        if variants(d.get("text", "")) & forms:
            value = d.get("value")
    return value


def score(gold_path: Path, pred_path: Path, types: set[str] | None = None) -> dict[str, Any]:
    """Score a documents.jsonl against a gold JSONL file (structure: see `score_records`)."""
    return score_records(read_jsonl(Path(gold_path)), read_jsonl(Path(pred_path)), types)


def format_table(result: dict[str, Any]) -> str:
    """The result as a table: P/R/F1 per part and per entity type, then slots and accuracies.

    The lines score.py prints before its JSON line, without the final newline (for `print`).
    """
    lines = [f"{'part':<22}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]

    def row(label: str, r: dict[str, Any]) -> str:
        return f"{label:<22}{r['p']:>8.3f}{r['r']:>8.3f}{r['f1']:>8.3f}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}"

    for part in PARTS:
        lines.append(row(part, result[part]))
    for t, r in result["entity_types"].items():
        lines.append(row(f"  {t}", r))
    lines.append(f"event slots: {result['event_slots']}")
    lines.append(
        f"quantity procedure accuracy: {result['quantity_procedure_acc']}"
        f"  date value accuracy: {result['date_value_acc']}"
    )
    docs = result["docs"]
    lines.append(f"documents: {docs['gold']} gold, {docs['missing']} missing from the prediction")
    return "\n".join(lines)


def format_json(result: dict[str, Any]) -> str:
    """The result as one JSON line (as score.py prints last), without the final newline."""
    return json.dumps(result, ensure_ascii=False)
