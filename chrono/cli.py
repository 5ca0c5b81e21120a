"""The `chrono` command line: thin click commands over the library."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from contextlib import closing
from functools import wraps

import click

from chrono import __version__
from chrono.events.sqlite import sqlite3

db_option = click.option(
    "--db",
    "db",
    default="chrono.db",
    envvar="CHRONO_DB",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The chrono database file (or set CHRONO_DB).",
)
silent_option = click.option("--silent", is_flag=True, help="No progress bar or warnings on stderr.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def store_errors(fn):
    """Turn the library's specific exceptions into one `Error: ...` line and exit status 1."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        from chrono.events.errors import StoreError

        try:
            return fn(*args, **kwargs)
        except StoreError as e:
            raise click.ClickException(str(e)) from e
        except sqlite3.DatabaseError as e:
            raise click.ClickException(f"{kwargs.get('db')}: database error ({e})") from e

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chrono")
def cli():
    """chrono: an event-sourced chronology of Arabic news.

    Load articles with `chrono load`, browse them with `chrono serve`.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for extraction [default: the number of cores].")
@silent_option
@store_errors
def load(paths, db, jobs, silent):
    """Load articles: files, folders, globs, or - for stdin (.txt, .html, .jsonl).

    Prints `N new, M already known, K failed; E events appended`; exits 1 if
    any input failed (each failure gets an `Error: PATH: reason` line).
    """
    from chrono.app import SQL_FUNCTIONS
    from chrono.events.projections import PROJECTIONS, catch_up
    from chrono.events.store import PageCheck, connect, head
    from chrono.inference import infer_undated
    from chrono.loaders.read import expand
    from chrono.loading import load as load_paths

    # every page is read before the first write (while the articles are prepared), unless the
    # file is as the last checked load left it: a damaged file is refused, not written over
    pages = PageCheck(db)
    conn = connect(db, functions=SQL_FUNCTIONS, pages=pages)
    err = sys.stderr
    show_bar = not silent and err.isatty()
    interrupted = []

    def on_interrupt(signum, frame):
        interrupted.append(signum)  # noted: raised inside an SQL function, it comes back as a DatabaseError
        signal.default_int_handler(signum, frame)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    prefix = "\n" if show_bar else ""
    try:
        since = head(conn)[0]
        with contextlib.ExitStack() as stack:
            if show_bar:  # count the files first, so the bar has an end
                paths = list(expand(paths))
            bar = stack.enter_context(
                click.progressbar(length=len(paths), label="Loading", file=err, show_pos=True)) if show_bar else None
            summary = load_paths(
                conn, paths, jobs=jobs, stdin=sys.stdin.buffer if "-" in paths else None,
                on_file=(lambda: bar.update(1)) if bar else None,
                on_error=lambda m: click.echo(f"{prefix}Error: {m}", err=True),
                on_warning=None if silent else (lambda m: click.echo(f"{prefix}Warning: {m}", err=True)),
                before_write=pages.wait,
            )
        pages.wait()
        catch_up(conn, PROJECTIONS)  # also when nothing new came: the views follow the log
        infer_undated(conn, since=since)
    except sqlite3.DatabaseError as e:  # the batch in hand was rolled back
        if interrupted:
            raise click.Abort() from e
        raise click.ClickException(f"{db}: database error ({e}); the articles loaded before it are kept") from e
    finally:
        signal.signal(signal.SIGINT, previous)
        conn.close()
    pages.passed()
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--as-of", help="Build the views as known at this log position or recording date/time (UTC).")
@click.option("--into", type=click.Path(dir_okay=False), help="With --as-of: the new database file to write.")
@store_errors
def rebuild(db, as_of, into):
    """Drop every view and replay the log (or, with --as-of, replay part of it into another file)."""
    from chrono.app import SQL_FUNCTIONS, open_store
    from chrono.events.projections import PROJECTIONS
    from chrono.events.projections import rebuild as rebuild_views
    from chrono.events.timetravel import position_as_of, rebuild_as_of

    if bool(as_of) != bool(into):
        raise click.UsageError("--as-of and --into go together")
    with closing(open_store(db, catch_up_views=False)) as conn:
        if as_of:
            position = position_as_of(conn, as_of)
            reached = rebuild_as_of(conn, into, position, PROJECTIONS, SQL_FUNCTIONS)
            click.echo(f"Views as of position {reached} written to {into}")
        else:
            reached = rebuild_views(conn, PROJECTIONS)
            click.echo(f"Rebuilt {len(PROJECTIONS)} projections up to position {reached}")


@cli.command()
@click.argument("stream", required=False)
@db_option
@json_option
@store_errors
def log(stream, db, as_json):
    """Print the event log, or one article's stream."""
    from chrono.app import open_store
    from chrono.events.store import read_all, read_stream

    with closing(open_store(db, catch_up_views=False)) as conn:
        events = read_stream(conn, stream) if stream else read_all(conn)
        for e in events:
            if as_json:
                click.echo(json.dumps({
                    "position": e.position, "stream_id": e.stream_id, "version": e.version,
                    "type": e.type, "schema_version": e.schema_version, "data": e.data,
                    "metadata": e.metadata, "recorded_at": e.recorded_at, "hash": e.hash,
                }, ensure_ascii=False))
            else:
                click.echo(f"{e.position:>7} {e.recorded_at} {e.stream_id} v{e.version} {e.type} {_describe(e)}")


