"""`chrono serve`: Datasette on a chrono database, read-only, with chrono's site.

The site is `metadata.yml`, `templates/`, `static/` and the plugins in
`plugins/` (installed as `chrono.plugins`). They sit side by side both in a
checkout (the repository's top level) and in an installed wheel (the `chrono`
package folder, where pyproject's package data puts them), so one rule finds
them: the folder that holds `chrono.plugins`.

Read-only throughout: the file is opened `mode=ro` (or `immutable=1` with
`immutable=True`), downloads of the database file are off, no canned query
writes, and Datasette's SQL box only runs read-only SELECTs.
Not imported by `chrono load`: Datasette is slow to import.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import webbrowser
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from chrono.plugins import MODULES
from chrono.plugins.query import DATABASE

SETTINGS = {
    "allow_download": False,
    "suggest_facets": False,  # its probing queries are slow on a large timeline
    # Per facet (Datasette's default). Five facets share three SQL threads: a filter
    # matching half of a million events shows "timed out" for the slow ones and the
    # page stays under a second (1.35 s at 300 ms). The unfiltered table page reads
    # precomputed counts instead (chrono.plugins.facets).
    "facet_time_limit_ms": 200,
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
}


def site_dir() -> Path:
    """The folder holding metadata.yml, templates/, static/ and plugins/."""
    return Path(str(files("chrono.plugins"))).parent


@cache
def metadata() -> dict[str, Any]:
    with (site_dir() / "metadata.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def register_plugins() -> None:
    """Register chrono's plugin modules with Datasette's plugin manager (once)."""
    for name in MODULES:
        plugin_name = f"chrono.plugins.{name}"
        if pm.get_plugin(plugin_name) is None:
            pm.register(importlib.import_module(plugin_name), name=plugin_name)


def make_datasette(db_path: str | Path, *, immutable: bool = False) -> Datasette:
    """A Datasette serving `db_path` as database `chrono`, read-only, with chrono's site."""
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database file")
    register_plugins()
    site = site_dir()
    ds = Datasette(
        [],
        metadata=metadata(),
        template_dir=str(site / "templates"),
        static_mounts=[("chrono-static", str(site / "static"))],
        settings=SETTINGS,
    )
    # Served under one name whatever the file is called, so links and the
    # metadata's `databases: chrono:` section always apply.
    ds.remove_database("_memory")
    ds.add_database(Database(ds, path=str(path), is_mutable=not immutable), name=DATABASE)
    return ds


def serve(
    db_path: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    immutable: bool = False,
    open_browser: bool = False,
) -> None:
    """Run Datasette on `db_path` until interrupted."""
    import uvicorn

    ds = make_datasette(db_path, immutable=immutable)
    asyncio.run(ds.invoke_startup())
    # Start-up's objects (Datasette, its plugins and templates) out of the collector's way:
    # the collections a page's allocations trigger no longer walk them (1,000,000 events:
    # p95 of the table page 103-110 -> 73-83 ms, of a search 113-163 -> 89-106 ms).
    gc.collect()
    gc.freeze()
    if open_browser:
        webbrowser.open(f"http://{host}:{port}/-/timeline")
    uvicorn.run(ds.app(), host=host, port=port)
