"""Evaluation: hand-made gold/prediction pairs with known figures, and agreement with score.py.

The agreement tests run the reference scorer `../shared/gold/score.py` on the
dev set (`seeds.gold.jsonl`) against prediction files made from the gold itself
(as documents.jsonl, with offsets) and from perturbed copies of it; they are
skipped when `../shared` is absent.
"""

from __future__ import annotations

import copy
import functools
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluate import format_json, format_table, norm_text, score, score_records, variants
from pipeline.models import DateMention, Decree, Document, Entity, Event, Evidence, FacilityRef, Quantity
from pipeline.writers import jsonl
from tests.conftest import load_script

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD_DIR = SHARED / "gold"
SCORE_PY = GOLD_DIR / "score.py"
GOLD = GOLD_DIR / "seeds.gold.jsonl"
needs_shared = pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/gold is not beside the repo")


# --------------------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("مستشفى الهضبة الخضراء العام", "مستشفي الهضبه الخضراء العام"),
        ("أحمد مليطان", "احمد مليطان"),
        ("إيفاد", "ايفاد"),
        ("مُسْتَشْفَى", "مستشفي"),  # diacritics
        ("الجـــهاز", "الجهاز"),  # tatweel
        ("26 مايو 2024 م", "26 مايو 2024"),  # era letter after a year
        ("٢٦ مايو ٢٠٢٤", "26 مايو 2024"),  # Arabic-Indic digits
        ("مشروع “عودة الحياة”", "مشروع عوده الحياه"),  # quotes dropped
        ("ضمور العضلات الشوكي (SMA)", "ضمور العضلات الشوكي SMA"),
        ("  #مصراتة،  ", "مصراته"),
        (None, ""),
    ],
)
def test_norm_text(surface: str | None, expected: str) -> None:
    assert norm_text(surface) == expected


@pytest.mark.parametrize(
    ("surface", "contains", "lacks"),
    [
        ("بمستشفى جليلة", "مستشفي جليله", None),
        ("للعلاج الجيني", "العلاج الجيني", None),
        ("لجهاز دعم", "جهاز دعم", None),
        ("وبمستشفى جليلة", "مستشفي جليله", None),  # two proclitics
        ("بنغازي", "نغازي", None),  # the scorer forgives one letter too many: a variant, not an error
        ("وزن", "وزن", "زن"),  # under four letters: never cut
    ],
)
def test_variants(surface: str, contains: str, lacks: str | None) -> None:
    forms = variants(surface)
    assert contains in forms
    assert lacks is None or lacks not in forms


# --------------------------------------------------------------------------- hand-made figures


def gold_doc(doc_id: str = "d1", **parts: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": doc_id,
        "text": "",
        "entities": [],
        "quantities": [],
        "decrees": [],
        "events": [],
    }
    return base | parts


def pred_doc(doc_id: str = "d1", **parts: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, **parts}


def ent(t: str, text: str, **kw: Any) -> dict[str, Any]:
    return {"type": t, "text": text, **kw}


