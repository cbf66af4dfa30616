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

Reading is lazy: bulletins come out one at a time, and a JSONL or CSV file is
read record by record (a few lines held at a time), so a file of any size costs
the memory of one record. A .txt file (segmented as a whole) and a UTF-16 file
are read whole.

Encodings are decided per bulletin (per line for JSONL): UTF-8 (with or
without BOM) when its bytes are valid UTF-8, else Windows-1256 when they decode
to mostly Arabic or Latin letters and digits; a whole file is UTF-16 when it
starts with a BOM. Line endings LF, CRLF or CR. Folders are read recursively,
in sorted path order, skipping hidden files and folders; symlinks are followed,
a folder reached twice (a symlink loop) is read once.

Bad input never stops the run and costs only what it spoils. Each of these
gives a `Reject` with the path, the line (when there is one) and the reason;
everything else comes through:

  whole file:  an empty file, a binary file (more than 2% control bytes), bytes
               that are not valid UTF-16 after a UTF-16 BOM, a CSV without a
               "text" column, an unsupported extension, a path that does not
               exist, a broken symlink, a symlink loop, a FIFO, device, socket
               or anything else that is not a regular file, an unreadable file
               or folder;
  a bulletin:  a NUL byte, broken UTF-8 in a UTF-8 bulletin, a line of another
               encoding than the rest of its bulletin, bytes that decode to no
               Arabic or Latin text ("not text"), a text longer than
               `max_chars` (`MAX_CHARS` by default; a line more than 8 times
               that many bytes long is never held in memory, except in UTF-16), a broken JSONL
               line, a JSONL line or CSV row without "text", an empty bulletin,
               a bad `published`, a duplicate id, a broken CSV row (a quote
               never closed: that row only, reading goes on at the next line),
               a CSV row with more cells than the header has columns.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from pipeline.models import Document, Reject, Source
from pipeline.segment import segment

SUFFIXES = (".txt", ".jsonl", ".csv")
Item = Document | Reject

