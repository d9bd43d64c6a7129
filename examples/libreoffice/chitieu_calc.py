"""chitieu for LibreOffice Calc: a Python macro that fills the verdict,
margin and explanation columns of a sheet by calling libchitieu (the C ABI of
chitieu) through ctypes. Nothing but LibreOffice's own Python is needed (no
pandas, no chitieu Python package): the verdicts are decided exactly inside
the library, the same core as the command line, Python and Excel.

The sheet: a header row naming the columns (any order, any other columns
left alone, header case and spaces ignored)

    target | value | second | verdict | margin | explanation

and one figure per row below it: `target` a target id
("nq314.crime.clearance_rate"), `value` the numerator (or the value),
`second` the denominator (or the baseline; blank for targets that take one
value). The macro writes `verdict` (met, not_met, no_data, not_applicable,
or "#chitieu: <why>"), `margin` (display only; empty when there is none) and
`explanation` (Vietnamese; English when the header is `explanation_en`).
A blank figure is missing, never zero: no_data. A text, TRUE/FALSE or an
error in a figure cell is refused with a message, never guessed. Rows of one
target are checked in one call (chitieu_xl_range), not one call per cell.

Install: copy this file to LibreOffice's user Python scripts folder
(Linux: ~/.config/libreoffice/4/user/Scripts/python/; Windows:
%APPDATA%\\LibreOffice\\4\\user\\Scripts\\python\\), put libchitieu.so
(Linux) or chitieu.dll (Windows, 64-bit LibreOffice) next to the workbook or
set CHITIEU_LIB to its full path, then Tools > Macros > Run Macro >
My Macros > chitieu_calc > fill_verdicts.
"""

import ctypes
import math
import os
import sys

__all__ = ["fill_verdicts", "fill_sheet", "Chitieu"]

XL_ERROR = -100
XL_BUFFER_TOO_SMALL = -107
XL_VALUE = 1
XL_SECOND = 2
STATUS = {1: "met", 0: "not_met", -1: "no_data", -2: "not_applicable"}
LANGS = {"explanation": 0, "explanation_vi": 0, "explanation_en": 1}


class ChitieuError(Exception):
    pass


def _library_names():
    if sys.platform == "win32":
        return ["chitieu.dll"]
    if sys.platform == "darwin":
        return ["libchitieu.dylib"]
    return ["libchitieu.so"]


def find_library(folders=()):
    """The path of libchitieu: $CHITIEU_LIB, else the first of `folders`
    (the workbook's, this macro's) that has it."""
    env = os.environ.get("CHITIEU_LIB")
    if env:
        if not os.path.isfile(env):
            raise ChitieuError("CHITIEU_LIB is %s, which is not a file" % env)
        return env
    tried = []
    for folder in folders:
        for name in _library_names():
            path = os.path.join(folder, name)
            tried.append(path)
            if os.path.isfile(path):
                return path
    raise ChitieuError(
        "libchitieu not found (tried %s): put %s next to the workbook or set CHITIEU_LIB to its full path"
        % (", ".join(tried) or "nothing", " or ".join(_library_names()))
    )