CASES = [
    # id, gold docs, pred docs, part, (tp, fp, fn)
    (
        "exact match",
        [gold_doc(entities=[ent("FACILITY", "مستشفى جليلة"), ent("LOC", "الإمارات")])],
        [pred_doc(entities=[ent("FACILITY", "مستشفى جليلة"), ent("LOC", "الإمارات")])],
        "entities",
        (2, 0, 0),
    ),
    (
        "proclitic on the prediction is forgiven",
        [gold_doc(entities=[ent("FACILITY", "مستشفى جليلة")])],
        [pred_doc(entities=[ent("FACILITY", "بمستشفى جليلة")])],
        "entities",
        (1, 0, 0),
    ),
    (
        "wrong type: one false positive and one miss",
        [gold_doc(entities=[ent("ORG", "حكومة الوحدة الوطنية"), ent("LOC", "طرابلس")])],
        [pred_doc(entities=[ent("LOC", "حكومة الوحدة الوطنية"), ent("LOC", "طرابلس")])],
        "entities",
        (1, 1, 1),
    ),
    (
        "alt surface counts, duplicates collapse",
        [gold_doc(entities=[ent("PROGRAM", "مبادرة توطين العلاج", alt=["توطين العلاج"])])],
        [pred_doc(entities=[ent("PROGRAM", "توطين العلاج"), ent("PROGRAM", "وتوطين العلاج")])],
        "entities",
        (1, 0, 0),
    ),
    (
        "optional gold: absorbs a prediction, never missed",
        [gold_doc(entities=[ent("LOC", "تاجوراء", optional=True), ent("LOC", "طرابلس", optional=True)])],
        [pred_doc(entities=[ent("LOC", "تاجوراء")])],
        "entities",
        (0, 0, 0),
    ),
    (
        "missing document: all missed",
        [gold_doc(entities=[ent("LOC", "مصراتة")], quantities=[{"value": 6, "unit": "operation"}])],
        [pred_doc("other", entities=[ent("LOC", "مصراتة")])],
        "entities",
        (0, 0, 1),
    ),
    (
        "quantities: (value, unit), value as Arabic-Indic text",
        [gold_doc(quantities=[{"value": 6, "unit": "operation"}, {"value": 2, "unit": "stent"}])],
        [pred_doc(quantities=[{"value": "٦", "unit": "operation"}, {"value": 2, "unit": "child"}])],
        "quantities",
        (1, 1, 1),
    ),
    (
        "decrees: number and year",
        [gold_doc(decrees=[{"number": "649", "year": 2024, "kind": "decree"}])],
        [pred_doc(decrees=[{"number": "٦٤٩", "year": "2024"}, {"number": "649", "year": 2023}])],
        "decrees",
        (1, 1, 0),
    ),
    (
        "events: by type, one to one",
        [gold_doc(events=[{"type": "meeting"}, {"type": "training", "optional": True}])],
        [pred_doc(events=[{"type": "meeting"}, {"type": "meeting"}, {"type": "visit"}])],
        "events",
        (1, 2, 0),
    ),
    (
        "required gold items match before optional ones",
        [gold_doc(events=[{"type": "training", "optional": True}, {"type": "training"}])],
        [pred_doc(events=[{"type": "training"}])],
        "events",
        (1, 0, 0),
    ),
]


