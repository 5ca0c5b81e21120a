"""`chrono load`: read, prepare (in worker processes) and append articles, in batches.

One writer appends: each batch is one transaction holding the appends and the
projections' catch-up, so a crash leaves either the whole batch or none of it.
The log's order is the input's order, whatever the number of workers.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from chrono.events.projections import PROJECTIONS, catch_up
from chrono.events.sqlite import sqlite3
from chrono.events.store import Encoded, append, read_stream, store_text, stream_version, transaction
from chrono.loaders.extract import EXTRACTOR_VERSION
from chrono.loaders.read import ReadError, Source, expand, read
from chrono.pipeline import Prepared, prepare, reference_date
from chrono.schema import ArticleSeenAgain

BATCH = 128  # articles a transaction: a page of an index that several of them touch is written once
AHEAD = 4  # windows prepared ahead of the writer
WARM_SENTENCE = "قال وزير الخارجية العراقي أمس إن الاجتماع مع نظيره الأمريكي في بغداد كان مثمرا."
# For the writer while it loads (the connection's own settings come back after): a page cache
# that holds a batch's pages (SQLite's default is 2 MB), and a checkpoint every 40 MB of WAL
# rather than every 4 MB, so a page written by several batches is copied back to the file once.
# Measured side by side on 5,000 articles: the writer's CPU 1.09 -> 0.95 ms an article. 32 MB
# (a batch writes ≈2,100 pages, 8 MB) loads as fast as 64 MB and keeps the peak RSS of
# `--jobs 1` at 229 MB instead of 262 MB.
LOAD_PRAGMAS = {"cache_size": -32768, "wal_autocheckpoint": 10_000}


@dataclass
class LoadSummary:
    new: int = 0
    known: int = 0
    failed: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.new} new, {self.known} already known, {self.failed} failed; {self.events} events appended"


@dataclass(frozen=True, slots=True)
class Ready:
    """What the writer needs of a prepared article, in plain values: sent back from a worker,
    it unpickles in a tenth of the time of a `Prepared` and its pydantic models."""

    article_id: str
    text: str
    text_sha256: str
    source_sha256: str
    path: str
    url: str | None
    outlet: str | None
    warnings: tuple[str, ...]
    events: int  # how many EventExtracted
    encoded: tuple[Encoded, ...]  # the ArticleRecorded and the EventExtracted, ready for the log


def ready(prepared: Prepared) -> Ready:
    recorded = prepared.recorded
    return Ready(
        article_id=prepared.article_id,
        text=prepared.text,
        text_sha256=prepared.text_sha256,
        source_sha256=recorded.source_sha256,
        path=recorded.path,
        url=recorded.url,
        outlet=recorded.outlet,
        warnings=prepared.warnings,
        events=len(prepared.events),
        encoded=prepared.encoded,
    )


def _prepare_or_error(source: Source) -> Ready | ReadError:
    try:
        return ready(prepare(source))
    except Exception as e:  # a bug in one article must not stop the others
        return ReadError(source.path, f"could not be processed ({type(e).__name__}: {e})", line=source.line)


def _sources(
    paths: Iterable[str | ReadError], stdin: BinaryIO | None, on_file: Callable[[], None] | None
) -> Iterator[Source | ReadError]:
    for entry in paths:
        # an entry may already be expanded (the CLI counts files for its progress bar)
        for item in [entry] if isinstance(entry, ReadError) else expand([entry]):
            if isinstance(item, ReadError):
                yield item
            else:
                yield from read(item, stdin=stdin)
            if on_file:
                on_file()


def _windows(items: Iterator[Source | ReadError], size: int) -> Iterator[list[Source | ReadError]]:
    window: list[Source | ReadError] = []
    for item in items:
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


# Every recording of these bytes, under any article id (index events_source).
SAME_BYTES = (
    "SELECT data FROM events WHERE type IN ('ArticleRecorded', 'ArticleSeenAgain') "
    "AND json_extract(data, '$.source_sha256') = ?"
)


def _same_place(stored: dict, article: Ready) -> bool:
    """The same path (or url; or, from stdin, the same bytes)."""
    if article.path != "-" and stored.get("path") == article.path:
        return True
    if article.url and stored.get("url") == article.url:
        return True
    return article.path == "-" and stored.get("source_sha256") == article.source_sha256


def _is_known(conn: sqlite3.Connection, article: Ready) -> bool:
    """Recorded before at the same place: in this article's stream, or, with the same bytes,
    in any stream (an older chrono may have cleaned the same file to another article id)."""
    if any(
        stored.type in ("ArticleRecorded", "ArticleSeenAgain") and _same_place(stored.data, article)
        for stored in read_stream(conn, article.article_id)
    ):
        return True
    return any(
        _same_place(json.loads(data), article)
        for (data,) in conn.execute(SAME_BYTES, (article.source_sha256,))
    )


def record(conn: sqlite3.Connection, article: Ready, metadata: dict) -> tuple[str, int]:
    """Append one prepared article; return ('new'|'seen again'|'known', events extracted)."""
    if _is_known(conn, article):
        return "known", 0
    version = stream_version(conn, article.article_id)
    if version == 0:
        store_text(conn, article.text_sha256, article.text)
        append(conn, article.article_id, article.encoded, 0, metadata=metadata)
        return "new", article.events
    seen = ArticleSeenAgain(
        source_sha256=article.source_sha256,
        path=article.path,
        url=article.url,
        outlet=article.outlet,
    )
    append(conn, article.article_id, [seen], version, metadata=metadata)
    return "seen again", 0


def load(
    conn: sqlite3.Connection,
    paths: Iterable[str | ReadError],
    *,
    jobs: int | None = None,
    stdin: BinaryIO | None = None,
    on_file: Callable[[], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    before_write: Callable[[], None] | None = None,
) -> LoadSummary:
    """Prepare the articles in `jobs` worker processes and append them in batches; `before_write`
    runs before each batch is written (the page check of the store)."""
    summary = LoadSummary()
    jobs = jobs or os.cpu_count() or 1
    metadata = {"command": "load", "extractor_version": EXTRACTOR_VERSION}
    pool = None
    # Windows in flight: the workers prepare the next ones while this process writes one,
    # and memory stays bounded by AHEAD windows whatever the number of articles.
    pending: deque[tuple[list[Source | ReadError], Any]] = deque()
    with _tuned(conn):
        try:
            for window in _windows(_sources(paths, stdin, on_file), BATCH):
                sources = [s for s in window if isinstance(s, Source)]
                if jobs > 1 and len(sources) > 4:
                    if pool is None:
                        _warm()
                        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_leave_interrupts_to_parent)
                    pending.append((window, pool.map_async(_prepare_or_error, sources, chunksize=4)))
                else:
                    pending.append((window, [_prepare_or_error(s) for s in sources]))
                while len(pending) > (AHEAD if pool is not None else 0):
                    _write_window(conn, *pending.popleft(), metadata, summary, on_error, on_warning, before_write)
            while pending:
                _write_window(conn, *pending.popleft(), metadata, summary, on_error, on_warning, before_write)
        except BaseException:
            if pool is not None:
                pool.terminate()  # Ctrl-C or an error: stop now, don't wait for the windows in flight
            raise
        finally:
            if pool is not None:
                pool.close()
                pool.join()
    return summary


@contextmanager
def _tuned(conn: sqlite3.Connection) -> Iterator[None]:
    """LOAD_PRAGMAS on the connection while it loads, its own settings again after."""
    saved = {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in LOAD_PRAGMAS}
    for name, value in LOAD_PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        try:
            for name, value in saved.items():
                conn.execute(f"PRAGMA {name} = {int(value)}")
        except sqlite3.ProgrammingError:  # closed (Ctrl-C unwinding a command): nothing to restore
            pass


def _leave_interrupts_to_parent() -> None:
    """Workers ignore Ctrl-C: the parent stops them (a worker killed by it mid-task hangs Pool.join)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm() -> None:
    """Build once here, before forking, what every worker would otherwise build for itself: the
    date grammar, and the gazetteer and the extractor's word lists (an extraction of one sentence
    reads them all; about 1.1 s and 0.33 s). The inference of undated articles after the load
    re-extracts in this process with them too. (Not the name romaniser: its ONNX runtime is not
    safe to fork.)"""
    from chrono.loaders.dates.grammar import first_forms
    from chrono.loaders.extract import extract

    first_forms()
    extract(WARM_SENTENCE, published=None)


