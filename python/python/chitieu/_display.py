"""HTML for Jupyter: the verdicts core decided, coloured, not_met first.

Nothing here decides anything: statuses, values, requirements and clauses
are shown as core wrote them.
"""

from __future__ import annotations

from html import escape
from typing import Any, Dict, List, Optional

STATUS_ORDER = ("not_met", "no_data", "not_applicable", "met")
STATUS_COLOURS = {
    "not_met": ("#fde2e1", "#b42318"),
    "no_data": ("#fef0c7", "#93370d"),
    "not_applicable": ("#eaecf0", "#344054"),
    "met": ("#d1fadf", "#05603a"),
}
STATUS_LABELS = {
    "vi": {"not_met": "chưa đạt", "no_data": "thiếu số liệu", "not_applicable": "không áp dụng", "met": "đạt"},
    "en": {"not_met": "not met", "no_data": "no data", "not_applicable": "not applicable", "met": "met"},
}
HEADERS = {
    "vi": ["Trạng thái", "Đơn vị", "Chỉ tiêu", "Văn bản, điều khoản", "Thực tế", "Yêu cầu", "Chênh lệch", "Giải thích"],
    "en": ["Status", "Unit", "Target", "Document, clause", "Actual", "Required", "Margin", "Explanation"],
}

STYLE = (
    "<style>"
    ".chitieu-table{border-collapse:collapse;font-size:12px}"
    ".chitieu-table th,.chitieu-table td{border:1px solid #d0d5dd;padding:3px 6px;text-align:left;vertical-align:top}"
    ".chitieu-badge{border-radius:8px;padding:1px 6px;font-weight:600;white-space:nowrap}"
    ".chitieu-warn{background:#fffaeb;border-left:4px solid #f79009;padding:4px 8px;margin:4px 0}"
    ".chitieu-muted{color:#667085}"
    "</style>"
)


def badge(status: str, lang: str) -> str:
    bg, fg = STATUS_COLOURS.get(status, ("#ffffff", "#000000"))
    label = STATUS_LABELS.get(lang, STATUS_LABELS["en"]).get(status, status)
    return f'<span class="chitieu-badge" style="background:{bg};color:{fg}" title="{escape(status)}">{escape(label)}</span>'


def _text(v: Any) -> str:
    return "" if v is None else escape(str(v))


def _number(v: Optional[str], unit: Optional[str]) -> str:
    if v is None:
        return ""
    return escape(v + ("%" if unit == "percent" else ""))


def warnings_html(warnings: List[Dict[str, Any]]) -> str:
    return "".join(f'<div class="chitieu-warn">⚠ {_text(w.get("message"))} <span class="chitieu-muted">[{_text(w.get("code"))}]</span></div>' for w in warnings)


def result_html(meta: Dict[str, Any], outcomes: List[Dict[str, Any]], lang: str, max_rows: int = 200) -> str:
    """The outcomes as a table, not_met first (then core's order)."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    rows = sorted(outcomes, key=lambda o: rank.get(o.get("status", ""), len(rank)))
    counts = {s: 0 for s in STATUS_ORDER}
    for o in outcomes:
        counts[o.get("status", "")] = counts.get(o.get("status", ""), 0) + 1
    title = "Kết quả đánh giá" if lang == "vi" else "Evaluation"
    parts = [STYLE, f"<div><b>chitieu — {title} {_text(meta['period'])}</b> <span class='chitieu-muted'>({_text(meta['dataset'])}, {len(outcomes)} outcomes)</span></div>"]
    parts.append(warnings_html(meta.get("warnings", [])))
    parts.append("<div>" + " ".join(f"{badge(s, lang)} {counts[s]}" for s in STATUS_ORDER) + "</div>")
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS.get(lang, HEADERS["en"]))
    body = []
    for o in rows[:max_rows]:
        superseded = "" if o.get("governing", True) else f"<div class='chitieu-muted'>superseded by {_text(o.get('superseded_by'))}</div>"
        interp = f"<div class='chitieu-muted'><i>{_text(o.get('interpretation'))}</i></div>" if o.get("interpretation") else ""
        body.append(
            "<tr>"
            f"<td>{badge(o.get('status', ''), lang)}{superseded}</td>"
            f"<td>{_text(o.get('unit_name'))} <span class='chitieu-muted'>{_text(o.get('unit'))}</span></td>"
            f"<td>{_text(o.get('name'))}<div class='chitieu-muted'>{_text(o.get('target'))}</div></td>"
            f"<td>{_text(o.get('document'))}<div>{_text(o.get('clause'))}</div></td>"
            f"<td>{_number(o.get('actual'), o.get('measure_unit'))}</td>"
            f"<td>{_text(o.get('required'))}</td>"
            f"<td>{_text(o.get('margin'))}</td>"
            f"<td>{_text(o.get('explanation'))}{interp}</td>"
            "</tr>"
        )
    parts.append(f"<table class='chitieu-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    if len(rows) > max_rows:
        more = len(rows) - max_rows
        parts.append(f"<div class='chitieu-muted'>… {more} more rows: use .to_pandas()</div>")
    return "".join(parts)


def checked_html(d: Dict[str, Any], lang: str) -> str:
    return (
        STYLE
        + f"<div>{badge(d.get('status', ''), lang)} <b>{_text(d.get('target'))}</b>: "
        + f"{_number(d.get('actual'), d.get('measure_unit'))} {_text(d.get('comparator'))} "
        + f"{_number(d.get('required_value'), 'percent' if d.get('margin_unit') == 'percentage_points' else None)}"
        + f"<div>{_text(d.get('explanation'))}</div></div>"
    )
