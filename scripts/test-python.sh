#!/usr/bin/env bash
# Builds the Python package `chitieu` (python/, pyo3 + maturin), installs it
# into a fresh virtual environment and runs its tests: pytest under
# tests/python/ (the shared scenarios among them) and the example notebook,
# executed headless so that a broken notebook fails CI.
#
# Needs only python3 (>= 3.9), pip and cargo. Run from anywhere:
#   scripts/test-python.sh
# Environment: CHITIEU_PY_VENV (default target/py-venv), PYTHON (default python3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${CHITIEU_PY_VENV:-$ROOT/target/py-venv}"
WHEELS="$ROOT/target/py-wheels"

step() { printf '\n== %s\n' "$*"; }

step "fresh virtual environment in $VENV"
rm -rf "$VENV" "$WHEELS"
"$PYTHON" -m venv "$VENV"
PY="$VENV/bin/python"
PIP=("$PY" -m pip --disable-pip-version-check --quiet)
"${PIP[@]}" install --upgrade "pip>=23"
"${PIP[@]}" install \
  "maturin>=1.7,<2" \
  "pytest>=7.4,<9" \
  "pandas>=2.0,<3" \
  "openpyxl>=3.1,<4" \
  "numpy>=1.24,<3" \
  "pyarrow>=15" \
  "polars>=1.0" \
  "matplotlib>=3.7,<4" \
  "nbclient>=0.9,<1" \
  "nbformat>=5.9,<6" \
  "ipykernel>=6.25,<7"

step "build the wheel (maturin, release)"
"$VENV/bin/maturin" build --release --quiet -m python/Cargo.toml --out "$WHEELS" --interpreter "$PY"
"${PIP[@]}" install --force-reinstall --no-deps "$WHEELS"/chitieu-*.whl
"$PY" -c 'import chitieu, sys; print("chitieu", chitieu.__version__, "on Python", sys.version.split()[0])'

step "pytest tests/python"
set +e
(cd "$ROOT" && "$PY" -m pytest tests/python -q -p no:cacheprovider)
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  exit "$status"
fi

step "bench (DataFrame -> dataset, evaluate)"
"$PY" tests/python/bench_evaluate.py --repeat 5

echo
echo "Python package: all checks passed"
