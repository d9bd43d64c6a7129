"""Results of drug-free recognition (Kế hoạch 50/KH-UBND) as pandas objects.

Everything shown here was decided by core: unit decisions, criterion
statuses, details, gaps and programme outcomes come from core's JSON contract
(`Report::to_json`), and comparisons from core's decision-log module. This
module only reshapes them into DataFrames and HTML.
"""

from __future__ import annotations

import json
import os
import warnings as _warnings
from typing import Any, Dict, Iterator, List, Optional, Union

import pandas as pd

from . import _display, _frames

PathLike = Union[str, "os.PathLike[str]"]

#: Columns of :attr:`Recognition.communes` and :attr:`Recognition.districts`.
UNIT_COLUMNS = ["unit", "name", "level", "district", "district_name", "stage", "track", "entry_date", "certified_on", "lost_on", "status", "gaps"]
#: Columns of :attr:`Recognition.criteria`.
CRITERION_COLUMNS = [
    "unit", "name", "level", "district", "status", "criterion", "criterion_name", "clause", "criterion_status", "decides",
    "alternative", "detail", "actual", "comparator", "required_value", "margin", "margin_unit", "numerator", "denominator",
    "interpretation", "parts",
]
#: Columns of :attr:`Recognition.gaps`.
GAP_COLUMNS = ["unit", "name", "level", "district", "status", "criterion", "need", "text"]
#: Fields of a criterion's single requirement copied into :attr:`Recognition.criteria`.
PART_FIELDS = ["actual", "comparator", "required_value", "margin", "margin_unit", "numerator", "denominator"]


class ChitieuWarning(UserWarning):
    """Something chitieu wants you to see without stopping (e.g. a torn line in a decision log)."""


def _frame(rows: List[Dict[str, Any]], columns: List[str]) -> pd.DataFrame:
    return pd.DataFrame({c: [r.get(c) for r in rows] for c in columns}, columns=columns)


def _unit_row(u: Dict[str, Any]) -> Dict[str, Any]:
    row = {c: u.get(c) for c in UNIT_COLUMNS}
    row["gaps"] = len(u.get("gaps", []))
    return row


