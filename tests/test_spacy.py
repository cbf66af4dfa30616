"""The spaCy component: nlp.add_pipe("bulletins") gives the pipeline's extractions on a Doc."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy import displacy
from spacy.tokens import DocBin

from pipeline import process_text
from pipeline.cli import main
from pipeline.spacy_component import DOC_EXTENSIONS, SPAN_EXTENSIONS, SPAN_KEY
from tests.conftest import CORPUS, read_jsonl


def _nlp(**config: object) -> spacy.language.Language:
    nlp = spacy.blank("ar")
    nlp.add_pipe("bulletins", config=config)
    return nlp


def _spans(doc: spacy.tokens.Doc, key: str = SPAN_KEY) -> list[tuple[int, int, str, str]]:
    return sorted((s.start_char, s.end_char, s.label_, s.text) for s in doc.spans[key])


def _entities(text: str, **kwargs: object) -> list[tuple[int, int, str, str]]:
    return sorted((e.start, e.end, e.type, e.text) for e in process_text(text, **kwargs).entities)


# text, the tokens around the entity, its exact surface and label
CLITICS = [
    ("التقى مدير المستشفى بوزارة الصحة في طرابلس.", ["ب", "وزارة"], "وزارة الصحة", "ORG"),
    ("واجتمع ممثلو الجمعية ووزارة الصحة صباح اليوم.", ["و", "وزارة"], "وزارة الصحة", "ORG"),
    (
        "سلمت الشركة شحنة أدوية لمستشفى الهضبة الخضراء العام.",
        ["ل", "مستشفى"],
        "مستشفى الهضبة الخضراء العام",
        "FACILITY",
    ),
    # trap: a place whose name starts with a clitic letter is one token, not ب + نغازي
    ("افتتح مركز صحي جديد في بنغازي.", ["في", "بنغازي"], "بنغازي", "LOC"),
]


@pytest.mark.parametrize(("text", "tokens", "surface", "label"), CLITICS)
def test_a_clitic_inside_a_token_is_split_off_and_the_span_is_exact(
    text: str, tokens: list[str], surface: str, label: str
) -> None:
    doc = _nlp()(text)
    words = [t.text for t in doc]
    i = words.index(tokens[1])
    assert words[i - 1 : i + 1] == tokens
    assert doc.text == text  # splitting a token keeps the text
    span = next(s for s in doc.spans[SPAN_KEY] if s.label_ == label)
    assert (span.text, text[span.start_char : span.end_char]) == (surface, surface)
    assert any((e.text, e.label_) == (surface, label) for e in doc.ents)


@pytest.mark.parametrize(("text", "tokens", "surface", "label"), CLITICS)
def test_without_splitting_a_span_widens_to_whole_tokens(
    text: str, tokens: list[str], surface: str, label: str
) -> None:
    doc = _nlp(split_clitics=False)(text)
    span = next(s for s in doc.ents if s.label_ == label)
    whole = text[text.rindex(" ", 0, text.index(surface)) + 1 : text.index(surface) + len(surface)]
    assert span.text == whole  # "بوزارة الصحة": the clitic's token is kept whole
    assert len(doc) == len(spacy.blank("ar")(text))


NESTED = [
    # a programme named after a condition: the condition is in doc.spans, the longer name in doc.ents
    ("ضمن برنامج علاج مرضى السكري أجرى المركز 30 فحصاً.", "برنامج علاج مرضى السكري", "السكري"),
    ("تواصل حملة التطعيم ضد شلل الأطفال في المدارس.", "حملة التطعيم ضد شلل الأطفال", "شلل الأطفال"),
]


@pytest.mark.parametrize(("text", "outer", "inner"), NESTED)
def test_overlapping_entities_all_in_spans_longest_in_ents(text: str, outer: str, inner: str) -> None:
    doc = _nlp()(text)
    assert {outer, inner} <= {s.text for s in doc.spans[SPAN_KEY]}
    ents = {e.text for e in doc.ents}
    assert outer in ents and inner not in ents


def test_span_and_doc_extensions() -> None:
    text = (
        "أجرى الفريق الطبي بمستشفى الهضبة الخضراء العام 6 عمليات قسطرة قلبية هذا الأسبوع بدعم من وزارة الصحة."
    )
    doc = _nlp(published="2024-03-20")(text)
    expected = process_text(text, published="2024-03-20")
    facility = next(e for e in doc.ents if e.label_ == "FACILITY")
    assert (facility._.id, facility._.norm, facility._.source) == (
        "al_khadra_hospital",
        "مستشفي الهضبه الخضراء العام",
        "lexicon",
    )
    assert facility._.name_en
    for name in DOC_EXTENSIONS:
        assert getattr(doc._, name) == [r.model_dump(mode="json") for r in getattr(expected, name)]
    assert doc._.quantities[0]["value"] == 6 and doc._.events[0]["date"] == "2024-03-17"


@pytest.mark.parametrize(("code", "abroad"), [("LY", True), ("TN", False)])
def test_home_country_is_passed_to_the_pipeline(code: str, abroad: bool) -> None:
    text = "غادر 12 مريضاً من مرضى الأورام إلى تونس لتلقي العلاج على نفقة الدولة."
    events = _nlp(home_country=code)(text)._.events
    assert events == [e.model_dump(mode="json") for e in process_text(text, country=code).events]
    assert any(e["type"] == "treatment_abroad" for e in events) is abroad


@pytest.mark.parametrize("model", [True, False])
def test_model_option_is_passed_to_the_pipeline(model: bool) -> None:
    text = "واستقبل الدكتور سالم بن عمران مدير مستشفى الجلاء وفداً من منظمة أطباء بلا حدود في مدينة سبها."
    nlp = _nlp(model=model)
    assert nlp.get_pipe("bulletins").options == {"country": None, "model": model}
    assert _spans(nlp(text)) == _entities(text, model=model)


def test_an_unknown_home_country_fails_when_the_pipe_is_added() -> None:
    with pytest.raises(ValueError, match="XX"):
        _nlp(home_country="XX")


def test_pipe_over_the_seeds_in_two_processes_gives_process_texts_entities(seeds_input) -> None:
    records = read_jsonl(seeds_input)
    texts = [r["text"] for r in records]
    docs = list(_nlp().pipe(texts, n_process=2, batch_size=4))
    assert [d.text for d in docs] == texts
    for doc, text in zip(docs, texts, strict=True):
        assert _spans(doc) == _entities(text)
        expected = process_text(text)
        assert doc._.events == [e.model_dump(mode="json") for e in expected.events]
        assert {e.start_char for e in doc.ents} <= {s.start_char for s in doc.spans[SPAN_KEY]}
    assert sum(len(d.spans[SPAN_KEY]) for d in docs) > 50  # the seeds have entities: the test means something


def test_docbin_round_trips() -> None:
    nlp = _nlp(published="2024-03-20")
    texts = [text for text, *_ in CLITICS] + [text for text, *_ in NESTED]
    docs = list(nlp.pipe(texts))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(spacy.blank("ar").vocab))
    for a, b in zip(docs, back, strict=True):
        assert [t.text for t in a] == [t.text for t in b]
        assert _spans(a) == _spans(b)
        assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [
            (e.start_char, e.end_char, e.label_) for e in b.ents
        ]
        for sa, sb in zip(a.spans[SPAN_KEY], b.spans[SPAN_KEY], strict=True):
            assert [getattr(sa._, n) for n in SPAN_EXTENSIONS] == [getattr(sb._, n) for n in SPAN_EXTENSIONS]
        assert [getattr(a._, n) for n in DOC_EXTENSIONS] == [getattr(b._, n) for n in DOC_EXTENSIONS]


def test_displacy_renders_the_entities() -> None:
    doc = _nlp()("افتتح وزير الصحة قسم الغسيل الكلوي الجديد بمستشفى الهضبة الخضراء العام.")
    html = displacy.render(doc, style="ent", jupyter=False)
    assert "<mark" in html and "FACILITY" in html and "مستشفى الهضبة الخضراء العام" in html
    spans_html = displacy.render(doc, style="span", options={"spans_key": SPAN_KEY}, jupyter=False)
    assert "FACILITY" in spans_html


def test_run_format_spacy_writes_a_docbin_of_the_documents(tmp_path) -> None:
    out = tmp_path / "out"
    assert main(["run", str(CORPUS), "--out", str(out), "--format", "spacy", "--quiet"]) == 0
    documents = read_jsonl(out / "documents.jsonl")
    docs = list(DocBin().from_disk(out / "documents.spacy").get_docs(spacy.blank("ar").vocab))
    assert [d.text for d in docs] == [d["text"] for d in documents]
    for doc, document in zip(docs, documents, strict=True):
        assert _spans(doc) == sorted(
            (e["start"], e["end"], e["type"], e["text"]) for e in document["entities"]
        )
        assert doc._.events == document["events"]


def test_docbin_is_part_of_the_published_output_set(tmp_path) -> None:
    out = tmp_path / "out"
    one = str(CORPUS / "000_83d44f455a603adc.txt")
    assert main(["run", one, "--out", str(out), "--format", "spacy", "--quiet"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "documents.spacy" in {f["name"] for f in manifest["files"]}
    # a second run into the same folder: documents.spacy is an output file, not a stranger's
    assert main(["run", one, "--out", str(out), "--quiet"]) == 0
    assert not (out / "documents.spacy").exists()


def test_run_without_format_writes_no_docbin(tmp_path) -> None:
    assert main(["run", str(CORPUS / "000_83d44f455a603adc.txt"), "--out", str(tmp_path), "--quiet"]) == 0
    assert not (tmp_path / "documents.spacy").exists()
    assert json.loads((tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])["entities"]
