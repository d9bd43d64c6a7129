#!/usr/bin/env bash
# Fuzzes every parser of chitieu (figures CSV and JSON, events, register,
# any file opened by path: CSV in its encodings and workbooks (xlsx, ods, xls),
# units, catalogue TOML, decision log) and the C ABI's text entry points with
# cargo-fuzz, each for the given number of seconds (default 20, what CI runs),
# one target after another. Installs the nightly toolchain and cargo-fuzz when
# missing. A crash or a timeout fails the script; libFuzzer writes the input
# under fuzz/artifacts/<target>/ (commit it under tests/bad-inputs/ once fixed).
#
#   bash scripts/fuzz.sh            # 20 s each
#   bash scripts/fuzz.sh 600 units  # 10 minutes, one target
#
# New inputs found go to fuzz/corpus/<target>/ (committed, minimised with
# `cargo +nightly fuzz cmin <target>`).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true

if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
fi

cd fuzz
mkdir -p target
for t in "${targets[@]}"; do
    echo "== fuzz $t: ${seconds}s"
    mkdir -p "corpus/$t"
    log="target/fuzz-$t.log"
    # -timeout: one input over 10 s is a hang; -rss_limit_mb: a blow-up is a crash.
    status=0
    # No sanitizer: the code is safe Rust (the C ABI target calls it through
    # its extern functions); overflow checks stay on (-Cdebug-assertions).
    cargo +nightly fuzz run --sanitizer none "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::new_units_added|SUMMARY|Done )' "$log" || true
    if [ "$status" -ne 0 ]; then
        grep -E 'panicked|ERROR|Test unit written|artifact_prefix' "$log" | head -20 >&2 || true
        echo "fuzz $t: FAILED (exit $status); the input is under fuzz/artifacts/$t/, the log in fuzz/$log" >&2
        exit 1
    fi
done
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no crash, no timeout"
