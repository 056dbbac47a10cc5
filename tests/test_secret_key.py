"""Issue 7, finding 3: production never runs with the public default SECRET_KEY.

Settings load with any key (the test suite and commands such as makemigrations run
with DEBUG off), but every server start refuses the default when DEBUG is off; and
bin/serve keeps a generated key in its data folder."""

import os
import runpy
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from multifactory.core.secret_key import check_secret_key, require_real_secret_key

ROOT = Path(__file__).resolve().parent.parent
A_REAL_KEY = "x7-Qe0Jk2Lw9Zp4Rt6Vy1Nb3Mc5Xd8Fg0Hj2Kl4Pq6Ss8Uu0Ww2"


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The process environment without any key, with an empty data folder."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"}
    }
    env["MULTIFACTORY_DATA_DIR"] = str(tmp_path / "data")
    env["DJANGO_SETTINGS_MODULE"] = "multifactory.settings"
    return env | extra


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our interpreter, fixed code)
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_wsgi_application_refuses_the_default_key_with_debug_off(tmp_path):
    result = _python("import multifactory.wsgi", _environment(tmp_path))
    assert result.returncode != 0
    assert "public default SECRET_KEY" in result.stderr
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_the_wsgi_application_starts_with_a_real_key(tmp_path):
    env = _environment(tmp_path, SECRET_KEY=A_REAL_KEY)
    result = _python("import multifactory.wsgi", env)
    assert result.returncode == 0, result.stderr


def test_the_wsgi_application_starts_with_the_default_key_in_debug(tmp_path):
    result = _python("import multifactory.wsgi", _environment(tmp_path, DEBUG="1"))
    assert result.returncode == 0, result.stderr


def test_multifactory_serve_stops_with_a_clear_message_before_listening(tmp_path):
    code = "from multifactory.cli import main; main(['multifactory', 'serve'])"
    result = _python(code, _environment(tmp_path))
    assert result.returncode == 1
    assert "public default SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_short_key_is_refused_too(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="shorter than 32 characters"):
        require_real_secret_key()


def test_the_deploy_check_fails_on_the_default_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_SECRET_KEY
    assert [error.id for error in check_secret_key(None)] == ["multifactory.E001"]
    with pytest.raises(SystemCheckError, match="multifactory.E001"):
        call_command("check", "--deploy", "--tag", "security")


def test_the_deploy_check_passes_a_real_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = A_REAL_KEY
    assert check_secret_key(None) == []


def _settings_with(monkeypatch, tmp_path, **variables) -> dict:
    for name in ("SECRET_KEY", "SECRET_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MULTIFACTORY_DATA_DIR", str(tmp_path / "data"))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "multifactory" / "settings.py"))


def test_settings_read_the_key_that_bin_serve_keeps_in_the_data_folder(
    monkeypatch, tmp_path
):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text(A_REAL_KEY + "\n")
    assert _settings_with(monkeypatch, tmp_path)["SECRET_KEY"] == A_REAL_KEY


def test_settings_read_the_key_file_named_by_secret_key_file(monkeypatch, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(A_REAL_KEY)
    loaded = _settings_with(monkeypatch, tmp_path, SECRET_KEY_FILE=str(key_file))
    assert loaded["SECRET_KEY"] == A_REAL_KEY


def test_a_missing_secret_key_file_is_a_clear_error(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        _settings_with(monkeypatch, tmp_path, SECRET_KEY_FILE=str(tmp_path / "no"))


def _run_key_script(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    script = f'DATA="{data}"; source "{ROOT / "bin" / "_secret_key.sh"}"'
    env = {"PATH": os.environ["PATH"]} | extra
    return subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [shutil.which("bash"), "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_bin_serve_generates_a_private_key_once_and_reuses_it(tmp_path):
    first = _run_key_script(tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "data" / "secret_key"
    key = key_file.read_text()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "Generated a secret key" in first.stdout

    second = _run_key_script(tmp_path)
    assert second.returncode == 0
    assert key_file.read_text() == key
    assert second.stdout == ""


def test_bin_serve_makes_no_key_file_when_the_environment_gives_a_key(tmp_path):
    result = _run_key_script(tmp_path, SECRET_KEY=A_REAL_KEY)
    assert result.returncode == 0
    assert not (tmp_path / "data" / "secret_key").exists()


def test_bin_serve_makes_its_key_before_anything_runs():
    serve = (ROOT / "bin" / "serve").read_text()
    key = serve.index('source "$ROOT/bin/_secret_key.sh"')
    assert serve.index('DATA="${MULTIFACTORY_DATA_DIR:-$ROOT/data}"') < key
    assert key < serve.index("multifactory migrate")