class Recognition:
    """A recognition run: :func:`chitieu.select`, :func:`chitieu.certify` or :func:`chitieu.programme`.

    >>> r = chitieu.certify(sample=True, as_of="2024-12-15", lang="en")
    >>> r.summary()  # doctest: +SKIP
    >>> r.gaps.head()  # doctest: +SKIP

    ``communes`` and ``districts`` have one row per unit (``status`` is
    core's decision: certified, not_certified, eligible, not_eligible,
    no_data; ``gaps`` the number of gaps); ``criteria`` one row per unit and
    criterion; ``gaps`` one row per gap, what stands in the way in numbers;
    ``programme`` the programme targets like :meth:`Result.to_pandas`. Dates
    are ``YYYY-MM-DD`` text, exact values decimal text, as in the JSON.
    """

    def __init__(self, native: Any, lang: str) -> None:
        self._native = native
        self.lang = lang
        self._data: Optional[Dict[str, Any]] = None

    # -- the contract

    @property
    def data(self) -> Dict[str, Any]:
        """The public JSON contract as dicts and lists (the same as ``json.loads(to_json())``)."""
        if self._data is None:
            self._data = self._native.data(self.lang)
        return self._data

    def to_json(self, indent: Optional[int] = None) -> str:
        """The public JSON contract, as the command line writes it with ``--format json``."""
        text = self._native.to_json(self.lang)
        return text if indent is None else json.dumps(json.loads(text), ensure_ascii=False, indent=indent)

    def to_csv(self) -> str:
        """One row per unit and criterion, as the command line writes it with ``--format csv``."""
        return self._native.to_csv(self.lang)

    def to_excel(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the workbook ``chitieu certify --out Ketqua.xlsx`` writes: a
        summary, the communes, the districts, every criterion, the gaps, the
        programme targets and the warnings, statuses coloured. Written whole
        or not at all.

        >>> chitieu.certify(sample=True, as_of="2024-12-15").to_excel("Ketqua.xlsx")  # doctest: +SKIP
        """
        self._native.to_excel(os.fspath(path), self.lang)

    @property
    def operation(self) -> str:
        return self._native.operation

    @property
    def scheme(self) -> str:
        return self._native.scheme

    @property
    def document(self) -> str:
        return self._native.document

    @property
    def as_of(self) -> str:
        """The selection or review date, ``YYYY-MM-DD``."""
        return self._native.as_of

    @property
    def year(self) -> Optional[int]:
        return self._native.year

    @property
    def dataset(self) -> str:
        return self._native.dataset

    @property
    def synthetic(self) -> bool:
        return self._native.synthetic

    @property
    def digest(self) -> str:
        """SHA-256 of the normalised inputs: the same facts in any order give the same digest."""
        return self._native.digest

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        return self._native.warnings(self.lang)

    # -- tables

    @property
    def communes(self) -> pd.DataFrame:
        """One row per commune, in core's order."""
        return _frame([_unit_row(u) for u in self.data["communes"]], UNIT_COLUMNS)

    @property
    def districts(self) -> pd.DataFrame:
        """One row per district, in core's order."""
        return _frame([_unit_row(u) for u in self.data["districts"]], UNIT_COLUMNS)

    @property
    def criteria(self) -> pd.DataFrame:
        """One row per unit (communes, then districts) and criterion judged.

        ``status`` is the unit's decision, ``criterion_status`` the
        criterion's (met, not_met, no_data...). ``actual``, ``required_value``,
        ``margin``... are those of the criterion's requirement when it has a
        single one (else None: see ``parts``, the requirements as dicts).
        """
        rows = []
        for u in self.data["communes"] + self.data["districts"]:
            for c in u.get("criteria", []):
                parts = c.get("parts") or []
                single = parts[0] if len(parts) == 1 else {}
                row = {k: u.get(k) for k in ("unit", "name", "level", "district", "status")}
                row.update(
                    criterion=c.get("id"), criterion_name=c.get("name"), clause=c.get("clause"), criterion_status=c.get("status"),
                    decides=c.get("decides"), alternative=c.get("alternative"), detail=c.get("detail"),
                    interpretation=c.get("interpretation"), parts=parts,
                )
                row.update({k: single.get(k) for k in PART_FIELDS})
                rows.append(row)
        return _frame(rows, CRITERION_COLUMNS)

    @property
    def gaps(self) -> pd.DataFrame:
        """What stands in the way, one row per gap: ``need`` (how many must change, exact text) and ``text``."""
        rows = []
        for u in self.data["communes"] + self.data["districts"]:
            for g in u.get("gaps", []):
                row = {k: u.get(k) for k in ("unit", "name", "level", "district", "status")}
                row.update(criterion=g.get("criterion"), need=g.get("need"), text=g.get("text"))
                rows.append(row)
        return _frame(rows, GAP_COLUMNS)

    @property
    def programme(self) -> pd.DataFrame:
        """The scheme's programme targets of the year (certify and programme), like :meth:`Result.to_pandas`."""
        return _frames.pandas_of_arrow(_frames.arrow_table(self._native.programme_arrow(self.lang)))

    def unit(self, code: Union[str, int]) -> Dict[str, Any]:
        """One unit as in the JSON contract: its criteria with every requirement, events counted and gaps."""
        code = str(code)
        for u in self.data["communes"] + self.data["districts"]:
            if u["unit"] == code:
                return u
        raise KeyError(f"no unit {code} in this run")

    def summary(self) -> pd.DataFrame:
        """Counts of decisions: one row for communes, one for districts, with a total column."""
        s = self.data["summary"]
        table = pd.DataFrame([s.get("communes", {}), s.get("districts", {})], index=["communes", "districts"]).fillna(0).astype(int)
        cols = [d for d in _display.DECISION_ORDER if d in table.columns]
        table = table.reindex(columns=cols)
        table["total"] = [len(self.data["communes"]), len(self.data["districts"])]
        return table

    # -- the decision log

    def record(self, log: PathLike, by: str) -> int:
        """Appends this run to the decision log ``log`` (JSON Lines; created if absent;
        a file that is not a decision log is refused untouched; the log is locked
        while the line is written, so concurrent writers each get their own line).

        ``by`` names who decides, as ``"ROLE: NAME"`` (e.g.
        ``"Trưởng Ban Chỉ đạo 138/QN: Nguyễn Văn A"``). Returns the line written.
        A torn line left in the log by an earlier crash is kept and reported as
        a :class:`ChitieuWarning`; the entry starts on a fresh line.
        """
        line, torn = self._native.record(os.fspath(log), by, self.lang)
        for w in torn:
            _warnings.warn(w["message"], ChitieuWarning, stacklevel=2)
        return line

    def compare(self, log: PathLike, line: Optional[int] = None) -> "Changes":
        """What changed since a recorded run: the log's last run of this
        scheme, or the entry on ``line``. Units whose decision changed, with
        the criteria that changed with them."""
        return Changes(self._native.compare(os.fspath(log), line, self.lang))

    # -- display

    def to_html(self, all: bool = False, max_rows: int = 200) -> str:  # noqa: A002 - the CLI's --all
        """The HTML Jupyter shows, made by core like the report: counts, the
        chart of communes per district, the communes in question (``all=True``:
        every commune) with their reasons and gaps, the districts, the
        programme targets."""
        html = self._native.html(self.lang, all, max_rows)
        listed = len(self.data["communes"]) if all else None
        if listed is None or listed > max_rows:
            hint = (".communes, .criteria và .gaps có đủ mọi xã; .to_html(all=True) liệt kê tất cả" if self.lang == "vi"
                    else ".communes, .criteria and .gaps have every commune; .to_html(all=True) lists them all")
            html += f"<div class='chitieu'><p class='ct-muted'>{_display.escape(hint)}</p></div>"
        return html

    def _repr_html_(self) -> str:
        return self.to_html()

    def report(self, path: PathLike, since: Optional[PathLike] = None, line: Optional[int] = None) -> str:
        """Writes the report an official can forward: one self-contained HTML
        page, the same as ``chitieu report --as-of ...`` (counts, certified
        communes per district, what blocks each district, programme targets;
        prints to A4). With ``since`` (a decision log), what changed since its
        last run of this scheme (or the entry on ``line``). Written whole or
        not at all; returns the path written."""
        since_path = None if since is None else os.fspath(since)
        return _display.write_whole(path, self._native.report_html(self.lang, since_path, line))

    def plot(self) -> Any:
        """A matplotlib figure of the report's chart: communes per district by
        decision (certified, not certified, no data, outside the programme)."""
        return _display.plot_communes(self._native.communes_by_district(self.lang), self.lang)

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        tag = " SYNTHETIC" if self.synthetic else ""
        s = self.data["summary"]
        counts = "; ".join(f"{k}: " + ", ".join(f"{n} {d}" for d, n in v.items()) for k, v in s.items())
        return f"<chitieu.Recognition {self.operation} {self.scheme} as of {self.as_of}{tag}: {counts}>"


class Changes:
    """What changed since a recorded run (:meth:`Recognition.compare`).

    ``changes`` lists units whose decision changed (``before``/``after``),
    with the criteria that changed (``criteria``: ``id``, ``before``,
    ``after``). ``inputs_changed`` says whether the facts differ (digests).
    """

    def __init__(self, d: Dict[str, Any]) -> None:
        self._d = d

    recorded_as_of = property(lambda self: self._d["recorded_as_of"])
    recorded_at = property(lambda self: self._d["recorded_at"])
    decided_by = property(lambda self: self._d["decided_by"])
    inputs_changed = property(lambda self: self._d["inputs_changed"])
    changes = property(lambda self: self._d["changes"])
    line = property(lambda self: self._d["line"], doc="The log line of the entry compared with.")
    log_warnings = property(lambda self: self._d["log_warnings"])

    def to_dict(self) -> Dict[str, Any]:
        return dict(self._d)

    def to_pandas(self) -> pd.DataFrame:
        """One row per changed criterion of a changed unit (a unit whose
        decision changed with no criterion has one row, criterion None)."""
        rows = []
        for ch in self.changes:
            base = {"unit": ch["unit"], "name": ch["name"], "before": ch["before"], "after": ch["after"]}
            for c in ch["criteria"] or [{"id": None, "before": None, "after": None}]:
                rows.append({**base, "criterion": c["id"], "criterion_before": c["before"], "criterion_after": c["after"]})
        return _frame(rows, ["unit", "name", "before", "after", "criterion", "criterion_before", "criterion_after"])

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.changes)

    def __repr__(self) -> str:
        by = self.decided_by
        same = "inputs differ" if self.inputs_changed else "same inputs"
        return f"<chitieu.Changes since line {self.line} ({self.recorded_at}, {by['role']}: {by['name']}; {same}): {len(self)} units changed>"


