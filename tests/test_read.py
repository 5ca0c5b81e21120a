"""chrono.loaders.read: paths, encodings, HTML, jsonl, and a reason for every bad input."""

from __future__ import annotations

import errno
import io
import json
import os
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.loaders import read as read_module
from chrono.loaders.read import _MAGIC as MAGIC
from chrono.loaders.read import MAX_BYTES, ReadError, Source, decode, expand, read

ARABIC = "أعلن السفير الأمريكي في العراق اليوم دعم الانتخابات المقبلة."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def only(results: list[Source | ReadError]) -> Source | ReadError:
    assert len(results) == 1, results
    return results[0]


def read_all(path: str, **kwargs) -> list[Source | ReadError]:
    return list(read(path, **kwargs))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", ARABIC.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + ARABIC.encode("utf-8")),
        ("utf16.txt", ARABIC.encode("utf-16")),  # with its BOM
        ("utf16be.txt", b"\xfe\xff" + ARABIC.encode("utf-16-be")),
        ("utf16le-nobom.txt", ARABIC.encode("utf-16-le")),
        ("cp1256.txt", ARABIC.encode("cp1256")),
        ("crlf.txt", ARABIC.encode("utf-8").replace(b" ", b"\r\n", 1)),
    ],
)
def test_encodings_read_as_arabic(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    source = only(read_all(str(path)))
    assert isinstance(source, Source)
    assert source.text.replace("\n", " ") == ARABIC
    assert source.line is None
    assert len(source.source_sha256) == 64


def test_short_cp1256_is_not_misread():
    # charset-normalizer alone calls this Hebrew (cp1255); it must come back as Arabic
    assert decode("السفير الامريكي قال".encode("cp1256"), "x") == "السفير الامريكي قال"


def write_symlink_loop(tmp_path):
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    return tmp_path / "a.txt"


def write_socket(tmp_path):
    path = tmp_path / "article.txt"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()
    return path


def write_fifo(tmp_path):
    path = tmp_path / "article.txt"
    os.mkfifo(path)
    return path


def write(name: str, data: bytes):
    def make(tmp_path):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


def write_50mb(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: the size check comes before any read
    return path


def write_folder(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    return tmp_path / "folder.txt"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp_path: tmp_path / "missing.txt", "no such file or directory"),
        (write("empty.txt", b""), "empty file"),
        (write("blank.txt", b" \n\r\n\t "), "no text (only whitespace or markup)"),
        (write("image.txt", PNG), "binary file (PNG image)"),
        (write("photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF"), "binary file (JPEG image)"),
        (write("data.txt", bytes(range(256)) * 4), "binary file (contains NUL bytes)"),
        (
            write("noise.txt", bytes((i * 7919) % 255 + 1 for i in range(4000))),
            "not text in any known encoding (UTF-8, UTF-16, Windows-1256, ...)",
        ),
        (write_50mb, "too large (52.4 MB > 20 MB)"),
        (write_symlink_loop, "symlink loop"),
        (write_folder, "is a directory"),
        (write_fifo, "not a regular file (FIFO)"),
        (write_socket, "not a regular file (socket)"),  # fails for root too
        (write("page.html", b"<html><body><script>x()</script></body></html>"),
         "no text (only whitespace or markup)"),
    ],
)
def test_bad_inputs_have_a_reason(tmp_path, make, reason):
    path = str(make(tmp_path))
    error = only(read_all(path))
    assert isinstance(error, ReadError)
    assert (error.path, error.line, error.reason) == (path, None, reason)
    assert str(error) == f"{path}: {reason}"


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_bytes(ARABIC.encode())
    path.chmod(0)
    if os.geteuid() == 0:
        # root reads a chmod 000 file anyway; make open() fail the way it does for a user
        def denied(p):
            raise PermissionError(errno.EACCES, "Permission denied", p)

        monkeypatch.setattr(read_module, "_open", denied)
    assert str(only(read_all(str(path)))) == f"{path}: permission denied"


def test_text_without_arabic_is_not_a_read_error(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("The ambassador said on Monday that talks continue.")
    assert only(read_all(str(path))).text.startswith("The ambassador")


HTML = """<!DOCTYPE html>
<html><head>
<title>السفير: الحوار مستمر | شفق نيوز</title>
<meta property="og:title" content="السفير: الحوار مستمر">
<meta property="article:published_time" content="2021-07-26T12:36:00+03:00">
<link rel="canonical" href="https://shafaq.com/ar/سياسة/1">
<style>p { color: red }</style><script>var views = 3084;</script>
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/iraq">العراق</a></nav>
<article><h1>السفير: الحوار مستمر</h1>
<p>شفق نيوز/ قال السفير <b>الأمريكي</b> اليوم إن الحوار مستمر.<br>وأضاف أن اللجان تعمل.</p>
<div>فقرة ثانية عن الاجتماع.</div>
<form><input value="اترك تعليقاً"></form>
<aside>مقالات ذات صلة</aside>
</article><footer>جميع الحقوق محفوظة</footer>
</body></html>"""


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.txt"])
def test_html_becomes_blocks_and_metadata(tmp_path, name):
    path = tmp_path / name
    path.write_text(HTML, encoding="utf-8")
    source = only(read_all(str(path)))
    assert source.text.split("\n") == [
        "السفير: الحوار مستمر",
        "شفق نيوز/ قال السفير الأمريكي اليوم إن الحوار مستمر.",
        "وأضاف أن اللجان تعمل.",
        "فقرة ثانية عن الاجتماع.",
    ]
    assert source.title == "السفير: الحوار مستمر"
    assert source.published == "2021-07-26T12:36:00+03:00"
    assert source.url == "https://shafaq.com/ar/سياسة/1"


def test_html_in_cp1256(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes(f"<html><body><p>{ARABIC}</p></body></html>".encode("cp1256"))
    assert only(read_all(str(path))).text == ARABIC


def jsonl_lines(*records) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode()) + b"\n"
        for r in records
    )


