"""Columns of the flat tables, from the fields of the pydantic models (`pipeline.models`).

Column types come from the field annotations: str/Literal -> text, int ->
integer, float or int|float -> number, bool -> boolean, a str marked as a date
(`models.DATE`) -> date; the type of each kind in SQLite, Parquet and pandas is below
(see `pipeline.writers` for what each means to a reader).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pipeline.models import DATE

Kind = Literal["text", "integer", "number", "boolean", "date"]

SQLITE_TYPES: dict[Kind, str] = {
    "text": "TEXT",
    "integer": "INTEGER",
    "number": "NUMERIC",
    "boolean": "INTEGER",
    "date": "TEXT",  # ISO YYYY-MM-DD
}
ARROW_TYPES: dict[Kind, pa.DataType] = {
    "text": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}
PANDAS_DTYPES: dict[Kind, str] = {
    "text": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "object",  # datetime.date values (Parquet date32)
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    nullable: bool
    description: str = ""  # the model field's description (docs/DATA.md)
    example: Any = None  # the model field's first example


def _kind_of(annotation: Any) -> tuple[Kind, bool]:
    """The column kind of a scalar field annotation, and whether it admits None."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        values = typing.get_args(annotation)
        if all(isinstance(v, str) for v in values):
            return "text", False
        raise TypeError(f"no column type for {annotation!r}")
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        nullable = type(None) in args
        kinds = {_kind_of(a)[0] for a in args if a is not type(None)}
        if kinds == {"integer", "number"}:
            return "number", nullable
        if len(kinds) == 1:
            return kinds.pop(), nullable
        raise TypeError(f"no column type for {annotation!r}")
    # bool before int: bool is a subclass of int.
    for py_type, kind in ((bool, "boolean"), (str, "text"), (int, "integer"), (float, "number")):
        if annotation is py_type:
            return kind, False  # type: ignore[return-value]
    raise TypeError(f"no column type for {annotation!r} (tables hold scalar fields only)")


def columns_of(model: type[BaseModel], prefix: str = "", skip: tuple[str, ...] = ()) -> list[Column]:
    """The columns of a model's fields, in declaration order (`prefix` before each name)."""
    cols = []
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        cols.append(_column(prefix + name, field))
    return cols


def _column(name: str, field: FieldInfo) -> Column:
    kind, nullable = _kind_of(field.annotation)
    if kind == "text" and field.json_schema_extra == DATE:  # a YYYY-MM-DD string: a date column
        kind = "date"
    return Column(name, kind, nullable, field.description or "", (field.examples or [None])[0])


def iso_date(value: str | None) -> date | None:
    """The date of an ISO YYYY-MM-DD string, else None (an unresolved date as written)."""
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
