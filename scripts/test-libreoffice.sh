#!/usr/bin/env bash
# LibreOffice end to end: a headless LibreOffice opens the fixture workbook
# tests/libreoffice/figures.xlsx (made by LibreOffice: numbers, a blank, a
# text, TRUE, a #DIV/0!, Vietnamese names), runs the macro
# examples/libreoffice/chitieu_calc.py (LibreOffice's own Python, calling
# libchitieu through ctypes) through its script provider, and saves the
# workbook; the saved file is then read with another reader (Python's
# zipfile and XML, tests/libreoffice/check_saved.py) and every cell checked.
# Installs LibreOffice Calc and its Python script provider (Debian packages)
# when missing.
#
# usage: scripts/test-libreoffice.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/debian-packages.sh"

need_packages libreoffice-calc-nogui libreoffice-script-provider-python python3-uno
cargo build -p chitieu-ffi -p chitieu-cli --release  # as scripts/test-c.sh: the same build

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
out="$target_dir/libreoffice-test"
rm -rf "$out"
mkdir -p "$out/profile/user/Scripts/python"
# The macro installed as a user would (My Macros), the library next to the workbook.
cp examples/libreoffice/chitieu_calc.py "$out/profile/user/Scripts/python/"
cp tests/libreoffice/figures.xlsx "$out/figures.xlsx"
cp "$target_dir/release/libchitieu.so" "$out/"

# LibreOffice's Python is the system one on Debian (the `uno` module).
python=/usr/bin/python3
export CHITIEU_LO_PROFILE="$out/profile"
unset CHITIEU_LIB
echo "== LibreOffice $(soffice --version | head -n 1): run the macro on figures.xlsx"
timeout 600 "$python" tests/libreoffice/lo_driver.py run "$out/figures.xlsx" "$out/figures-filled.xlsx"
echo "== check the saved workbook with another reader"
"$python" tests/libreoffice/check_saved.py tests/libreoffice/figures.xlsx "$out/figures-filled.xlsx"
