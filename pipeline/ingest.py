"""Ingest: files and folders in, `Document`s (and `Reject`s) out, in input order.

    for item in ingest([Path("corpus/"), Path("more.jsonl")], published="2024-03-20"):
        ...  # a Document to process, or a Reject saying what could not be read and why

Inputs (see OUTPUT.md, "Input"):

  *.txt    one paragraph a line. A blank line always ends a bulletin; a file
           without blank lines is segmented by `pipeline.segment` (a paragraph
           that continues the previous one joins it). doc_id is
           "<file stem>:<first line>-<last line>" (1-based lines of the file),
           source = {path, line_start, line_end}. The text is the paragraphs
           joined by "\\n", each exactly as read except its line ending and its
           trailing whitespace (invisible, and left by editors and CRLF
           conversions); leading whitespace and everything inside is kept.
  *.jsonl  one bulletin a line: {"id", "text", "published"?, "source"?, "url"?, "country"?}
  *.csv    a header with "id" and "text" and optionally "published", "source", "url", "country"

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, then Windows-1256 when
it decodes to mostly Arabic, then charset-normalizer's best guess. Line endings
LF, CRLF or CR. Folders are read recursively, in sorted path order, skipping
hidden files and folders.

Bad input never stops the run: each of an empty file, a binary file,
undecodable bytes, a broken JSONL line, a JSONL line without "text", a CSV
without a "text" column, an empty bulletin, a bad `published`, a duplicate id,
an unreadable path or an unsupported extension gives a `Reject` with the path,
the line (when there is one) and the reason; everything else comes through.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.models import Document, Reject, Source
from pipeline.segment import segment

SUFFIXES = (".txt", ".jsonl", ".csv")
Item = Document | Reject

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class InputError(ValueError):
    """An input that cannot be read; `line` is 1-based when known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason, self.line = reason, line


@dataclass
class Decoded:
    text: str
    encoding: str
    bad_lines: set[int] = field(default_factory=set)  # lines with undecodable bytes (replaced by U+FFFD)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)


def _looks_binary(raw: bytes) -> bool:
    if b"\x00" in raw:
        return True
    sample = raw[:65536].decode("latin-1")
    return len(_CONTROL.findall(sample)) > 0.02 * len(sample)