class DecisionLog:
    """A decision log read by :func:`chitieu.read_log`.

    ``entries`` are the readable entries (dicts, each with its ``line``);
    ``warnings`` what could not be read (a torn line, by file and line).
    """

    def __init__(self, path: str, d: Dict[str, Any]) -> None:
        self.path = path
        self.entries: List[Dict[str, Any]] = d["entries"]
        self.warnings: List[Dict[str, Any]] = d["warnings"]

    def last(self, scheme: Optional[str] = None) -> Optional[Dict[str, Any]]:
        """The last entry (of ``scheme``), or None."""
        found = [e for e in self.entries if scheme is None or e["scheme"] == scheme]
        return found[-1] if found else None

    def to_pandas(self) -> pd.DataFrame:
        """One row per entry: line, when, who, on which date and inputs, and how many units got each decision."""
        rows = []
        for e in self.entries:
            row = {
                "line": e["line"], "recorded_at": e["recorded_at"], "operation": e["operation"], "scheme": e["scheme"],
                "document": e["document"], "as_of": e["as_of"], "decided_by_role": e["decided_by"]["role"],
                "decided_by_name": e["decided_by"]["name"], "inputs_sha256": e["inputs_sha256"], "synthetic": e["synthetic"],
            }
            for d in _display.DECISION_ORDER:
                row[d] = sum(1 for u in e["units"] if u["status"] == d)
            rows.append(row)
        columns = ["line", "recorded_at", "operation", "scheme", "document", "as_of", "decided_by_role", "decided_by_name", "inputs_sha256", "synthetic"]
        return pd.DataFrame(rows, columns=columns + list(_display.DECISION_ORDER))

    def units(self, line: Optional[int] = None) -> pd.DataFrame:
        """The units recorded by the entry on ``line`` (default: the last): unit, name, status, then one column per criterion."""
        entry = self.last() if line is None else next((e for e in self.entries if e["line"] == line), None)
        if entry is None:
            raise KeyError(f"{self.path}: no readable entry" + ("" if line is None else f" on line {line}"))
        rows = [{"unit": u["unit"], "name": u["name"], "status": u["status"], **u["criteria"]} for u in entry["units"]]
        return pd.DataFrame(rows)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.entries)

    def __repr__(self) -> str:
        w = f", {len(self.warnings)} warnings" if self.warnings else ""
        return f"<chitieu.DecisionLog '{self.path}': {len(self)} entries{w}>"