class Chitieu:
    """The spreadsheet functions of libchitieu (include/chitieu.h, chitieu_xl_*)."""

    def __init__(self, path):
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            raise ChitieuError(
                "cannot load %s (%s): it must match this LibreOffice (64-bit) and system" % (path, e)
            ) from None
        dp, ip = ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_int32)
        lib.chitieu_xl_target_find.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        lib.chitieu_xl_target_find.restype = ctypes.c_int32
        lib.chitieu_xl_range.argtypes = [ctypes.c_void_p, dp, dp, ip, ctypes.c_int32, ip, dp]
        lib.chitieu_xl_range.restype = ctypes.c_int32
        lib.chitieu_xl_explain_range.argtypes = [
            ctypes.c_void_p, dp, dp, ip, ctypes.c_int32, ctypes.c_int32, ip,
            ctypes.c_char_p, ctypes.c_int32, ip,
        ]
        lib.chitieu_xl_explain_range.restype = ctypes.c_int32
        lib.chitieu_xl_last_error_w.argtypes = [ctypes.POINTER(ctypes.c_uint16), ctypes.c_int32, ip]
        lib.chitieu_xl_last_error_w.restype = ctypes.c_int32
        self.lib = lib

    def last_error(self):
        needed = ctypes.c_int32(0)
        self.lib.chitieu_xl_last_error_w(None, 0, ctypes.byref(needed))
        if needed.value <= 1:
            return "failed without a message"
        buf = (ctypes.c_uint16 * needed.value)()
        if self.lib.chitieu_xl_last_error_w(buf, needed.value, ctypes.byref(needed)) != 0:
            return "failed without a message"
        return bytes(buf)[: 2 * (needed.value - 1)].decode("utf-16-le")

    def target(self, target_id):
        handle = ctypes.c_void_p()
        if self.lib.chitieu_xl_target_find(target_id.encode("utf-8"), ctypes.byref(handle)) != 0:
            raise ChitieuError(self.last_error())
        return handle

    def check(self, target_id, values, seconds, present, lang=0, explain=True):
        """Codes, margins (None when absent) and explanations of one target's cells."""
        n = len(values)
        handle = self.target(target_id)
        v = (ctypes.c_double * n)(*values)
        s = (ctypes.c_double * n)(*seconds) if seconds is not None else None
        p = (ctypes.c_int32 * n)(*present)
        codes = (ctypes.c_int32 * n)()
        margins = (ctypes.c_double * n)()
        r = self.lib.chitieu_xl_range(handle, v, s, p, n, codes, margins)
        if r <= XL_ERROR:
            raise ChitieuError(self.last_error())
        texts = [""] * n
        if explain:
            needed = ctypes.c_int32(0)
            r = self.lib.chitieu_xl_explain_range(handle, v, s, p, n, lang, codes, None, 0, ctypes.byref(needed))
            if r == XL_BUFFER_TOO_SMALL:
                buf = ctypes.create_string_buffer(needed.value)
                r = self.lib.chitieu_xl_explain_range(handle, v, s, p, n, lang, codes, buf, needed.value, ctypes.byref(needed))
                texts = buf.raw[: needed.value - 1].decode("utf-8").split("\0")
            if r <= XL_ERROR:
                raise ChitieuError(self.last_error())
        out_margins = [None if math.isnan(m) else m for m in margins]
        return list(codes), out_margins, texts


def _read_number(cell, role, formats):
    """(number, None), (None, None) for a blank, or (None, why) for a refusal."""
    from com.sun.star.table.CellContentType import EMPTY, FORMULA, TEXT
    from com.sun.star.util.NumberFormat import LOGICAL

    kind = cell.getType()
    if kind == EMPTY:
        return None, None
    if kind == FORMULA and cell.getError() != 0:
        return None, "the %s cell holds an error (%s)" % (role, cell.getString())
    if kind == TEXT or (kind == FORMULA and cell.FormulaResultType2 == TEXT):
        text = cell.getString()
        if not text.strip():
            return None, None
        return None, "the %s is the text '%s', not a number: enter it as a number" % (role, text[:40])
    # TRUE and FALSE are numbers with a yes/no format in Calc.
    if formats.getByKey(cell.getPropertyValue("NumberFormat")).getPropertyValue("Type") & LOGICAL:
        return None, "the %s is %s, not a number: write 1 or 0" % (role, cell.getString())
    return cell.getValue(), None


def _column_names(sheet, width):
    return [sheet.getCellByPosition(c, 0).getString().strip().lower().replace(" ", "_") for c in range(width)]


