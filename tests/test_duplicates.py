"""Near-duplicate bulletins and repeated events (pipeline.duplicates), through the whole pipeline.

Each case is a bulletin told again (or other news told alike) after a first
bulletin, in one run: is it a near-duplicate of the first, and does its event
report the same happening?
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from dataclasses import replace

import numpy as np
import pytest

from pipeline.duplicates import (
    NUM_PERM,
    SIGNATURES,
    THRESHOLD,
    EventIndex,
    EventKey,
    Linker,
    RunTables,
    Signature,
    aggregates,
    clusters,
    conflict,
    facts,
    link,
    read_signatures,
    scratch,
    signature,
)
from pipeline.models import Document
from pipeline.process import process_text
from pipeline.run import run

FIRST = (
    "أجرى الفريق الطبي بمستشفى الزاوية التعليمي 5 عمليات قسطرة قلبية للأطفال يوم الأحد، "
    "بدعم من جهاز دعم وتطوير الخدمات العلاجية. وأوضح مدير المستشفى أن جميع الحالات غادرت "
    "غرفة العمليات في وضع صحي مستقر، وأن الفريق سيواصل عمله خلال الأيام المقبلة وفق جدول معد مسبقاً."
)
PUBLISHED = "2024-10-14"


def told(text: str, **changes: str) -> str:
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


# (name, bulletin, published, near-duplicate of FIRST, its first event reports the same happening)
CASES = [
    ("exact repost", FIRST, PUBLISHED, True, True),
    ("spacing and punctuation", FIRST.replace("، ", " ,  ").replace(".", " ."), "2024-10-15", True, True),
    (
        "new headline line",
        "مستشفى الزاوية التعليمي: نجاح 5 عمليات قسطرة قلبية للأطفال\n" + FIRST,
        PUBLISHED,
        True,
        True,
    ),
    (
        "sentences reordered",
        FIRST.split(". ")[1].rstrip(".") + ". " + FIRST.split(". ")[0] + ".",
        "2024-10-16",
        True,
        True,
    ),
    (
        "one sentence changed",
        told(FIRST, **{"وفق جدول معد مسبقاً": "لاستكمال قائمة الانتظار"}),
        "2024-10-15",
        True,
        True,
    ),
    (
        "newspaper rewrite: same facts, other words",
        "نجح أطباء مستشفى الزاوية التعليمي في إنجاز 5 عمليات قسطرة قلبية لأطفال من مختلف المدن، "
        "حسب ما أعلنته إدارة المستشفى التي أكدت استقرار حالة المرضى بعد العمليات.",
        "2024-10-15",
        False,
        True,
    ),
    ("same hospital, another count", told(FIRST, **{"5 عمليات": "8 عمليات"}), PUBLISHED, False, False),
    (
        "same procedure, another hospital, same day",
        told(FIRST, **{"مستشفى الزاوية التعليمي": "مستشفى صبراتة التعليمي"}),
        PUBLISHED,
        False,
        False,
    ),
    ("weekly series: next week's count", told(FIRST, **{"5 عمليات": "7 عمليات"}), "2024-10-21", False, False),
    (
        "weekly series: the same count two weeks later",
        told(FIRST, **{"الأحد": "الاثنين"}),
        "2024-10-28",
        False,
        False,
    ),
    (
        "a repost more than three days later is another report",
        "عاجل: " + FIRST,
        "2024-10-20",
        False,
        False,
    ),
]


@pytest.fixture(scope="module")
def first() -> Document:
    return process_text(FIRST, published=PUBLISHED, doc_id="first")


@pytest.mark.parametrize(
    ("name", "text", "published", "duplicate", "same_happening"), CASES, ids=[c[0] for c in CASES]
)
def test_told_again(first, name, text, published, duplicate, same_happening):
    second = process_text(text, published=published, doc_id="second")
    docs = [first.model_copy(deep=True), second]
    link(docs)
    assert docs[0].duplicate_of is None and docs[0].similarity is None
    if duplicate:
        assert docs[1].duplicate_of == "first"
        assert THRESHOLD <= docs[1].similarity <= 1.0
    else:
        assert docs[1].duplicate_of is None and docs[1].similarity is None
    assert docs[0].events and docs[1].events
    assert (docs[1].events[0].cluster_id == docs[0].events[0].cluster_id) is same_happening
    assert docs[0].events[0].cluster_id == docs[0].events[0].event_id  # named after its first event


# (facts of one bulletin, of the other, published of each, other news?)
FACTS = [
    (["n:5", "f:مستشفي الزاويه التعليمي"], ["n:5", "n:5", "f:مستشفي الزاويه التعليمي"], None, None, False),
    (["n:5"], ["n:8"], None, None, True),
    (["n:25", "n:25"], ["n:25", "n:26"], None, None, True),  # one of two counts changed
    (["n:5", "d:2024-10-13"], ["n:5"], None, None, False),  # a date dropped
    (["f:مستشفي الملك فهد"], ["f:مستشفي الملك فهد العام"], None, None, False),  # read a word longer
    (["f:مستشفي الملك فهد"], ["f:مستشفي الملك خالد"], None, None, True),
    (["l:طرابلس", "n:3"], ["l:طرابلس الغرب", "n:4"], None, None, True),
    (["n:5"], ["n:5"], "2024-10-14", "2024-10-17", False),
    (["n:5"], ["n:5"], "2024-10-14", "2024-10-18", True),  # last week's bulletin told again
]


@pytest.mark.parametrize(("a", "b", "pa", "pb", "other_news"), FACTS)
def test_fact_guard(a, b, pa, pb, other_news):
    def sig(facts, published):
        return Signature(doc_id="x", published=published, exact="", minhash=[], facts=sorted(facts))

    assert conflict(sig(a, pa), sig(b, pb)) is other_news
    assert conflict(sig(b, pb), sig(a, pa)) is other_news


def test_identical_after_normalization_is_similarity_one(first):
    again = process_text(FIRST.replace("أ", "ا").replace(" ", "  "), published=PUBLISHED, doc_id="again")
    docs = [first.model_copy(deep=True), again]
    link(docs)
    assert docs[1].duplicate_of == "first" and docs[1].similarity == 1.0


def test_group_is_named_after_its_first_bulletin(first):
    """A repost of a repost joins the group of the first bulletin (input order)."""
    second = process_text("عاجل\n" + FIRST, published=PUBLISHED, doc_id="second")
    third = process_text("عاجل\n" + FIRST + "\nالمكتب الإعلامي", published=PUBLISHED, doc_id="third")
    docs = [first.model_copy(deep=True), second, third]
    link(docs)
    assert [d.duplicate_of for d in docs] == [None, "first", "first"]
    assert len({d.events[0].cluster_id for d in docs}) == 1


# Events without enough identifying slots: the same type and day, but no facility, no place, no count.
SLOTLESS = [
    "عقد مدير إدارة الخدمات الصحية اجتماعاً مع رؤساء الأقسام لمناقشة سير العمل وتوفير المستلزمات الطبية.",
    "عقدت لجنة الطوارئ يوم 14 أكتوبر 2024 اجتماعاً موسعاً لبحث الاستعداد لفصل الشتاء ومتابعة جاهزية سيارات الإسعاف.",
    "عقد فريق الجودة يوم 14 أكتوبر 2024 اجتماعاً لمراجعة تقارير التفتيش الأخيرة ووضع خطة للمتابعة.",
    "عقدت إدارة الصيدلة اجتماعاً تنسيقياً مع الموردين لمراجعة مواعيد توريد الأدوية.",
]


def test_events_without_identifying_slots_stay_apart():
    docs = [process_text(t, published=PUBLISHED, doc_id=f"m{i}") for i, t in enumerate(SLOTLESS)]
    assert all(d.events and d.events[0].type == "meeting" for d in docs)
    link(docs)
    assert len({d.events[0].cluster_id for d in docs}) == len(SLOTLESS)


@pytest.mark.parametrize(
    ("published", "same"),
    [("2024-10-14", True), ("2024-10-17", True), ("2024-10-18", False), ("2024-09-14", False), (None, False)],
)
def test_window_of_days(first, published, same):
    """A rewrite reports the same happening within three days of the first report, not after."""
    rewrite = process_text(CASES[5][1], published=published, doc_id="rewrite")
    docs = [first.model_copy(deep=True), rewrite]
    link(docs)
    assert (docs[1].events[0].cluster_id == docs[0].events[0].cluster_id) is same


# --------------------------------------------------------------------------- aggregates

BATCH = [
    (FIRST, PUBLISHED),
    (
        told(FIRST, **{"مستشفى الزاوية التعليمي": "مستشفى صبراتة التعليمي", "5 عمليات": "3 عمليات"}),
        "2024-10-15",
    ),
    (told(FIRST, **{"5 عمليات": "7 عمليات"}), "2024-10-21"),
    ("تمكن الفريق الطبي بمستشفى طرابلس المركزي من إجراء 12 عملية غسيل كلى خلال يوم الخميس.", "2024-11-02"),
]
REPOSTS = [
    (FIRST, "2024-10-15"),  # exact repost a day later
    ("مستشفى صبراتة التعليمي: 3 عمليات قسطرة\n" + BATCH[1][0], "2024-10-15"),  # headline added
    (CASES[5][1], "2024-10-15"),  # newspaper rewrite of the first
    (BATCH[3][0].replace("، ", ",").replace(" ", "  "), "2024-11-03"),  # spacing
]


def _aggregates(bulletins: list[tuple[str, str]]) -> list[str]:
    docs = [process_text(t, published=p, doc_id=f"b{i}") for i, (t, p) in enumerate(bulletins)]
    link(docs)
    return sorted(r.model_dump_json() for r in aggregates(docs))


def test_aggregates_count_each_happening_once():
    alone = _aggregates(BATCH)
    mixed = [BATCH[0], REPOSTS[0], BATCH[1], REPOSTS[2], REPOSTS[1], BATCH[2], BATCH[3], REPOSTS[3]]
    assert _aggregates(mixed) == alone
    rows = [json.loads(r) for r in alone]
    zawiya = [r for r in rows if r["facility_id"] == "zawiya_teaching_hospital"]
    assert [(r["month"], r["procedure"], r["happenings"], r["count_sum"]) for r in zawiya] == [
        ("2024-10", "catheterization", 2, 12)
    ]


def test_clusters_count_their_bulletins():
    docs = [process_text(t, published=p, doc_id=f"b{i}") for i, (t, p) in enumerate([BATCH[0], *REPOSTS[:1]])]
    link(docs)
    rows = [c for c in clusters(docs) if c.procedure == "catheterization"]
    assert [(c.events, c.bulletins, c.doc_ids, c.repost_only) for c in rows] == [(2, 2, "b0 | b1", False)]


# --------------------------------------------------------------------------- signatures, across runs


def test_signatures_are_deterministic_and_round_trip(first):
    a, b = signature(first), signature(first.model_copy(deep=True))
    assert a == b
    assert Signature.from_json(a.to_json()) == a
    assert FIRST not in a.to_json()  # the index keeps no text


def test_against_marks_what_an_earlier_run_had(tmp_path):
    day1, day2 = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl"

    def write(path, bulletins):
        rows = [{"id": f"{path.stem}-{i}", "text": t, "published": p} for i, (t, p) in enumerate(bulletins)]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    write(day1, BATCH[:2])
    write(day2, [REPOSTS[0], REPOSTS[2], BATCH[2]])
    run([day1], tmp_path / "out1")
    assert (tmp_path / "out1" / SIGNATURES).is_file()
    run([day2], tmp_path / "out2", against=[tmp_path / "out1"])
    docs = [
        json.loads(line) for line in (tmp_path / "out2" / "documents.jsonl").read_text("utf-8").splitlines()
    ]
    first_cluster = next(read_signatures(tmp_path / "out1")).events[0].cluster_id
    assert [d["seen_in"] for d in docs] == ["day1-0", None, None]  # the repost; the rewrite is other words
    assert [d["events"][0]["seen_in"] for d in docs] == [first_cluster, first_cluster, None]
    tables = {p.name for p in (tmp_path / "out2").iterdir()}
    assert {"duplicates.csv", "event_clusters.csv", "aggregates.csv", "aggregates.parquet"} <= tables


def test_against_a_folder_without_signatures_is_a_usage_error(tmp_path, capsys):
    from pipeline.cli import EXIT_FATAL, main

    bulletins = tmp_path / "day.jsonl"
    bulletins.write_text(json.dumps({"id": "a", "text": FIRST}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert (
        main(["run", str(bulletins), "--out", str(tmp_path / "out"), "--against", str(tmp_path)])
        == EXIT_FATAL
    )
    assert "signatures.jsonl" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_number_of_thousands_of_digits_is_a_fact_like_any_other():
    """Facts keep digit strings as text: no int() of a number longer than Python converts."""
    long_number = "7" * 5000
    doc = process_text(f"أجرى مستشفى الجلاء {long_number} عملية جراحية خلال الأسبوع.")
    assert f"n:{long_number}" in facts(doc)
    assert "n:25" in facts(process_text("استقبل المستشفى 025 مريضا."))


# (count of the first event, count of the later one, the same happening?): a count read back from
# an earlier run's signatures.jsonl as 5.0 is the count 5
COUNTS = [(5, 5, True), (5.0, 5, True), (5, 5.0, True), (5.5, 5, False), (5, 6, False)]


@pytest.mark.parametrize(("first_count", "count", "same"), COUNTS)
def test_event_index_matches_counts_by_value(first_count, count, same):
    index = EventIndex(scratch(), "events")

    def key(event_id, count, day):
        return EventKey(
            event_id, event_id, "procedure", "catheterization", "f:zawiya_hospital", count, day, False
        )

    index.add(key("e1", first_count, "2024-10-14"))
    found = index.match(key("e2", count, "2024-10-15"))
    assert (found is not None and found.event_id == "e1") is same


def _grown(add, n: int) -> int:
    """Bytes of Python memory still held after `n` more calls of `add(i)` (after a first few)."""
    for i in range(50):
        add(i)
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(50, 50 + n):
            add(i)
        gc.collect()  # cyclic garbage is no memory kept
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_linker_keeps_its_bulletins_on_disk_not_in_memory(first):
    """Python memory does not grow with the bulletins linked: their signatures (MinHash values,
    band keys, facts, event keys) live in the scratch database (held in memory: ~1.5 kB each)."""
    linker, sig, rng = Linker(), signature(first), np.random.default_rng(7)

    def add(i):
        values = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64).tolist()
        other = replace(sig, doc_id=f"b{i}", exact=f"{i:040x}", minhash=values, events=list(sig.events))
        linker.add(first.model_copy(update={"doc_id": f"b{i}"}, deep=True), other)

    assert _grown(add, 600) < 100 * 600  # bytes: far less than one signature a bulletin
    assert linker.con.execute("SELECT count(*) FROM run").fetchone()[0] == 650


def test_run_tables_keep_their_rows_on_disk_not_in_memory(first):
    """RunTables keeps nothing per bulletin in memory: each happening's slots and doc_ids are on disk."""
    tables = RunTables()

    def add(i):
        doc = first.model_copy(update={"doc_id": f"b{i}"}, deep=True)
        for event in doc.events:
            event.event_id = event.cluster_id = f"b{i}-{event.event_id}"
        tables.add(doc)

    assert _grown(add, 600) < 100 * 600
    assert len(tables.clusters()) == 650 * len(first.events)
