"""The one loader of language data in `lexicons/`.

Every lexicon is a UTF-8 TSV file with a header row. Lines starting with "#"
and blank lines are comments. Every file has at least the columns

    id        canonical id (lowercase ASCII: a-z 0-9 _ . : -), unique in its file
    name_en   English name
    ar        Arabic forms, separated by "|"

and the columns its schema adds (a facility's city, a month's number, ...).
Each file has a schema, a pydantic model registered with `@register("name")`
by the stage that uses `lexicons/name.tsv`; unknown columns are refused.
A bad entry raises `LexiconError` naming the file and line:

    lexicons/facilities.tsv:14: city: 'مصراته' is not a place id in places.tsv

Columns typed `list[str]` are "|"-separated too. Empty cells take the
field's default.

A lexicon may have a generated companion, `lexicons/<name>_open.tsv`, built from
open data by `scripts/build_lexicons.py` (`make lexicons`; sources and licenses in
`lexicons/SOURCES.md`). It has the same schema and extends `load(name)`; the
hand-made file wins: a generated entry whose id or one of whose forms the hand-made
file already has is left out.
"""

from __future__ import annotations

import csv
import os
import typing
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

PACKAGED_LEXICONS = "lexicons_data"  # where an installed wheel holds the repo's lexicons/ (pyproject.toml)


def lexicon_dir() -> Path:
    """The folder of the lexicons: `$BULLETINS_LEXICONS` if set, else the installed package's data
    (`pipeline/lexicons_data`, found with importlib.resources), else the checkout's `lexicons/`
    (a source tree or an editable install)."""
    if override := os.environ.get("BULLETINS_LEXICONS"):
        return Path(override)
    packaged = resources.files("pipeline") / PACKAGED_LEXICONS
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "lexicons"


LEXICON_DIR = lexicon_dir()

# Lexicons of names whose one-word forms are never clitic forms ("كريم" is not ك + "ريم").
# Cue lexicons are not among them: their one-word forms may carry a proclitic ("بدعم").
WHOLE_WORD_LEXICONS = frozenset({"given_names", "person_names", "places"})

# Lexicons of display text (the report's Arabic labels of codes): never matched against bulletins,
# so their words stay out of the tokenizer's vocabulary.
DISPLAY_LEXICONS = frozenset({"labels"})

# `<name>_open.tsv`: the generated companion of `<name>.tsv` (same schema, merged at load).
GENERATED_SUFFIX = "_open"

# Modules that register lexicon schemas; `validate_all` imports them all.
STAGE_MODULES = (
    "pipeline.entity_lexicon",
    "pipeline.persons",
    "pipeline.numbers",
    "pipeline.quantities",
    "pipeline.dates",
    "pipeline.decrees",
    "pipeline.events",
    "pipeline.segment",
    "pipeline.report",
)


class LexiconError(ValueError):
    """A lexicon file or entry that does not validate."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{_show(path)}:{line}" if line else _show(path)
        super().__init__(f"{where}: {message}")


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(LEXICON_DIR.parent))
    except ValueError:
        return str(path)


class Entry(BaseModel):
    """Base schema of a lexicon entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.:\-]*$")
    name_en: str = Field(min_length=1)
    ar: list[str] = Field(min_length=1)

    _line: int = PrivateAttr(default=0)
    _file: str = PrivateAttr(default="")

    @field_validator("ar")
    @classmethod
    def _no_empty_forms(cls, v: list[str]) -> list[str]:
        if any(not f.strip() for f in v):
            raise ValueError("an empty Arabic form (stray '|'?)")
        return v

    @property
    def line(self) -> int:
        return self._line

    @property
    def file(self) -> str:
        """Stem of the file the entry comes from ("places", or "places_open" when generated)."""
        return self._file


E = TypeVar("E", bound=Entry)
SCHEMAS: dict[str, type[Entry]] = {}


def register(name: str) -> Callable[[type[E]], type[E]]:
    """Class decorator: the schema of `lexicons/<name>.tsv`."""

    def deco(model: type[E]) -> type[E]:
        SCHEMAS[name] = model
        return model

    return deco


def _is_list(annotation: object) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(typing.get_origin(a) is list for a in typing.get_args(annotation))