def test_jsonl_one_source_per_line_and_a_reason_per_bad_line(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_bytes(
        jsonl_lines(
            {"url": "https://x.iq/1", "title": "عنوان", "published": "2021-07-26", "text": ARABIC},
            b"{not json",
            {"url": "https://x.iq/3", "title": "بلا نص"},
            b"",
            [1, 2],
            {"text": 5},
            {"text": "  "},
            {"text": "<html><body><p>" + ARABIC + "</p><script>x</script></body></html>"},
            b"\xff\xfe bad bytes",
        )
    )
    results = read_all(str(path))
    p = str(path)
    assert [str(r) if isinstance(r, ReadError) else r.line for r in results] == [
        1,
        f"{p}:2: not JSON (Expecting property name enclosed in double quotes at column 2)",
        f'{p}:3: no "text" field',
        f"{p}:5: not a JSON object (a list)",
        f'{p}:6: "text" is not a string (a int)',
        f'{p}:7: empty "text"',
        8,
        f"{p}:9: not UTF-8 (bad byte at column 1)",
    ]
    first = results[0]
    assert (first.url, first.title, first.published, first.text) == (
        "https://x.iq/1", "عنوان", "2021-07-26", ARABIC,
    )
    raw_first_line = path.read_bytes().split(b"\n")[0]
    assert first.source_sha256 == read_module.hashlib.sha256(raw_first_line).hexdigest()
    assert results[6].text == ARABIC  # HTML inside a jsonl text is parsed too


def test_jsonl_too_long_line_is_skipped_and_the_rest_load(tmp_path):
    path = tmp_path / "big.jsonl"
    big = {"text": "ا" * (MAX_BYTES // 2 + 500_000)}  # 2 bytes a letter: 21 MB
    path.write_bytes(jsonl_lines({"text": ARABIC}, big, {"text": ARABIC}))
    results = read_all(str(path))
    assert [r.line for r in results] == [1, 2, 3]
    assert isinstance(results[1], ReadError)
    assert results[1].reason == "too large (21.0 MB > 20 MB)"
    assert results[2].text == ARABIC


def test_jsonl_in_utf16(tmp_path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes(jsonl_lines({"text": ARABIC}, {"text": "ثانية"}).decode().encode("utf-16"))
    assert [s.text for s in read_all(str(path))] == [ARABIC, "ثانية"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ARABIC.encode("cp1256"), [ARABIC]),
        (jsonl_lines({"text": ARABIC}, {"text": "ثانية"}), [ARABIC, "ثانية"]),
        (HTML.encode(), ["السفير: الحوار مستمر"]),
    ],
)
def test_stdin(data, expected):
    results = read_all("-", stdin=io.BytesIO(data))
    assert [r.path for r in results] == ["-"] * len(expected)
    assert [r.text.split("\n")[0] for r in results] == expected


def test_stdin_too_large():
    error = only(read_all("-", stdin=io.BytesIO(b"a" * (MAX_BYTES + 5_000_000))))
    assert str(error) == "-: too large (25.0 MB > 20 MB)"


def test_expand_files_folders_globs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news" / "2021").mkdir(parents=True)
    for name in ["news/b.txt", "news/a.html", "news/2021/c.jsonl", "news/notes.md",
                 "news/.hidden.txt", "news/2021/d.TXT", "single.text"]:
        (tmp_path / name).write_text(ARABIC)
    got = [str(p) for p in expand(["news", "single.text", "-", "missing.txt", "news/**/*.jsonl",
                                   "nothing*.txt"])]
    assert got == [
        "news/a.html", "news/b.txt", "news/2021/c.jsonl", "news/2021/d.TXT",
        "single.text",
        "-",
        "missing.txt: no such file or directory",
        "news/2021/c.jsonl",
        "nothing*.txt: no files match",
    ]


def test_expand_survives_a_folder_symlink_loop(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(ARABIC)
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    got = list(expand([str(tmp_path)]))
    assert [p for p in got if isinstance(p, str)] == [str(tmp_path / "a" / "x.txt")]
    assert [e.reason for e in got if isinstance(e, ReadError)] == [
        "symlink loop (folder already visited)"
    ]


def test_expand_a_folder_of_thousands(tmp_path):
    for i in range(2000):
        (tmp_path / f"{i:05d}.txt").write_bytes(b"x")
    got = list(expand([str(tmp_path)]))
    assert len(got) == 2000 and got == sorted(got)
    limited = list(expand([str(tmp_path)], max_files=100))
    assert len(limited) == 101
    assert str(limited[-1]) == (
        f"{tmp_path}: too many files (more than 100); load its sub-folders or a glob instead"
    )


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_decode_raises_only_read_errors(data):
    try:
        text = decode(data, "x")
    except ReadError as exc:
        assert exc.path == "x" and exc.reason
    else:
        assert isinstance(text, str) and "\r" not in text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_decode_gives_back_any_utf8_text(text):
    data = text.encode("utf-8")
    try:
        decoded = decode(data, "x")
    except ReadError:
        # only empty input, control characters or a binary signature are refused
        assert not text or _has_controls(text) or any(data.startswith(m) for m in MAGIC)
    else:
        assert decoded == text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _has_controls(text: str) -> bool:
    return any((c < " " and c not in "\t\n\r\f\v") or "\x7f" <= c < "\xa0" for c in text)
