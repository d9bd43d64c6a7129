"""Drives a headless LibreOffice for scripts/test-libreoffice.sh (run with the
system Python that has LibreOffice's `uno` module):

    lo_driver.py fixture OUT.xlsx
        makes the fixture workbook with LibreOffice itself (numbers, a blank,
        text, TRUE, a #DIV/0! formula, Vietnamese text) and saves it as .xlsx:
        tests/libreoffice/figures.xlsx was made so.
    lo_driver.py run IN.xlsx OUT.xlsx
        opens IN in LibreOffice, runs the macro chitieu_calc.py$fill_verdicts
        (installed in the profile's user Python scripts) through LibreOffice's
        script provider, as Tools > Macros > Run Macro would, and saves OUT.

The LibreOffice profile is $CHITIEU_LO_PROFILE (a folder); the office is
started with it, listening on a pipe, and ended before the driver exits.
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

PIPE = "chitieu_test_%d" % os.getpid()


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start_office(profile):
    office = subprocess.Popen(
        [
            "soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % PIPE,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 120
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % PIPE)
            break
        except Exception:
            if office.poll() is not None or time.time() > deadline:
                office.kill()
                raise SystemExit("LibreOffice did not start (exit %s)" % office.poll())
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return office, desktop


def stop_office(office, desktop):
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        office.wait(timeout=60)
    except subprocess.TimeoutExpired:
        office.kill()


def save_xlsx(doc, path):
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(path)), (prop("FilterName", "Calc MS Excel 2007 XML"),))


# The fixture: (unit, target, value, second); a value is a number, None
# (blank), a string starting with "=" (a formula), True (a boolean) or other
# text. Expected answers live in check_saved.py.
ROWS = [
    ("Thành phố Hạ Long", "nq314.crime.clearance_rate", 79, 100),
    ("Thành phố Cẩm Phả", "nq314.crime.clearance_rate", 80, 100),
    ("Thành phố Uông Bí", "nq314.crime.clearance_rate", 0, 0),
    ("Thành phố Móng Cái", "nq314.crime.clearance_rate", None, 100),
    ("Thị xã Đông Triều", "nq314.crime.clearance_rate", 101, 100),
    ("Thị xã Quảng Yên", "nq314.crime.clearance_rate", "79", 100),
    ("Huyện Vân Đồn", "nq314.crime.clearance_rate", "=1/0", 100),
    ("Huyện Tiên Yên", "nq314.crime.clearance_rate", True, 100),
    ("Huyện Hải Hà", "nq314.crime.clearance_rate", 79.5, 100),
    ("Huyện Đầm Hà", "nq314.crime.reports_resolved", 92, 100),
    ("Huyện Bình Liêu", "nq314.crime.total_cases_2025", 950, 1000),
    ("Huyện Ba Chẽ", "nq314.crime.total_cases_2025", 951, 1000),
    ("Huyện Cô Tô", "nq314.crime.clearance_rat", 1, 2),
    ("Tỉnh Quảng Ninh", "nq314.crime.clearance_rate", 1759, 2198),
]
HEADER = ["unit", "target", "value", "second", "verdict", "margin", "explanation", "explanation_en"]


def make_fixture(out):
    office, desktop = start_office(os.environ["CHITIEU_LO_PROFILE"])
    try:
        doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
        sheet = doc.getSheets().getByIndex(0)
        sheet.setName("Figures")
        for c, name in enumerate(HEADER):
            sheet.getCellByPosition(c, 0).setString(name)
        for r, (unit, target, value, second) in enumerate(ROWS, start=1):
            sheet.getCellByPosition(0, r).setString(unit)
            sheet.getCellByPosition(1, r).setString(target)
            for c, x in ((2, value), (3, second)):
                cell = sheet.getCellByPosition(c, r)
                if x is None:
                    continue
                if x is True:
                    cell.setFormula("=TRUE()")
                elif isinstance(x, str) and x.startswith("="):
                    cell.setFormula(x)
                elif isinstance(x, str):
                    cell.setString(x)
                else:
                    cell.setValue(x)
        save_xlsx(doc, out)
        doc.close(True)
    finally:
        stop_office(office, desktop)


def run_macro(src, out):
    office, desktop = start_office(os.environ["CHITIEU_LO_PROFILE"])
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
        # The current document, as when a user runs the macro from its window.
        frame = doc.getCurrentController().getFrame()
        desktop.setActiveFrame(frame)
        frame.activate()
        script = doc.getScriptProvider().getScript("vnd.sun.star.script:chitieu_calc.py$fill_verdicts?language=Python&location=user")
        filled, _, _ = script.invoke((), (), ())
        print("the macro filled %s rows" % filled)
        save_xlsx(doc, out)
        doc.close(True)
    finally:
        stop_office(office, desktop)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "fixture":
        make_fixture(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "run":
        run_macro(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
