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


# ---------------------------------------------------------------------------
# Recognition (Kế hoạch 50/KH-UBND)

DECISION_ORDER = ("not_certified", "not_eligible", "no_data", "certified", "eligible")
DECISION_COLOURS = {
    "not_certified": STATUS_COLOURS["not_met"],
    "not_eligible": STATUS_COLOURS["not_met"],
    "no_data": STATUS_COLOURS["no_data"],
    "certified": STATUS_COLOURS["met"],
    "eligible": STATUS_COLOURS["met"],
}
RECOGNITION_HEADERS = {
    "vi": ["Kết quả", "Đơn vị", "Huyện", "Diện", "Còn vướng (cần thay đổi)"],
    "en": ["Result", "Unit", "District", "Track", "What stands in the way"],
}
OPERATION_TITLES = {
    "vi": {"select": "Lựa chọn địa bàn xây dựng, ngày", "certify": "Công nhận sạch ma túy, ngày xem xét", "programme": "Chương trình năm, ngày xem xét"},
    "en": {"select": "Selection, date", "certify": "Drug-free recognition, review date", "programme": "Programme year, review date"},
}
TRACK_WORDS = {"vi": {"keep_clean": "giữ sạch", "make_clean": "làm sạch"}, "en": {"keep_clean": "keep clean", "make_clean": "make clean"}}


def decision_badge(status: str, lang: str) -> str:
    from . import _native

    bg, fg = DECISION_COLOURS.get(status, ("#ffffff", "#000000"))
    label = _native.decision_words(lang if lang in ("vi", "en") else "en").get(status, status)
    return f'<span class="chitieu-badge" style="background:{bg};color:{fg}" title="{escape(status)}">{escape(label)}</span>'


def _unit_rows(units: List[Dict[str, Any]], lang: str, communes: bool) -> str:
    rows = []
    for u in units:
        track = TRACK_WORDS.get(lang, TRACK_WORDS["en"]).get(u.get("track") or "", "")
        if u.get("entry_date") and u.get("track") == "make_clean":
            track += f" <span class='chitieu-muted'>{_text(u['entry_date'])}</span>"
        if u.get("certified_on"):
            track += f"<div class='chitieu-muted'>✓ {_text(u['certified_on'])}</div>"
        reasons = []
        if u.get("lost_on"):
            reasons.append(f"<div><b>{'mất công nhận' if lang == 'vi' else 'recognition lost'} {_text(u['lost_on'])}</b></div>")
        reasons.extend(f"<div>• {_text(g.get('text'))}</div>" for g in u.get("gaps", []))
        district = f"<td>{_text(u.get('district_name'))}</td>" if communes else ""
        rows.append(
            "<tr>"
            f"<td>{decision_badge(u.get('status', ''), lang)}</td>"
            f"<td>{_text(u.get('name'))} <span class='chitieu-muted'>{_text(u.get('unit'))}</span></td>"
            f"{district}<td>{track}</td><td>{''.join(reasons)}</td>"
            "</tr>"
        )
    return "".join(rows)


def _unit_table(units: List[Dict[str, Any]], lang: str, communes: bool) -> str:
    head = list(RECOGNITION_HEADERS.get(lang, RECOGNITION_HEADERS["en"]))
    if not communes:
        head.pop(2)
    head_html = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<table class='chitieu-table'><thead><tr>{head_html}</tr></thead><tbody>{_unit_rows(units, lang, communes)}</tbody></table>"


def _counts(units: List[Dict[str, Any]], lang: str) -> str:
    counts: Dict[str, int] = {}
    for u in units:
        counts[u.get("status", "")] = counts.get(u.get("status", ""), 0) + 1
    return " ".join(f"{decision_badge(s, lang)} {counts[s]}" for s in DECISION_ORDER if s in counts)


def recognition_html(r: Any, all: bool = False, max_rows: int = 200) -> str:  # noqa: A002
    """A recognition run: communes in question (not certified first, with
    their gaps), every district, then the programme targets."""
    data, lang = r.data, r.lang
    rank = {s: i for i, s in enumerate(DECISION_ORDER)}
    order = lambda units: sorted(units, key=lambda u: rank.get(u.get("status", ""), len(rank)))  # noqa: E731 - stable: core's order within a status
    select = data["operation"] == "select"

    def shown(u: Dict[str, Any]) -> bool:
        if all:
            return True
        if select:
            return u.get("status") != "no_data"
        return bool(u.get("track")) or u.get("status") == "certified"

    communes = order([u for u in data["communes"] if shown(u)])
    title = OPERATION_TITLES.get(lang, OPERATION_TITLES["en"]).get(data["operation"], data["operation"])
    ds = data["dataset"]
    parts = [STYLE, f"<div><b>chitieu — {_text(data['document'])} — {escape(title)} {_text(data['as_of'])}</b> "
             f"<span class='chitieu-muted'>({_text(ds['name'])}; sha256 {_text(ds['inputs_sha256'][:16])}…)</span></div>"]
    parts.append(warnings_html(r.warnings))
    label = ("Cấp xã", "Cấp huyện", "Mục tiêu chương trình năm") if lang == "vi" else ("Communes", "Districts", "Programme targets, year")
    parts.append(f"<h4>{label[0]}</h4><div>{_counts(data['communes'], lang)}</div>")
    if communes:
        parts.append(_unit_table(communes[:max_rows], lang, True))
    hidden = len(data["communes"]) - min(len(communes), max_rows)
    if hidden:
        more = f"… {hidden} xã không liệt kê: .communes, .criteria, .gaps để xem tất cả; .to_html(all=True)" if lang == "vi" else f"… {hidden} communes not listed: .communes, .criteria and .gaps have them all; .to_html(all=True)"
        parts.append(f"<div class='chitieu-muted'>{escape(more)}</div>")
    parts.append(f"<h4>{label[1]}</h4><div>{_counts(data['districts'], lang)}</div>")
    parts.append(_unit_table(order(data["districts"]), lang, False))
    if data.get("programme"):
        parts.append(f"<h4>{label[2]} {_text(data.get('year'))}</h4>")
        rows = "".join(
            f"<tr><td>{badge(o.get('status', ''), lang)}</td><td>{_text(o.get('name'))}<div class='chitieu-muted'>{_text(o.get('target'))}</div></td>"
            f"<td>{_text(o.get('explanation'))}</td></tr>"
            for o in data["programme"]
        )
        head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS.get(lang, HEADERS["en"])[0:1] + HEADERS.get(lang, HEADERS["en"])[2:3] + HEADERS.get(lang, HEADERS["en"])[7:8])
        parts.append(f"<table class='chitieu-table'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return "".join(parts)
