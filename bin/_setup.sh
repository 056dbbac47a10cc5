# Sourced by bin/serve and bin/test: find Python >= 3.12, make .venv, install the pins.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

find_python() {
  local candidates=("${PYTHON:-}" python3.14 python3.13 python3.12 python3)
  if command -v pyenv >/dev/null 2>&1; then
    for dir in "$(pyenv root)"/versions/3.1[2-9]*; do candidates+=("$dir/bin/python"); done
  fi
  for dir in "${HOME:-}"/.pyenv/versions/3.1[2-9]*; do candidates+=("$dir/bin/python"); done
  for dir in /usr/local/bin /usr/bin; do
    candidates+=("$dir/python3.14" "$dir/python3.13" "$dir/python3.12")
  done
  for candidate in "${candidates[@]}"; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
  if ! PY="$(find_python)"; then
    echo "multifactory needs Python 3.12 or newer, and none was found." >&2
    echo "Install one (for example 'pyenv install 3.12' or 'apt-get install python3.12')," >&2
    echo "or point PYTHON at it: PYTHON=/path/to/python3.12 $0" >&2
    exit 1
  fi
  echo "Creating .venv with $PY ($("$PY" --version))"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

# Reinstall only when the dependency files changed since the last install.
STAMP="$VENV/.installed"
WANT="$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "Installing dependencies (pinned in requirements/constraints.txt)…"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -c requirements/constraints.txt -e ".[dev,test]"
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
