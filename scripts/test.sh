#!/usr/bin/env bash
# Runs every test of chitieu: the Rust workspace, the C ABI (under valgrind),
# the Python package (in a fresh virtual environment), the HTML report in
# headless Chromium and the national benchmark's smoke. Needs only cargo, gcc,
# valgrind and python3 (>= 3.11 for the benchmark smoke); installs the rest
# itself (Chromium and poppler-utils from Debian, as root).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: core, C ABI crate, command line =="
cargo test --workspace --exclude chitieu-python

echo "== C ABI: C programs against include/chitieu.h =="
bash scripts/test-c.sh

echo "== Python package =="
bash scripts/test-python.sh

echo "== HTML report in headless Chromium =="
bash scripts/test-report.sh

echo "== National benchmark smoke: 2 provinces, verdicts of chitieu, pandas and DuckDB agree (not timed) =="
python3 bench/national/run.py --smoke --scale 2

echo "chitieu: every test passed"
