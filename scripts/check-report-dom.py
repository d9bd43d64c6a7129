#!/usr/bin/env python3
"""Checks the DOM that headless Chromium dumped of a chitieu report
(scripts/test-report.sh): every document's summary is there, the not-met
count equals the JSON's, each chart has a bar per district, and no element
was wider than the page at the width it was rendered at.

Usage: check-report-dom.py EVALUATION.json REPORT-DOM.html [LAYOUT-DOM.html ...]
       check-report-dom.py --frame WIDTH REPORT.html PAGE.html

REPORT-DOM is the report's own DOM as Chromium dumped it. Each LAYOUT-DOM is
the dump of a page made by --frame: the report in a frame WIDTH pixels wide
and a script that writes what it measured into <pre id="layout-check"> as
JSON: {"width", "scrollWidth", "overflowing": [...]} (the report itself has
no script). Standard library only. Exit status 1 names every failed check.
"""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from typing import Dict, List, Optional, Tuple


# A page holding the report in a frame of a given width (a browser window
# cannot be narrower than 500 px, a frame can), and a script that measures,
# once everything is laid out, every element of the report against the
# frame's width. Run with --allow-file-access-from-files so the page may read
# its frame.
FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="report" src="{src}" style="border:0;display:block;width:{width}px;height:{height}px"></iframe>
<script>window.addEventListener("load", function () {{
  var d = document.getElementById("report").contentDocument, result = {{overflowing: []}};
  if (!d) {{ result.error = "the report frame cannot be read"; }} else {{
    var w = d.documentElement.clientWidth, all = d.body.getElementsByTagName("*");
    result.width = w;
    result.scrollWidth = d.documentElement.scrollWidth;
    for (var i = 0; i < all.length; i++) {{
      var el = all[i], r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > w + 0.5 || r.left < -0.5) {{
        var c = el.getAttribute("class");
        result.overflowing.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (c ? "." + c.split(" ").join(".") : "")
          + " spans " + Math.round(r.left) + ".." + Math.round(r.right) + "px");
      }}
    }}
    result.overflowing = result.overflowing.slice(0, 40);
  }}
  var p = document.createElement("pre");
  p.id = "layout-check";
  p.textContent = JSON.stringify(result);
  document.body.appendChild(p);
}});</script></body></html>
"""


def frame(width: str, src: str, dst: str) -> int:
    import pathlib

    with open(dst, "w", encoding="utf-8") as f:
        f.write(FRAME.format(src=pathlib.Path(src).resolve().as_uri(), width=int(width), height=1500))
    return 0


class Dom(HTMLParser):
    """Just what the checks need: elements with their attributes, in order,
    and the text of <pre id="layout-check">."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.layout_text = ""
        self._in_layout = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "pre" and a.get("id") == "layout-check":
            self._in_layout = True

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "pre":
            self._in_layout = False

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._in_layout:
            self.layout_text += data

    def having(self, tag: str, **attrs: str) -> List[Dict[str, Optional[str]]]:
        found = []
        for t, a in self.elements:
            if t != tag:
                continue
            ok = True
            for k, v in attrs.items():
                key = k.rstrip("_").replace("_", "-")
                if key == "class":
                    ok = ok and v in (a.get("class") or "").split()
                else:
                    ok = ok and a.get(key) == v
            if ok:
                found.append(a)
        return found


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--frame":
        return frame(sys.argv[2], sys.argv[3], sys.argv[4])
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        evaluation = json.load(f)
    outcomes = evaluation["outcomes"]
    documents = list(dict.fromkeys(o["document_id"] for o in outcomes))
    not_met = sum(1 for o in outcomes if o["status"] == "not_met" and o["governing"])
    districts: Dict[str, set] = {}
    for o in outcomes:
        if o["level"] == "district":
            districts.setdefault(o["document_id"], set()).add(o["unit"])
    failures: List[str] = []
    report, layouts = sys.argv[2], sys.argv[3:]
    dom = Dom()
    with open(report, encoding="utf-8") as f:
        dom.feed(f.read())
    for d in documents:
        if not dom.having("tbody", id=f"summary-{d}"):
            failures.append(f"{report}: no summary of document {d}")
    items = len(dom.having("li", class_="ct-notmet-item"))
    if items != not_met:
        failures.append(f"{report}: {items} targets listed as not met, the JSON has {not_met}")
    section = dom.having("section", id="not-met")
    if not section or section[0].get("data-count") != str(not_met):
        failures.append(f"{report}: the not-met section does not say {not_met}")
    # Bars per chart: the <g class="ct-bar"> elements between a figure and the next.
    figures = [i for i, (t, a) in enumerate(dom.elements) if t == "figure" and (a.get("id") or "").startswith("chart-")]
    for n, i in enumerate(figures):
        doc = (dom.elements[i][1].get("id") or "")[len("chart-"):]
        end = figures[n + 1] if n + 1 < len(figures) else len(dom.elements)
        bars = sum(1 for t, a in dom.elements[i:end] if t == "g" and "ct-bar" in (a.get("class") or "").split())
        if doc in districts and bars != len(districts[doc]):
            failures.append(f"{report}: chart of {doc} has {bars} bars for {len(districts[doc])} districts")
    for d in districts:
        if not dom.having("figure", id=f"chart-{d}"):
            failures.append(f"{report}: no district chart for {d}")
    if evaluation["dataset"]["synthetic"] and not dom.having("p", id="synthetic-banner"):
        failures.append(f"{report}: the sample's report does not say it is synthetic")
    print(f"{report}: {len(documents)} document summaries, {items} targets not met (the JSON: {not_met}), {len(figures)} charts")
    for path in layouts:
        page = Dom()
        with open(path, encoding="utf-8") as f:
            page.feed(f.read())
        try:
            layout = json.loads(page.layout_text)
        except ValueError:
            failures.append(f"{path}: the measuring script left no result (did it run?)")
            continue
        if "error" in layout:
            failures.append(f"{path}: {layout['error']}")
            continue
        width = layout["width"]
        wide = [f"{path}: at {width}px, {el}" for el in layout["overflowing"]]
        if layout["scrollWidth"] > width:
            wide.insert(0, f"{path}: the page scrolls sideways at {width}px ({layout['scrollWidth']}px wide)")
        failures.extend(wide)
        print(f"{path}: laid out {width}px wide, " + (f"{len(wide)} elements too wide" if wide else "nothing wider than the page"))
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
