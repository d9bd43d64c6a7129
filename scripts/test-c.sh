#!/usr/bin/env bash
# Builds libchitieu, compiles the C tests of tests/c against include/chitieu.h
# (linked dynamically and statically), runs them under valgrind, builds and
# runs the examples of examples/c on the scenario data, and runs the Rust tests
# of the C ABI (header up to date, VBA Declares match the header). The
# command line is built too: test_recognition compares the report JSON with
# what `chitieu certify/select --format json` prints, byte for byte.
#
# usage: scripts/test-c.sh        (from anywhere; needs cargo, gcc, valgrind)
#        VALGRIND=0 scripts/test-c.sh   to run without valgrind
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cargo build -p chitieu-ffi -p chitieu-cli --release
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
lib_dir="$target_dir/release"
out="$target_dir/c-tests"
mkdir -p "$out"

# The command line's JSON of two recognition runs, for test_recognition.
s8="$root/tests/scenarios/data/kh50-section8"
"$lib_dir/chitieu" certify --sample --as-of 2024-12-15 --format json --out "$out/cli-certify-sample.json"
"$lib_dir/chitieu" select --data "$s8/figures.csv" --events "$s8/events.csv" --register "$s8/register.csv" \
    --as-of 2024-12-15 --format json --lang en --out "$out/cli-select-section8.json"

cflags=(-std=c11 -Wall -Wextra -Werror -g -O1 -I"$root/include")
dynamic=(-L"$lib_dir" -lchitieu -Wl,-rpath,"$lib_dir" -pthread)
static=("$lib_dir/libchitieu.a" -lpthread -ldl -lm)

run() {
    if [[ "${VALGRIND:-1}" == 0 ]]; then
        "$@"
    else
        valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite "$@"
    fi
}

args_for() {
    case "$1" in
        test_scenarios) echo "$root/tests/scenarios" ;;
        test_threads) echo "$root/tests/scenarios/data/section8.csv" ;;
        test_reform) echo "$root/tests/scenarios" ;;
        test_recognition) echo "$root/tests/scenarios $out/cli-certify-sample.json $out/cli-select-section8.json" ;;
        test_workbooks) echo "$root/tests/fixtures $root/tests/scenarios $out" ;;
        *) echo "" ;;
    esac
}

failed=()
for src in tests/c/test_*.c; do
    name="$(basename "$src" .c)"
    gcc "${cflags[@]}" "$src" -o "$out/$name-dynamic" "${dynamic[@]}"
    gcc "${cflags[@]}" "$src" -o "$out/$name-static" "${static[@]}"
    read -r -a args <<<"$(args_for "$name")"
    for kind in dynamic static; do
        echo "== $name ($kind)"
        if ! run "$out/$name-$kind" "${args[@]}"; then
            failed+=("$name ($kind)")
        fi
    done
done

echo "== examples/c/scorecard"
gcc "${cflags[@]}" examples/c/scorecard.c -o "$out/scorecard" "${dynamic[@]}"
if ! run "$out/scorecard" tests/scenarios/data/section8.csv 2023 193 194 >"$out/scorecard.txt"; then
    failed+=("examples/c/scorecard")
fi
head -n 4 "$out/scorecard.txt"
grep -q "nq314.crime.clearance_rate" "$out/scorecard.txt" || failed+=("examples/c/scorecard output")

echo "== examples/c/recognition"
gcc "${cflags[@]}" examples/c/recognition.c -o "$out/recognition" "${dynamic[@]}"
rm -f "$out/recognition-log.jsonl"
if ! RECORD="$out/recognition-log.jsonl" BY="Trưởng ban: Nguyễn Văn A" CHITIEU_LANG=en run "$out/recognition" 2024-12-15 >"$out/recognition.txt"; then
    failed+=("examples/c/recognition")
fi
tail -n 2 "$out/recognition.txt"
grep -q "communes certified at 2024-12-15" "$out/recognition.txt" && grep -q "line 1" "$out/recognition.txt" || failed+=("examples/c/recognition output")
if ! run "$out/recognition" 2024-12-15 "$s8/figures.csv" "$s8/events.csv" "$s8/register.csv" >"$out/recognition-s8.txt"; then
    failed+=("examples/c/recognition (section 8 files)")
fi
grep -q "^07192" "$out/recognition-s8.txt" || failed+=("examples/c/recognition (section 8 output)")

echo "== cargo test -p chitieu-ffi"
cargo test -p chitieu-ffi || failed+=("cargo test -p chitieu-ffi")

if ((${#failed[@]})); then
    printf 'FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "all C tests passed"
