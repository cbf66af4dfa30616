"""The held-out NER benchmark (bench/ner_heldout.py): FANE tokens back to text, offsets kept right."""

import pytest

from tests.conftest import ROOT, load_script

H = load_script(ROOT / "bench" / "ner_heldout.py", "ner_heldout")

# FANE-style clitic-segmented tokens of our own sentences, their tags, the text news would
# write, and the surfaces of the gold mentions in that text.
CASES = [
    (
        "و قال وزير الصحه محمد العلي ل الصحفيين في عمان .",
        "O O O O B-PERSON I-PERSON O O O B-LOC O",
        "وقال وزير الصحه محمد العلي للصحفيين في عمان.",
        ["محمد العلي", "عمان"],
    ),
    (
        # a mention that starts on a proclitic token; ل + ال loses the alef; letters of an acronym stay apart
        "و ب حسب وكاله ( ا ف ب ) ف ان ل المملكه المتحده دور ها .",
        "O O O O O B-ORG I-ORG I-ORG O O O B-LOC I-LOC I-LOC O O O",
        "وبحسب وكاله (ا ف ب) فان للمملكه المتحده دورها.",
        ["ا ف ب", "للمملكه المتحده"],
    ),
    (
        # "ك ما" is كما, "ل ك" is لك: ك after a lone proclitic is an enclitic
        "ك ما نقل مراسل ل ك في مستشفي الامل ب حمص ، زيارت نا",
        "O O O O O O O B-FACILITY I-FACILITY O B-LOC O O O",
        "كما نقل مراسل لك في مستشفي الامل بحمص، زيارتنا",
        ["مستشفي الامل", "حمص"],
    ),
    (
        # the corpus's ه for ة is written ت before a pronoun; a two-letter word keeps its ه ("له")
        "اكد رئيس حكومه ه احمد سالم ل ه ان شركه هم في طرابلس",
        "O O O O B-PERSON I-PERSON O O O O O O B-LOC",
        "اكد رئيس حكومته احمد سالم له ان شركتهم في طرابلس",
        ["احمد سالم", "طرابلس"],
    ),
]


@pytest.mark.parametrize("tokens, tags, text, surfaces", CASES)
def test_detokenize_keeps_offsets(tokens, tags, text, surfaces):
    words, tags = tokens.split(), tags.split()
    got, spans = H.detokenize(words)
    assert got == text
    for (s, e), w in zip(spans, words, strict=True):
        assert got[s:e] in (w, w[1:], w[:-1] + "ت")  # the article's alef after ل; ة before a pronoun
    out, mentions = H.gold_mentions(words, tags)
    assert [out[s:e] for _, s, e in mentions] == surfaces


def test_segmented_keeps_fane_tokens_apart():
    words = "و قال ل الصحفيين".split()
    text, spans = H.detokenize(words, glue=False)
    assert text == "و قال ل الصحفيين"
    assert [text[s:e] for s, e in spans] == words


def test_documents_shift_the_second_sentence():
    sents = [(c[0].split(), c[1].split()) for c in CASES[:2]]
    [(text, gold)] = H.documents(sents, per=10)
    assert text == CASES[0][2] + "\n" + CASES[1][2]
    assert [text[s:e] for _, s, e in gold] == CASES[0][3] + CASES[1][3]
    assert [t for t, _, _ in gold] == ["PERSON", "LOC", "ORG", "LOC"]


def _scores(text, gold, pred):
    counts = {m: {t: [0, 0, 0, 0] for t in H.TYPES} for m in ("exact", "lenient")}
    H.count(text, gold, pred, counts)
    return H.scores(counts)


TEXT = "وصل الوفد الى دمشق قادما وبيروت"
AT = TEXT.index("وبيروت")


@pytest.mark.parametrize(
    "pred, exact_tp, lenient_found",
    [
        (("LOC", AT + 1, AT + 6), 1, 1),  # "بيروت" against the gold "وبيروت": the proclitic is left out
        (("LOC", AT, AT + 6), 1, 1),  # the same span with its proclitic
        (("LOC", AT + 2, AT + 6), 0, 1),  # a shorter span only overlaps (trap: "يروت" is no exact match)
        (("ORG", AT + 1, AT + 6), 0, 0),  # another type is no match at all
    ],
)
def test_exact_and_lenient_match(pred, exact_tp, lenient_found):
    gold = [("LOC", AT, AT + 6)]
    s = _scores(TEXT, gold, [pred])
    assert s["exact"]["LOC"]["tp"] == exact_tp
    assert s["lenient"]["LOC"]["found"] == lenient_found
    assert s["exact"]["all"]["fn"] == 1 - exact_tp
