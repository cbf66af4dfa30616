"""Offsets are sacred: over the whole sample corpus and the seeds input, every
span of the output is `text[start:end]`, and event evidence lies in the text.
Checked on the documents as written to documents.jsonl, what analysts read."""

from __future__ import annotations

import pytest

from pipeline.run import run
from tests.conftest import CORPUS, read_jsonl

PROCLITIC_LETTERS = "وفبلك"


@pytest.fixture(scope="module")
def written(tmp_path_factory, seeds_input) -> list[dict]:
    out = tmp_path_factory.mktemp("corpus")
    out_seeds = tmp_path_factory.mktemp("seeds")
    result = run([CORPUS], out, published="2024-04-06", progress=False)
    assert result.rejects == 0
    result = run([seeds_input], out_seeds, progress=False)
    assert result.rejects == 0
    return read_jsonl(out / "documents.jsonl") + read_jsonl(out_seeds / "documents.jsonl")


def test_every_bulletin_was_processed(written):
    assert len(written) == 22


@pytest.mark.parametrize("part", ["entities", "quantities", "decrees", "dates"])
def test_span_surfaces_are_the_text_at_their_offsets(written, part):
    for doc in written:
        text = doc["text"]
        for span in doc[part]:
            assert 0 <= span["start"] <= span["end"] <= len(text), (doc["doc_id"], span)
            assert text[span["start"] : span["end"]] == span["text"], (doc["doc_id"], span)
            assert span["text"] == span["text"].strip(), (doc["doc_id"], span)


def test_entity_surfaces_exclude_an_attached_preposition(written):
    # "بمستشفى X" -> "مستشفى X": an entity never starts right after a letter of its own word.
    for doc in written:
        text = doc["text"]
        for e in doc["entities"]:
            before = text[e["start"] - 1] if e["start"] > 0 else " "
            assert not before.isalpha() or before in PROCLITIC_LETTERS, (doc["doc_id"], e)


def test_event_evidence_lies_inside_the_text(written):
    for doc in written:
        for ev in doc["events"]:
            s, e = ev["evidence"]["start"], ev["evidence"]["end"]
            assert 0 <= s < e <= len(doc["text"]), (doc["doc_id"], ev)
