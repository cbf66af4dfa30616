"""The spaCy comparison (bench/ner_spacy.py): the CRF's tokens and gold tags as spaCy Docs.

Only the data conversion is tested here; training spaCy is `make ner-spacy`, never the suite.
"""

import pytest
import spacy

from pipeline import ner_train
from pipeline.ner import bio_spans
from tests.conftest import ROOT, load_script

S = load_script(ROOT / "bench" / "ner_spacy.py", "ner_spacy")

# FANE-style clitic-segmented tokens of our own sentences and their tags, the text the
# pipeline reads (the same for the spaCy Doc), and the Doc's entities (surface, label).
CASES = [
    (
        "و اعلن نادي الهلال السعودي تعاقد ه مع المهاجم البرازيلي نيمار دا سيلفا .",
        "O O B-ORG I-ORG I-ORG O O O O O B-PERSON I-PERSON I-PERSON O",
        "واعلن نادي الهلال السعودي تعاقده مع المهاجم البرازيلي نيمار دا سيلفا.",
        [("نادي الهلال السعودي", "ORG"), ("نيمار دا سيلفا", "PERSON")],
    ),
    (
        "و وصل الرئيس الفرنسي ايمانويل ماكرون الي بيروت ل لقاء رئيس الحكومه .",
        "O O O O B-PERSON I-PERSON O B-LOC O O O O O",
        "ووصل الرئيس الفرنسي ايمانويل ماكرون الي بيروت للقاء رئيس الحكومه.",
        [("ايمانويل ماكرون", "PERSON"), ("بيروت", "LOC")],
    ),
    (
        # the gold mention tags the project's token it overlaps: "ب بغداد" is one token, "ببغداد"
        "و قالت وزاره الصحه ان مستشفي ابن سينا ب بغداد استقبل المصابين .",
        "O O B-ORG I-ORG O B-FACILITY I-FACILITY I-FACILITY O B-LOC O O O",
        "وقالت وزاره الصحه ان مستشفي ابن سينا ببغداد استقبل المصابين.",
        [("وزاره الصحه", "ORG"), ("مستشفي ابن سينا", "FACILITY"), ("ببغداد", "LOC")],
    ),
]


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("ar").vocab


@pytest.mark.parametrize(("words", "tags", "text", "ents"), CASES)
def test_a_corpus_sentence_is_a_spacy_doc_of_the_crfs_tokens(vocab, words, tags, text, ents) -> None:
    (toks, gold, _), document = ner_train.prepare_doc((words.split(), tags.split()))
    doc = S.spacy_doc(vocab, toks, S.token_spaces(document), gold)
    assert document.text == text
    assert [t.text for t in doc] == toks  # the very tokens the CRF is trained and scored on
    assert doc.text == text  # the spaces are the text's
    assert [(e.text, e.label_) for e in doc.ents] == ents
    # the ents are the gold BIO tags, token for token
    assert [(e.label_, e.start, e.end) for e in doc.ents] == bio_spans(gold)


def test_docs_to_tag_carry_no_entities(vocab) -> None:
    # the spaCy NER keeps entities set before it: the Docs it tags (speed, test scores) have none
    words, tags, _, _ = CASES[0]
    (toks, _, _), document = ner_train.prepare_doc((words.split(), tags.split()))
    assert S.spacy_doc(vocab, toks, S.token_spaces(document)).ents == ()
