#!/usr/bin/env bash
# Builds chitieu for 64-bit Windows 10 or later, cross-compiled here with
# mingw-w64 (target x86_64-pc-windows-gnu): chitieu.dll (the C ABI, what
# examples/excel/Chitieu.bas loads) and chitieu.exe (the command line),
# release builds without debug information, stripped (cargo profile `dist`).
# Installs the rustup target and Debian's mingw-w64 when they are missing.
#
# Windows 10 or later: Rust's standard library draws random numbers from
# ProcessPrng (bcryptprimitives.dll), which older Windows lack.
#
# usage: scripts/build-windows.sh
#   -> target/windows/chitieu.dll, chitieu.exe, chitieu.h, Chitieu.bas
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/debian-packages.sh"

triple=x86_64-pc-windows-gnu
if ! rustup target list --installed | grep -qx "$triple"; then
    rustup target add "$triple"
fi
need_packages gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64

cargo build -p chitieu-ffi -p chitieu-cli --profile dist --target "$triple"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
built="$target_dir/$triple/dist"
out="$target_dir/windows"
mkdir -p "$out"
cp "$built/chitieu.dll" "$built/chitieu.exe" include/chitieu.h examples/excel/Chitieu.bas "$out/"
echo "built for 64-bit Windows 10 or later in $out:"
for f in chitieu.dll chitieu.exe; do
    printf '  %-12s %s bytes\n' "$f" "$(stat -c %s "$out/$f")"
done
