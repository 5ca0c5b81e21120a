"""Bad input through `chrono load`: one clear line per bad file, the others load, the log untouched by it.

Every case loads two good articles next to one bad input and checks: the exact
`Error: ...` line(s) on stderr, the summary on stdout, exit status 1, and a log
identical (stream by stream, payload by payload) to loading the good files alone.
Encodings that must load (Windows-1256, UTF-16) are checked to give the very
same article as the UTF-8 file.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from chrono.cli import cli
from chrono.events.sqlite import sqlite3

CHRONO = str(Path(sys.executable).with_name("chrono"))

# --- synthetic wire copy (written for these tests; invented events, real offices) ---------

_PEOPLE = ("محمد شياع السوداني", "فؤاد حسين", "مصطفى الكاظمي", "برهم صالح", "محمد الحلبوسي", "قاسم الأعرجي")
_GUESTS = ("وفدا من التحالف الدولي", "السفير الأمريكي", "وزير الدفاع البريطاني", "المبعوث الأممي",
           "قائد القيادة المركزية الأمريكية", "وفدا من البنك الدولي")
_CITIES = ("بغداد", "أربيل", "البصرة", "الموصل", "النجف", "كركوك", "الأنبار")
_DAYS = ("الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")
_TOPICS = ("جدول انسحاب القوات", "دعم الانتخابات", "ملف الطاقة", "التعاون الأمني", "إعادة الإعمار",
           "مكافحة الإرهاب", "ملف المياه")


def wire_article(i: int) -> str:
    """A short, distinct Arabic wire story (its numbers and names vary with i)."""
    pick = random.Random(i)
    host, guest, city = pick.choice(_PEOPLE), pick.choice(_GUESTS), pick.choice(_CITIES)
    day, topic = pick.choice(_DAYS), pick.choice(_TOPICS)
    return (
        f"{city} / وكالة الأنباء التجريبية\n\n"
        f"{host} يبحث {topic} مع {guest}\n\n"
        f"استقبل {host}، يوم {day}، {guest} في {city}، وجرى خلال اللقاء بحث {topic}.\n\n"
        f"وقال {host} خلال اللقاء إن \"العراق ماض في تعزيز التعاون بشأن {topic}\".\n\n"
        f"وأعلنت وزارة الخارجية تشكيل لجنة فنية من {i + 3} أعضاء لمتابعة {topic}.\n\n"
        f"وقتل {i % 7 + 2} عناصر من تنظيم داعش في غارة جوية قرب {pick.choice(_CITIES)} يوم {day}.\n"
    )


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"article_{i:04d}.txt"
        path.write_text(wire_article(i), encoding="utf-8")
        paths.append(path)
    return paths


def log_rows(db: Path | str) -> list[tuple]:
    """The log without the columns that depend on when it was written."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT position, stream_id, version, type, schema_version, data FROM events ORDER BY position"
        ).fetchall()
    finally:
        conn.close()


def scalar(db: Path | str, sql: str, *args) -> object:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchone()[0]
    finally:
        conn.close()


def invoke_load(runner, *args: str):
    return runner.invoke(cli, ["load", *args, "--jobs", "1"], catch_exceptions=False)


# --- the good files every case loads beside its bad input -----------------------------------

@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "good", 2)
    return tmp_path


GOOD = ["good/article_0000.txt", "good/article_0001.txt"]


@pytest.fixture
def reference(here, runner) -> list[tuple]:
    """The log of the good files loaded alone."""
    result = invoke_load(runner, *GOOD, "--db", "reference.db")
    assert result.exit_code == 0, result.stderr
    rows = log_rows(here / "reference.db")
    assert len(rows) > 2  # the good articles do give events
    return rows


# --- bad inputs: (builder(tmp) -> argument, the exact reasons) -------------------------------

def _missing(tmp: Path) -> str:
    return "scrape/nowhere.txt"


def _symlink_loop(tmp: Path) -> str:
    os.symlink("loop_b.txt", tmp / "loop_a.txt")
    os.symlink("loop_a.txt", tmp / "loop_b.txt")
    return "loop_a.txt"


def _folder_loop(tmp: Path) -> str:
    (tmp / "site" / "sub").mkdir(parents=True)
    os.symlink("..", tmp / "site" / "sub" / "up")
    return "site"


def _fifo(tmp: Path) -> str:
    os.mkfifo(tmp / "pipe.txt")  # reading it would block forever
    return "pipe.txt"


