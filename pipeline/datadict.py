"""The data dictionary, docs/DATA.md, generated from the models (never written by hand).

    make docs            # = python -m pipeline.datadict docs/DATA.md

One table per output: documents.jsonl (a table per record: `Document` and the records it
holds), each flat table of `pipeline.writers.TABLES` (column, type in pandas/Parquet and
SQLite, meaning, example) and rejects.jsonl. Meanings and examples are the fields'
`description` and `examples` in `pipeline.models`; tests/test_datadict.py fails when the
file is out of date or a field has no description.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pipeline import columns, writers
from pipeline.models import Document, Reject

DATA_MD = Path(__file__).resolve().parent.parent / "docs" / "DATA.md"

HEADER = """# Data dictionary

Every output of `bulletins run`, field by field. Generated from `pipeline/models.py`
by `make docs` (`python -m pipeline.datadict docs/DATA.md`): do not edit by hand
(tests/test_datadict.py fails when this file is out of date). The contract these
outputs keep is `../shared/spec/OUTPUT.md`; `schema.json` (in every output folder)
is the JSON Schema of a line of documents.jsonl.
"""


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("|", "\\|").replace("\n", " ")


def _example(field: FieldInfo) -> str:
    if not field.examples:
        return ""
    value = field.examples[0]
    return f"`{_cell(value)}`" if isinstance(value, str) else _cell(value)


def json_type(annotation: Any, field: FieldInfo | None = None) -> str:
    """A field's JSON type in words: string, integer, number, boolean, one of …, object X, array of …."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "one of " + " · ".join(f"`{v}`" for v in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        kinds = {json_type(a, field) for a in args}
        kind = "number" if kinds == {"integer", "number"} else " or ".join(sorted(kinds))
        return f"{kind} or null" if len(args) < len(typing.get_args(annotation)) else kind
    if origin is list:
        return f"array of {json_type(typing.get_args(annotation)[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"object ({annotation.__name__})"
    date = bool(field and isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get("format"))
    names = {
        str: "string (date YYYY-MM-DD)" if date else "string",
        bool: "boolean",
        int: "integer",
        float: "number",
    }
    return names[annotation]


def records(model: type[BaseModel]) -> list[type[BaseModel]]:
    """`model` and every record model it holds, depth first, each once."""
    found: list[type[BaseModel]] = []

    def visit(m: type[BaseModel]) -> None:
        if m in found:
            return
        found.append(m)
        for field in m.model_fields.values():
            for a in _leaves(field.annotation):
                if isinstance(a, type) and issubclass(a, BaseModel):
                    visit(a)

    visit(model)
    return found


def _leaves(annotation: Any) -> list[Any]:
    args = typing.get_args(annotation)
    return [leaf for a in args for leaf in _leaves(a)] if args else [annotation]


def _record_table(model: type[BaseModel]) -> list[str]:
    rows = [
        f"### {model.__name__}",
        "",
        " ".join((model.__doc__ or "").split()),
        "",
        "| field | type | meaning | example |",
        "| --- | --- | --- | --- |",
    ]
    for name, field in model.model_fields.items():
        rows.append(
            f"| `{name}` | {json_type(field.annotation, field)} | {_cell(field.description or '')} | {_example(field)} |"
        )
    return [*rows, ""]


def _column_table(table: writers.Table) -> list[str]:
    files = [f"`{table.name}.csv`", f"`{table.name}.parquet`"] if table.files else []
    rows = [
        f"### {table.name}",
        "",
        f"In {', '.join([*files, f'SQLite `bulletins.sqlite` table `{table.name}`'])}.",
        "",
        "| column | type (pandas / Parquet · SQLite) | meaning | example |",
        "| --- | --- | --- | --- |",
    ]
    for c in table.columns:
        pandas = "datetime.date" if c.kind == "date" else columns.PANDAS_DTYPES[c.kind]
        kind = f"{pandas} / {columns.ARROW_TYPES[c.kind]} · {columns.SQLITE_TYPES[c.kind]}"
        kind += ", nullable" if c.nullable else ""
        example = (
            ""
            if c.example is None
            else f"`{_cell(c.example)}`"
            if isinstance(c.example, str)
            else _cell(c.example)
        )
        rows.append(f"| `{c.name}` | {kind} | {_cell(c.description)} | {example} |")
    return [*rows, ""]


def render() -> str:
    """The text of docs/DATA.md."""
    lines = [HEADER, "## documents.jsonl", "", "One `Document` a line, in input order.", ""]
    for model in records(Document):
        lines += _record_table(model)
    lines += [
        "## Tables (CSV, Parquet, SQLite)",
        "",
        "One row per item, with the `doc_id` of its bulletin; the columns are the fields above, flattened.",
        "",
    ]
    for table in writers.TABLES:
        lines += _column_table(table)
    lines += ["## rejects.jsonl", "", "One `Reject` a line.", ""]
    lines += _record_table(Reject)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