def fill_sheet(sheet, chitieu, formats):
    """Fills the verdict, margin and explanation columns of `sheet` (a Calc
    XSpreadsheet; `formats` the document's number formats). Returns the
    number of rows filled."""
    used = sheet.createCursor()
    used.gotoEndOfUsedArea(False)
    end = used.getRangeAddress()
    col = {name: i for i, name in enumerate(_column_names(sheet, end.EndColumn + 1)) if name}
    for needed in ("target", "value"):
        if needed not in col:
            raise ChitieuError("the sheet '%s' has no '%s' column in its first row" % (sheet.getName(), needed))
    explain_cols = [name for name in LANGS if name in col]
    if not explain_cols and "verdict" not in col and "margin" not in col:
        raise ChitieuError("the sheet '%s' has no verdict, margin or explanation column to fill" % sheet.getName())
    langs = sorted({LANGS[name] for name in explain_cols}) or [None]

    # Per row what it shows: (verdict, margin or None, {lang: explanation}).
    results = {}
    groups = {}
    for r in range(1, end.EndRow + 1):
        target_id = sheet.getCellByPosition(col["target"], r).getString().strip()
        if not target_id:
            continue
        value, why = _read_number(sheet.getCellByPosition(col["value"], r), "value", formats)
        second, why2 = None, None
        if "second" in col:
            second, why2 = _read_number(sheet.getCellByPosition(col["second"], r), "second number", formats)
        if why or why2:
            message = "#chitieu: " + (why or why2)
            results[r] = (message, None, {lang: message for lang in langs})
            continue
        groups.setdefault(target_id, []).append((r, value, second))

    # One call per target (and language) for all its rows.
    for target_id, cells in groups.items():
        takes_second = any(s is not None for _, _, s in cells)
        values = [0.0 if v is None else v for _, v, _ in cells]
        seconds = [0.0 if s is None else s for _, _, s in cells] if takes_second else None
        present = [(XL_VALUE if v is not None else 0) | (XL_SECOND if s is not None else 0) for _, v, s in cells]
        try:
            answers = {lang: chitieu.check(target_id, values, seconds, present, lang or 0, explain=lang is not None) for lang in langs}
        except ChitieuError as e:
            # The whole group: an unknown id, a rate without denominators...
            for r, _, _ in cells:
                results[r] = ("#chitieu: %s" % e, None, {lang: "#chitieu: %s" % e for lang in langs})
            continue
        codes, margins, _ = answers[langs[0]]
        for i, (r, _, _) in enumerate(cells):
            texts = {lang: answers[lang][2][i] for lang in langs}
            if codes[i] <= XL_ERROR:
                message = "#chitieu: " + texts[langs[0]]
                results[r] = (message, None, {lang: "#chitieu: " + t for lang, t in texts.items()})
            else:
                results[r] = (STATUS.get(codes[i], str(codes[i])), margins[i], texts)

    for r, (verdict, margin, texts) in results.items():
        if "verdict" in col:
            sheet.getCellByPosition(col["verdict"], r).setString(verdict)
        if "margin" in col:
            cell = sheet.getCellByPosition(col["margin"], r)
            if margin is None:
                cell.setString("")
            else:
                cell.setValue(margin)
        for name in explain_cols:
            sheet.getCellByPosition(col[name], r).setString(texts.get(LANGS[name], ""))
    return len(results)


def _folders(doc):
    """The workbook's folder and this macro's (LibreOffice gives its path as a URL)."""
    import uno

    urls = [doc.getURL(), __file__]
    return [os.path.dirname(uno.fileUrlToSystemPath(u) if u.startswith("file:") else os.path.abspath(u)) for u in urls if u]


def fill_verdicts(*_args):
    """The macro: fills every sheet of the current document that has a
    `target` and a `value` column."""
    doc = XSCRIPTCONTEXT.getDocument()  # noqa: F821 (given by LibreOffice)
    if doc is None or not hasattr(doc, "getSheets"):
        raise ChitieuError("run this macro from a Calc workbook")
    chitieu = Chitieu(find_library(_folders(doc)))
    filled = 0
    sheets = doc.getSheets()
    for i in range(sheets.getCount()):
        sheet = sheets.getByIndex(i)
        names = _column_names(sheet, 64)
        if "target" in names and "value" in names:
            filled += fill_sheet(sheet, chitieu, doc.getNumberFormats())
    if filled == 0:
        raise ChitieuError("no sheet has a header row with 'target' and 'value' columns")
    return filled


g_exportedScripts = (fill_verdicts,)
