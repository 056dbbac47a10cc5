"""The set-up scripts: bin/_setup.sh finds a Python >= 3.12 or says what to do, and
requirements/constraints.txt pins every dependency within pyproject.toml's ranges."""

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

# _setup.sh also looks in these folders whatever PATH says.
FIXED_PLACES = [
    Path(folder) / name
    for folder in ("/usr/bin", "/usr/local/bin")
    for name in ("python3.12", "python3.13", "python3.14")
]


def _a_setup_tree(tmp_path: Path) -> Path:
    (tmp_path / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "bin" / "_setup.sh", tmp_path / "bin" / "_setup.sh")
    return tmp_path


def _old_python(folder: Path, name: str) -> None:
    """An interpreter that fails the version check, as Python 3.11 does."""
    script = folder / name
    script.write_text("#!/bin/sh\nexit 1\n")
    script.chmod(0o755)


@pytest.mark.skipif(
    any(path.exists() for path in FIXED_PLACES),
    reason="a Python >= 3.12 is installed in /usr/bin or /usr/local/bin",
)
def test_setup_stops_with_a_clear_message_when_no_python_is_recent_enough(tmp_path):
    tree = _a_setup_tree(tmp_path / "clone")
    tools = tmp_path / "path"
    tools.mkdir()
    for tool in ("dirname", "cat", "sha256sum", "cut", "rm"):
        os.symlink(shutil.which(tool), tools / tool)
    _old_python(tools, "python3")
    _old_python(tools, "python3.12")  # a name is not a version: it is checked

    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [shutil.which("bash"), "-c", f"source {tree}/bin/_setup.sh"],
        env={"PATH": str(tools), "HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 1
    assert "needs Python 3.12 or newer, and none was found" in result.stderr
    assert "PYTHON=/path/to/python3.12" in result.stderr
    assert not (tree / ".venv").exists()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_constraints_pin_every_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [
        Requirement(line)
        for line in project["dependencies"]
        + [d for extra in project["optional-dependencies"].values() for d in extra]
    ]
    pins = _pins()

    unpinned = [r.name for r in requirements if canonicalize_name(r.name) not in pins]
    outside = [
        f"{r.name}=={pins[canonicalize_name(r.name)]} (wants {r.specifier})"
        for r in requirements
        if canonicalize_name(r.name) in pins
        and not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert unpinned == [], "add these to requirements/constraints.txt (bin/lock)"
    assert outside == []


def test_constraints_pin_exact_versions_only():
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert "==" in line and ">" not in line and "<" not in line, line


def test_pref_voting_is_only_a_test_extra_with_its_stack_pinned_apart():
    """pref-voting (and numpy, scipy, numba, ortools… it pulls in) is used only by the
    tally cross-check: the `test` extra, not `dev` nor the app, its pins in their own
    section of constraints.txt; bin/_setup.sh still installs it for the suite."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert [canonicalize_name(Requirement(d).name) for d in extras["test"]] == [
        "pref-voting"
    ]
    elsewhere = project["dependencies"] + extras["dev"]
    assert "pref-voting" not in {
        canonicalize_name(Requirement(d).name) for d in elsewhere
    }

    text = (ROOT / "requirements" / "constraints.txt").read_text()
    app_and_dev, test_only = text.split("# Only for the test extra", 1)
    for package in ("pref_voting==", "numpy==", "ortools==", "numba=="):
        assert package in test_only
        assert package not in app_and_dev
    assert '-e ".[dev,test]"' in (ROOT / "bin" / "_setup.sh").read_text()