def _dangling_in_folder(tmp: Path) -> str:
    (tmp / "site").mkdir()
    os.symlink("deleted.txt", tmp / "site" / "latest.txt")
    return "site"


def _write(name: str, data: bytes) -> Callable[[Path], str]:
    def build(tmp: Path) -> str:
        (tmp / name).write_bytes(data)
        return name
    return build


def _noise(high_only: bool) -> bytes:
    pick = random.Random(1256)
    if high_only:  # no NUL, no ASCII at all: decodes as *some* single-byte codepage, reads as nothing
        return bytes(pick.randrange(0x80, 0x100) for _ in range(6000))
    return bytes(pick.randrange(1, 0x100) for _ in range(6000))


def _large(tmp: Path) -> str:
    with open(tmp / "dump.txt", "wb") as f:
        line = (wire_article(7) + "\n").encode()
        f.write(line * (50_000_000 // len(line) + 1))
    return "dump.txt"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(200)

BAD = {
    "missing path": (_missing, ["scrape/nowhere.txt: no such file or directory"]),
    "missing glob": (lambda tmp: "scrape/*.txt", ["scrape/*.txt: no files match"]),
    "symlink loop": (_symlink_loop, ["loop_a.txt: symlink loop"]),
    "folder symlink loop": (_folder_loop, ["site/sub/up: symlink loop (folder already visited)"]),
    "dangling symlink in a folder": (_dangling_in_folder, ["site/latest.txt: no such file or directory"]),
    "a fifo": (_fifo, ["pipe.txt: not a regular file (FIFO)"]),
    "a device": (lambda tmp: "/dev/zero", ["/dev/zero: not a regular file (device)"]),
    "empty file": (_write("empty.txt", b""), ["empty.txt: empty file"]),
    "whitespace only": (_write("blank.txt", b" \n\r\n\t\n"), ["blank.txt: no text (only whitespace or markup)"]),
    "png image": (_write("photo.txt", PNG), ["photo.txt: binary file (PNG image)"]),
    "png named .html": (_write("page.html", PNG), ["page.html: binary file (PNG image)"]),
    "nul bytes": (_write("core.txt", bytes(range(256)) * 20), ["core.txt: binary file (contains NUL bytes)"]),
    "random bytes": (_write("noise.txt", _noise(high_only=False)),
                     ["noise.txt: not text in any known encoding (UTF-8, UTF-16, Windows-1256, ...)"]),
    "random high bytes": (_write("noise.txt", _noise(high_only=True)),
                          ["noise.txt: not text in any known encoding (UTF-8, UTF-16, Windows-1256, ...)"]),
    "50 MB file": (_large, ["dump.txt: too large (50.0 MB > 20 MB)"]),
    "html with only scripts": (
        _write("empty.html", b"<!doctype html><html><head><style>p{color:red}</style>"
                             b"<script>var a = '\xd8\xa8';</script></head><body><nav>x</nav></body></html>"),
        ["empty.html: no text (only whitespace or markup)"]),
    "jsonl of bad lines": (
        _write("feed.jsonl", b'{"title": "no text"}\nnot json at all\n[1, 2]\n{"text": 5}\n{"text": "  "}\n'),
        ['feed.jsonl:1: no "text" field',
         "feed.jsonl:2: not JSON (Expecting value at column 1)",
         "feed.jsonl:3: not a JSON object (a list)",
         'feed.jsonl:4: "text" is not a string (a int)',
         'feed.jsonl:5: empty "text"']),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_input_gets_one_clear_line_and_leaves_the_log_alone(here, runner, reference, case):
    build, reasons = BAD[case]
    argument = build(here)
    result = invoke_load(runner, argument, *GOOD, "--db", "chrono.db")
    assert result.stderr.splitlines() == [f"Error: {reason}" for reason in reasons]
    assert result.exit_code == 1
    assert result.stdout.startswith(f"2 new, 0 already known, {len(reasons)} failed; ")
    assert log_rows(here / "chrono.db") == reference


def _without_root_read_override() -> None:
    """In the child: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH so even root obeys file modes."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_an_unreadable_file_is_a_clear_error(here):
    (here / "secret.txt").write_text(wire_article(99), encoding="utf-8")
    (here / "secret.txt").chmod(0)
    proc = subprocess.run([CHRONO, "load", "secret.txt", *GOOD, "--db", "chrono.db", "--jobs", "1"],
                          cwd=here, capture_output=True, text=True, timeout=60,
                          preexec_fn=_without_root_read_override if os.geteuid() == 0 else None)
    assert proc.stderr.splitlines() == ["Error: secret.txt: permission denied"]
    assert proc.stdout.startswith("2 new, 0 already known, 1 failed; ")
    assert proc.returncode == 1
    paths = scalar(here / "chrono.db", "SELECT json_group_array(path) FROM articles")
    assert sorted(json.loads(paths)) == GOOD


def test_bad_jsonl_lines_name_their_line_and_the_other_lines_load(here, runner):
    good = [{"url": f"https://example.org/{i}", "title": f"خبر {i}", "published": "2023-02-10",
             "text": wire_article(i)} for i in (10, 11, 12)]
    lines = [json.dumps(good[0], ensure_ascii=False), '{"url": "https://example.org/x", "title": "t"',
             json.dumps(good[1], ensure_ascii=False), '{"url": "https://example.org/y"}',
             json.dumps(good[2], ensure_ascii=False)]
    (here / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke_load(runner, "feed.jsonl", "--db", "chrono.db")
    assert result.stderr.splitlines() == [
        "Error: feed.jsonl:2: not JSON (Expecting ',' delimiter at column 46)",
        'Error: feed.jsonl:4: no "text" field',
    ]
    assert result.exit_code == 1
    assert result.stdout.startswith("3 new, 0 already known, 2 failed; ")
    assert sorted(json.loads(scalar(here / "chrono.db", "SELECT json_group_array(path) FROM articles"))) == [
        "feed.jsonl:1", "feed.jsonl:3", "feed.jsonl:5"]
    assert scalar(here / "chrono.db", "SELECT count(*) FROM articles WHERE url = 'https://example.org/x'") == 0


def test_a_large_jsonl_line_is_refused_and_the_next_line_loads(here, runner):
    big = json.dumps({"text": "a" * 24_000_000})  # 24 MB on one line
    small = json.dumps({"text": wire_article(20)}, ensure_ascii=False)
    (here / "feed.jsonl").write_text(big + "\n" + small + "\n", encoding="utf-8")
    result = invoke_load(runner, "feed.jsonl", "--db", "chrono.db")
    assert result.stderr.splitlines() == ["Error: feed.jsonl:1: too large (24.0 MB > 20 MB)"]
    assert result.stdout.startswith("1 new, 0 already known, 1 failed; ")
    assert result.exit_code == 1


def test_bad_bytes_on_stdin_are_named_as_stdin(here, runner):
    result = runner.invoke(cli, ["load", "-", *GOOD, "--db", "chrono.db", "--jobs", "1"], input=PNG,
                           catch_exceptions=False)
    assert result.stderr == "Error: -: binary file (PNG image)\n"
    assert result.stdout.startswith("2 new, 0 already known, 1 failed; ")
    assert result.exit_code == 1


# --- inputs that must load -------------------------------------------------------------------

SAMPLE = wire_article(3)
KEY_SENTENCE = SAMPLE.splitlines()[4]  # "استقبل ..." : must come back exactly as written


@pytest.mark.parametrize("name, data", [
    ("cp1256.txt", SAMPLE.encode("cp1256")),
    ("utf16.txt", SAMPLE.encode("utf-16")),  # with BOM
    ("utf16le.txt", SAMPLE.encode("utf-16-le")),  # no BOM
    ("utf16be.txt", SAMPLE.encode("utf-16-be")),  # no BOM
    ("bom.txt", b"\xef\xbb\xbf" + SAMPLE.encode()),
    ("crlf.txt", SAMPLE.replace("\n", "\r\n").encode("cp1256")),
    ("page.html", ("<!DOCTYPE html><html><head><meta charset='windows-1256'></head><body>"
                   + "".join(f"<p>{line}</p>" for line in SAMPLE.splitlines() if line)
                   + "</body></html>").encode("cp1256")),
], ids=["windows-1256", "utf-16 bom", "utf-16-le", "utf-16-be", "utf-8 bom", "windows-1256 crlf", "windows-1256 html"])
def test_other_encodings_load_as_the_same_arabic_article(here, runner, name, data):
    (here / "utf8.txt").write_text(SAMPLE, encoding="utf-8")
    (here / name).write_bytes(data)
    result = invoke_load(runner, "utf8.txt", name, "--db", "chrono.db")
    assert result.stderr == ""
    assert result.exit_code == 0
    # the same cleaned text, so the same article: seen again, not new
    assert result.stdout.startswith("1 new, 1 already known, 0 failed; ")
    text = scalar(here / "chrono.db", "SELECT text FROM articles")
    assert KEY_SENTENCE in text
    seen = scalar(here / "chrono.db", "SELECT count(*) FROM events WHERE type = 'ArticleSeenAgain'")
    assert seen == 1


def test_a_utf8_file_cut_in_the_middle_of_a_letter_still_reads_as_arabic(here, runner):
    """Scrapers truncate at a byte count: the last letter is half there. The rest must not turn to mojibake."""
    data = SAMPLE.encode()
    cut = data.rstrip(b"\n")[:-1]  # the last letter is two bytes: keep only its first
    assert cut[-1] >= 0x80
    (here / "cut.txt").write_bytes(cut)
    result = invoke_load(runner, "cut.txt", "--db", "chrono.db")
    assert result.exit_code == 0, result.stderr
    text = scalar(here / "chrono.db", "SELECT text FROM articles")
    assert KEY_SENTENCE in text


def test_html_with_scripts_and_styles_keeps_only_the_article(here, runner):
    paragraphs = "".join(f"<p>{line}</p>\n" for line in SAMPLE.splitlines() if line)
    page = (
        "<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>خبر</title>"
        "<style>body { font-family: 'Amiri'; } .ad { display: none }</style>"
        "<script>window.dataLayer = []; function track() { return 'تتبع'; }</script></head><body>"
        "<nav><a href='/'>الرئيسية</a></nav><article>" + paragraphs +
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></article>"
        "<aside>الأكثر قراءة</aside><footer>جميع الحقوق محفوظة</footer>"
        "<noscript>فعّل جافاسكربت</noscript></body></html>"
    )
    (here / "page.html").write_text(page, encoding="utf-8")
    result = invoke_load(runner, "page.html", "--db", "chrono.db")
    assert result.stderr == ""
    assert result.exit_code == 0
    text = scalar(here / "chrono.db", "SELECT text FROM articles")
    assert KEY_SENTENCE in text
    for leftover in ("dataLayer", "font-family", "NewsArticle", "تتبع", "جافاسكربت", "جميع الحقوق", "<"):
        assert leftover not in text
    assert scalar(here / "chrono.db", "SELECT count(*) FROM timeline") > 0


def test_a_text_without_arabic_is_recorded_with_a_warning_and_no_events(here, runner):
    (here / "english.txt").write_text(
        "Baghdad (Test Wire) - The prime minister met a coalition delegation on Monday.\n\n"
        "He said the talks were constructive.\n", encoding="utf-8")
    result = invoke_load(runner, "english.txt", "--db", "chrono.db")
    assert result.exit_code == 0
    assert "Warning: english.txt: no Arabic text: recorded without events" in result.stderr.splitlines()
    assert "Error" not in result.stderr
    assert result.stdout == "1 new, 0 already known, 0 failed; 0 events appended\n"
    types = [r[3] for r in log_rows(here / "chrono.db")]
    assert types == ["ArticleRecorded"]
    assert scalar(here / "chrono.db", "SELECT count(*) FROM articles") == 1


def test_an_article_with_no_event_sentence_is_recorded_without_events(here, runner):
    (here / "recipe.txt").write_text(
        "طريقة تحضير الكبة الموصلية\n\n"
        "تنقع حبات البرغل في الماء البارد ساعة كاملة ثم تصفى جيدا وتعجن مع اللحم المفروم.\n\n"
        "يضاف الملح والبهارات حسب الرغبة، وتشكل العجينة أقراصا رقيقة تحشى باللحم والبصل المقلي.\n",
        encoding="utf-8")
    result = invoke_load(runner, "recipe.txt", "--db", "chrono.db")
    assert "Error" not in result.stderr
    assert result.exit_code == 0
    assert result.stdout == "1 new, 0 already known, 0 failed; 0 events appended\n"
    assert [r[3] for r in log_rows(here / "chrono.db")] == ["ArticleRecorded"]


def test_a_folder_of_thousands_of_files_loads_every_article_once(here, runner):
    scrape = here / "scrape"
    for day in range(12):
        write_articles(scrape / f"day{day:02d}", 20, start=20 * day)
        for j in range(150):  # what a scraper leaves beside the pages: skipped, not errors
            (scrape / f"day{day:02d}" / f"asset_{j:03d}.{('css', 'js', 'png')[j % 3]}").write_bytes(PNG)
    assert sum(1 for _ in scrape.rglob("*")) > 2000
    result = runner.invoke(cli, ["load", "scrape", "--db", "chrono.db", "--jobs", "2"], catch_exceptions=False)
    assert result.stderr == ""
    assert result.exit_code == 0
    assert result.stdout.startswith("240 new, 0 already known, 0 failed; ")
    assert scalar(here / "chrono.db", "SELECT count(DISTINCT path) FROM articles") == 240


# --- the database given as --db --------------------------------------------------------------

def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.commit()
    conn.close()


def _foreign_events(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT, starts TEXT)")
    conn.execute("INSERT INTO events (name) VALUES ('birthday')")
    conn.commit()
    conn.close()


def _chrono_store(path: Path) -> None:
    from datetime import date, timedelta

    from chrono.app import open_store
    from chrono.events.projections import PROJECTIONS, catch_up
    from chrono.events.store import append, store_text
    from tests.factories import article, extracted

    conn = open_store(path)
    for i in range(300):
        aid = f"{i:016x}"
        recorded = article(aid)
        day = (date(2020, 1, 1) + timedelta(days=i)).isoformat()
        store_text(conn, recorded.text_sha256, wire_article(i) * 3)
        append(conn, aid, [recorded, extracted(aid, 1, day=day), extracted(aid, 2, day=day)], 0)
    catch_up(conn, PROJECTIONS)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _garbled_store(path: Path) -> None:
    _chrono_store(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 3 * 4096] = random.Random(5).randbytes(3 * 4096)
    path.write_bytes(bytes(data))


def _truncated_store(path: Path) -> None:
    _chrono_store(path)
    path.write_bytes(path.read_bytes()[: 4096 * 3])


NOT_STORES = {
    "a text file": (lambda p: p.write_text(wire_article(1), encoding="utf-8"), "not an SQLite database"),
    "a png image": (lambda p: p.write_bytes(PNG), "not an SQLite database"),
    "another app's sqlite": (_other_sqlite, "an SQLite database, but not a chrono store (no events table)"),
    "someone else's events table": (_foreign_events, "has an events table, but not chrono's"),
    "sqlite header then noise": (
        lambda p: p.write_bytes(b"SQLite format 3\x00" + random.Random(3).randbytes(8000)),
        "not a usable SQLite database (file is not a database)"),
    "a chrono store garbled in the middle": (_garbled_store, "a damaged chrono store (...)"),
    "a chrono store cut short": (_truncated_store, "not a usable SQLite database (database disk image is malformed)"),
}


@pytest.mark.parametrize("case", list(NOT_STORES), ids=list(NOT_STORES))
def test_a_file_that_is_not_a_chrono_store_is_refused_and_left_untouched(here, runner, case):
    build, reason = NOT_STORES[case]
    target = here / "target.db"
    build(target)
    before = target.read_bytes()
    result = invoke_load(runner, *GOOD, "--db", "target.db")
    pattern = re.escape(f"Error: target.db: {reason}\n").replace(re.escape("..."), ".+")
    assert re.fullmatch(pattern, result.stderr)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert target.read_bytes() == before


def test_a_store_as_the_last_load_left_it_is_not_read_again_but_a_changed_one_is(here, runner):
    from chrono.events.store import PageCheck

    _chrono_store(here / "big.db")
    assert PageCheck(here / "big.db").reading  # never checked: every page is read
    assert invoke_load(runner, *GOOD, "--db", "big.db").exit_code == 0
    assert (here / "big.db-checked").exists()
    assert not PageCheck(here / "big.db").reading  # as the checked load left it
    assert invoke_load(runner, *GOOD, "--db", "big.db").exit_code == 0  # already known, still sound
    assert not PageCheck(here / "big.db").reading
    # damaged since, by something else: read again, refused, untouched
    data = bytearray((here / "big.db").read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 3 * 4096] = random.Random(5).randbytes(3 * 4096)
    (here / "big.db").write_bytes(bytes(data))
    assert PageCheck(here / "big.db").reading
    result = invoke_load(runner, *GOOD, "--db", "big.db")
    assert result.exit_code == 1
    assert "a damaged chrono store" in result.stderr
    assert (here / "big.db").read_bytes() == bytes(data)


def test_a_db_in_a_missing_folder_is_a_clear_error(here, runner):
    result = invoke_load(runner, *GOOD, "--db", "no/such/folder/chrono.db")
    assert result.stderr == "Error: no/such/folder/chrono.db: cannot open or create the database " \
                            "(unable to open database file)\n"
    assert result.exit_code == 1
    assert not (here / "no").exists()
