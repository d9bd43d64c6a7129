#!/usr/bin/env bash
# Runs every test of chitieu: the Rust workspace, the C ABI (under valgrind),
# the Python package (in a fresh virtual environment), the Windows build
# (cross-compiled, run under Wine), the LibreOffice macro (headless
# LibreOffice), the HTML report in headless Chromium and the national
# benchmark's smoke. Needs only cargo, gcc, valgrind and python3 (>= 3.11
# for the benchmark smoke); installs the rest itself (pip packages, the
# rustup target; from Debian, as root: mingw-w64, Wine, LibreOffice,
# Chromium and poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: core, C ABI crate, command line =="
cargo test --workspace --exclude chitieu-python

echo "== Minimum Rust version (rust-version of Cargo.toml) =="
bash scripts/check-msrv.sh

# Issue 12: no unwrap/expect/panic!/unchecked indexing in non-test code. Turned
# on once every branch that removes the remaining uses has merged (the lints
# in Cargo.toml then move from "warn" to "deny" and this line checks them):
# cargo clippy --workspace --exclude chitieu-python --lib --bins -- -D clippy::unwrap_used -D clippy::expect_used -D clippy::panic -D clippy::indexing_slicing

echo "== C ABI: C programs against include/chitieu.h =="
bash scripts/test-c.sh

echo "== Bad inputs: every subcommand over tests/bad-inputs, with the release binary test-c.sh built =="
CHITIEU_BIN=target/release/chitieu cargo test -p chitieu-cli --test bad_inputs -- --ignored

echo "== Python package =="
bash scripts/test-python.sh

echo "== Windows: chitieu.dll and chitieu.exe under Wine =="
bash scripts/test-windows.sh

echo "== LibreOffice: the macro end to end =="
bash scripts/test-libreoffice.sh

echo "== HTML report in headless Chromium =="
bash scripts/test-report.sh

echo "== National benchmark smoke: 2 provinces, verdicts of chitieu, pandas and DuckDB agree (not timed) =="
python3 bench/national/run.py --smoke --scale 2

echo "== Fuzzing: every parser and the C ABI's text entry points, 20 s each =="
bash scripts/fuzz.sh 20

echo "chitieu: every test passed"
