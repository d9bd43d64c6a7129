#!/usr/bin/env bash
# Runs every test of chitieu: the Rust workspace, the C ABI (under valgrind),
# the Python package (in a fresh virtual environment) and the HTML report in
# headless Chromium. Needs only cargo, gcc, valgrind and python3; installs the
# rest itself (Chromium and poppler-utils from Debian, as root).
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

echo "chitieu: every test passed"