# The longest bulletin text read (characters; `--max-chars`): a bulletin is a
# few thousand characters, and a pathological input (a 100 MB line) must cost a
# reject, not the memory of the machine.
MAX_CHARS = 50_000
# A line of more bytes than this many times max_chars is not even decoded (no
# encoding, not even JSON escapes, takes more bytes for a character).
_BYTES_PER_CHAR = 8
_CHUNK = 1 << 20

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BYTE_BREAK = re.compile(rb"\r\n|\r|\n")
# Arabic letters, Latin letters and digits: most of what real text is made of.
_CORE_CHAR = re.compile(r"[\u0621-\u064a\u0660-\u0669A-Za-z0-9]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # only from a JSON escape ("\\ud800"): no character
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class InputError(ValueError):
    """An input that cannot be read; `line` is 1-based when known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason, self.line = reason, line


@dataclass
class Line:
    """One line of a text file: its decoded content, its ending, and why its bytes are not text."""

    text: str
    end: str  # "\n", "\r\n", "\r", or "" for the last line
    encoding: str  # "ascii", "utf-8", "cp1256" or "utf-16"
    problem: str | None = None  # a NUL byte, broken UTF-8, too long: its bulletin is rejected


@dataclass
class Decoded:
    lines: list[Line]
    encoding: str  # what most non-ASCII lines are ("utf-8" when all are ASCII)

    @property
    def text(self) -> str:
        return "".join(line.text + line.end for line in self.lines)


def _looks_binary(sample: bytes) -> bool:
    text = sample.decode("latin-1")
    return len(_CONTROL.findall(text)) > 0.02 * len(text)


def _raw_lines(f: BinaryIO, limit: int) -> Iterator[tuple[bytes | None, bytes, int]]:
    """(content, line ending, size in bytes) of each line of a binary file, read in chunks.

    The content of a line longer than `limit` bytes is not kept (None): a
    100 MB line costs no more memory than a short one."""
    buf, dropped = b"", 0
    while True:
        chunk = f.read(_CHUNK)
        buf += chunk
        start = 0
        for m in _BYTE_BREAK.finditer(buf):
            if chunk and m.group() == b"\r" and m.end() == len(buf):
                break  # a CR at the end of the chunk: its LF may be in the next one
            content = buf[start : m.start()]
            yield (None if dropped else content), m.group(), dropped + len(content)
            dropped, start = 0, m.end()
        buf = buf[start:]
        if not chunk:
            if buf or dropped:
                yield (None if dropped else buf), b"", dropped + len(buf)
            return
        if len(buf) > limit:
            keep = 1 if buf.endswith(b"\r") else 0
            dropped += len(buf) - keep
            buf = buf[len(buf) - keep :]


def _line(raw: bytes | None, end: bytes, size: int, max_chars: int) -> Line:
    """Decode one line: UTF-8 when it is valid, else Windows-1256; the problem when it is neither."""
    ending = end.decode("ascii")
    if raw is None:
        return Line("", ending, "ascii", f"text longer than {max_chars} characters (a line of {size} bytes)")
    if b"\x00" in raw:
        return Line(raw.decode("latin-1"), ending, "ascii", "a NUL byte: binary data, not text")
    try:
        text = raw.decode("utf-8")
        return Line(text, ending, "ascii" if raw.isascii() else "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = raw.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    if sum(1 for c in lenient if c > "\x7f") - broken > broken:
        # mostly UTF-8 letters around a few bad bytes: broken UTF-8, not another encoding
        return Line(lenient, ending, "utf-8", "undecodable bytes: not valid UTF-8")
    return Line(raw.decode("cp1256"), ending, "cp1256")


def _looks_like_text(text: str) -> bool:
    """Mostly Arabic or Latin letters and digits (what a guessed encoding must give)."""
    visible = [c for c in text if not c.isspace()]
    core = sum(1 for c in visible if _CORE_CHAR.match(c))
    return core >= 0.6 * len(visible)


def iter_lines(f: BinaryIO, max_chars: int = MAX_CHARS) -> Iterator[Line]:
    """The lines of a text file, each decoded on its own, one at a time (a UTF-16 file is read
    whole); InputError, before the first line, when the file is not text at all."""
    head = f.read(_CHUNK)
    if not head.strip():
        raise InputError("empty file")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raw = head + f.read()
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"undecodable bytes: not valid UTF-16 ({exc.reason})") from None
        parts = _LINE_BREAK.split(text)
        ends = _LINE_BREAK.findall(text) + [""]
        return iter([Line(t, e, "utf-16") for t, e in zip(parts, ends, strict=True)])
    if _looks_binary(head):
        raise InputError("binary file (NUL or control bytes), not text")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    raw_lines = _raw_lines(_Prefixed(head, f), _BYTES_PER_CHAR * max_chars)
    return (_line(raw, end, size, max_chars) for raw, end, size in raw_lines)


def read_lines(f: BinaryIO, max_chars: int = MAX_CHARS) -> Decoded:
    """The lines of a text file, all of them (see `iter_lines`)."""
    lines = list(iter_lines(f, max_chars))
    if lines and lines[0].encoding == "utf-16":
        return Decoded(lines, "utf-16")
    encodings = Counter(line.encoding for line in lines if line.encoding != "ascii")
    return Decoded(lines, encodings.most_common(1)[0][0] if encodings else "utf-8")


def decode(raw: bytes, max_chars: int = MAX_CHARS) -> Decoded:
    """Decode the bytes of a text file (see `read_lines`)."""
    return read_lines(io.BytesIO(raw), max_chars)


class _Prefixed(io.RawIOBase):
    """A binary file whose first bytes were already read (`head`)."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.rest.read(size)


def problem(decoded: Decoded, a: int, b: int) -> tuple[int, str] | None:
    """(1-based line, reason) why lines a..b (0-based, inclusive) cannot be one bulletin, or None."""
    return _problem(decoded.lines[a : b + 1], a)


def _problem(lines: list[Line], a: int) -> tuple[int, str] | None:
    """(1-based line, reason) why `lines`, the first of them at 0-based index `a`, cannot be one
    bulletin, or None.

    Encoding is decided per bulletin: all its lines UTF-8, or all Windows-1256
    (then the text must look like Arabic or Latin text). A bulletin mixing the
    two is rejected rather than turned into mojibake."""
    for n, line in enumerate(lines, a + 1):
        if line.problem:
            return n, f"{line.problem} (line {n})"
    encodings = {line.encoding for line in lines} - {"ascii"}
    if len(encodings) > 1:
        n = next(n for n, line in enumerate(lines, a + 1) if line.encoding == "cp1256")
        return n, f"undecodable bytes: line {n} is not valid UTF-8 while the rest of its bulletin is"
    if encodings == {"cp1256"} and not _looks_like_text("".join(line.text for line in lines)):
        return a + 1, "not text: the bytes are neither UTF-8 nor Windows-1256 Arabic or Latin text"
    return None


def _too_long(text: str, max_chars: int) -> str | None:
    if len(text) > max_chars:
        return f"text longer than {max_chars} characters ({len(text)}; see --max-chars)"
    return None


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


def _read_text(path: Path, max_chars: int) -> Decoded | Reject:
    """The decoded lines of a file, or the Reject that says why it cannot be read as text."""
    try:
        with open(path, "rb") as f:
            return read_lines(f, max_chars)
    except InputError as exc:
        return Reject(path=path.as_posix(), line=exc.line, reason=exc.reason)


def read_txt(path: Path, published: str | None = None, max_chars: int = MAX_CHARS) -> Iterator[Item]:
    """Bulletins of a .txt file: blocks between blank lines, or segmented paragraphs."""
    decoded = _read_text(path, max_chars)
    if isinstance(decoded, Reject):
        yield decoded
        return
    lines = [line.text.rstrip() for line in decoded.lines]
    filled = [n for n, line in enumerate(lines) if line.strip() or decoded.lines[n].problem]
    if not filled:
        yield Reject(path=path.as_posix(), reason="empty file (only blank lines)")
        return
    kept = set(filled)
    inner_blank = any(n not in kept for n in range(filled[0], filled[-1] + 1))
    blocks: list[tuple[int, int]] = []  # 0-based inclusive line ranges
    if inner_blank:
        start = None
        for n in range(filled[0], filled[-1] + 2):
            if n in kept:
                start = n if start is None else start
            elif start is not None:
                blocks.append((start, n - 1))
                start = None
    else:
        paragraphs = lines[filled[0] : filled[-1] + 1]
        blocks = [(filled[0] + a, filled[0] + b) for a, b in segment(paragraphs)]
    for a, b in blocks:
        doc_id = f"{path.stem}:{a + 1}-{b + 1}"
        text = "\n".join(lines[a : b + 1])
        bad = problem(decoded, a, b)
        reason = bad[1] if bad else _too_long(text, max_chars)
        if reason:
            yield Reject(path=path.as_posix(), line=bad[0] if bad else a + 1, doc_id=doc_id, reason=reason)
            continue
        yield Document(
            doc_id=doc_id,
            source=Source(path=path.as_posix(), line_start=a + 1, line_end=b + 1),
            published=published,
            text=text,
        )


def _record(
    path: Path, line: int, fields: dict[str, object], published: str | None, kind: str, max_chars: int
) -> Item:
    """A Document from one JSONL object or CSV row, or the Reject that says why not."""
    where = {"path": path.as_posix(), "line": line}
    raw_id = fields.get("id")
    doc_id = str(raw_id).strip() if raw_id is not None and str(raw_id).strip() else f"{path.stem}:{line}"
    text = fields.get("text")
    for key, value in fields.items():
        if isinstance(value, str) and _SURROGATE.search(value):
            return Reject(**where, doc_id=doc_id, reason=f'"{key}" is not valid Unicode (a lone surrogate)')
    if text is None:
        return Reject(**where, doc_id=doc_id, reason=f'{kind} without a "text" field')
    if not isinstance(text, str):
        return Reject(**where, doc_id=doc_id, reason=f'"text" is a {type(text).__name__}, not a string')
    if not text.strip():
        return Reject(**where, doc_id=doc_id, reason="empty bulletin text")
    too_long = _too_long(text, max_chars)
    if too_long:
        return Reject(**where, doc_id=doc_id, reason=too_long)
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


def _file_reject(path: Path, exc: InputError) -> Reject:
    return Reject(path=path.as_posix(), line=exc.line, reason=exc.reason)


def read_jsonl(path: Path, published: str | None = None, max_chars: int = MAX_CHARS) -> Iterator[Item]:
    """Bulletins of a .jsonl file, one JSON object a line (blank lines skipped), read line by line."""
    with open(path, "rb") as f:
        try:
            lines = iter_lines(f, max_chars)
        except InputError as exc:
            yield _file_reject(path, exc)
            return
        for n, raw in enumerate(lines, 1):
            item = _jsonl_item(path, n, raw, published, max_chars)
            if item is not None:
                yield item


def _jsonl_item(path: Path, n: int, raw: Line, published: str | None, max_chars: int) -> Item | None:
    """The bulletin of JSONL line `n`, the Reject that says why it is none, or None for a blank line."""
    bad = _problem([raw], n - 1)
    if bad:
        return Reject(path=path.as_posix(), line=n, reason=bad[1])
    line = raw.text
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Reject(path=path.as_posix(), line=n, reason=f"broken JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Reject(path=path.as_posix(), line=n, reason="broken JSON: nested too deeply")
    if not isinstance(obj, dict):
        return Reject(path=path.as_posix(), line=n, reason=f"a JSON {type(obj).__name__}, not an object")
    return _record(path, n, obj, published, "JSONL line", max_chars)


def _csv_dialect(header_line: str) -> str:
    """The delimiter whose split of the header has a "text" column (comma by default)."""
    for delim in (",", ";", "\t"):
        cols = next(csv.reader([header_line], delimiter=delim), [])
        if "text" in (c.strip().lower().lstrip("\ufeff") for c in cols):
            return delim
    return ","


def _with_last(lines: Iterable[Line]) -> Iterator[tuple[Line, bool]]:
    """Each line with whether it is the file's last one (one line read ahead)."""
    it = iter(lines)
    line = next(it, None)
    while line is not None:
        after = next(it, None)
        yield line, after is None
        line = after


def _csv_rows(
    lines: Iterable[tuple[Line, bool]], start: int, delim: str
) -> Iterator[tuple[int, list[Line], list[str] | str]]:
    """(first line, its lines, cells or the reason it is broken) of each CSV record of `lines`
    (each with whether it is the file's last), the first of them line `start` (1-based).

    Only the current record's lines are held. A quote opened and never closed would swallow
    every later row into one cell: that record is reported broken (its first line) and
    reading goes on at the line after it."""
    todo: Iterator[tuple[Line, bool]] = iter(lines)
    while True:
        record: list[tuple[Line, bool]] = []  # the lines the reader took for the current record

        def feed(source: Iterator[tuple[Line, bool]] = todo, record: list = record) -> Iterator[str]:
            for item in source:
                record.append(item)
                yield item[0].text + item[0].end

        reader = csv.reader(feed(), delimiter=delim)
        while True:
            try:
                row: list[str] | str = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row = f"broken CSV row: {exc}"
            taken = [line for line, _ in record]
            if isinstance(row, list) and record and record[-1][1] and _unclosed(taken, row):
                yield start, taken[:1], f"broken CSV row: a quote opened on line {start} is never closed"
                todo, start = iter(record[1:]), start + 1  # read again from the next line
                break
            yield start, taken, row
            start += len(record)
            record.clear()


def _unclosed(lines: list[Line], row: list[str]) -> bool:
    """A record that ends the file still inside a quoted cell."""
    if len(lines) == 1 and not any(c.endswith(("\n", "\r")) for c in row):
        return False
    return "".join(line.text for line in lines).count('"') % 2 == 1


def read_csv(path: Path, published: str | None = None, max_chars: int = MAX_CHARS) -> Iterator[Item]:
    """Bulletins of a .csv file with a header row (id, text, published?, source?, url?), read
    record by record."""
    with open(path, "rb") as f:
        try:
            lines = _with_last(iter_lines(f, max_chars))
        except InputError as exc:
            yield _file_reject(path, exc)
            return
        csv.field_size_limit(max(csv.field_size_limit(), _BYTES_PER_CHAR * max_chars))
        header_at, header_line = _header(lines)
        yield from _csv_items(path, header_line, header_at, lines, published, max_chars)


def _header(lines: Iterator[tuple[Line, bool]]) -> tuple[int, str]:
    """(0-based line, text) of a CSV header: its first line that is not blank (else its first line)."""
    first = None
    for n, (line, _) in enumerate(lines):
        first = line.text if first is None else first
        if line.text.strip():
            return n, line.text
    return 0, first or ""


def _csv_items(
    path: Path,
    header_line: str,
    header_at: int,
    lines: Iterator[tuple[Line, bool]],
    published: str | None,
    max_chars: int,
) -> Iterator[Item]:
    delim = _csv_dialect(header_line)
    header = [c.strip().lower() for c in next(csv.reader([header_line], delimiter=delim), [])]
    if "text" not in header:
        yield Reject(
            path=path.as_posix(),
            line=header_at + 1,
            reason=f'CSV without a "text" column (columns: {header})',
        )
        return
    for start, record, row in _csv_rows(lines, header_at + 2, delim):
        where = {"path": path.as_posix(), "line": start}
        if isinstance(row, str):
            yield Reject(**where, reason=row)
            continue
        if not any(cell.strip() for cell in row):
            continue
        bad = _problem(record, start - 1)
        if bad:
            yield Reject(**where, reason=bad[1])
            continue
        if any(cell.strip() for cell in row[len(header) :]):
            yield Reject(**where, reason=f"a CSV row of {len(row)} cells under a header of {len(header)}")
            continue
        fields: dict[str, object] = {h: v for h, v in zip(header, row, strict=False)}
        yield _record(path, start, fields, published, "CSV row", max_chars)


READERS = {".txt": read_txt, ".jsonl": read_jsonl, ".csv": read_csv}


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _not_readable(path: Path) -> str | None:
    """Why `path` cannot be read as a file, or None for a regular file (symlinks followed)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if path.is_symlink():
            return f"broken symlink (to {os.readlink(path)})"
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    for test, kind in _SPECIAL:
        if test(mode):
            return f"not a regular file: {kind}"
    return "not a regular file"


_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _walk(folder: Path, seen: dict[tuple[int, int], Path], skip: Path | None) -> Iterator[Path | Reject]:
    """The files of a folder, recursively, in sorted path order; each real folder is read once."""
    info = folder.stat()
    key = (info.st_dev, info.st_ino)
    if key in seen:
        yield Reject(path=folder.as_posix(), reason=f"folder already read as {seen[key]} (through a symlink)")
        return
    seen[key] = folder
    try:
        names = sorted(e.name for e in os.scandir(folder) if not _hidden(e.name))
    except OSError as exc:
        yield Reject(path=folder.as_posix(), reason=f"cannot read folder: {exc.strerror or exc}")
        return
    for name in names:
        path = folder / name
        if skip is not None and Path(os.path.realpath(path)).is_relative_to(skip):
            continue  # the output folder inside an input folder (the run says so)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError:
            is_dir = False  # a loop, a broken link: `_not_readable` says which
        if is_dir:
            yield from _walk(path, seen, skip)
        else:
            yield path


def files(inputs: Iterable[Path], exclude: Path | None = None) -> Iterator[Path | Reject]:
    """Input paths in order: each file as given, each folder's files recursively in sorted order.

    Symlinks are followed (a symlinked folder once: a folder reached again is a
    loop, rejected); what is not a regular file is rejected by `ingest`."""
    skip = Path(os.path.realpath(exclude)) if exclude is not None else None
    seen: dict[tuple[int, int], Path] = {}
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, seen, skip)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Reject(path=path.as_posix(), reason="no such file or folder")


def ingest(
    inputs: Iterable[Path],
    published: str | None = None,
    exclude: Path | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Item]:
    """Documents and Rejects of every input, in input order.

    `exclude`: a folder to leave out (the output); `max_chars`: a bulletin text
    longer than this is rejected."""
    seen: dict[str, str] = {}
    for f in files(inputs, exclude):
        if isinstance(f, Reject):
            yield f
            continue
        why = _not_readable(f)
        if why is not None:
            yield Reject(path=f.as_posix(), reason=why)
            continue
        reader = READERS.get(f.suffix.lower())
        if reader is None:
            yield Reject(
                path=f.as_posix(),
                reason=f"unsupported extension {f.suffix or '(none)'!r}; expected {SUFFIXES}",
            )
            continue
        try:
            for item in reader(f, published, max_chars):  # read record by record, never a whole file
                yield _first_of_its_id(item, f, seen)
        except OSError as exc:  # the bulletins read before the error are kept
            yield Reject(path=f.as_posix(), reason=f"cannot read: {exc.strerror or exc}")


def _first_of_its_id(item: Item, f: Path, seen: dict[str, str]) -> Item:
    """The item, or the Reject of a Document whose id an earlier one had (`seen`: id -> where;
    a few bytes a bulletin, the only thing ingest keeps of the bulletins it read)."""
    if not isinstance(item, Document):
        return item
    path = f.as_posix()
    if item.doc_id in seen:
        return Reject(
            path=path,
            line=item.source.line_start,
            doc_id=item.doc_id,
            reason=f"duplicate id {item.doc_id!r} (first at {seen[item.doc_id]})",
        )
    seen[item.doc_id] = f"{path}:{item.source.line_start}"
    return item
