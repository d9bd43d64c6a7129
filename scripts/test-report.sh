#!/usr/bin/env bash
# The HTML report in a real browser (issue 13). Renders the sample's report
# (`chitieu report --sample --period 2023`, and a recognition report) with
# headless Chromium, then:
#   - takes screenshots at 1280 px and at phone width (390 px), kept under
#     target/report-test/; the desktop one is copied to
#     examples/report/BaoCao.png, the README's picture;
#   - prints the report to PDF and checks it is A4 with the synthetic-data
#     label on every page (pdftotext);
#   - dumps the DOM and checks it with scripts/check-report-dom.py: every
#     document's summary is there, the not-met count equals the JSON's, a bar
#     per district in each chart; and, framed at 1280, 695 (an A4 page's
#     width) and 390 px with a measuring script beside it (the report itself
#     has none), no element wider than the page.
# Installs Debian's chromium, poppler-utils and a font with Vietnamese
# letters when missing (as root). Run from anywhere: scripts/test-report.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/report-test"
step() { printf '\n== %s\n' "$*"; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${#need[@]}" -gt 0 ]; then
  step "install ${need[*]} (Debian packages)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-report.sh: ${need[*]} missing and not root: install them with apt-get" >&2
    exit 1
  fi
  apt-get update -o DPkg::Lock::Timeout=900 -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=900 --no-install-recommends "${need[@]}"
fi
chromium --version

step "build the command line and write the reports"
cargo build -q -p chitieu-cli
CHITIEU="$ROOT/target/debug/chitieu"
rm -rf "$OUT"
mkdir -p "$OUT"
"$CHITIEU" report --sample --period 2023 --out "$OUT/BaoCao.html"
"$CHITIEU" report --sample --period 2023 --lang en --out "$OUT/Report-en.html"
"$CHITIEU" certify --sample --as-of 2024-06-30 --record "$OUT/decisions.jsonl" --by "Trưởng BCĐ 138/QN: Nguyễn Văn A" --format json >/dev/null
"$CHITIEU" report --sample --as-of 2024-12-15 --since "$OUT/decisions.jsonl" --out "$OUT/CongNhan.html"
"$CHITIEU" evaluate --sample --period 2023 --unit all --format json --out "$OUT/evaluation.json"
for f in BaoCao.html Report-en.html CongNhan.html; do
  if grep -q -e '<script' -e '<link' -e ' src=' "$OUT/$f"; then
    echo "FAIL $f loads or runs something: a report must be self-contained" >&2
    exit 1
  fi
done

# One fresh profile per run of the browser, never the user's.
browse() {
  local profile
  profile="$(mktemp -d "$OUT/profile.XXXXXX")"
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" "$@" 2>"$profile.log" || {
    echo "chromium failed ($*):" >&2
    cat "$profile.log" >&2
    return 1
  }
  rm -rf "$profile" "$profile.log"
}

step "screenshots (desktop 1280 px, phone 390 px)"
CHECK="$ROOT/scripts/check-report-dom.py"
# A window is at least 500 px wide: narrower pages are framed at their width.
for w in 390 695 1280; do
  python3 "$CHECK" --frame "$w" "$OUT/BaoCao.html" "$OUT/BaoCao-frame-$w.html"
done
browse --window-size=1280,1600 --screenshot="$OUT/BaoCao-1280.png" "file://$OUT/BaoCao.html" >/dev/null
browse --allow-file-access-from-files --window-size=390,1500 --screenshot="$OUT/BaoCao-390.png" "file://$OUT/BaoCao-frame-390.html" >/dev/null
browse --window-size=1280,1600 --screenshot="$OUT/CongNhan-1280.png" "file://$OUT/CongNhan.html" >/dev/null
for p in BaoCao-1280 BaoCao-390 CongNhan-1280; do
  [ -s "$OUT/$p.png" ] || { echo "FAIL no screenshot $p.png" >&2; exit 1; }
done
mkdir -p "$ROOT/examples/report"
cp "$OUT/BaoCao-1280.png" "$ROOT/examples/report/BaoCao.png"
cp "$OUT/BaoCao-390.png" "$ROOT/examples/report/BaoCao-phone.png"
ls -l "$OUT"/*.png

step "print to PDF: A4, the synthetic-data label on every page"
for f in BaoCao CongNhan; do
  browse --no-pdf-header-footer --print-to-pdf="$OUT/$f.pdf" "file://$OUT/$f.html" >/dev/null
  pages="$(pdfinfo "$OUT/$f.pdf" | awk '/^Pages:/ {print $2}')"
  size="$(pdfinfo "$OUT/$f.pdf" | awk -F': *' '/^Page size:/ {print $2}')"
  case "$size" in
    *"(A4)"*) ;;
    *) echo "FAIL $f.pdf: page size $size, not A4" >&2; exit 1 ;;
  esac
  for ((i = 1; i <= pages; i++)); do
    text="$(pdftotext -f "$i" -l "$i" "$OUT/$f.pdf" -)"
    if [[ "$text" != *"DỮ LIỆU MẪU TỔNG HỢP"* ]]; then
      echo "FAIL $f.pdf: page $i of $pages does not say the data is synthetic" >&2
      exit 1
    fi
  done
  echo "$f.pdf: $pages A4 pages, each labelled synthetic"
done

step "DOM: summaries, not-met count, charts; nothing wider than the page at 1280, 695 (A4) and 390 px"
browse --window-size=1280,900 --dump-dom "file://$OUT/BaoCao.html" >"$OUT/BaoCao-dom.html"
layouts=()
for w in 1280 695 390; do
  browse --allow-file-access-from-files --window-size=1280,900 --virtual-time-budget=5000 --dump-dom "file://$OUT/BaoCao-frame-$w.html" >"$OUT/BaoCao-layout-$w.html"
  layouts+=("$OUT/BaoCao-layout-$w.html")
done
python3 "$CHECK" "$OUT/evaluation.json" "$OUT/BaoCao-dom.html" "${layouts[@]}"

echo
echo "report in a browser: all checks passed (screenshots and PDFs in target/report-test/)"
