"""Shared fixtures: stores in memory-like temp files, the seeds, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
EXAMPLES = REPO / "examples"


@pytest.fixture
def seeds() -> Path:
    assert SEEDS.is_dir(), f"the seed articles are expected at {SEEDS}"
    return SEEDS


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "chrono.db"


@pytest.fixture
def store(db_path):
    from chrono.app import open_store

    conn = open_store(db_path)
    yield conn
    conn.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
