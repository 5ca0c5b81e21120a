"""The one SQLite module chrono runs on.

pysqlite3 (a current SQLite, with the JSON parse cache that lets the
set-based projections read a payload once however many fields they take)
where its wheel is installed; the standard library's module elsewhere.
Datasette and sqlite-utils make the same choice, so the CLI, the loader and
the published site share one SQLite and one set of exception classes. The
store's SQL keeps to what SQLite 3.37 understands, so the file stays readable
by any SQLite an analyst has.
"""

try:
    import pysqlite3 as sqlite3
except ImportError:  # no wheel for this platform: the standard library's SQLite
    import sqlite3  # noqa: TID251 (the fallback the shim exists for)

__all__ = ["sqlite3"]
