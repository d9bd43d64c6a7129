#!/usr/bin/env bash
# Runs every test of chitieu: the Rust workspace, the C ABI (under valgrind)
# and the Python package (in a fresh virtual environment). Needs only cargo,
# gcc, valgrind and python3; installs the rest itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: core, C ABI crate, command line =="
cargo test --workspace --exclude chitieu-python

echo "== C ABI: C programs against include/chitieu.h =="
bash scripts/test-c.sh

echo "== Python package =="
bash scripts/test-python.sh

echo "chitieu: every test passed"
