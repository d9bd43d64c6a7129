#!/usr/bin/env python3
"""Writes the workbooks of tests/bad-inputs/figures/ that claim far more
cells than they hold (issue 12: calamine lays a sheet out densely, so such a
file could make chitieu ask for gigabytes and abort). Each is a few hundred
bytes; run it again to remake them:

    python3 tests/bad-inputs/make-oversized.py
"""
import os
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "figures")

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="SoLieu" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def xlsx(name, cells, extra=None):
    """An .xlsx of one sheet 'SoLieu' holding `cells`: (reference, inline text
    or number), with the `extra` parts {name: text}."""
    rows = {}
    for ref, value in cells:
        row = int("".join(c for c in ref if c.isdigit()))
        rows.setdefault(row, []).append((ref, value))
    xml = ['<?xml version="1.0" encoding="UTF-8"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for row in sorted(rows):
        xml.append(f'<row r="{row}">')
        for ref, value in rows[row]:
            if isinstance(value, str):
                xml.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
            else:
                xml.append(f'<c r="{ref}"><v>{value}</v></c>')
        xml.append("</row>")
    xml.append("</sheetData></worksheet>")
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in XLSX_PARTS.items():
            z.writestr(part, text)
        z.writestr("xl/worksheets/sheet1.xml", "".join(xml))
        for part, text in (extra or {}).items():
            z.writestr(part, text)


ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def ods(name, rows_xml):
    """An .ods of one table 'SoLieu' whose rows are `rows_xml`."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="SoLieu">'
        + rows_xml
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        # An OpenDocument names its type first, stored.
        z.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)


def text_cell(text, repeat=None):
    rep = f' table:number-columns-repeated="{repeat}"' if repeat else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p></table:table-cell>'


HEADER = "<table:table-row>" + text_cell("unit_code") + text_cell("period") + text_cell("crimes_recorded") + "</table:table-row>"
DATA = ('<table:table-row>' + text_cell("22") + text_cell("2023")
        + '<table:table-cell office:value-type="float" office:value="100"/></table:table-row>')

# A header in A1:C1 and one value in the last cell of a worksheet: 17 billion
# cells to a dense reader; read sparsely, the value is refused at its cell.
xlsx("oversized-corner-xfd1048576.xlsx",
     [("A1", "unit_code"), ("B1", "period"), ("C1", "crimes_recorded"),
      ("A2", "22"), ("B2", "2023"), ("C2", 100), ("XFD1048576", 1)])
# A cell one column past Excel's last: refused wherever it is.
xlsx("oversized-cell-beyond-xfd.xlsx",
     [("A1", "unit_code"), ("B1", "period"), ("C1", "crimes_recorded"),
      ("A2", "22"), ("B2", "2023"), ("C2", 100), ("XFE2", 1)])
# A shared-string table that claims a trillion strings (calamine reserves room
# for them as it opens the file).
xlsx("oversized-shared-strings.xlsx",
     [("A1", "unit_code"), ("B1", "period"), ("A2", "22"), ("B2", "2023")],
     {"xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?>'
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1000000000000">'
      "<si><t>x</t></si></sst>"})
# A filled row repeated 6,000 times, each 16,384 cells wide: 98 million
# cells, under calamine's own limit of 100 million.
ods("oversized-rows-repeated.ods",
    HEADER + DATA + '<table:table-row table:number-rows-repeated="6000">'
    + text_cell("x", 16384) + "</table:table-row>")
# Two thousand rows as written, each a cell repeated 16,384 times.
ods("oversized-columns-repeated.ods",
    HEADER + DATA + ("<table:table-row>" + text_cell("x", 16384) + "</table:table-row>") * 2000)
# A text of two billion spaces.
ods("oversized-text-spaces.ods",
    HEADER + DATA + '<table:table-row><table:table-cell office:value-type="string">'
    '<text:p>a<text:s text:c="2000000000"/>b</text:p></table:table-cell></table:table-row>')
