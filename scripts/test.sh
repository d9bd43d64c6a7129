#!/usr/bin/env bash
# Runs every test of chitieu: the Rust workspace, the C ABI (under valgrind),
# the Python package (in a fresh virtual environment), the Windows build
# (cross-compiled, run under Wine) and the LibreOffice macro (headless
# LibreOffice). Needs only cargo, gcc, valgrind and python3; installs the
# rest itself (pip packages, the rustup target, Debian's mingw-w64, Wine and
# LibreOffice).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: core, C ABI crate, command line =="
cargo test --workspace --exclude chitieu-python

echo "== C ABI: C programs against include/chitieu.h =="
bash scripts/test-c.sh

echo "== Python package =="
bash scripts/test-python.sh

echo "== Windows: chitieu.dll and chitieu.exe under Wine =="
bash scripts/test-windows.sh

echo "== LibreOffice: the macro end to end =="
bash scripts/test-libreoffice.sh

echo "chitieu: every test passed"
