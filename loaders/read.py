"""Read article files: paths to bytes to text, never losing or misreading input.

`expand` turns the user's arguments (files, folders, globs, "-") into paths;
`read` turns one path into `Source`s (one per article; a .jsonl file gives one
per line) or `ReadError`s naming the path, the line and the reason. A bad
file never stops the others: errors are yielded, not raised.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import charset_normalizer

from chrono.loaders.arabic import ARABIC_LETTER
from chrono.loaders.html import html_meta, html_to_text, looks_like_html

SUFFIXES = (".txt", ".text", ".html", ".htm", ".jsonl")
HTML_SUFFIXES = (".html", ".htm")
MAX_BYTES = 20_000_000  # per article (a file, a jsonl line, stdin)
MAX_FILES = 100_000  # per folder argument: more is almost surely the wrong folder
_CHUNK = 1 << 20

# First bytes of common binary formats found next to scraped pages.
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"RIFF": "RIFF (WebP/WAV/AVI) file",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "gzip archive",
    b"BZh9": "bzip2 archive",
    b"\xfd7zXZ\x00": "xz archive",
    b"7z\xbc\xaf\x27\x1c": "7z archive",
    b"\x7fELF": "executable",
    b"SQLite format 3\x00": "SQLite database",
    b"\xd0\xcf\x11\xe0": "MS Office document",
}
_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# control characters no text holds (tab, newlines and form feeds are fine)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_PLAIN = set(
    "\t\n\r abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    ".,;:!?'\"()[]{}<>/-_=+*&%$#@|\\~\u060c\u061b\u061f\u0640\u066a-\u066d\u201c\u201d\u00ab\u00bb"
)
# charset-normalizer's guesses, limited to codepages news text is really written in
# (unrestricted, it calls short Arabic Hebrew and random bytes EBCDIC)
_FALLBACKS = ("cp1252", "cp1250", "iso8859_15", "latin_1", "cp720", "cp864")


@dataclass(frozen=True)
class Source:
    path: str  # as given by the user (relative stays relative); "-" for stdin
    line: int | None  # jsonl line number (1-based), else None
    text: str  # decoded text (HTML already turned into text, one block per line)
    source_sha256: str  # sha256 hex of the raw bytes of the file (or of the jsonl line)
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as given by jsonl/HTML meta, unparsed


class ReadError(Exception):
    """A file (or a jsonl line) that cannot be read, and why."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        super().__init__(path, reason, line)
        self.path = path
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _too_large(size: int) -> str:
    return f"too large ({_mb(size)} > {MAX_BYTES // 1_000_000} MB)"


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower()


# --- paths -----------------------------------------------------------------


def expand(paths: Iterable[str], max_files: int = MAX_FILES) -> Iterator[str | ReadError]:
    """The article files named by `paths`, in order; a ReadError for each bad argument.

    Files pass through whatever their suffix; folders are walked recursively
    (sorted, only article suffixes, hidden entries skipped, each real folder
    visited once so symlink loops end); globs expand recursively ("**");
    "-" (stdin) passes through.
    """
    for arg in paths:
        if arg == "-":
            yield arg
        elif glob.has_magic(arg) and not os.path.lexists(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield ReadError(arg, "no files match")
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match, max_files)
                else:
                    yield match
        elif os.path.isdir(arg):
            yield from _walk(arg, max_files)
        elif os.path.lexists(arg):
            yield arg  # read() reports dangling links, loops, devices
        else:
            yield ReadError(arg, "no such file or directory")


