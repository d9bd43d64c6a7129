#!/usr/bin/env bash
# Runs every test of chitieu: the Rust workspace, the C ABI (under valgrind),
# the bad-inputs corpus, the Python package (in a fresh virtual environment),
# the Windows build (cross-compiled, run under Wine), the LibreOffice macro
# (headless LibreOffice), the HTML report in headless Chromium, the minimum
# Rust version, the lints against panics, fuzzing (20 s per target) and the
# national benchmark's smoke. Needs only cargo, gcc, valgrind and python3
# (>= 3.11 for the benchmark smoke); installs the rest itself (pip packages,
# rustup targets and toolchains, cargo-fuzz; from Debian, as root: mingw-w64,
# Wine, LibreOffice, Chromium and poppler-utils).
#
# Two lanes run side by side so that a 2-core machine is kept busy: lane A
# uses the workspace's target/ (Rust tests, release build, then valgrind,
# Wine, LibreOffice and Chromium, which mostly wait or use one core), lane B
# builds in target directories of its own (MSRV, lints, the Python wheel,
# the fuzz crate), so neither waits for the other's cargo lock. Lane B's
# output is kept in target/test-logs/lane-b.log and printed when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# A one-off build: incremental compilation only costs time and disk here.
export CARGO_INCREMENTAL=0
logs="$root/target/test-logs"
mkdir -p "$logs"

# step NAME COMMAND...: runs one suite, says how long it took, fails the lane on failure.
step() {
    local name=$1 start=$SECONDS
    shift
    echo "== $name"
    if "$@"; then
        echo "== $name: passed ($((SECONDS - start)) s)"
    else
        echo "== $name: FAILED ($((SECONDS - start)) s)"
        return 1
    fi
}

lane_b() {
    step "Minimum Rust version (rust-version of Cargo.toml)" bash scripts/check-msrv.sh &&
    step "No unwrap/expect/panic!/unchecked indexing in non-test code (issue 12)" \
        env CARGO_TARGET_DIR="$root/target/lints" cargo clippy --quiet --workspace --lib --bins -- \
        -D clippy::unwrap_used -D clippy::expect_used -D clippy::panic -D clippy::indexing_slicing &&
    step "Python package" env CARGO_TARGET_DIR="$root/target/py-build" bash scripts/test-python.sh &&
    step "Fuzzing: every parser and the C ABI's text entry points, 20 s each" bash scripts/fuzz.sh 20
}

lane_a() {
    step "Rust: core, C ABI crate, command line" cargo test --workspace --exclude chitieu-python &&
    step "C ABI: C programs against include/chitieu.h" bash scripts/test-c.sh &&
    step "Bad inputs: every subcommand over tests/bad-inputs (release binary)" \
        env CHITIEU_BIN=target/release/chitieu cargo test -p chitieu-cli --test bad_inputs -- --ignored &&
    step "Windows: chitieu.dll and chitieu.exe under Wine" bash scripts/test-windows.sh &&
    step "LibreOffice: the macro end to end" bash scripts/test-libreoffice.sh &&
    step "HTML report in headless Chromium" bash scripts/test-report.sh
}

# The toolchains and target the lanes use, installed before they start (one
# rustup install at a time): the stated minimum (check-msrv.sh), nightly
# (cargo-fuzz) and Windows (build-windows.sh). Each script also installs
# what it needs when run alone.
msrv=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml | head -n 1)
for toolchain in "$msrv" nightly; do
    rustup run "$toolchain" rustc --version >/dev/null 2>&1 || rustup toolchain install "$toolchain" --profile minimal
done
rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu

lane_b >"$logs/lane-b.log" 2>&1 &
b=$!
a_status=0
lane_a || a_status=$?
b_status=0
wait "$b" || b_status=$?
echo
echo "== lane B (target/test-logs/lane-b.log)"
cat "$logs/lane-b.log"

if [ "$a_status" -ne 0 ] || [ "$b_status" -ne 0 ]; then
    echo "chitieu: tests FAILED (lane A exit $a_status, lane B exit $b_status)" >&2
    exit 1
fi

# Needs lane A's debug CLI and lane B's virtual environment with chitieu.
step "National benchmark smoke: 2 provinces, verdicts of chitieu, pandas and DuckDB agree (not timed)" \
    python3 bench/national/run.py --smoke --scale 2

echo "chitieu: every test passed"
