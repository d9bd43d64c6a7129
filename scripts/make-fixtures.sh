#!/usr/bin/env bash
# Makes the workbook fixtures of tests/fixtures/ with a real spreadsheet
# program (LibreOffice, headless) from the sources in tests/fixtures/src/:
#   *.book  -> .fods (scripts/fixtures/book_to_fods.py) -> .xlsx, .ods, .xls
#   SoLieu-vi.book -> a ';' CSV (Vietnamese list separator), a tab UTF-16 text
#                     ("Unicode text") and a Windows-1258 CSV
#   core/data/quang-ninh-units-2024.csv -> units-2024.xlsx (codes kept as text)
#   `chitieu template` (2023, districts, nq314) -> MauNhapLieu-2023.ods
# The produced files are committed, so the tests need no LibreOffice; run this
# again after changing a source. Installs LibreOffice (Debian) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null; then
    echo "make-fixtures: installing LibreOffice Calc (headless)"
    apt-get update -o DPkg::Lock::Timeout=900
    apt-get install -y -o DPkg::Lock::Timeout=900 --no-install-recommends libreoffice-calc-nogui python3
fi

src=tests/fixtures/src
out=tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A profile of our own, so a LibreOffice already running elsewhere does not interfere.
profile="-env:UserInstallation=file://$work/profile"
soffice() { command soffice "$profile" --headless "$@" >"$work/soffice.log" 2>&1 || { cat "$work/soffice.log"; exit 1; }; }

for book in "$src"/*.book; do
    name=$(basename "$book" .book)
    python3 scripts/fixtures/book_to_fods.py "$book" "$work/$name.fods"
done

for name in SoLieu Loi KH50; do
    for fmt in xlsx ods xls; do
        soffice --convert-to "$fmt" --outdir "$out" "$work/$name.fods"
    done
done

# CSV filter options: separator, text delimiter, character set (76 UTF-8,
# 65535 UTF-16 with its byte-order mark, 40 Windows-1258), first line, ...
csv_filter='Text - txt - csv (StarCalc)'
soffice --convert-to "csv:$csv_filter:59,34,76,1" --outdir "$work/vi" "$work/SoLieu-vi.fods"
cp "$work/vi/SoLieu-vi.csv" "$out/SoLieu-vi.csv"
soffice --convert-to "csv:$csv_filter:9,34,65535,1" --outdir "$work/u16" "$work/SoLieu-vi.fods"
cp "$work/u16/SoLieu-vi.csv" "$out/SoLieu-unicode.txt"
soffice --convert-to "csv:$csv_filter:44,34,40,1" --outdir "$work/1258" "$work/SoLieu-vi.fods"
cp "$work/1258/SoLieu-vi.csv" "$out/SoLieu-1258.csv"

# The unit list, imported with the code and parent_code columns as text (format 2).
cp core/data/quang-ninh-units-2024.csv "$work/units-2024.csv"
soffice --infilter="CSV:44,34,76,1,1/2/2/1/3/1/4/1/5/2" --convert-to xlsx --outdir "$out" "$work/units-2024.csv"

# The data-entry template of chitieu itself, as LibreOffice saves it in OpenDocument.
cargo run -q -p chitieu-cli -- template --period 2023 --level district --document nq314 --out "$work/MauNhapLieu-2023.xlsx"
soffice --convert-to ods --outdir "$out" "$work/MauNhapLieu-2023.xlsx"

echo "make-fixtures: wrote $(ls "$out" | grep -v '^src$' | tr '\n' ' ')"
