"""docs/DATA.md is generated from the models, covers every field, and is up to date; schema.json's header."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from pipeline import datadict, models, writers
from pipeline.models import Document, Record, Span

MODELS = sorted(
    (
        m
        for m in vars(models).values()
        if isinstance(m, type) and issubclass(m, Record) and m not in (Record, Span)
    ),
    key=lambda m: m.__name__,
)


def _sections(text: str) -> dict[str, list[str]]:
    """The first-column names of each `### name` table of DATA.md."""
    out: dict[str, list[str]] = {}
    for block in text.split("\n### ")[1:]:
        name, _, body = block.partition("\n")
        out[name.strip()] = re.findall(r"^\| `([^`]+)` \|", body, flags=re.MULTILINE)
    return out


def test_data_md_is_up_to_date() -> None:
    assert datadict.DATA_MD.read_text(encoding="utf-8") == datadict.render(), (
        "docs/DATA.md is out of date: run `make docs`"
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_description(model: type[BaseModel]) -> None:
    assert model.__doc__ and model.__doc__ != BaseModel.__doc__
    assert [n for n, f in model.model_fields.items() if not (f.description or "").strip()] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_data_md_covers_every_field(model: type[BaseModel]) -> None:
    sections = _sections(datadict.DATA_MD.read_text(encoding="utf-8"))
    rows = {
        models.EventRow: "events",
        models.DuplicateRow: "duplicates",
        models.EventClusterRow: "event_clusters",
    }
    name = {**rows, models.AggregateRow: "aggregates"}.get(model, model.__name__)  # a row model: its table
    assert sections[name][: len(model.model_fields)] == list(model.model_fields)


def test_data_md_covers_every_table_column() -> None:
    sections = _sections(datadict.DATA_MD.read_text(encoding="utf-8"))
    for table in writers.TABLES:
        assert sections[table.name] == [c.name for c in table.columns]
        assert all(c.description for c in table.columns), table.name


@pytest.mark.parametrize(
    ("annotation", "words"),
    [
        (int | float, "number"),
        (int | float | None, "number or null"),
        (list[str], "array of string"),
        (models.Qualifier, "one of `exact` · `more_than` · `less_than` · `about` · `at_least` · `up_to`"),
        (models.FacilityRef | None, "object (FacilityRef) or null"),
        (bool, "boolean"),
    ],
)
def test_json_type(annotation: object, words: str) -> None:
    assert datadict.json_type(annotation) == words


def test_schema_json_header_and_formats() -> None:
    schema = Document.model_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == models.SCHEMA_ID and schema["title"] == "Bulletin"
    assert schema["properties"]["published"]["format"] == "date"
    assert schema["$defs"]["DateMention"]["properties"]["value"]["format"] == "date"
    assert schema["properties"]["text"]["description"] and schema["properties"]["text"]["examples"]