def decode(raw: bytes) -> Decoded:
    """Decode the bytes of a text file, detecting its encoding; InputError when they are not text."""
    if not raw.strip():
        raise InputError("empty file")
    for bom, enc in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable bytes: not valid {enc} ({exc.reason})") from None
    if _looks_binary(raw):
        raise InputError("binary file (NUL or control bytes), not text")
    try:
        return Decoded(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few bad bytes: keep the file, mark the lines.
    lenient = raw.decode("utf-8-sig", errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= max(2, len(lenient) // 200) and _arabic_share(lenient) >= 0.5:
        bad_lines = set()
        for n, line in enumerate(raw.split(b"\n"), 1):
            try:
                line.decode("utf-8-sig")
            except UnicodeDecodeError:
                bad_lines.add(n)
        return Decoded(lenient, "utf-8", bad_lines)
    cp = raw.decode("cp1256", errors="replace")
    if _arabic_share(cp) >= 0.5:
        return Decoded(cp, "cp1256")
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding:
        guess = str(best)
        if not _CONTROL.search(guess) and "\ufffd" not in guess:
            return Decoded(guess, best.encoding)
    raise InputError("undecodable bytes: neither UTF-8 nor Windows-1256 text")


def _published(value: object, default: str | None) -> str | None:
    """A YYYY-MM-DD date (a datetime's date part is kept), or the run's default."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    s = str(value).strip()
    if _DATE.match(s):
        try:
            return date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            pass
    raise InputError(f"published {s!r} is not a date YYYY-MM-DD")


def _read_text(path: Path) -> Decoded | Reject:
    """The decoded text of a file, or the Reject that says why it cannot be read as text."""
    try:
        return decode(path.read_bytes())
    except InputError as exc:
        return Reject(path=path.as_posix(), line=exc.line, reason=exc.reason)


def _lines(text: str) -> list[str]:
    """The lines of a text, without their line endings and trailing whitespace."""
    return [line.rstrip() for line in _LINE_BREAK.split(text)]


def read_txt(path: Path, published: str | None = None) -> Iterator[Item]:
    """Bulletins of a .txt file: blocks between blank lines, or segmented paragraphs."""
    decoded = _read_text(path)
    if isinstance(decoded, Reject):
        yield decoded
        return
    lines = _lines(decoded.text)
    filled = [n for n, line in enumerate(lines) if line.strip()]
    if not filled:
        yield Reject(path=path.as_posix(), reason="empty file (only blank lines)")
        return
    inner_blank = any(not lines[n].strip() for n in range(filled[0], filled[-1] + 1))
    blocks: list[tuple[int, int]] = []  # 0-based inclusive line ranges
    if inner_blank:
        start = None
        for n in range(filled[0], filled[-1] + 2):
            if n <= filled[-1] and lines[n].strip():
                start = n if start is None else start
            elif start is not None:
                blocks.append((start, n - 1))
                start = None
    else:
        paragraphs = lines[filled[0] : filled[-1] + 1]
        blocks = [(filled[0] + a, filled[0] + b) for a, b in segment(paragraphs)]
    for a, b in blocks:
        doc_id = f"{path.stem}:{a + 1}-{b + 1}"
        bad = sorted(n for n in decoded.bad_lines if a + 1 <= n <= b + 1)
        if bad:
            yield Reject(
                path=path.as_posix(),
                line=bad[0],
                doc_id=doc_id,
                reason=f"undecodable bytes on line {bad[0]}: not valid UTF-8",
            )
            continue
        yield Document(
            doc_id=doc_id,
            source=Source(path=path.as_posix(), line_start=a + 1, line_end=b + 1),
            published=published,
            text="\n".join(lines[a : b + 1]),
        )


def _record(path: Path, line: int, fields: dict[str, object], published: str | None, kind: str) -> Item:
    """A Document from one JSONL object or CSV row, or the Reject that says why not."""
    where = {"path": path.as_posix(), "line": line}
    raw_id = fields.get("id")
    doc_id = str(raw_id).strip() if raw_id is not None and str(raw_id).strip() else f"{path.stem}:{line}"
    text = fields.get("text")
    if text is None:
        return Reject(**where, doc_id=doc_id, reason=f'{kind} without a "text" field')
    if not isinstance(text, str):
        return Reject(**where, doc_id=doc_id, reason=f'"text" is a {type(text).__name__}, not a string')
    if not text.strip():
        return Reject(**where, doc_id=doc_id, reason="empty bulletin text")
    try:
        pub = _published(fields.get("published"), published)
    except InputError as exc:
        return Reject(**where, doc_id=doc_id, reason=exc.reason)
    name, url, country = fields.get("source"), fields.get("url"), fields.get("country")
    return Document(
        doc_id=doc_id,
        source=Source(
            path=path.as_posix(),
            line_start=line,
            line_end=line,
            name=str(name) if name else None,
            url=str(url) if url else None,
        ),
        published=pub,
        country=str(country).strip().upper() or None if country else None,
        text=text,
    )


def read_jsonl(path: Path, published: str | None = None) -> Iterator[Item]:
    """Bulletins of a .jsonl file, one JSON object a line (blank lines skipped)."""
    decoded = _read_text(path)
    if isinstance(decoded, Reject):
        yield decoded
        return
    for n, line in enumerate(_LINE_BREAK.split(decoded.text), 1):
        if not line.strip():
            continue
        if n in decoded.bad_lines:
            yield Reject(
                path=path.as_posix(), line=n, reason=f"undecodable bytes on line {n}: not valid UTF-8"
            )
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(path=path.as_posix(), line=n, reason=f"broken JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Reject(path=path.as_posix(), line=n, reason=f"a JSON {type(obj).__name__}, not an object")
            continue
        yield _record(path, n, obj, published, "JSONL line")


def _csv_dialect(header_line: str) -> str:
    """The delimiter whose split of the header has a "text" column (comma by default)."""
    for delim in (",", ";", "\t"):
        cols = next(csv.reader([header_line], delimiter=delim), [])
        if "text" in (c.strip().lower().lstrip("\ufeff") for c in cols):
            return delim
    return ","


def read_csv(path: Path, published: str | None = None) -> Iterator[Item]:
    """Bulletins of a .csv file with a header row (id, text, published?, source?, url?)."""
    decoded = _read_text(path)
    if isinstance(decoded, Reject):
        yield decoded
        return
    text = decoded.text
    first = _LINE_BREAK.split(text.lstrip("\ufeff"), maxsplit=1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_csv_dialect(first))
    try:
        header = [c.strip().lower() for c in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield Reject(path=path.as_posix(), line=1, reason=f"unreadable CSV header: {exc}")
        return
    if "text" not in header:
        yield Reject(path=path.as_posix(), line=1, reason=f'CSV without a "text" column (columns: {header})')
        return
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Reject(path=path.as_posix(), line=line, reason=f"broken CSV row: {exc}")
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        fields: dict[str, object] = {h: v for h, v in zip(header, row, strict=False)}
        if start in decoded.bad_lines:
            yield Reject(path=path.as_posix(), line=start, reason=f"undecodable bytes on line {start}")
            continue
        yield _record(path, start, fields, published, "CSV row")


READERS = {".txt": read_txt, ".jsonl": read_jsonl, ".csv": read_csv}


def _hidden(name: str) -> bool:
    return name.startswith(".")


def files(inputs: Iterable[Path], exclude: Path | None = None) -> Iterator[Path | Reject]:
    """Input files in order: each file as given, each folder's files recursively in sorted order."""
    skip = exclude.resolve() if exclude is not None else None
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _hidden(d))
                found.extend(Path(root) / n for n in names if not _hidden(n))
            for f in sorted(found):
                if skip is not None and f.resolve().is_relative_to(skip):
                    continue
                yield f
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Reject(path=path.as_posix(), reason="no such file or folder")


def ingest(
    inputs: Iterable[Path], published: str | None = None, exclude: Path | None = None
) -> Iterator[Item]:
    """Documents and Rejects of every input, in input order (`exclude`: a folder to leave out, e.g. the output)."""
    seen: dict[str, str] = {}
    for f in files(inputs, exclude):
        if isinstance(f, Reject):
            yield f
            continue
        reader = READERS.get(f.suffix.lower())
        if reader is None:
            yield Reject(
                path=f.as_posix(),
                reason=f"unsupported extension {f.suffix or '(none)'!r}; expected {SUFFIXES}",
            )
            continue
        try:
            items = list(reader(f, published))
        except OSError as exc:
            yield Reject(path=f.as_posix(), reason=f"cannot read: {exc.strerror or exc}")
            continue
        for item in items:
            if isinstance(item, Document):
                where = f"{f.as_posix()}:{item.source.line_start}"
                if item.doc_id in seen:
                    yield Reject(
                        path=f.as_posix(),
                        line=item.source.line_start,
                        doc_id=item.doc_id,
                        reason=f"duplicate id {item.doc_id!r} (first at {seen[item.doc_id]})",
                    )
                    continue
                seen[item.doc_id] = where
            yield item