def _walk(folder: str, max_files: int) -> Iterator[str | ReadError]:
    seen: set[tuple[int, int]] = set()
    count = 0
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
        except OSError as exc:
            yield ReadError(current, _os_reason(exc))
            continue
        if (info.st_dev, info.st_ino) in seen:
            yield ReadError(current, "symlink loop (folder already visited)")
            continue
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield ReadError(current, _os_reason(exc))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(current, entry.name)
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError as exc:
                yield ReadError(path, _os_reason(exc))
                continue
            if is_dir:
                subfolders.append(path)
            elif entry.name.lower().endswith(SUFFIXES):
                count += 1
                if count > max_files:
                    yield ReadError(
                        folder,
                        f"too many files (more than {max_files}); "
                        "load its sub-folders or a glob instead",
                    )
                    return
                yield path
            elif entry.is_symlink() and not os.path.exists(path):
                # a dangling or looping link: say so rather than skip it silently
                try:
                    os.stat(path)
                except OSError as exc:
                    if exc.errno == errno.ELOOP:
                        yield ReadError(path, "symlink loop")
        stack.extend(reversed(subfolders))  # depth-first, in sorted order


# --- bytes to text -----------------------------------------------------------


def _arabic_share(text: str) -> float:
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return len(ARABIC_LETTER.findall(text)) / letters


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


def _finish(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, path: str) -> str:
    """Decode an article's bytes; raise ReadError saying why they are not text.

    Order: a BOM (UTF-8/16/32); binary signatures and NUL bytes (UTF-16
    without a BOM is recognised by its zero bytes); strict UTF-8; Windows-1256
    when the result is mostly Arabic letters (charset-normalizer can pick a
    wrong single-byte codepage for short Arabic text); then charset-normalizer.
    Newlines come back as "\\n".
    """
    if not data:
        raise ReadError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise ReadError(
                    path, f"not valid {encoding.upper()} (bad bytes at offset {exc.start})"
                ) from None
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise ReadError(path, f"binary file ({kind})")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ReadError(path, "binary file (contains NUL bytes)")
        return _finish(text)
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _single_byte_arabic(data)
    if text is None:
        best = charset_normalizer.from_bytes(data, cp_isolation=list(_FALLBACKS)).best()
        if best is not None:
            text = str(best)
    if text is None or _control_share(text) > 0.05:
        raise ReadError(path, "not text in any known encoding (UTF-8, UTF-16, Windows-1256, ...)")
    return _finish(text)


def _single_byte_arabic(data: bytes) -> str | None:
    """Windows-1256 (or the rarer ISO-8859-6) when the bytes read as mostly Arabic.

    Both codepages put Arabic letters in the high half, differently, so the
    wrong one still gives Arabic letters; the right one gives the article "ال".
    """
    best: tuple[int, str] | None = None
    for encoding in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _arabic_share(text) >= 0.5 and _has_words(text):
            score = text.count("ال")
            if best is None or score > best[0]:
                best = (score, text)
    return best[1] if best else None


