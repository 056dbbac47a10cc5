"""Issue 8, item 1: splitting the place into place, doors and care keeps every row.

A SQLite database is built by the code of the commit before the split (its own
`migrate` and `demo`, from `git archive`, with this checkout's virtual environment),
then this code's `migrate` runs on it: every table keeps its row count (printed
before and after), and the moved models' content types follow them.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

# The last commit before the split (issue 7 merged); MULTIFACTORY_SPLIT_BASE overrides.
BASE_COMMIT = os.environ.get("MULTIFACTORY_SPLIT_BASE", "b0cf0fb")
ROOT = Path(__file__).resolve().parents[3]
MOVED = {
    "doors": {"door", "key", "keyhandover", "accesspolicy", "doorcontroller"}
    | {"accesscheck"},
    "care": {"incident", "maintenancetask", "chorerota", "chorerotamember"},
}


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - git with fixed arguments
        ["git", *args]  # noqa: S607, cwd=ROOT, capture_output=True, check=False, timeout=120
    )


def _manage(code: Path, database: Path, *args: str) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "PYTEST", "DJANGO_SETTINGS"))
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "multifactory.settings",
        # The code under `code` comes first on the path, before the editable install.
        "PYTHONPATH": str(code),
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "multifactory.cli", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            table: connection.execute(
                f'SELECT COUNT(*) FROM "{table}"'  # noqa: S608 - names from sqlite_master
            ).fetchone()[0]
            for table in tables
        }


def _content_types(database: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        return set(
            connection.execute("SELECT app_label, model FROM django_content_type")
        )


@pytest.fixture
def old_code():
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode:
        pytest.skip("needs a git checkout")
    with tempfile.TemporaryDirectory(prefix="multifactory-split-") as folder:
        tar_path = Path(folder) / "code.tar"
        archive = _git("archive", "--format=tar", "-o", str(tar_path), BASE_COMMIT)
        if archive.returncode:
            pytest.skip(f"commit {BASE_COMMIT} is not in this repository")
        with tarfile.open(tar_path) as tar:
            tar.extractall(Path(folder) / "code", filter="data")
        yield Path(folder) / "code"


def test_the_split_keeps_every_row_of_a_demo_database(old_code, tmp_path):
    database = tmp_path / "before-the-split.sqlite3"
    _manage(old_code, database, "migrate", "--no-input")
    _manage(old_code, database, "demo")
    before = _counts(database)
    assert before["place_door"] > 0 and before["place_incident"] > 0
    assert before["place_key_doors"] > 0 and before["place_chorerotamember"] > 0

    _manage(ROOT, database, "migrate", "--no-input")
    after = _counts(database)

    width = max(map(len, before))
    print(f"\n{'table':<{width}}  before  after")
    for table in sorted(before | after):
        print(
            f"{table:<{width}}  {before.get(table, '-'):>6}  {after.get(table, '-'):>6}"
        )
    # Every table keeps its rows; only the migration history grows.
    assert set(after) == set(before)
    changed = {
        table: (before[table], after[table])
        for table in before
        if before[table] != after[table] and table != "django_migrations"
    }
    assert changed == {}
    content_types = _content_types(database)
    for app, models in MOVED.items():
        assert {(app, model) for model in models} <= content_types
        assert not {("place", model) for model in models} & content_types

    # And the demo of the split code builds the same rows (doors and care go on with
    # the place's random sequence).
    fresh = tmp_path / "after-the-split.sqlite3"
    _manage(ROOT, fresh, "migrate", "--no-input")
    _manage(ROOT, fresh, "demo")
    rebuilt = _counts(fresh)
    assert {
        table: (before[table], rebuilt[table])
        for table in before
        if before[table] != rebuilt[table] and table != "django_migrations"
    } == {}
