"""Checks every cell of the workbook LibreOffice saved after running the
chitieu macro (scripts/test-libreoffice.sh), read with a different reader
than LibreOffice: Python's zipfile and xml.etree on the .xlsx itself.

usage: check_saved.py FIXTURE.xlsx SAVED.xlsx
Prints "N passed, N failed"; exit 1 on any failure.
"""

import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from fractions import Fraction

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

passed = 0
failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what, file=sys.stderr)


def read_xlsx(path):
    """The first sheet as {(row, column letter): value}: str for text, float for numbers."""
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        book = ET.fromstring(z.read("xl/workbook.xml"))
        first = book.find("m:sheets/m:sheet", NS)
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == first.get(REL))
        sheet = ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "", 1)))
        cells = {}
        for c in sheet.iter("{%s}c" % NS["m"]):
            col, row = re.match(r"([A-Z]+)(\d+)", c.get("r")).groups()
            kind = c.get("t")
            v = c.find("m:v", NS)
            if kind == "s":
                value = shared[int(v.text)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            elif kind in ("str", "e"):
                value = v.text if v is not None else ""
            elif kind == "b":
                value = bool(int(v.text))
            elif v is not None:
                value = float(v.text)
            else:
                continue
            cells[(int(row), col)] = value
        return first.get("name"), cells


def margin_of(num, den, threshold):
    return float((Fraction(num, den) - threshold) * 100)


# Row by row (rows 2..): verdict, margin (None: empty), the start of the
# Vietnamese explanation, something the English one contains.
EXPECTED = [
    ("not_met", -1.0, "Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80%", "79/100 = 79.00% < 80%"),
    ("met", 0.0, "Tỷ lệ điều tra, khám phá: 80/100 = 80,00% ≥ 80%", "80/100 = 80.00%"),
    ("not_applicable", None, "Tỷ lệ điều tra, khám phá: mẫu số (crimes_recorded) bằng 0", "the denominator (crimes_recorded) is 0"),
    ("no_data", None, "", ""),
    ("#chitieu: numerator 101: crimes_solved is larger than its whole crimes_recorded = 100; "
     "expected at most 100 (crimes_solved is part of crimes_recorded)", None,
     "#chitieu: numerator 101: crimes_solved is larger than its whole", "#chitieu: numerator 101"),
    ("#chitieu: the value is the text '79', not a number: enter it as a number", None, "#chitieu: the value is the text '79'", "#chitieu: the value is the text"),
    ("#chitieu: the value cell holds an error (#DIV/0!)", None, "#chitieu: the value cell holds an error", "#chitieu: the value cell holds an error"),
    ("#chitieu: the value is TRUE, not a number: write 1 or 0", None, "#chitieu: the value is TRUE", "#chitieu: the value is TRUE"),
    ("#chitieu: numerator 79.5 (crimes_solved) is not a valid value: expected a whole number (a count)", None, "#chitieu: numerator 79.5", "#chitieu: numerator 79.5"),
    ("met", 1.0, "Tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố: 92/100 = 92,00% > 91%", "92/100"),
    ("met", 0.0, None, "950"),
    ("not_met", -0.1, None, "951"),
    ("#chitieu: unknown target 'nq314.crime.clearance_rat'; did you mean 'nq314.crime.clearance_rate'?", None,
     "#chitieu: unknown target 'nq314.crime.clearance_rat'", "did you mean"),
    ("met", margin_of(1759, 2198, Fraction(4, 5)), "Tỷ lệ điều tra, khám phá: 1.759/2.198", "1,759/2,198"),
]


def main(fixture, saved):
    fixture_name, before = read_xlsx(fixture)
    name, after = read_xlsx(saved)
    check(name == fixture_name, "the sheet is still %r (got %r)" % (fixture_name, name))
    header = {after.get((1, c)): c for c in "ABCDEFGH"}
    check(list(header) == ["unit", "target", "value", "second", "verdict", "margin", "explanation", "explanation_en"],
          "header row unchanged: %s" % list(header))
    # What the macro must not touch: every input cell as in the fixture.
    for (row, col), value in before.items():
        if col in "ABCD":
            check(after.get((row, col)) == value, "input %s%d unchanged: %r -> %r" % (col, row, value, after.get((row, col))))
    check(after.get((2, "A")) == "Thành phố Hạ Long", "Vietnamese text intact: %r" % after.get((2, "A")))
    for i, (verdict, margin, vi, en) in enumerate(EXPECTED):
        row = i + 2
        got = after.get((row, header["verdict"]))
        check(got == verdict, "row %d verdict %r, expected %r" % (row, got, verdict))
        got_margin = after.get((row, header["margin"]), "")
        if margin is None:
            check(got_margin in ("", None), "row %d margin empty, got %r" % (row, got_margin))
        else:
            check(isinstance(got_margin, float) and abs(got_margin - margin) < 1e-9, "row %d margin %r, expected %r" % (row, got_margin, margin))
        text_vi = after.get((row, header["explanation"]), "")
        text_en = after.get((row, header["explanation_en"]), "")
        if vi is not None:
            check(text_vi.startswith(vi) if vi else text_vi == "", "row %d explanation %r, expected to start %r" % (row, text_vi, vi))
        check(en in text_en if en else text_en == "", "row %d English explanation %r, expected to contain %r" % (row, text_en, en))
        if verdict in ("met", "not_met"):
            check("Nghị quyết 314/2020/NQ-HĐND" in text_vi and "Resolution 314/2020/NQ-HĐND" in text_en,
                  "row %d cites the resolution: %r / %r" % (row, text_vi, text_en))
    check(not any(r > len(EXPECTED) + 1 for r, _ in after), "no rows added")
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
