#!/usr/bin/env bash
# Tests the Windows build under Wine: builds chitieu.dll and chitieu.exe
# (scripts/build-windows.sh), checks what is shipped (stripped, no debug
# information, only Windows' own DLLs imported, every function of
# include/chitieu.h exported), cross-compiles with mingw-w64 the C tests of
# tests/c that make sense on Windows and tests/windows/test_vba_calls.c (the
# calls of examples/excel/Chitieu.bas, made as VBA makes them), runs them
# under Wine against the DLL, runs chitieu.exe against the Linux build of
# the command line (the same JSON, byte for byte), and prints what 100,000
# cells cost through the DLL (tests/windows/bench_cells.c: a benchmark,
# nothing asserted on time). Installs Wine and mingw-w64 (Debian packages)
# when missing.
#
# Debian's Wine 8 lacks bcryptprimitives.dll (ProcessPrng, which Rust's
# standard library needs on Windows 10 and later): the TEST SETUP adds a
# stand-in (tests/windows/bcryptprimitives.c) next to the test programs only,
# never to the shipped files.
#
# usage: scripts/test-windows.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/debian-packages.sh"

bash scripts/build-windows.sh
need_packages wine wine64
cargo build -p chitieu-cli --release

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
shipped="$target_dir/windows"
out="$target_dir/windows-tests"
rm -rf "$out"
mkdir -p "$out"

passed=0
failed=0
failures=()
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1" >&2; }
check() { # check "what" command...
    local what="$1"
    shift
    if "$@"; then ok; else fail "$what"; fi
}

echo "== what is shipped: $shipped/chitieu.dll ($(stat -c %s "$shipped/chitieu.dll") bytes)"
objdump=x86_64-w64-mingw32-objdump
check "chitieu.dll has no debug sections" bash -c "! $objdump -h '$shipped/chitieu.dll' | grep -q '\.debug'"
check "chitieu.exe has no debug sections" bash -c "! $objdump -h '$shipped/chitieu.exe' | grep -q '\.debug'"
check "chitieu.dll is stripped (no symbol table)" bash -c "x86_64-w64-mingw32-nm '$shipped/chitieu.dll' 2>&1 | grep -q 'no symbols'"
imports="$($objdump -p "$shipped/chitieu.dll" | sed -n 's/^\s*DLL Name: //p' | sort -fu)"
echo "imports: $(echo $imports)"
foreign="$(echo "$imports" | grep -viE '^(kernel32|ntdll|bcryptprimitives|ws2_32|userenv|msvcrt|advapi32|api-ms-win-[a-z0-9-]+)\.dll$' || true)"
check "chitieu.dll imports only Windows' own DLLs (not: $foreign)" test -z "$foreign"
exports="$($objdump -p "$shipped/chitieu.dll" | awk '/\[Ordinal\/Name Pointer\] Table/{on=1; next} on && /^[ \t]*\[/{print $NF} on && /^$/{on=0}')"
declared="$(sed -nE 's/^[a-z_0-9 *]*[ *](chitieu_[a-z_0-9]+)\(.*/\1/p' include/chitieu.h | sort -u)"
unexported="$(comm -23 <(echo "$declared") <(echo "$exports" | sort -u))"
check "every function of chitieu.h is exported (missing: $unexported)" test -z "$unexported" -a -n "$declared"
check "the test-only bcryptprimitives stand-in is not shipped" test ! -e "$shipped/bcryptprimitives.dll"

echo "== Wine"
export WINEPREFIX="$target_dir/wine-prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
    wineboot -i >/dev/null 2>&1 || true
    wineserver -w
fi
cp "$shipped/chitieu.dll" "$shipped/chitieu.exe" "$out/"
cc=(x86_64-w64-mingw32-gcc -std=c11 -Wall -Wextra -Werror -O1 -static -I"$root/include")
if ! find /usr/lib /usr/lib64 -ipath '*wine*' -iname bcryptprimitives.dll 2>/dev/null | grep -q .; then
    echo "Wine has no bcryptprimitives.dll: the test setup adds its stand-in next to the test programs"
    "${cc[@]}" -shared -o "$out/bcryptprimitives.dll" tests/windows/bcryptprimitives.c -ladvapi32
fi

# Runs a test program under Wine, adding its "N passed, N failed" to the totals.
run_counted() {
    local name="$1" log="$out/$1.log"
    shift
    echo "== $name"
    local rc=0
    # Windows programs end their lines with CR LF.
    (cd "$out" && wine "$@") 2>&1 | tr -d '\r' >"$log" || rc=$?
    tail -n 1 "$log"
    local line p f
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
    if [[ -z "$line" ]]; then
        cat "$log" >&2
        fail "$name (no result line, exit $rc)"
        return
    fi
    read -r p _ f _ <<<"$line"
    passed=$((passed + p))
    failed=$((failed + f))
    if ((f > 0 || rc != 0)); then
        grep FAIL "$log" >&2 || true
        failures+=("$name")
        ((f > 0)) || failed=$((failed + 1))
    fi
}

# The C tests of tests/c that make sense on Windows: test_recognition is
# left out (it writes decision logs through POSIX mkstemp and /tmp).
for name in test_utf16 test_errors test_xl test_scenarios test_threads; do
    "${cc[@]}" "tests/c/$name.c" -o "$out/$name.exe" -L"$out" -l:chitieu.dll -pthread
done
run_counted test_utf16 test_utf16.exe
run_counted test_errors test_errors.exe
run_counted test_xl test_xl.exe
run_counted test_scenarios test_scenarios.exe "$root/tests/scenarios"
run_counted test_threads test_threads.exe "$root/tests/scenarios/data/section8.csv"

"${cc[@]}" tests/windows/test_vba_calls.c -o "$out/test_vba_calls.exe" -loleaut32
run_counted test_vba_calls test_vba_calls.exe 'Z:'"$(echo "$out/chitieu.dll" | tr / '\\')"

echo "== chitieu.exe"
linux_cli="$target_dir/release/chitieu"
for args in "evaluate --sample --period 2023 --format json" "certify --sample --as-of 2024-12-15 --format json --lang en"; do
    # shellcheck disable=SC2086
    "$linux_cli" $args >"$out/linux.json"
    # shellcheck disable=SC2086
    if (cd "$out" && wine chitieu.exe $args) >"$out/windows.json" 2>"$out/windows.err"; then
        check "chitieu.exe $args: the same JSON as on Linux" cmp -s "$out/linux.json" "$out/windows.json"
    else
        cat "$out/windows.err" >&2
        fail "chitieu.exe $args"
    fi
done
rc=0
(cd "$out" && wine chitieu.exe evaluate --data no-such-figures.csv --period 2023) >/dev/null 2>"$out/missing.err" || rc=$?
check "chitieu.exe: a missing file is exit 1 (got $rc)" test "$rc" = 1
check "chitieu.exe: the message names the file" grep -q "no-such-figures.csv" "$out/missing.err"

echo "== what 100,000 cells cost in chitieu.dll under Wine (a benchmark: nothing asserted)"
"${cc[@]}" -O2 tests/windows/bench_cells.c -o "$out/bench_cells.exe" -L"$out" -l:chitieu.dll
(cd "$out" && wine bench_cells.exe 100000) || fail "bench_cells.exe"

wineserver -k 2>/dev/null || true
if ((${#failures[@]})); then
    printf 'FAILED: %s\n' "${failures[@]}"
fi
echo "Windows (Wine): $passed passed, $failed failed"
echo "$passed passed, $failed failed"
((failed == 0))