def _has_words(text: str) -> bool:
    """Text has spaces between its words; random high bytes decoded as Arabic letters do not."""
    return text.count(" ") + text.count("\n") >= len(text) / 25


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: the byte order whose decoding is plain text (not guessed
    from a few bytes: b"0\x00" is as likely UTF-8 with a NUL)."""
    if len(data) % 2 or len(data) < 16:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        plain = sum(1 for ch in text if ch in _PLAIN or ARABIC_LETTER.match(ch)) / len(text)
        if plain >= 0.9 and (best is None or plain > best[0]):
            best = (plain, text)
    return best[1] if best else None


# --- files to sources --------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _source(path: str, line: int | None, raw: bytes, text: str, html: bool, **meta) -> Source:
    if html or looks_like_html(text):
        found = html_meta(text)
        text = html_to_text(text)
        for key, value in found.items():
            meta[key] = meta.get(key) or value
    if not text.strip():
        raise ReadError(path, "no text (only whitespace or markup)", line)
    return Source(path=path, line=line, text=text, source_sha256=_sha(raw), **meta)


def read(path: str, stdin: BinaryIO | None = None) -> Iterator[Source | ReadError]:
    """The articles in one file (or stdin for "-"), and a ReadError for each bad one."""
    if path == "-":
        if stdin is None:
            yield ReadError(path, "no standard input")
            return
        data = stdin.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            size = len(data) + sum(len(chunk) for chunk in iter(lambda: stdin.read(_CHUNK), b""))
            yield ReadError(path, _too_large(size))
            return
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            yield from _jsonl_lines(path, _sized(data.splitlines(keepends=True)))
            return
        yield from _whole(path, data, html=False)
        return
    try:
        info = os.stat(path)
    except OSError as exc:
        yield ReadError(path, _os_reason(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield ReadError(path, "is a directory")
        return
    if not stat.S_ISREG(info.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(info.st_mode) else (
            "socket" if stat.S_ISSOCK(info.st_mode) else "device"
        )
        yield ReadError(path, f"not a regular file ({kind})")
        return
    if info.st_size == 0:
        yield ReadError(path, "empty file")
        return
    jsonl = path.lower().endswith(".jsonl")
    if not jsonl and info.st_size > MAX_BYTES:
        yield ReadError(path, _too_large(info.st_size))
        return
    try:
        with _open(path) as f:
            if jsonl:
                yield from _jsonl_file(path, f)
                return
            data = f.read()
    except OSError as exc:
        yield ReadError(path, _os_reason(exc))
        return
    yield from _whole(path, data, html=path.lower().endswith(HTML_SUFFIXES))


def _open(path: str) -> BinaryIO:
    return open(path, "rb")  # the caller closes it (a seam for the permission test)


def _whole(path: str, data: bytes, html: bool) -> Iterator[Source | ReadError]:
    try:
        yield _source(path, None, data, decode(data, path), html)
    except ReadError as exc:
        yield exc


def _jsonl_file(path: str, f: BinaryIO) -> Iterator[Source | ReadError]:
    head = f.read(4)
    f.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 jsonl: lines only after decoding
        data = f.read()
        try:
            text = decode(data, path)
        except ReadError as exc:
            yield exc
            return
        lines = [line.encode("utf-8") for line in text.split("\n")]
        yield from _jsonl_lines(path, _sized(lines))
        return
    yield from _jsonl_lines(path, _bounded_lines(f))


def _sized(lines: list[bytes]) -> Iterator[tuple[bytes, int]]:
    return ((line, len(line)) for line in lines)


def _bounded_lines(f: BinaryIO) -> Iterator[tuple[bytes, int]]:
    """(line, size) for each line of a binary file, streamed; an over-long line is
    cut to MAX_BYTES + 1 bytes (its rest skipped, only counted) so one giant line
    cannot exhaust memory."""
    while True:
        line = f.readline(MAX_BYTES + 1)
        if not line:
            return
        size = len(line)
        if size > MAX_BYTES and not line.endswith(b"\n"):
            while True:
                rest = f.readline(_CHUNK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line, size


def _jsonl_lines(path: str, lines: Iterable[tuple[bytes, int]]) -> Iterator[Source | ReadError]:
    any_line = False
    for number, (raw, size) in enumerate(lines, start=1):
        raw = raw.rstrip(b"\r\n")
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        any_line = True
        if len(raw) > MAX_BYTES:
            yield ReadError(path, _too_large(size), number)
            continue
        try:
            yield _jsonl_record(path, number, raw)
        except ReadError as exc:
            yield exc
    if not any_line:
        yield ReadError(path, "empty file")


def _jsonl_record(path: str, number: int, raw: bytes) -> Source:
    try:
        line_text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"not UTF-8 (bad byte at column {exc.start + 1})", number) from None
    try:
        record = json.loads(line_text)
    except json.JSONDecodeError as exc:
        raise ReadError(path, f"not JSON ({exc.msg} at column {exc.colno})", number) from None
    if not isinstance(record, dict):
        raise ReadError(path, f"not a JSON object (a {type(record).__name__})", number)
    text = record.get("text")
    if text is None:
        raise ReadError(path, 'no "text" field', number)
    if not isinstance(text, str):
        raise ReadError(path, f'"text" is not a string (a {type(text).__name__})', number)
    text = _finish(text)
    if not text.strip():
        raise ReadError(path, 'empty "text"', number)
    meta = {}
    for key in ("url", "title", "published"):
        value = record.get(key)
        if value is not None and not isinstance(value, (dict, list)):
            meta[key] = str(value).strip() or None
    return _source(path, number, raw, text, html=False, **meta)
