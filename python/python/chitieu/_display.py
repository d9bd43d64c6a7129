"""What a person sees in Python: core's HTML, written to files whole, and
matplotlib figures of core's charts.

Nothing here decides or counts anything: the HTML (Jupyter's and the
report's) is made by core (``chitieu_core::report``), and the figures draw
the rows core counted for the report's own charts, in its order, with its
words. matplotlib is optional: only :func:`plot_districts` and
:func:`plot_communes` need it.
"""

from __future__ import annotations

import os
from html import escape
from typing import Any, Dict, List, Optional

from . import _native

#: Statuses in the order a reader looks for them (what failed first).
STATUS_ORDER = ("not_met", "no_data", "not_applicable", "met")
#: Decisions of recognition runs, not certified first.
DECISION_ORDER = ("not_certified", "not_eligible", "no_data", "certified", "eligible")

#: How each series is drawn: face, hatch, edge. Patterns as well as colours,
#: as in the report's SVG, so a black-and-white print still tells them apart.
_STYLE = {
    "met": ("#1f5130", "", "#101828"),
    "certified": ("#1f5130", "", "#101828"),
    "eligible": ("#1f5130", "", "#101828"),
    "not_met": ("white", "////", "#b42318"),
    "not_certified": ("white", "////", "#b42318"),
    "not_eligible": ("white", "////", "#b42318"),
    "no_data": ("white", "....", "#7a2e0e"),
    "outside": ("white", "", "#667085"),
}


def write_whole(path: Any, text: str) -> str:
    """Writes ``text`` (UTF-8) to ``path`` by core's rule for output files:
    a file whole or not at all (keeping its permissions), a symbolic link's
    target, a device or pipe in place, a directory refused. Returns the path."""
    target = os.fspath(path)
    _native.write_whole(target, text.encode("utf-8"))
    return target


def checked_html(d: Dict[str, Any], lang: str) -> str:
    """One checked value: status, target, the numbers as core writes them, the explanation."""
    words = _native.status_words(lang if lang in ("vi", "en") else "en")
    status = d.get("status", "")
    figures = " · ".join(escape(x) for x in (d.get("actual_display"), d.get("required"), d.get("margin_display")) if x)
    return (
        f"<div class='chitieu'><b>{escape(words.get(status, status))}</b> "
        f"<code>{escape(str(d.get('target', '')))}</code>: {figures}"
        f"<div>{escape(str(d.get('explanation', '')))}</div></div>"
    )


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _native.ChitieuError("plotting needs matplotlib: pip install matplotlib") from e
    return plt


def _stacked(ax: Any, names: List[str], series: List[Dict[str, Any]], values: Dict[str, List[float]], notes: List[str]) -> None:
    """Horizontal stacked bars, the first row on top, each bar labelled with its note."""
    # Matplotlib counts rows from the bottom: draw them in reverse.
    names, notes = names[::-1], notes[::-1]
    ys = list(range(len(names)))
    left = [0.0] * len(names)
    for s in series:
        face, hatch, edge = _STYLE.get(s["key"], ("white", "", "#101828"))
        vals = values[s["key"]][::-1]
        ax.barh(ys, vals, left=left, color=face, hatch=hatch, edgecolor=edge, linewidth=0.8, label=s["label"])
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(ys)
    ax.set_yticklabels(names)
    for y, x, note in zip(ys, left, notes):
        ax.text(x, y, f" {note}", va="center", fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def plot_districts(charts: List[Dict[str, Any]], document: Optional[str] = None) -> Any:
    """The report's district charts (core's rows and words) as one matplotlib figure."""
    if document is not None:
        known = [c["document_id"] for c in charts]
        charts = [c for c in charts if c["document_id"] == document]
        if not charts:
            raise _native.ChitieuError(f"no district outcomes for document '{document}': documents with some are {', '.join(known) or 'none'}")
    if not charts:
        raise _native.ChitieuError("no district outcomes to plot: evaluate with unit='all' (or district codes)")
    plt = _pyplot()
    heights = [0.32 * len(c["rows"]) + 1.0 for c in charts]
    fig, axes = plt.subplots(len(charts), 1, figsize=(9, sum(heights)), gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, c in zip(axes[:, 0], charts):
        rows = c["rows"]
        series = [{"key": s["status"], "label": s["label"]} for s in c["series"]]
        # Shares of each district's applying targets, in percent, as the report's bars.
        values = {s["key"]: [100.0 * r[s["key"]] / r["applying"] if r["applying"] else 0.0 for r in rows] for s in series}
        met_word = next((s["label"] for s in series if s["key"] == "met"), "met")
        notes = [f"{r['met']}/{r['applying']} {met_word} · {r['share'] or '—'}" for r in rows]
        _stacked(ax, [r["name"] for r in rows], series, values, notes)
        ax.set_xlim(0, 125)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
        ax.set_title(c["heading"], loc="left", fontsize=10, fontweight="bold")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def plot_communes(data: Dict[str, Any], lang: str) -> Any:
    """The report's chart of communes per district (core's rows and words) as a matplotlib figure."""
    plt = _pyplot()
    rows, series = data["rows"], data["series"]
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(rows) + 1.2))
    values = {s["key"]: [float(r[s["key"]]) for r in rows] for s in series}
    first = series[0]["key"]
    unit = "xã" if lang == "vi" else "communes"
    notes = [f"{r[first]}/{sum(r[s['key']] for s in series)} {unit}" for r in rows]
    _stacked(ax, [r["name"] for r in rows], series, values, notes)
    ax.set_xlabel(unit)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig
