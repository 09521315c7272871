"""Read input paths into :class:`~pipelines.records.Document` records.

An input is a file, a folder (read recursively) or ``-`` for standard input.
Documents stream one at a time: a ``.txt``/``.md`` file is read whole (it is
one document), ``.jsonl`` and ``.csv`` files are read line by line. Whatever
cannot be read becomes a :class:`~pipelines.records.Skipped` with a one-line
reason; bad content never raises.

===========  ==================================  =============================
Input        One document per                    ``doc_id``
===========  ==================================  =============================
``.txt``     file                                the path as given
``.md``      file                                the path as given
``.jsonl``   non-blank line (``text`` required)  ``id``, else ``PATH:LINE``
``.csv``     data row (``text`` column)          ``id``, else ``PATH:ROW``
folder       each supported file inside          folder as given + inner path
``-``        stdin: one text, or JSONL           ``-`` (or ``-:LINE``)
===========  ==================================  =============================

Numbering: ``LINE`` is the 1-based physical line of a JSONL file (blank lines
count but yield nothing). ``ROW`` is the 1-based number of a CSV data record:
the header is not counted, nor are blank lines, so the first data row is
``PATH:1`` (a spreadsheet shows it as row 2). A quoted field may span lines.

In a folder, files are read in sorted order, depth first; files and folders
whose name starts with ``.`` are left out silently, other files without a
supported suffix are reported as ``Skipped(path, "unsupported file type")``.
A file named on the command line with another suffix is reported the same
way; one without a suffix (``README``, ``/dev/fd/63`` from a shell's ``<(...)``)
is read as text.

Decoding (in this order): a UTF-8 BOM (removed; ``encoding="utf-8-sig"``),
a UTF-32 or UTF-16 BOM (removed; ``"utf-16-le"``, ``"utf-16-be"``, ...),
strict UTF-8 (``"utf-8"``), else GBK/GB18030 or Big5: the answer of
``charset-normalizer`` when it recognises the language, otherwise the one of
GB18030 and Big5 that decodes strictly and whose byte pairs fall more often in
the common-character block of its table (GB2312 level 1, Big5 level 1); GB18030
text that GBK also decodes is reported as ``"gbk"``. NUL bytes without a
UTF-16/32 BOM, a known binary signature, or more than 10% control characters
in a text file mean ``"binary content"``. A JSONL or CSV file's encoding is
chosen from its first 64 KiB (UTF-16/32 with a BOM even if a few of its bytes
do not decode); each line is then decoded as UTF-8, else in that encoding, else
in its own (a UTF-16/32 line in the file's encoding only). Nothing else in the
text is changed: offsets elsewhere index the decoded text exactly.

Each ``Document`` of a JSONL line or CSV row carries its ``line`` (the
``LINE`` or ``ROW`` above); each ``Skipped`` names its ``file`` (or folder) and,
for a line or row, its ``line``, with the file's ``encoding`` where it was
found. A line or row that cannot be decoded is skipped alone: reading goes on
with the next one.

Reasons used in ``Skipped``: ``"binary content"``, ``"empty"``,
``"cannot decode text"``, ``"cannot decode as ENC"``, ``"cannot read: ..."``,
``"unsupported file type"``, ``"invalid JSON at column N"``,
``"no text field"``, ``"no text column"``, ``"invalid CSV: ..."``,
``"invalid text (lone surrogate)"``.
"""
from __future__ import annotations

import codecs
import csv
import json
import os
import re
import shutil
import sys
import tempfile
from typing import BinaryIO, Iterator, NamedTuple

from .records import Document, Skipped

__all__ = ["InputError", "check_inputs", "read_inputs", "iter_source_files", "decode_bytes", "SUFFIXES"]

SUFFIXES = {".txt": "text", ".md": "text", ".jsonl": "jsonl", ".csv": "csv"}
STDIN = "-"
SAMPLE_BYTES = 1 << 16  # bytes looked at to choose the encoding of a JSONL/CSV file
SPOOL_BYTES = 1 << 24  # stdin kept in memory up to this size, then in a temporary file
CONTROL_SHARE = 0.1  # more control characters than this share of the text: binary
BINARY = "binary content"
UNSUPPORTED = "unsupported file type"
META = ("title", "url", "date")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES = (  # PDF, PNG, GIF, JPEG, ZIP (docx, xlsx), gzip, old MS Office
    b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\xd0\xcf\x11\xe0"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_PAIR = re.compile(rb"[\x81-\xfe][\x30-\x39\x40-\x7e\x80-\xfe]")
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")


class InputError(Exception):
    """A usage error about an input path; the message is one line naming it."""


class _Sniffed(NamedTuple):
    encoding: str  # what Document.encoding says
    codec: str  # what decodes the bytes after the BOM
    skip: int  # length of the BOM


_UTF8 = _Sniffed("utf-8", "utf-8", 0)


# -- paths -------------------------------------------------------------------


def check_inputs(paths: list[str]) -> None:
    """Check every input path before any work starts.

    Parameters
    ----------
    paths : list of str
        Files, folders, or ``-`` for standard input.

    Raises
    ------
    InputError
        ``"input not found: PATH"`` for a path that does not exist, or
        ``"standard input given more than once: -"``.
    """
    if sum(os.fspath(p) == STDIN for p in paths) > 1:
        raise InputError(f"standard input given more than once: {STDIN}")
    for path in map(os.fspath, paths):
        if path != STDIN and not os.path.exists(path):
            raise InputError(f"input not found: {path}")


def read_inputs(paths: list[str], *, stdin: BinaryIO | None = None) -> Iterator[Document | Skipped]:
    """Stream the documents of ``paths``, in order.

    The paths are checked (:func:`check_inputs`) when this is called; the
    files are read lazily, as the iterator is consumed.

    Parameters
    ----------
    paths : list of str
        Any mix of ``.txt``, ``.md``, ``.jsonl`` and ``.csv`` files, folders,
        and ``-`` for standard input.
    stdin : binary stream, optional
        What ``-`` reads; ``sys.stdin.buffer`` by default.

    Returns
    -------
    Iterator of Document or Skipped
        One item per document, or per input that could not be read.

    Raises
    ------
    InputError
        An input path does not exist.
    """
    paths = [os.fspath(p) for p in paths]
    check_inputs(paths)
    return _read_all(paths, stdin)


def iter_source_files(path: str) -> Iterator[str]:
    """The files that an input path stands for, in reading order.

    Parameters
    ----------
    path : str
        A file or a folder.

    Returns
    -------
    Iterator of str
        ``path`` itself for a file; for a folder every regular file inside it,
        recursively, sorted, as the folder as given joined with the inner path
        (``corpus/sub/a.txt``). Files of any suffix are listed; names starting
        with ``.`` and folders that cannot be listed are left out.
    """
    path = os.fspath(path)
    if not os.path.isdir(path):
        yield path
        return
    for item in _walk(path):
        if isinstance(item, str):
            yield item


def _read_all(paths: list[str], stdin: BinaryIO | None) -> Iterator[Document | Skipped]:
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(sys.stdin.buffer if stdin is None else stdin)
        elif os.path.isdir(path):
            yield from _read_folder(path)
        elif not _suffix(path):
            yield from _read_file(path, "text")
        else:
            yield from _read_supported(path)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _read_folder(folder: str) -> Iterator[Document | Skipped]:
    for item in _walk(folder):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from _read_supported(item)


def _read_supported(path: str) -> Iterator[Document | Skipped]:
    kind = SUFFIXES.get(_suffix(path))
    if kind is None:
        yield _skip(path, UNSUPPORTED)
    else:
        yield from _read_file(path, kind)


def _walk(root: str) -> Iterator[str | Skipped]:
    """Files under ``root`` depth first in name order (no recursion limit)."""
    seen: set[tuple[int, int]] = set()
    todo: list[tuple[str, bool]] = [(root, True)]
    while todo:
        path, is_dir = todo.pop()
        if not is_dir:
            yield path
            continue
        children = _list_dir(path, seen)
        if isinstance(children, Skipped):
            yield children
        else:
            todo.extend(reversed(children))


def _list_dir(path: str, seen: set[tuple[int, int]]) -> list[tuple[str, bool]] | Skipped:
    try:
        st = os.stat(path)
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop
            return []
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(path) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        kinds = [(e, _is_dir(e)) for e in entries]
        return [(os.path.join(path, e.name), d) for e, d in kinds if d or _is_file(e)]
    except OSError as err:
        return _skip(path, _cannot_read(err))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _cannot_read(err: OSError) -> str:
    return f"cannot read: {err.strerror or err}"


def _skip(name: str, reason: str, line: int | None = None, encoding: str | None = None) -> Skipped:
    """The record of what could not be read: file ``name`` or its JSONL line / CSV row ``line``."""
    where = name if line is None else f"{name}:{line}"
    return Skipped(where, reason, file=name, line=line, encoding=encoding)


# -- files -------------------------------------------------------------------


def _read_file(path: str, kind: str) -> Iterator[Document | Skipped]:
    try:
        with open(path, "rb") as f:
            yield from _READERS[kind](f if kind == "text" else _rewindable(f), path)
    except OSError as err:
        yield _skip(path, _cannot_read(err))


def _read_stdin(stream: BinaryIO) -> Iterator[Document | Skipped]:
    try:
        spool = _spool(stream)
    except OSError as err:
        yield _skip(STDIN, _cannot_read(err))
        return
    with spool:
        kind = "jsonl" if _looks_like_jsonl(spool) else "text"
        spool.seek(0)
        yield from _READERS[kind](spool, STDIN)


def _spool(stream: BinaryIO) -> BinaryIO:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    shutil.copyfileobj(stream, spool)
    spool.seek(0)
    return spool


def _rewindable(f: BinaryIO) -> BinaryIO:
    """``f`` itself if it can seek (a regular file), else a spooled copy (a pipe)."""
    return f if f.seekable() else _spool(f)


def _looks_like_jsonl(f: BinaryIO) -> bool:
    """Every non-blank line starts with ``{`` (and there is one)."""
    try:
        sniffed = _sniff_stream(f)
    except ValueError:
        return False
    found = False
    for _, line, _ in _iter_lines(f, sniffed):
        if line is None or (line.strip() and not line.lstrip().startswith("{")):
            return False
        found = found or bool(line.strip())
    return found


def _read_text(f: BinaryIO, name: str) -> Iterator[Document | Skipped]:
    head = f.read(SAMPLE_BYTES)
    if _binary_head(head):  # don't read a large binary file whole
        yield _skip(name, BINARY)
        return
    try:
        text, encoding = decode_bytes(head + f.read())
    except ValueError as err:
        yield _skip(name, str(err))
        return
    if not text.strip():
        yield _skip(name, "empty", encoding=encoding)
    else:
        yield Document(doc_id=name, text=text, source=name, encoding=encoding)


def _read_jsonl(f: BinaryIO, name: str) -> Iterator[Document | Skipped]:
    try:
        sniffed = _sniff_stream(f)
    except ValueError as err:
        yield _skip(name, str(err))
        return
    found = False
    for n, line, encoding in _iter_lines(f, sniffed):
        if line is None:
            found = True
            yield _skip(name, f"cannot decode as {encoding}", n, encoding)
        elif line.strip():
            found = True
            yield _jsonl_record(line, name, n, encoding)
    if not found:
        yield _skip(name, "empty", encoding=sniffed.encoding)


def _jsonl_record(line: str, name: str, n: int, encoding: str) -> Document | Skipped:
    try:
        record = json.loads(line.rstrip("\r\n"))  # columns count in this line only
    except json.JSONDecodeError as err:
        return _skip(name, f"invalid JSON at column {err.colno}", n, encoding)
    except RecursionError:
        return _skip(name, "invalid JSON: nested too deeply", n, encoding)
    except ValueError as err:  # e.g. an integer too long to convert
        return _skip(name, f"invalid JSON: {str(err).splitlines()[0]}", n, encoding)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return _skip(name, "no text field", n, encoding)
    meta = {k: _scalar(record.get(k)) for k in META}
    return _document(record["text"], _scalar(record.get("id")), meta, name, n, encoding)


def _scalar(value) -> str | None:
    """A JSON id or metadata value as a string (numbers too), else None."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def _document(text: str, doc_id: str | None, meta: dict, name: str, n: int, encoding: str) -> Document | Skipped:
    """The record of JSONL line or CSV row ``n`` of ``name``; blank ``id``/metadata count as absent."""
    if not text.strip():
        return _skip(name, "empty", n, encoding)
    if not _encodable(text):
        return _skip(name, "invalid text (lone surrogate)", n, encoding)
    meta = {k: v.strip() for k, v in meta.items() if v and v.strip() and _encodable(v)}
    doc_id = doc_id.strip() if doc_id and doc_id.strip() and _encodable(doc_id) else f"{name}:{n}"
    return Document(doc_id=doc_id, text=text, source=name, encoding=encoding, line=n, **meta)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_csv(f: BinaryIO, name: str) -> Iterator[Document | Skipped]:
    try:
        sniffed = _sniff_stream(f)
    except ValueError as err:
        yield _skip(name, str(err))
        return
    _raise_field_limit()
    encoding = sniffed.encoding
    rows = _csv_rows(f, sniffed)
    header = next(rows, None)
    if header is None or isinstance(header, str):
        yield _skip(name, header or "empty", encoding=encoding)
        return
    columns = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
    if "text" not in columns:
        yield _skip(name, "no text column", encoding=encoding)
        return
    n = 0
    for n, row in enumerate(rows, 1):
        if isinstance(row, str):
            yield _skip(name, row, n, encoding)
            continue
        cell = {k: row[i] if i < len(row) else None for k, i in columns.items()}
        if cell["text"] is None:
            yield _skip(name, "no text field", n, encoding)
        else:
            yield _document(cell["text"], cell.get("id"), {k: cell.get(k) for k in META}, name, n, encoding)
    if not n:
        yield _skip(name, "empty", encoding=encoding)


def _csv_rows(f: BinaryIO, sniffed: _Sniffed) -> Iterator[list[str] | str]:
    """Non-empty CSV records, or the reason (a str) a record could not be read.

    A line that cannot be decoded is read as a blank line and the record it
    belongs to is reported as undecodable; reading goes on after it.
    """
    undecodable: list[str] = []  # reasons of the lines read since the last record that did not decode
    reader = csv.reader(_csv_lines(f, sniffed, undecodable))
    header_seen = False  # blank rows before the header are left out
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            undecodable.clear()
            yield f"invalid CSV: {err}"
            continue
        if undecodable:
            reason = undecodable[0]
            undecodable.clear()
            header_seen = True
            yield reason
        elif any(cell.strip() for cell in row) or (row and header_seen):
            header_seen = True
            yield row


def _csv_lines(f: BinaryIO, sniffed: _Sniffed, undecodable: list[str]) -> Iterator[str]:
    for _, line, encoding in _iter_lines(f, sniffed):
        if line is None:
            undecodable.append(f"cannot decode as {encoding}")
            yield "\n"
        else:
            yield line


def _raise_field_limit() -> None:
    """Allow long texts in CSV cells (the csv module's default is 128 KiB)."""
    if csv.field_size_limit() < 2**31 - 1:
        csv.field_size_limit(2**31 - 1)


_READERS = {"text": _read_text, "jsonl": _read_jsonl, "csv": _read_csv}


# -- decoding ----------------------------------------------------------------


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a whole text file.

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    tuple of (str, str)
        The text, with a byte order mark removed and nothing else changed, and
        the encoding (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16-le"``, ``"gbk"``,
        ``"gb18030"``, ``"big5"``, ...).

    Raises
    ------
    ValueError
        ``"binary content"`` (NUL bytes outside UTF-16/32 text with a BOM, a
        known binary file signature such as ``%PDF-`` or PNG's, or more than
        10% control characters) or
        ``"cannot decode text"``. The message is the reason to report.
    """
    sniffed = _sniff(data, final=True)
    text = data[sniffed.skip :].decode(sniffed.codec)
    if _looks_binary(text):
        raise ValueError(BINARY)
    return text, sniffed.encoding


def _looks_binary(text: str) -> bool:
    head = text[:SAMPLE_BYTES]
    return "\x00" in head or len(_CONTROL.findall(head)) > CONTROL_SHARE * len(head)


def _sniff_stream(f: BinaryIO) -> _Sniffed:
    """The encoding of a line-by-line file, from its first bytes; rewinds ``f``."""
    sample = f.read(SAMPLE_BYTES)
    f.seek(0)
    final = len(sample) < SAMPLE_BYTES
    try:
        return _sniff(sample, final=final)
    except ValueError as err:
        if str(err) != BINARY:
            return _UTF8  # only a hint: each line is decoded on its own
        damaged = _damaged_wide_text(sample, final)
        if damaged is None:
            raise
        return damaged


def _damaged_wide_text(data: bytes, final: bool) -> _Sniffed | None:
    """UTF-16/32 text with a BOM in which a few bytes do not decode (its lines are
    read one by one, so only the damaged ones are lost); None if it is not that."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = codecs.getincrementaldecoder(codec)(errors="replace").decode(data[len(bom) :], final)
            bad = text.count("\ufffd")
            if text and "\x00" not in text and bad <= max(1, len(text) // 100) and not _looks_binary(text):
                return _Sniffed(codec, codec, len(bom))
            return None
    return None


def _sniff(data: bytes, *, final: bool) -> _Sniffed:
    """Choose the encoding of ``data`` (cut anywhere unless ``final``)."""
    if data.startswith(codecs.BOM_UTF8) and _decodes(data[3:], "utf-8", final):
        return _Sniffed("utf-8-sig", "utf-8", 3)
    for bom, codec in _BOMS:
        if data.startswith(bom) and _decodes(data[len(bom) :], codec, final):
            return _Sniffed(codec, codec, len(bom))
    if data.startswith(_SIGNATURES) or b"\x00" in data:  # no BOM explains the NULs
        raise ValueError(BINARY)
    if _decodes(data, "utf-8", final):
        return _Sniffed("utf-8", "utf-8", 0)
    codec = _detect(data, final)
    return _Sniffed(codec, codec, 0)


def _binary_head(data: bytes) -> bool:
    """A known binary signature, or NUL bytes without a UTF-16/32 BOM."""
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    return data.startswith(_SIGNATURES) or b"\x00" in data


def _decodes(data: bytes, codec: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)().decode(data, final)
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes, final: bool) -> str:
    """GBK/GB18030, Big5, or what charset-normalizer recognises."""
    gb = "gb18030" if _decodes(data, "gb18030", final) else None
    big5 = next((c for c in _BIG5_FAMILY if _decodes(data, c, final)), None)
    guess = _detector_guess(data)
    if guess and _decodes(data, guess, final):
        return _gbk_or_gb18030(data, final) if guess == "gb18030" else guess
    if big5 and (not gb or _share(data, _common_big5) > _share(data, _common_gb)):
        return big5
    if gb:
        return _gbk_or_gb18030(data, final)
    raise ValueError("cannot decode text")


def _gbk_or_gb18030(data: bytes, final: bool) -> str:
    return "gbk" if _decodes(data, "gbk", final) else "gb18030"


def _detector_guess(data: bytes) -> str | None:
    """charset-normalizer's best match, if it recognised a language in it.

    Only an ASCII-compatible encoding is taken: the data has no NUL byte and
    no BOM, so a UTF-16 or UTF-32 guess is a misreading.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - the fallbacks still decode GBK and Big5
        return None
    best = from_bytes(data[:SAMPLE_BYTES]).best()
    if best is None or best.chaos > 0.2 or best.coherence < 0.1:
        return None
    try:
        codec = codecs.lookup(best.encoding).name
        return codec if "\n{a,".encode(codec) == b"\n{a," else None
    except (LookupError, UnicodeError):
        return None


def _share(data: bytes, common) -> float:
    """The share of double-byte pairs in ``data`` that ``common`` accepts."""
    pairs = _PAIR.findall(data[:SAMPLE_BYTES])
    return sum(map(common, pairs)) / len(pairs) if pairs else 0.0


def _common_gb(pair: bytes) -> bool:
    """GB2312 punctuation or level-1 (frequent) hanzi."""
    lead, trail = pair
    return trail >= 0xA1 and (0xB0 <= lead <= 0xD7 or 0xA1 <= lead <= 0xA3)


def _common_big5(pair: bytes) -> bool:
    """Big5 symbols or level-1 (frequent) hanzi: 0xA140 to 0xC67E."""
    lead, trail = pair
    return 0xA1 <= lead <= 0xC6 and (0x40 <= trail <= 0x7E or (trail >= 0xA1 and lead < 0xC6))


def _iter_lines(f: BinaryIO, sniffed: _Sniffed) -> Iterator[tuple[int, str | None, str]]:
    """``(line number, line or None if undecodable, encoding)``, line ends kept."""
    f.seek(sniffed.skip)
    if sniffed.codec.startswith(("utf-16", "utf-32")):
        yield from _iter_wide_lines(f, sniffed.codec)
        return
    for n, raw in enumerate(f, 1):
        yield (n, *_decode_line(raw, sniffed))


def _iter_wide_lines(f: BinaryIO, codec: str) -> Iterator[tuple[int, str | None, str]]:
    """The lines of UTF-16/32 text, split at ``\\n`` as the lines of a byte file are;
    a line that does not decode is ``None``, and the lines after it are read all the same."""
    newline = "\n".encode(codec)
    unit = len(newline)
    n, buffer, searched = 0, bytearray(), 0  # searched: bytes of buffer known to hold no newline
    while True:
        block = f.read(SAMPLE_BYTES)
        buffer += block
        begin = 0
        while (end := _wide_newline(buffer, newline, unit, max(begin, searched))) >= 0:
            n += 1
            yield (n, *_decode_wide(bytes(buffer[begin : end + unit]), codec))
            begin = end + unit
        del buffer[:begin]
        searched = len(buffer) - len(buffer) % unit
        if not block:
            break
    if buffer:
        yield (n + 1, *_decode_wide(bytes(buffer), codec))


def _wide_newline(data: bytes, newline: bytes, unit: int, start: int) -> int:
    """The offset of the first ``newline`` at a code unit boundary from ``start``, or -1."""
    pos = data.find(newline, start)
    while pos >= 0 and pos % unit:
        pos = data.find(newline, pos + 1)
    return pos


def _decode_wide(raw: bytes, codec: str) -> tuple[str | None, str]:
    try:
        return raw.decode(codec), codec
    except UnicodeDecodeError:
        return None, codec


def _decode_line(raw: bytes, sniffed: _Sniffed) -> tuple[str | None, str]:
    """One line as UTF-8, else in the file's encoding, else in its own.

    UTF-8 first: one corrupt line in a UTF-8 file must not make the whole
    file look like GBK; a GBK or Big5 line is very seldom valid UTF-8.
    """
    if raw.isascii():  # the file's encoding: ASCII reads the same in all of them
        return raw.decode("ascii"), sniffed.encoding
    utf8 = sniffed.encoding if sniffed.codec == "utf-8" else "utf-8"
    for codec, encoding in (("utf-8", utf8), (sniffed.codec, sniffed.encoding)):
        try:
            return raw.decode(codec), encoding
        except UnicodeDecodeError:
            pass
    try:
        own = _sniff(raw, final=True)
        return raw[own.skip :].decode(own.codec), own.encoding
    except ValueError:
        return None, sniffed.encoding