@pytest.mark.parametrize(
    ("gold", "pred", "part", "counts"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_counts(gold: list[dict], pred: list[dict], part: str, counts: tuple[int, int, int]) -> None:
    r = score_records(gold, pred)[part]
    assert (r["tp"], r["fp"], r["fn"]) == counts


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [
        (2, 0, 0, 1.0, 1.0, 1.0),
        (1, 1, 1, 0.5, 0.5, 0.5),
        (1, 2, 0, 0.3333, 1.0, 0.5),
        (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find, nothing found
        (0, 0, 3, 0.0, 0.0, 0.0),  # nothing found, three to find
        (3, 1, 2, 0.75, 0.6, 0.6667),
    ],
)
def test_prf(tp: int, fp: int, fn: int, p: float, r: float, f1: float) -> None:
    gold = [gold_doc(entities=[ent("LOC", f"مدينة {i}") for i in range(tp + fn)])]
    pred = [
        pred_doc(
            entities=[ent("LOC", f"مدينة {i}") for i in range(tp)]
            + [ent("LOC", f"بلدة {i}") for i in range(fp)]
        )
    ]
    got = score_records(gold, pred)["entities"]
    assert (got["p"], got["r"], got["f1"]) == (p, r, f1)


@pytest.mark.parametrize(
    ("gold_event", "pred_event", "slot", "right"),
    [
        (
            {"type": "procedure_performed", "count": 6},
            {"type": "procedure_performed", "count": 6.0},
            "count",
            1.0,
        ),
        (
            {"type": "procedure_performed", "count": 6},
            {"type": "procedure_performed", "count": 3},
            "count",
            0.0,
        ),
        (
            {"type": "procedure_performed", "procedure": "catheterization"},
            {"type": "procedure_performed", "procedure": "stent_implantation"},
            "procedure",
            0.0,
        ),
        (  # one contains the other
            {"type": "service_ongoing", "facility": "مستشفى الحوادث أبوسليم"},
            {"type": "service_ongoing", "facility": {"text": "مستشفى الحوادث", "id": None}},
            "facility",
            1.0,
        ),
        (
            {"type": "visit", "location": "مصراتة"},
            {"type": "visit", "location": "بمصراتة"},
            "location",
            1.0,
        ),
        ({"type": "visit", "location": "مصراتة"}, {"type": "visit"}, "location", 0.0),
        # a slot the gold states as null is checked: a null place is never right, a null count is
        ({"type": "visit", "location": None}, {"type": "visit", "location": None}, "location", 0.0),
        ({"type": "visit", "count": None}, {"type": "visit"}, "count", 1.0),
        # "مصر" (Egypt) is inside "مصراتة" but too short to count as the same place
        ({"type": "visit", "location": "مصراتة"}, {"type": "visit", "location": "مصر"}, "location", 0.0),
    ],
)
def test_event_slots(gold_event: dict, pred_event: dict, slot: str, right: float) -> None:
    res = score_records([gold_doc(events=[gold_event])], [pred_doc(events=[pred_event])])
    assert res["event_slots"][slot] == right


def test_date_value_and_quantity_procedure() -> None:
    gold = [
        gold_doc(
            entities=[
                ent("DATE", "26 مايو 2024 م", value="2024-05-26"),
                ent("DATE", "26 أغسطس 2024", value="2024-08-26"),
            ],
            quantities=[{"value": 600, "unit": "case", "procedure": "physiotherapy"}],
        )
    ]
    pred = [
        pred_doc(
            entities=[ent("DATE", "26 مايو 2024"), ent("DATE", "26 أغسطس 2024")],
            dates=[{"text": "26 مايو 2024", "value": "2024-05-26"}, {"text": "26 أغسطس 2024", "value": None}],
            quantities=[{"value": 600, "unit": "case", "procedure": None}],
        )
    ]
    res = score_records(gold, pred)
    assert res["date_value_acc"] == 0.5
    # Two predicted dates with the surface of one entity: the last one's value is scored.
    pred[0]["dates"].insert(0, {"text": "26 أغسطس 2024", "value": "2024-08-26"})
    assert score_records(gold, pred)["date_value_acc"] == 0.5
    pred[0]["dates"].append({"text": "26 أغسطس 2024", "value": "2024-08-26"})
    assert score_records(gold, pred)["date_value_acc"] == 1.0
    assert res["quantity_procedure_acc"] == 0.0


def test_types_restrict_scoring() -> None:
    gold = [gold_doc(entities=[ent("LOC", "مصراتة"), ent("ORG", "مكتب النائب العام")])]
    res = score_records(gold, [pred_doc(entities=[ent("LOC", "مصراتة")])], types={"LOC"})
    assert list(res["entity_types"]) == ["LOC"]
    assert res["entities"]["f1"] == 1.0


def test_format_table_layout() -> None:
    res = score_records(
        [gold_doc(entities=[ent("LOC", "مصراتة")])], [pred_doc(entities=[ent("LOC", "مصراتة")])]
    )
    lines = format_table(res).splitlines()
    assert lines[0].split() == ["part", "P", "R", "F1", "tp", "fp", "fn"]
    assert lines[1].split() == ["entities", "1.000", "1.000", "1.000", "1", "0", "0"]
    assert lines[5].split() == ["LOC", "1.000", "1.000", "1.000", "1", "0", "0"]
    assert lines[-1] == "documents: 1 gold, 0 missing from the prediction"


# --------------------------------------------------------------------------- agreement with score.py


def locate(text: str, entity: dict) -> tuple[int, int]:
    """Where a gold entity is in the text: its surface, an alt, or after ل + ال written لل."""
    forms = [entity["text"], *entity.get("alt", [])]
    forms += ["ل" + f[2:] for f in forms if f.startswith("ال")]  # "للعلاج الجيني": span "لعلاج الجيني"
    for form in forms:
        i = text.find(form)
        if i >= 0:
            return i, i + len(form)
    raise AssertionError(f"gold entity not in its text: {entity}")


def gold_as_documents(gold: list[dict]) -> list[Document]:
    """The gold bulletins as a perfect run's Documents (offsets found in the text)."""
    docs = []
    for g in gold:
        text = g["text"]
        entities, dates = [], []
        for e in g["entities"]:
            s, t = locate(text, e)
            surface = text[s:t]
            entities.append(Entity(type=e["type"], text=surface, start=s, end=t, norm=norm_text(surface)))
            if e["type"] == "DATE":
                dates.append(DateMention(text=surface, start=s, end=t, value=e.get("value")))
        quantities = [
            Quantity(text="", start=0, end=0, value=q["value"], unit=q["unit"], procedure=q.get("procedure"))
            for q in g["quantities"]
        ]
        decrees = [Decree(text="", start=0, end=0, number=d["number"], year=d["year"]) for d in g["decrees"]]
        events = [
            Event(
                event_id=f"{g['id']}#{i}",
                type=ev["type"],
                procedure=ev.get("procedure"),
                count=ev.get("count"),
                facility=FacilityRef(text=ev["facility"]) if ev.get("facility") else None,
                location=ev.get("location"),
                evidence=Evidence(start=0, end=len(text)),
            )
            for i, ev in enumerate(g["events"])
        ]
        docs.append(
            Document(
                doc_id=g["id"],
                text=text,
                entities=entities,
                quantities=quantities,
                decrees=decrees,
                dates=dates,
                events=events,
            )
        )
    return docs


ENTITY_TYPES = ["FACILITY", "ORG", "PERSON", "LOC", "DATE", "PROGRAM", "CONDITION", "PROCEDURE"]


def perturb(docs: list[dict], seed: int) -> list[dict]:
    """A randomly damaged copy of a perfect prediction: every kind of error the scorer must count."""
    rng = random.Random(seed)
    out = []
    for d in copy.deepcopy(docs):
        if rng.random() < 0.15:
            continue  # missing document
        text = d["text"]
        ents = []
        for e in d["entities"]:
            roll = rng.random()
            if roll < 0.15:
                continue  # missed
            if roll < 0.25:
                e["type"] = rng.choice(ENTITY_TYPES)  # wrong type
            elif roll < 0.35:
                e["text"] = rng.choice("وبلفك") + e["text"]  # attached proclitic
            elif roll < 0.45:
                e["text"] = " ".join(e["text"].split()[:-1]) or e["text"]  # shorter span
            ents.append(e)
            if rng.random() < 0.1:
                ents.append(dict(e))  # duplicate
        for _ in range(rng.randrange(3)):  # extra spans
            i = rng.randrange(max(1, len(text) - 12))
            ents.append({"type": rng.choice(ENTITY_TYPES), "text": text[i : i + rng.randrange(3, 20)]})
        rng.shuffle(ents)
        d["entities"] = ents
        for dt in list(d["dates"]):
            if rng.random() < 0.4:
                dt["value"] = rng.choice([None, "2024-01-01", dt["value"]])
            if rng.random() < 0.3:  # the same surface twice, with another value
                d["dates"].insert(rng.randrange(len(d["dates"]) + 1), dt | {"value": "2023-12-31"})
        for q in d["quantities"]:
            roll = rng.random()
            if roll < 0.2:
                q["value"] = q["value"] + 1
            elif roll < 0.3:
                q["unit"] = "case"
            elif roll < 0.45:
                q["procedure"] = rng.choice([None, "surgery"])
            elif roll < 0.55:
                q["value"] = str(q["value"])
        if rng.random() < 0.3:
            d["quantities"].append({"value": rng.randrange(1, 50), "unit": "patient", "text": ""})
        for dec in d["decrees"]:
            roll = rng.random()
            if roll < 0.3:
                dec["year"] = str(dec["year"])
            elif roll < 0.5:
                dec["year"] = None
            elif roll < 0.6:
                dec["number"] = dec["number"].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        evs = []
        for ev in d["events"]:
            roll = rng.random()
            if roll < 0.15:
                continue
            if roll < 0.3:
                ev["type"] = rng.choice(["meeting", "visit", "other", "procedure_performed"])
            if rng.random() < 0.3:
                ev["count"] = rng.choice([None, 1, (ev["count"] or 0) + 1])
            if rng.random() < 0.3 and ev.get("facility"):
                ev["facility"]["text"] = rng.choice([" ".join(ev["facility"]["text"].split()[:2]), "مست"])
            if rng.random() < 0.3:
                ev["location"] = rng.choice([None, "طرابلس", "بمصراتة", "مصر", "ال"])
            if rng.random() < 0.2:
                ev["procedure"] = rng.choice([None, "catheterization", "physiotherapy"])
            evs.append(ev)
        if rng.random() < 0.3:
            evs.append({"type": rng.choice(["meeting", "sponsorship"]), "facility": None})
        d["events"] = evs
        out.append(d)
    if rng.random() < 0.3 and out:
        extra = copy.deepcopy(out[0])
        extra["doc_id"] = "not-in-gold:1-1"
        out.append(extra)
    return out


def shuffle_gold(gold: list[dict], seed: int) -> list[dict]:
    """The same annotations in another order (optional items may come first)."""
    rng = random.Random(seed)
    out = copy.deepcopy(gold)
    for g in out:
        for part in ("entities", "quantities", "decrees", "events"):
            rng.shuffle(g[part])
    return out


def run_score_py(gold: Path, pred: Path, types: str | None = None) -> str:
    cmd = [sys.executable, str(SCORE_PY), "--gold", str(gold), "--pred", str(pred)]
    if types:
        cmd += ["--types", types]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, encoding="utf-8").stdout


@functools.cache
def load_score_py() -> Any:
    return load_script(SCORE_PY, "reference_score")


@pytest.fixture(scope="module")
def perfect(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gold file written as a run's documents.jsonl (through the writers' JSON lines)."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = tmp_path_factory.mktemp("pred") / "documents.jsonl"
    path.write_text(jsonl(gold_as_documents(gold)), encoding="utf-8")
    return path


def assert_agrees(pred: Path, types: set[str] | None = None, gold: Path = GOLD) -> dict[str, Any]:
    ours = score(gold, pred, types)
    reference = run_score_py(gold, pred, ",".join(sorted(types)) if types else None)
    assert format_table(ours) + "\n" + format_json(ours) + "\n" == reference
    return ours


@needs_shared
def test_perfect_run_agrees(perfect: Path) -> None:
    res = assert_agrees(perfect)
    for part in ("entities", "quantities", "decrees", "events"):
        assert res[part]["f1"] == 1.0


@needs_shared
@pytest.mark.parametrize("seed", range(25))
def test_perturbed_run_agrees(perfect: Path, tmp_path: Path, seed: int) -> None:
    docs = [json.loads(line) for line in perfect.read_text(encoding="utf-8").splitlines()]
    pred = tmp_path / "documents.jsonl"
    pred.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in perturb(docs, seed)), encoding="utf-8"
    )
    res = assert_agrees(pred)
    assert res["entities"]["f1"] < 1.0  # the perturbation did damage something
    gold = tmp_path / "gold.jsonl"
    gold_records = [
        json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    gold.write_text(
        "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in shuffle_gold(gold_records, seed)),
        encoding="utf-8",
    )
    assert_agrees(pred, gold=gold)


@needs_shared
@pytest.mark.parametrize("types", [{"ORG"}, {"DATE", "LOC"}, {"PERSON", "NOT_A_TYPE"}])
def test_type_subset_agrees(perfect: Path, tmp_path: Path, types: set[str]) -> None:
    docs = [json.loads(line) for line in perfect.read_text(encoding="utf-8").splitlines()]
    pred = tmp_path / "documents.jsonl"
    pred.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in perturb(docs, 99)), encoding="utf-8"
    )
    assert_agrees(pred, types)


@needs_shared
def test_empty_prediction_agrees(tmp_path: Path) -> None:
    pred = tmp_path / "documents.jsonl"
    pred.write_text("", encoding="utf-8")
    res = assert_agrees(pred)
    assert res["docs"]["missing"] == res["docs"]["gold"]


_ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابتةثجحخدذرزسشصضطظعغفقكلمنهويىأإآٱؤئءـًٌٍَُِّْٰ")
        + list("٠١٢٣٤٥٦٧٨٩0123456789 \n،؛؟.,:()«»“”#-_/")
        + ["ﻻ", "ﷲ"]
    ),
    max_size=30,
)


@needs_shared
@settings(max_examples=300, deadline=None)
@given(_ARABIC_TEXT)
def test_normalization_equals_score_py(s: str) -> None:
    reference = load_score_py()
    assert norm_text(s) == reference.norm(s)
    assert variants(s) == reference.variants(s)