def _describe(e) -> str:
    d = e.data
    if e.type == "EventExtracted":
        ev = d["event"]
        return f"{d['event_id']} {ev['kind']} {ev.get('date_earliest') or '?'} {ev.get('summary', '')}"
    if e.type in ("ArticleRecorded", "ArticleSeenAgain"):
        return f"{d.get('path') or ''} {d.get('title') or ''}".strip()
    return d.get("event_id") or d.get("note") or ""


@cli.command()
@db_option
@json_option
@store_errors
def verify(db, as_json):
    """Check the hash chain, positions, stream versions and views; print the head position and hash."""
    from chrono.app import SQL_FUNCTIONS, open_store
    from chrono.events.projections import PROJECTIONS
    from chrono.events.verify import verify as verify_store

    with closing(open_store(db, catch_up_views=False)) as conn:
        report = verify_store(conn, PROJECTIONS, SQL_FUNCTIONS)
    if as_json:
        click.echo(json.dumps({"ok": report.ok, "head_position": report.head_position,
                               "head_hash": report.head_hash, "events": report.events,
                               "faults": report.faults}))
    else:
        for fault in report.faults:
            click.echo(f"FAULT {fault}")
        click.echo(f"{'OK' if report.ok else 'FAILED'}: {report.events} events, "
                   f"head position {report.head_position}, hash {report.head_hash}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.argument("text")
@click.option("--ref", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The reference (publication) date, YYYY-MM-DD.")
@json_option
def when(text, ref, as_json):
    """Resolve one Arabic time expression against a reference date."""
    from chrono.loaders.dates import resolve

    found = resolve(text, ref.date())
    result = {
        "earliest": found.earliest.isoformat() if found and found.earliest else None,
        "latest": found.latest.isoformat() if found and found.latest else None,
        "precision": found.precision if found else None,
    }
    if as_json:
        click.echo(json.dumps(result))
    elif found:
        click.echo(f"{result['earliest']}..{result['latest']} ({result['precision']}) from {found.text!r}")
    else:
        click.echo("no time expression found")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option("--immutable", is_flag=True, help="Serve a finished file frozen (for publishing).")
@store_errors
def serve(db, host, port, immutable):
    """Publish the chronology read-only with Datasette."""
    from chrono.app import open_store

    open_store(db).close()  # create/migrate and catch the views up before serving
    from chrono.serve import serve as run

    run(db, host=host, port=port, immutable=immutable)


note_option = click.option("--note", required=True, help="Why: kept in the log and the corrections view.")
by_option = click.option("--by", help="Who made the change (recorded only if given).")


@cli.command()
@click.argument("event_id")
@click.option("--date", "date_", help="YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
@click.option("--kind", type=click.Choice(["meeting", "statement", "attack", "announcement"]))
@click.option("--actor", "actors", multiple=True, help="An actor's name (repeat for several); replaces the actors.")
@click.option("--location", help="The event's place (a gazetteer name, English or Arabic).")
@note_option
@by_option
@db_option
@store_errors
def correct(event_id, date_, kind, actors, location, note, by, db):
    """Correct one event (appends EventCorrected; survives a later reprocess)."""
    from chrono.app import open_store, resolve_actor, resolve_place
    from chrono.lifecycle import correct as correct_event
    from chrono.lifecycle import parse_date_range

    if not (date_ or kind or actors or location):
        raise click.UsageError("say what to correct: --date, --kind, --actor or --location")
    dates = parse_date_range(date_) if date_ else None
    with closing(open_store(db)) as conn:
        position = correct_event(
            conn, event_id, note=note, kind=kind, dates=dates,
            actors=tuple(resolve_actor(a) for a in actors) or None,
            location=resolve_place(location) if location else None,
            by=by, metadata={"command": "correct"},
        )
    click.echo(f"Corrected {event_id} (position {position})")


@cli.command()
@click.argument("event_id")
@note_option
@by_option
@db_option
@store_errors
def retract(event_id, note, by, db):
    """Retract one event: it leaves the timeline, the log keeps it and the reason."""
    from chrono.app import open_store
    from chrono.lifecycle import retract as retract_event

    with closing(open_store(db)) as conn:
        position = retract_event(conn, event_id, note=note, by=by, metadata={"command": "retract"})
    click.echo(f"Retracted {event_id} (position {position})")


@cli.command()
@click.argument("article_id")
@note_option
@by_option
@db_option
@store_errors
def redact(article_id, note, by, db):
    """Delete an article's text and take its events out of the views; the log stays verifiable."""
    from chrono.app import open_store
    from chrono.lifecycle import redact as redact_article

    with closing(open_store(db)) as conn:
        position = redact_article(conn, article_id, note=note, by=by, metadata={"command": "redact"})
    click.echo(f"Redacted {article_id} (position {position})")


@cli.command()
@db_option
@silent_option
@store_errors
def reprocess(db, silent):
    """Re-extract articles last extracted by an older extractor version (appends ExtractionRevised)."""
    from chrono.app import open_store
    from chrono.loading import reprocess as reprocess_all

    with closing(open_store(db)) as conn:
        revised, seen = reprocess_all(conn)
    click.echo(f"{revised} of {seen} articles re-extracted")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "ics"]), default="jsonl", show_default=True)
@click.option("--as-of", help="Export the timeline as known at this log position or recording date/time.")
@click.option("--output", "-o", type=click.File("wb"), default="-", help="File to write [default: stdout].")
@db_option
@store_errors
def export(fmt, as_of, output, db):
    """Export the timeline as JSON lines, CSV or iCalendar."""
    from chrono.app import open_store
    from chrono.export import export_timeline

    with closing(open_store(db)) as conn:
        output.write(export_timeline(conn, fmt, as_of=as_of))