def read_tsv(path: Path, model: type[E]) -> list[E]:
    """Read and validate one lexicon file against `model`."""
    if not path.exists():
        raise LexiconError(path, None, "file not found")
    entries: list[E] = []
    seen: dict[str, int] = {}
    fields = model.model_fields
    with path.open(encoding="utf-8", newline="") as f:
        rows = [
            (n, line) for n, line in enumerate(f, 1) if line.strip() and not line.lstrip().startswith("#")
        ]
    if not rows:
        raise LexiconError(path, None, "no header row")
    header_line, header = rows[0]
    columns = [c.strip() for c in next(csv.reader([header], delimiter="\t"))]
    unknown = [c for c in columns if c not in fields]
    if unknown:
        raise LexiconError(path, header_line, f"unknown column(s) {unknown}; allowed: {list(fields)}")
    lists = {c for c in columns if _is_list(fields[c].annotation)}  # "a|b" cells: one form each
    stem = path.stem
    for n, line in rows[1:]:
        cells = next(csv.reader([line.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(columns):
            raise LexiconError(path, n, f"{len(cells)} cells for {len(columns)} columns (a tab too many?)")
        raw: dict[str, object] = {}
        for col, cell in zip(columns, cells, strict=False):
            cell = cell.strip()
            if not cell:
                continue
            raw[col] = [p.strip() for p in cell.split("|")] if col in lists else cell
        try:
            entry = model(**raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(x) for x in err["loc"]) or "entry"
            raise LexiconError(path, n, f"{loc}: {err['msg']}") from None
        if entry.id in seen:
            raise LexiconError(path, n, f"duplicate id {entry.id!r} (first on line {seen[entry.id]})")
        seen[entry.id] = n
        entry._line = n
        entry._file = stem
        entries.append(entry)
    return entries


def schema_name(stem: str) -> str:
    """The lexicon a file belongs to: "places" for places.tsv and its companion places_open.tsv."""
    return stem.removesuffix(GENERATED_SUFFIX)


@cache
def load(name: str) -> tuple[Entry, ...]:
    """The validated entries of `lexicons/<name>.tsv`, then those of its generated companion
    that neither reuse an id nor a (normalized) form of the hand-made file (cached)."""
    if name not in SCHEMAS:
        raise LexiconError(LEXICON_DIR / f"{name}.tsv", None, "no schema registered for this lexicon")
    entries = read_tsv(LEXICON_DIR / f"{name}.tsv", SCHEMAS[name])
    companion = LEXICON_DIR / f"{name}{GENERATED_SUFFIX}.tsv"
    if companion.exists():
        from pipeline.normalize import norm

        ids = {e.id for e in entries}
        forms = {norm(f) for e in entries for f in e.ar}
        entries += [
            e
            for e in read_tsv(companion, SCHEMAS[name])
            if e.id not in ids and not any(norm(f) in forms for f in e.ar)
        ]
    return tuple(entries)


def validate_all() -> dict[str, int]:
    """Validate every lexicon file; return the number of entries of each.

    Raises LexiconError for the first bad entry, or a file with no schema.
    """
    import importlib

    for mod in STAGE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a stage not written yet
            if exc.name != mod:
                raise
    counts: dict[str, int] = {}
    for path in sorted(LEXICON_DIR.glob("*.tsv")):
        if schema_name(path.stem) not in SCHEMAS:
            raise LexiconError(path, None, "no schema registered for this lexicon")
        counts[path.stem] = len(read_tsv(path, SCHEMAS[schema_name(path.stem)]))
    return counts


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Normalized words of every Arabic form in every lexicon, without clitic forms.

    The tokenizer separates a proclitic only when what remains is a known word;
    this is that knowledge. A word that is itself a clitic form of another
    ("والتعليم", "بالمستشفى") is left out, so that it is split too.
    """
    from pipeline.normalize import norm
    from pipeline.tokenize import PROCLITICS

    words: set[str] = set()
    heads: set[str] = set()  # first words of forms: a name never starts with a proclitic
    whole: set[str] = set()  # one-word names ("كريم", "فيصل"): words in their own right
    for path in sorted(LEXICON_DIR.glob("*.tsv")):
        if path.stem in DISPLAY_LEXICONS:
            continue
        with path.open(encoding="utf-8", newline="") as f:
            lines = [ln for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
        if not lines:
            continue
        columns = lines[0].rstrip("\r\n").split("\t")
        ar_cols = [i for i, c in enumerate(columns) if c.strip().startswith("ar")]
        for ln in lines[1:]:
            cells = ln.rstrip("\r\n").split("\t")
            for i in ar_cols:
                if i < len(cells):
                    for form in cells[i].split("|"):
                        form_words = [w for w in norm(form).split() if w.isalpha()]
                        words.update(form_words)
                        heads.update(form_words[:1])
                        if len(form_words) == 1 and schema_name(path.stem) in WHOLE_WORD_LEXICONS:
                            whole.update(form_words)

    def clitic_form(w: str) -> bool:
        if w in whole:  # "كريم" is a name, not ك + "ريم"
            return False
        # "وزاره" (first word of "وزارة الصحة") is a word even though "زاره" is one too
        # (in "عين زارة"); it is a clitic form only when the rest also starts a name.
        if w in heads and not any(
            w.startswith(p) and (w[len(p) :] in heads or w[len(p) :].startswith("ال")) for p in PROCLITICS
        ):
            return False
        for p in PROCLITICS:
            rest = w[len(p) :]
            if w.startswith(p) and (
                (rest in words and len(rest) >= 3) or (rest.startswith("ال") and len(rest) >= 4)
            ):
                return True
        return False

    return frozenset(w for w in words if not clitic_form(w))