def _write_window(conn, window, prepared, metadata, summary, on_error, on_warning, before_write) -> None:
    done = iter(prepared if isinstance(prepared, list) else prepared.get())
    results = [item if isinstance(item, ReadError) else next(done) for item in window]
    _write(conn, results, metadata, summary, on_error, on_warning, before_write)


def _write(conn, results, metadata, summary, on_error, on_warning, before_write) -> None:
    for start in range(0, len(results), BATCH):
        batch = results[start:start + BATCH]
        if before_write:
            before_write()
        with transaction(conn):
            for item in batch:
                if isinstance(item, ReadError):
                    summary.failed += 1
                    summary.errors.append(str(item))
                    if on_error:
                        on_error(str(item))
                    continue
                outcome, appended = record(conn, item, metadata)
                summary.events += appended
                if outcome == "known":
                    summary.known += 1
                elif outcome == "new":
                    summary.new += 1
                    for w in item.warnings:
                        message = f"{item.path}: {w}"
                        summary.warnings.append(message)
                        if on_warning:
                            on_warning(message)
                else:
                    summary.known += 1
            catch_up(conn, PROJECTIONS)


def reprocess(conn: sqlite3.Connection, *, on_article: Callable[[], None] | None = None) -> tuple[int, int]:
    """Re-extract every article last extracted by another extractor version.

    Returns (articles revised, articles looked at). Running it twice appends nothing.
    """
    from chrono.lifecycle import revise
    from chrono.loaders.extract import extract

    metadata = {"command": "reprocess", "extractor_version": EXTRACTOR_VERSION}
    # the ids first, each text when its turn comes: memory holds one article, not the store
    ids = [r[0] for r in conn.execute(
        "SELECT article_id FROM articles WHERE redacted = 0 AND text IS NOT NULL ORDER BY first_position")]
    revised = 0
    for article_id in ids:
        row = conn.execute(
            "SELECT text, published_earliest, published_latest, dateline, title, outlet FROM articles "
            "WHERE article_id = ? AND redacted = 0 AND text IS NOT NULL", (article_id,)).fetchone()
        if row is None:  # redacted meanwhile
            continue
        text, earliest, latest, dateline, title, outlet = row
        published = reference_date(earliest, latest)
        found = extract(text, published=published, dateline=dateline, title=title, outlet=outlet)
        if revise(conn, article_id, found, EXTRACTOR_VERSION, metadata=metadata):
            revised += 1
        if on_article:
            on_article()
    return revised, len(ids)
