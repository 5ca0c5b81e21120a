"""`pip install .` (a wheel, not an editable install) gives a working `chrono serve`.

The wheel is built from a copy of the source (so the checkout gains no build/
folder) and installed `--no-deps` into a fresh venv under tmp_path that sees the
already installed dependencies through a .pth line; the server is then started
from that venv and must serve the timeline with chrono's templates and metadata.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import urllib.parse
import urllib.request
from pathlib import Path

from tests.test_browser import free_port, wait_for
from tests.test_datasette import build_site_db

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "metadata.yml", "chrono", "events", "schema",
           "loaders", "plugins", "templates", "static")


def run(*args: str, cwd: Path) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_wheel_install_serves_the_site(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy2(path, source / name)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
        "-w", str(tmp_path / "dist"), str(source), cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("chrono-*.whl"))

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=tmp_path)
    python = venv / "bin" / "python"
    site_packages = Path(run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                             cwd=tmp_path).strip())
    # the dependencies already installed here, appended after the venv's own packages
    (site_packages / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
        str(wheel), cwd=tmp_path)

    where = run(str(python), "-c", "import chrono.plugins, chrono.serve as s; "
                "print(chrono.plugins.__file__); print(s.site_dir())", cwd=tmp_path).split()
    assert all(w.startswith(str(site_packages)) for w in where), where
    site = Path(where[1])
    assert (site / "metadata.yml").is_file() and (site / "templates" / "timeline.html").is_file()
    assert (site / "static" / "chrono.css").is_file()

    # the loaders' data files (lexicons, gazetteer, date tables) ship too
    loaded = run(str(venv / "bin" / "chrono"), "load", str(REPO / "examples" / "sample_meeting.txt"),
                 "--db", str(tmp_path / "loaded.db"), cwd=tmp_path)
    assert loaded.startswith("1 new, 0 already known, 0 failed; ") and not loaded.startswith(
        "1 new, 0 already known, 0 failed; 0 events"), loaded

    db = build_site_db(tmp_path / "chrono.db")
    port = free_port()
    process = subprocess.Popen([str(venv / "bin" / "chrono"), "serve", "--db", str(db), "--port",
                                str(port)], cwd=tmp_path, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/-/timeline", process)
        with urllib.request.urlopen(base + "/-/timeline") as response:
            page = response.read().decode()
        assert 'id="event-a1-1"' in page and 'class="chrono-evidence" lang="ar" dir="rtl"' in page
        search = urllib.parse.urlencode({"_search": "الكاظمى", "_shape": "array"})
        with urllib.request.urlopen(base + "/chrono/timeline.json?" + search) as r:
            assert b'"a1-1"' in r.read()
        with urllib.request.urlopen(base + "/chrono-static/chrono.css") as r:
            assert b"Noto Naskh Arabic" in r.read()
    finally:
        process.terminate()
        process.wait(timeout=10)
