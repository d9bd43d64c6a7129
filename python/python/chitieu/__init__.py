"""chitieu: Quảng Ninh's crime- and drug-prevention targets as data, evaluated exactly.

Pandas in, pandas out (or pyarrow and polars, both ways: results are made by
the core as Arrow arrays and handed over without copying, see
:meth:`Result.to_arrow`). Every decision (status, rounding, precedence,
roll-up, explanations) is made by the Rust core; this package only moves data.

>>> import chitieu
>>> result = chitieu.evaluate(chitieu.sample(), period="2023")
>>> result.to_pandas()[["target", "status", "actual", "required"]].head()  # doctest: +SKIP
>>> chitieu.check("nq314.crime.clearance_rate", 79, 100).status
'not_met'

Drug-free recognition (Kế hoạch 50/KH-UBND): :func:`select`, :func:`certify`
and :func:`programme` read dated figures, events and a programme register
(paths or DataFrames) and return a :class:`Recognition`; its
:meth:`Recognition.record` appends to a decision log that :func:`read_log` reads.

>>> r = chitieu.certify(sample=True, as_of="2024-12-15")
>>> r.summary()  # doctest: +SKIP

Workbooks: every path input may be an ``.xlsx``, ``.xlsm``, ``.xls`` or
``.ods`` file (``sheet=`` or ``"SoLieu.xlsx#Huyện"`` names the sheet; else
the first sheet with the expected header is read), and results are written
back as workbooks with :meth:`Result.to_excel` and
:meth:`Recognition.to_excel`; :func:`template` makes the data-entry workbook.

>>> chitieu.evaluate("SoLieu.xlsx", period=2023).to_excel("BangDiem.xlsx")  # doctest: +SKIP

Errors are :class:`ChitieuError`, or its subclasses :class:`DataError` (with
``file``, ``row``, ``column``, ``value``, ``expected``, and ``sheet`` and
``cell`` for a workbook) and
:class:`CatalogueError` (with ``file`` and ``path``). Rows of a DataFrame are
reported like rows of a CSV file: the header is row 1, so the first data row
(position 0) is row 2.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import pandas as pd

from . import _display, _frames, _native
from ._native import CatalogueError, ChitieuError, DataError
from ._recognition import Changes, ChitieuWarning, DecisionLog, Recognition

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Changes",
    "Checked",
    "ChitieuError",
    "Conversion",
    "ChitieuWarning",
    "DataError",
    "Dataset",
    "DecisionLog",
    "Inputs",
    "Recognition",
    "Result",
    "Units",
    "certify",
    "check",
    "convert",
    "evaluate",
    "programme",
    "read_log",
    "sample",
    "sample_programme",
    "select",
    "template",
    "__version__",
]

__version__: str = _native.version()

PathLike = Union[str, "os.PathLike[str]"]


def _lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        raise ChitieuError(f"unknown language '{lang}': expected vi or en")
    return lang


class Catalogue:
    """The documents, their targets and the data vocabulary.

    >>> cat = chitieu.Catalogue.default()
    >>> cat.targets[["id", "clause", "phrase"]].head()  # doctest: +SKIP
    >>> [w["code"] for w in cat.warnings]  # doctest: +SKIP
    ['allocation_sum']

    ``lang`` ("vi" or "en") chooses the language of names, clauses and warnings.
    """

    def __init__(self, native: Any, lang: str = "vi") -> None:
        self._native = native
        self.lang = _lang(lang)

    @classmethod
    def default(cls, lang: str = "vi") -> "Catalogue":
        """The built-in catalogue: the five documents of Quảng Ninh."""
        return cls(_default_catalogue(), lang)

    @classmethod
    def from_path(cls, path: Union[PathLike, Sequence[PathLike]], replace: bool = False, lang: str = "vi") -> "Catalogue":
        """Loads catalogue TOML files (a file, a directory of them, or a list).

        By default they are added to the built-in documents (a document with
        the same id replaces the built-in one); ``replace=True`` uses them alone.

        >>> chitieu.Catalogue.from_path("my-targets.toml")  # doctest: +SKIP
        """
        paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
        return cls(_native.NativeCatalogue.from_paths([os.fspath(p) for p in paths], replace), lang)

    @property
    def targets(self) -> pd.DataFrame:
        """One row per target: id, document, clause, phrase, name, period, variables, rule..."""
        return pd.DataFrame(self._native.targets(self.lang))

    @property
    def documents(self) -> pd.DataFrame:
        """One row per document: id, number, kind, issuer, date, title, scope."""
        return pd.DataFrame(self._native.documents(self.lang))

    @property
    def variables(self) -> pd.DataFrame:
        """The data vocabulary: the column names data may use, their kind and meaning."""
        return pd.DataFrame(self._native.variables())

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """Facts found while loading (e.g. an allocation table whose parts do not add up)."""
        return self._native.warnings(self.lang)

    @property
    def version_label(self) -> str:
        return self._native.version_label()

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return f"<chitieu.Catalogue {self.version_label}: {len(self)} targets, {len(self.warnings)} warnings>"


class Units:
    """A registry of administrative units (province, districts, communes).

    >>> units = chitieu.Units.default()
    >>> len(units)
    191
    """

    def __init__(self, native: Any) -> None:
        self._native = native

    @classmethod
    def default(cls) -> "Units":
        """Quảng Ninh in every structure: 2024 (the province, 13 districts, 177 communes), from 1/11/2024 (171 communes), from 1/7/2025 (the province and 54 communes)."""
        return cls(_default_units())

    @classmethod
    def from_path(cls, path: PathLike, sheet: Optional[str] = None) -> "Units":
        """Reads ``code,name,level,division_type,parent_code`` (and optionally
        ``valid_from,valid_to``) from a CSV file or a workbook: ``sheet`` (or
        ``"units.xlsx#Xã"``) names its sheet, else the first sheet with those
        columns is read. Keep codes as text so leading zeros survive."""
        return cls(_native.NativeUnits.from_csv_path(os.fspath(path), sheet))

    @classmethod
    def from_csv(cls, path: PathLike, sheet: Optional[str] = None) -> "Units":
        """The same as :meth:`from_path` (which reads workbooks too)."""
        return cls.from_path(path, sheet)

    @classmethod
    def load(cls, units: Sequence[PathLike] = (), lineage: Sequence[PathLike] = ()) -> "Units":
        """A registry of several structures, across administrative reforms.

        ``units`` are unit lists (oldest first), ``lineage`` lineage files
        (``effective,old_code,new_code,kind,...``). Without unit lists: the
        built-in structures of Quảng Ninh (2024, from 1/11/2024, from
        1/7/2025) with the lineage files laid over the built-in lineage (to
        supply Phường Yết Kiêu's successor, say).

        >>> units = chitieu.Units.load()
        >>> units.structures()["label"].tolist()
        ['2024', '2024-11-01', '2025-07-01']
        """
        return cls(_native.NativeUnits.load([os.fspath(p) for p in units], [os.fspath(p) for p in lineage]))

    def structures(self) -> pd.DataFrame:
        """The structures one after the other: label, from, to and unit counts."""
        first = self._native.listing("2000-01-01")
        return pd.DataFrame(first["structures"])

    def as_of(self, date: Any) -> pd.DataFrame:
        """The units in force on a date (``chitieu units --as-of``)."""
        return pd.DataFrame(self._native.listing(_date_text(date, "as_of"))["units"])

    def history(self, code: str) -> List[Dict[str, Any]]:
        """Every version of a unit code with its history both ways
        (``chitieu units --lineage``): what it was formed from (``before``) and
        what it went into (``after``), each link with its date and kind."""
        return self._native.history(str(code))

    @classmethod
    def from_pandas(cls, df: pd.DataFrame, name: str = "DataFrame") -> "Units":
        """A registry from a DataFrame with the columns of :meth:`from_csv`.

        Codes are text: keep leading zeros (read CSVs with ``dtype=str``).
        """
        # Whole-number floats (a parent_code column with a NaN) as integers:
        # '22', never '22.0'.
        return cls(_native.NativeUnits.from_csv_text(_records_csv(_pandas_of(df)), name))

    def to_pandas(self) -> pd.DataFrame:
        return pd.DataFrame(self._native.columns())

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return f"<chitieu.Units: {len(self)} units>"


class Dataset:
    """Observations checked by core: known units, known variables, valid values.

    Build one with :meth:`load` (DataFrame, path, dict or list of records) or
    get the built-in synthetic one with :func:`sample`.
    """

    def __init__(self, native: Any) -> None:
        self._native = native

    @classmethod
    def load(cls, data: Any, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None, name: Optional[str] = None, sheet: Optional[str] = None) -> "Dataset":
        """Reads observations.

        ``data`` is a DataFrame, wide (``unit_code``, ``period``, one column per
        variable) or long (``unit_code``, ``period``, ``variable``, ``value``);
        a path to a ``.csv`` (``,`` ``;`` or tab), ``.json`` or workbook file
        (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``: ``sheet`` or
        ``"SoLieu.xlsx#Huyện"`` names the sheet, else the first sheet whose
        header names ``unit_code`` and ``period`` is read, below a title block
        if need be); a dict of columns; a list of records; or a Dataset
        (returned as is). NaN, None and blank cells are missing, never zero.
        In errors, DataFrame row ``i`` (by position) is row ``i + 2``; a
        workbook's errors name sheet and cell (``DataError.sheet``, ``.cell``).

        >>> df = pd.DataFrame({"unit_code": ["193"], "period": [2023], "crimes_recorded": [100], "crimes_solved": [79]})
        >>> chitieu.Dataset.load(df)  # doctest: +SKIP
        """
        if sheet is not None and not isinstance(data, (str, os.PathLike)):
            raise ChitieuError(f"sheet '{sheet}' names a sheet of a workbook file: give the path of the workbook as data")
        if isinstance(data, Dataset):
            return data
        cat = (catalogue or Catalogue.default())._native
        reg = (units or Units.default())._native
        if isinstance(data, (str, os.PathLike)):
            return cls(_native.NativeDataset.from_path(os.fspath(data), cat, reg, sheet))
        if not isinstance(data, pd.DataFrame) and hasattr(data, "__arrow_c_stream__"):
            # pyarrow, polars...: their Arrow columns, read without pandas.
            native = _frames.dataset_from_arrow(data, cat, reg, name or "DataFrame")
            if native is not None:
                return cls(native)
        data = _pandas_of(data)
        if isinstance(data, dict):
            data = pd.DataFrame(data)
            name = name or "dict"
        elif isinstance(data, list):
            data = pd.DataFrame.from_records(data)
            name = name or "records"
        if isinstance(data, pd.DataFrame):
            return cls(_frames.dataset_from_frame(data, cat, reg, name or "DataFrame"))
        raise TypeError(f"chitieu cannot read data of type {_type_name(data)}: give a pandas, polars or pyarrow table, a path, a dict of columns or a list of records")

    @classmethod
    def from_pandas(cls, df: pd.DataFrame, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None, name: str = "DataFrame") -> "Dataset":
        """Reads a wide or long DataFrame (see :meth:`load`)."""
        return cls.load(df, catalogue, units, name)

    @classmethod
    def from_path(cls, path: PathLike, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None, sheet: Optional[str] = None) -> "Dataset":
        """Reads a ``.csv`` (wide or long), ``.json`` or workbook file (see :meth:`load`)."""
        return cls.load(os.fspath(path), catalogue, units, sheet=sheet)

    def to_pandas(self, wide: bool = False, exact: bool = False) -> pd.DataFrame:
        """The observations as a DataFrame.

        Long (``unit_code, period, variable, value``, and ``structure`` where a
        code reused by a reform needs it) by default; ``wide=True``
        gives one column per variable (NaN where nothing was reported).
        ``exact=True`` keeps values as exact decimal text instead of floats.
        """
        long = pd.DataFrame(self._native.records())
        if not exact:
            long["value"] = pd.to_numeric(long["value"])
        if not wide:
            return long
        # A code a reform reused keeps its structure beside it (see records).
        keys = ["unit_code", "period"] + (["structure"] if "structure" in long.columns else [])
        out = long.pivot(index=keys, columns="variable", values="value").reset_index()
        out.columns.name = None
        return out

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def synthetic(self) -> bool:
        """True for the built-in sample: every report of it says so."""
        return self._native.synthetic

    @property
    def periods(self) -> List[str]:
        return self._native.periods()

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        return self._native.warnings("vi")

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        tag = " SYNTHETIC" if self.synthetic else ""
        return f"<chitieu.Dataset '{self.name}'{tag}: {len(self)} values>"


class Conversion:
    """Figures moved to another structure (see :func:`convert`).

    ``dataset`` holds the converted figures (evaluate it like any dataset);
    :meth:`to_pandas` lists them with their sources; :attr:`not_converted`
    says what could not be converted and why.
    """

    def __init__(self, native: Any, lang: str) -> None:
        self._native = native
        self._lang = lang
        self._report = native.report(lang)

    @property
    def structure(self) -> str:
        return self._native.structure

    @property
    def dataset(self) -> Dataset:
        return Dataset(self._native.dataset())

    def to_pandas(self) -> pd.DataFrame:
        """One row per converted figure, with its sources in words and as a list."""
        rows = self._report["converted"]
        df = pd.DataFrame(rows, columns=["unit", "unit_name", "period", "variable", "value", "value_exact", "sources"])
        return df

    @property
    def not_converted(self) -> pd.DataFrame:
        """What could not be converted: unit, period, variable, reason_code, reason."""
        return pd.DataFrame(self._report["not_converted"], columns=["unit", "unit_name", "period", "variable", "reason_code", "reason", "reason_vi", "reason_en"])

    @property
    def readings(self) -> List[str]:
        """The conversion rules, as stated in NOTES.md."""
        return self._report["readings"]

    def report(self) -> Dict[str, Any]:
        """The whole report (``chitieu convert --report``)."""
        return self._report

    def to_csv(self) -> str:
        """The converted figures as ``chitieu convert --out`` writes them."""
        return self._native.csv()

    def __repr__(self) -> str:
        return f"<chitieu.Conversion to {self.structure}: {len(self._report['converted'])} converted, {len(self._report['not_converted'])} not>"


def convert(data: Any, to: Any, shares: Optional[PathLike] = None, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None, lang: str = "vi") -> Conversion:
    """Moves figures to the structure in force on ``to`` (``chitieu convert``).

    Counts add up from whole predecessors; a divided unit's counts go to its
    parts only with ``shares`` (a CSV ``old_code,new_code,share``), otherwise
    they are reported as not attributable; rates are recomputed from converted
    parts; yes/no facts follow the all-of rule. ``data`` is read with
    ``units`` (default: every built-in structure).

    >>> c = chitieu.convert(chitieu.sample(), "2025-07-01")  # doctest: +SKIP
    """
    cat = catalogue or Catalogue.default()
    reg = units or Units.load()
    ds = Dataset.load(data, cat, reg)
    return Conversion(_native.convert(ds._native, _date_text(to, "to"), cat._native, os.fspath(shares) if shares is not None else None), _lang(lang))


def sample() -> Dataset:
    """The built-in SYNTHETIC sample (2016-2025, province, districts, communes; 2025 half in each structure).

    Not real figures of Quảng Ninh: every result computed from it says so.

    >>> ds = chitieu.sample()
    >>> ds.synthetic
    True
    """
    return Dataset(_native.sample())


class Result:
    """The outcome of :func:`evaluate`: one row per target, unit and period.

    >>> r = chitieu.evaluate(chitieu.sample(), period="2023", unit="all")
    >>> r.to_pandas().query("status == 'not_met'")  # doctest: +SKIP
    >>> r.summary()  # doctest: +SKIP
    """

    def __init__(self, native: Any, lang: str) -> None:
        self._native = native
        self.lang = lang

    @property
    def period(self) -> str:
        return self._native.period

    @property
    def dataset(self) -> str:
        return self._native.dataset

    @property
    def synthetic(self) -> bool:
        return self._native.synthetic

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """Warnings to show with the result (synthetic data, allocation sums, repaired codes...)."""
        return self._native.warnings(self.lang)

    @property
    def outcomes(self) -> List[Dict[str, Any]]:
        """The outcomes as dicts, exactly the public JSON contract."""
        return self._native.outcomes(self.lang)

    @property
    def units_without_figures(self) -> pd.DataFrame:
        """Units reported once per document instead of a ``no_data`` row per
        target: a unit below the level a document sets its targets for (a
        commune, for the province's targets of NQ 314) with none of the figures
        those targets need in the period. One row per unit and document:
        ``unit``, ``unit_name``, ``level``, ``document``, ``document_id``,
        ``period``, ``structure`` (across a reform, the structure of the unit's
        version, as for outcomes; else None), ``targets`` (how many targets bind it), ``explanation``
        ("Phường Hà Khánh: no figures for the targets of 314/2020/NQ-HĐND in
        2023"), also in both languages; the JSON contract's list of the same name.
        """
        return _frames.arrow_table(self._native.units_without_figures_arrow(self.lang)).to_pandas()

    def to_arrow(self, columns: Optional[Sequence[str]] = None) -> Any:
        """The outcomes as a ``pyarrow.Table``: the columns of :meth:`to_pandas`
        (or only ``columns``, in that order), made by core as Arrow arrays and
        handed over without copying (the Arrow PyCapsule interface).

        Exact values are text (decimal strings), ``*_float`` columns float64
        for plotting only; ``governing`` and ``stretch_reached`` are booleans;
        ``lead`` and ``partners`` lists of text; ``missing``, ``parts``,
        ``reform`` and ``lineage`` lists of structs with the JSON contract's
        keys. Text (explanations, requirements...) is only made for the
        columns asked for.

        >>> chitieu.evaluate(chitieu.sample(), period=2023, unit="all").to_arrow(["unit", "target", "status"])  # doctest: +SKIP
        """
        return _frames.arrow_table(self._arrow(columns))

    def to_polars(self, columns: Optional[Sequence[str]] = None) -> Any:
        """The outcomes as a ``polars.DataFrame`` (the columns of
        :meth:`to_arrow`), from the same Arrow arrays. Needs polars."""
        try:
            import polars as pl
        except ImportError as e:
            raise ImportError("Result.to_polars() needs polars: pip install polars (or use to_pandas() or to_arrow())") from e
        return pl.from_arrow(self.to_arrow(columns))

    def _arrow(self, columns: Optional[Sequence[str]]) -> Any:
        if isinstance(columns, str):
            columns = [columns]
        return self._native.arrow(self.lang, None if columns is None else [str(c) for c in columns])

    def to_pandas(self, columns: Optional[Sequence[str]] = None) -> pd.DataFrame:
        """One row per outcome, the JSON contract's fields as columns (or only
        ``columns``, in that order: the text of the others is then not made).

        Exact values (``actual``, ``required_value``, ``margin``, ``change``,
        ``baseline_value``...) are decimal strings; ``*_float`` columns hold the
        same values as floats, for plotting only (never decide with them).
        Nested fields are flattened: ``baseline_period``/``baseline_value``,
        ``stretch_value``/``stretch_reached``, ``allocation_table``/``allocation_share``.
        ``extended_from`` is "province" when a province target is judged for a
        district or commune. Units without any figure for a document have no
        rows here: see :attr:`units_without_figures`. Built from
        :meth:`to_arrow`'s table; lists are Python lists (of dicts).
        """
        return _frames.pandas_of_arrow(self.to_arrow(columns))

    def summary(self, governing_only: bool = True) -> pd.DataFrame:
        """Counts of outcomes by document and status (with a total row and column).

        ``governing_only`` leaves out outcomes that a more demanding target supersedes.
        """
        df = self.to_pandas()
        if governing_only:
            df = df[df["governing"]]
        table = pd.crosstab(df["document"], df["status"], margins=True, margins_name="total")
        cols = [s for s in _display.STATUS_ORDER if s in table.columns] + ["total"]
        return table.reindex(columns=cols, fill_value=0)

    def to_json(self, indent: Optional[int] = None) -> str:
        """The public JSON contract: ``{chitieu_version, period, dataset, warnings, outcomes, units_without_figures}``."""
        text = self._native.to_json(self.lang)
        return text if indent is None else json.dumps(json.loads(text), ensure_ascii=False, indent=indent)

    def to_csv(self) -> str:
        """The CSV form the command line writes."""
        return self._native.to_csv(self.lang)

    def to_excel(self, path: PathLike) -> None:
        """Writes the scorecard workbook (.xlsx), as ``chitieu evaluate --out
        BangDiem.xlsx`` does: a summary sheet, one sheet per level with
        coloured statuses, exact values, requirement, margin, clause and
        explanation, and the warnings. The file is written whole or not at all.

        >>> chitieu.evaluate(chitieu.sample(), period=2023, unit="all").to_excel("BangDiem.xlsx")  # doctest: +SKIP
        """
        self._native.to_excel(os.fspath(path), self.lang)

    def to_html(self, max_rows: int = 200) -> str:
        """The HTML Jupyter shows, made by core from the report's own pieces:
        the summary per document and level, the districts of each document by
        share of targets met, then the outcomes (not met first, at most
        ``max_rows``). Numbers are written the reader's way ("94,92%"), the
        exact value in each number's tooltip."""
        html = self._native.html(self.lang, max_rows)
        if len(self) > max_rows:
            hint = ".to_pandas() có mọi dòng" if self.lang == "vi" else ".to_pandas() has every row"
            html += f"<div class='chitieu'><p class='ct-muted'>{_display.escape(hint)}</p></div>"
        return html

    def _repr_html_(self) -> str:
        return self.to_html()

    def report(self, path: PathLike, lang: Optional[str] = None, previous: Optional["Result"] = None) -> str:
        """Writes the report an official can forward: one self-contained HTML
        page, the same as ``chitieu report --period ...`` (summary per document
        and level, district charts, targets not met with explanations and
        clauses; prints to A4). ``previous``, the evaluation of an earlier
        period (e.g. the year before, same units), adds what changed since.
        The file is written whole or not at all. Returns the path written.

        >>> data = chitieu.sample()
        >>> r = chitieu.evaluate(data, period=2023, unit="all")
        >>> r.report("BaoCao.html", previous=chitieu.evaluate(data, period=2022, unit="all"))  # doctest: +SKIP
        """
        before = None if previous is None else previous._native
        return _display.write_whole(path, self._native.report_html(_lang(lang or self.lang), before))

    def plot(self, document: Optional[str] = None) -> Any:
        """A matplotlib figure of the report's chart: for each document (or
        only ``document``, e.g. "nq314"), its districts by share of targets
        met, stacked met / not met / no data. Needs matplotlib (and district
        outcomes: evaluate with ``unit="all"``)."""
        return _display.plot_districts(self._native.district_charts(self.lang), document)

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        tag = " SYNTHETIC" if self.synthetic else ""
        return f"<chitieu.Result period={self.period} dataset='{self.dataset}'{tag}: {len(self)} outcomes>"


def evaluate(
    data: Any,
    period: Union[str, int],
    unit: Union[None, str, int, Iterable[Union[str, int]]] = None,
    catalogue: Optional[Catalogue] = None,
    units: Optional[Units] = None,
    lang: str = "vi",
    sheet: Optional[str] = None,
) -> Result:
    """Evaluates every target that binds ``period`` for the chosen units.

    ``data``: anything :meth:`Dataset.load` reads (DataFrame, path of a CSV,
    JSON or workbook file, dict, records, Dataset); ``sheet`` names the sheet
    of a workbook. ``unit``: None for the province, a unit code, a list of
    codes, or "all" for every unit. ``lang``: "vi" or "en" for names and
    explanations. The GIL is released while core evaluates.

    >>> r = chitieu.evaluate(chitieu.sample(), period=2023, unit="all", lang="en")
    >>> r.to_pandas()[["unit_name", "target", "status"]]  # doctest: +SKIP
    """
    _lang(lang)
    ds = Dataset.load(data, catalogue, units, sheet=sheet)
    if unit is not None and not isinstance(unit, (str, int)):
        unit = [str(u) for u in unit]
        if not unit:
            raise ValueError('unit=[]: no unit selected (the list of unit codes is empty); give None for the province, "all" for every unit, or unit codes')
    elif isinstance(unit, int):
        unit = str(unit)
    native = _native.evaluate(
        ds._native,
        str(period),
        (catalogue or Catalogue.default())._native,
        (units or Units.default())._native,
        unit,
    )
    return Result(native, lang)


class Checked:
    """The decision of :func:`check` for one value.

    Attributes mirror the JSON contract: ``status``, ``actual``, ``numerator``,
    ``denominator``, ``comparator``, ``required_value``, ``margin``,
    ``margin_unit``, ``explanation``... (exact values as decimal strings).
    """

    def __init__(self, fields: Dict[str, Any], lang: str) -> None:
        self._fields = fields
        self.lang = lang

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_fields"][name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self) -> Dict[str, Any]:
        return dict(self._fields)

    def _repr_html_(self) -> str:
        return _display.checked_html(self._fields, self.lang)

    def __repr__(self) -> str:
        f = self._fields
        return f"<chitieu.Checked {f['target']}: {f['status']} (actual {f.get('actual')}, margin {f.get('margin')})>"


def check(
    target_id: str,
    numerator: Union[int, float, str, Any],
    denominator: Union[int, float, str, Any, None] = None,
    catalogue: Optional[Catalogue] = None,
    lang: str = "vi",
) -> Checked:
    """Decides one target on given numbers, without a dataset.

    For a rate, give numerator and denominator; for a value compared with a
    baseline, give the value and the baseline value; otherwise the value alone.

    >>> chitieu.check("nq314.crime.reports_resolved", 91, 100).status
    'not_met'
    >>> chitieu.check("nq314.crime.total_cases_2025", 950, 1000).margin
    '0'
    """
    _lang(lang)
    cat = (catalogue or Catalogue.default())._native
    return Checked(_native.check(cat, target_id, numerator, denominator, lang), lang)


# ---------------------------------------------------------------------------
# Drug-free recognition (Kế hoạch 50/KH-UBND)

_FILES = {"data": "figures", "events": "events", "register": "register"}


def _records_csv(df: pd.DataFrame) -> str:
    """A small table (events, register) as CSV text for core's reader.

    Whole floats (a count column that has a NaN) are written as integers,
    dates as YYYY-MM-DD, missing values as empty cells. Row ``i`` of the
    DataFrame becomes line ``i + 2``, so errors name it as everywhere else.
    """
    out = pd.DataFrame(index=range(len(df)))
    for i, c in enumerate(df.columns):
        s = df.iloc[:, i].reset_index(drop=True)
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            s = s.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(s.dtype):
            whole = s.dropna()
            if len(whole) and (whole == whole.round()).all() and whole.abs().max() < 9e15:
                s = s.astype("Int64")
        elif s.dtype == object:
            s = s.map(lambda v: v.date().isoformat() if isinstance(v, _dt.datetime) and v.time() == _dt.time(0) else v)
        out[str(c)] = s
    return out.to_csv(index=False, lineterminator="\n")


def _source(x: Any, what: str, sheet: Optional[str] = None) -> Optional[tuple]:
    """Events or a register as (name, text, sheet) for the native reader: a
    path (CSV, JSON or a workbook, whose sheet ``sheet`` names) is read by
    core; a DataFrame, dict of columns or list of records becomes CSV text."""
    if x is None:
        if sheet is not None:
            raise ChitieuError(f"a sheet is named for the {what}, but no {what} file is given")
        return None
    if isinstance(x, (str, os.PathLike)):
        return (os.fspath(x), None, sheet)
    if sheet is not None:
        raise ChitieuError(f"sheet '{sheet}' names a sheet of a workbook: give the path of the workbook as {what}")
    x = _pandas_of(x)
    if isinstance(x, dict):
        x = pd.DataFrame(x)
    elif isinstance(x, list):
        x = pd.DataFrame.from_records(x)
    if isinstance(x, pd.DataFrame):
        return (f"{what} (DataFrame)", _records_csv(x), None)
    raise TypeError(f"chitieu cannot read {what} of type {_type_name(x)}: give a path, a pandas, polars or pyarrow table, a dict of columns or a list of records")


def _type_name(x: Any) -> str:
    """A type by module and name: 'polars.dataframe.frame.DataFrame', not a bare 'DataFrame'."""
    t = type(x)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _pandas_of(x: Any) -> Any:
    """A polars DataFrame or a pyarrow Table/RecordBatch as a pandas DataFrame
    (their ``to_pandas``, else the dataframe interchange protocol); anything
    else as it is."""
    if isinstance(x, pd.DataFrame):
        return x
    if type(x).__module__.split(".")[0] in ("polars", "pyarrow") and hasattr(x, "to_pandas"):
        try:
            return x.to_pandas()
        except ImportError:  # polars without pyarrow
            pass
    if hasattr(x, "__dataframe__"):
        return pd.api.interchange.from_dataframe(x)
    return x


def _in_folder(folder: str) -> Dict[str, Optional[str]]:
    """figures/events/register .csv or .json inside a folder (each optional)."""
    found: Dict[str, Optional[str]] = {}
    for key, stem in _FILES.items():
        paths = [os.path.join(folder, f"{stem}{ext}") for ext in (".csv", ".json")]
        found[key] = next((p for p in paths if os.path.isfile(p)), None)
    if not any(found.values()):
        raise ChitieuError(f"{folder}: no figures, events or register file (.csv or .json) in this folder")
    return found


class Inputs:
    """The dated facts of a recognition run: figures, events and the programme register.

    - figures: observations whose period is a day (``unit_code, period=2024-12-10, ...``),
      anything :meth:`Dataset.load` reads (wide or long DataFrame, path...);
    - events: ``date, unit_code, kind, residence, severity, note`` (path or DataFrame);
    - register: ``unit_code, track, entry_date, certified_on, lost_on`` and figures
      at entry named ``<variable>_at_entry`` (path or DataFrame).

    Each is optional. A folder path as ``data`` reads ``figures``, ``events``
    and ``register`` (``.csv`` or ``.json``) from it. A path may be a
    workbook; one workbook may hold all three, each read from the first sheet
    whose header it recognises, or from the sheets named in ``sheets``
    (``{"data": "Số liệu", "events": "Sự kiện", "register": "Đăng ký"}``).

    >>> inputs = chitieu.Inputs.load("figures.csv", events="events.csv", register="register.csv")  # doctest: +SKIP
    >>> inputs.digest  # doctest: +SKIP
    """

    def __init__(self, native: Any) -> None:
        self._native = native

    @classmethod
    def load(cls, data: Any = None, events: Any = None, register: Any = None, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None, sheets: Optional[Dict[str, str]] = None) -> "Inputs":
        sheets = dict(sheets or {})
        unknown = sorted(set(sheets) - {"data", "events", "register"})
        if unknown:
            raise ChitieuError(f"sheets: unknown input {', '.join(unknown)}: expected data, events or register")
        if isinstance(data, Inputs):
            if events is not None or register is not None:
                raise ChitieuError("give events and register with the figures, not beside an Inputs")
            return data
        if isinstance(data, (str, os.PathLike)) and os.path.isdir(data):
            if events is not None or register is not None:
                raise ChitieuError(f"{os.fspath(data)} is a folder: it gives figures, events and register together")
            found = _in_folder(os.fspath(data))
            data, events, register = found["data"], found["events"], found["register"]
        if data is None and events is None and register is None:
            raise ChitieuError("no facts: give data (figures), events or register (paths or DataFrames), or sample=True")
        cat = catalogue or Catalogue.default()
        reg = units or Units.default()
        figures = None
        if data is not None:
            name = "figures (DataFrame)" if isinstance(data, (pd.DataFrame, dict, list)) else None
            figures = Dataset.load(data, cat, reg, name=name, sheet=sheets.get("data"))._native
        elif "data" in sheets:
            raise ChitieuError("a sheet is named for the data, but no data file is given")
        events_source = _source(events, "events", sheets.get("events"))
        register_source = _source(register, "register", sheets.get("register"))
        return cls(_native.NativeInputs.build(cat._native, reg._native, figures, events_source, register_source))

    @property
    def digest(self) -> str:
        """SHA-256 of the normalised facts: the order and layout of the files do not change it; any figure, date or kind does."""
        return self._native.digest()

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def synthetic(self) -> bool:
        return self._native.synthetic

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        return self._native.warnings("vi")

    @property
    def figures(self) -> Dataset:
        return Dataset(self._native.figures())

    @property
    def events(self) -> pd.DataFrame:
        """The events, checked and sorted by date: date, unit_code, kind, residence, severity, note."""
        return pd.DataFrame(self._native.events())

    @property
    def register(self) -> pd.DataFrame:
        """The register: unit_code, track, entry_date, certified_on, lost_on, note, ``<variable>_at_entry`` (exact text)."""
        return pd.DataFrame(self._native.register())

    def __repr__(self) -> str:
        tag = " SYNTHETIC" if self.synthetic else ""
        return f"<chitieu.Inputs '{self.name}'{tag}: {len(self.figures)} figures, {len(self.events)} events, {len(self.register)} register entries; sha256 {self.digest[:16]}…>"


def sample_programme(catalogue: Optional[Catalogue] = None, units: Optional[Units] = None) -> Inputs:
    """The built-in SYNTHETIC 2024 programme: 34 keep-clean communes and 2
    keep-clean districts, 42 make-clean communes (some failing for different
    reasons), the December 2024 approvals in the register. Not real data.

    >>> chitieu.sample_programme().synthetic
    True
    """
    cat = catalogue or Catalogue.default()
    reg = units or Units.default()
    return Inputs(_native.sample_programme(cat._native, reg._native))


def _date_text(v: Any, what: str) -> str:
    if v is None:
        raise ChitieuError(f"{what} is required: a date (YYYY-MM-DD, datetime.date or pandas.Timestamp)")
    if isinstance(v, str):
        return v
    if isinstance(v, _dt.datetime):  # pandas.Timestamp too
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if hasattr(v, "dtype") and str(getattr(v, "dtype", "")).startswith("datetime64"):
        return pd.Timestamp(v).date().isoformat()
    raise ChitieuError(f"{what}: not a date: {v!r} (expected YYYY-MM-DD, datetime.date or pandas.Timestamp)")


def _inputs(data: Any, events: Any, register: Any, catalogue: Optional[Catalogue], units: Optional[Units], sample: bool, sheets: Optional[Dict[str, str]] = None) -> Inputs:
    if sample:
        if data is not None or events is not None or register is not None or sheets:
            raise ChitieuError("sample=True uses the built-in synthetic programme: give no data, events, register or sheets with it")
        return sample_programme(catalogue, units)
    return Inputs.load(data, events, register, catalogue, units, sheets)


def _natives(catalogue: Optional[Catalogue], units: Optional[Units]) -> tuple:
    return (catalogue or Catalogue.default())._native, (units or Units.default())._native


def select(
    data: Any = None,
    events: Any = None,
    register: Any = None,
    as_of: Any = None,
    catalogue: Optional[Catalogue] = None,
    units: Optional[Units] = None,
    lang: str = "vi",
    sample: bool = False,
    scheme: str = "kh50",
    sheets: Optional[Dict[str, str]] = None,
) -> Recognition:
    """Selection at date ``as_of`` (S, Mục II.4): which communes and districts may enter the programme.

    ``data`` (figures), ``events``, ``register``: paths (CSV, JSON or a
    workbook; ``sheets`` may name each one's sheet, see :class:`Inputs`),
    DataFrames, a folder holding the three files, or an :class:`Inputs`;
    ``sample=True`` for the built-in synthetic programme. The GIL is released
    while core works.

    >>> chitieu.select(sample=True, as_of="2025-01-15").communes.query("status == 'eligible'")  # doctest: +SKIP
    """
    _lang(lang)
    inputs = _inputs(data, events, register, catalogue, units, sample, sheets)
    cat, reg = _natives(catalogue, units)
    return Recognition(_native.select(inputs._native, cat, reg, _date_text(as_of, "as_of"), scheme), lang)


def certify(
    data: Any = None,
    events: Any = None,
    register: Any = None,
    as_of: Any = None,
    catalogue: Optional[Catalogue] = None,
    units: Optional[Units] = None,
    lang: str = "vi",
    sample: bool = False,
    scheme: str = "kh50",
    sheets: Optional[Dict[str, str]] = None,
) -> Recognition:
    """Certification at review date ``as_of`` (R, Mục II.5): which communes and
    districts are drug-free, which keep the status, what stands in the way of
    the others, and the programme targets of the year.

    Inputs as for :func:`select`. The GIL is released while core works.

    >>> r = chitieu.certify(sample=True, as_of="2024-12-15", lang="en")
    >>> r.gaps.head()  # doctest: +SKIP
    >>> r.record("decisions.jsonl", by="Trưởng Ban Chỉ đạo 138/QN: Nguyễn Văn A")  # doctest: +SKIP
    """
    _lang(lang)
    inputs = _inputs(data, events, register, catalogue, units, sample, sheets)
    cat, reg = _natives(catalogue, units)
    return Recognition(_native.certify(inputs._native, cat, reg, _date_text(as_of, "as_of"), scheme), lang)


def programme(
    data: Any = None,
    events: Any = None,
    register: Any = None,
    year: Optional[int] = None,
    as_of: Any = None,
    catalogue: Optional[Catalogue] = None,
    units: Optional[Units] = None,
    lang: str = "vi",
    sample: bool = False,
    scheme: str = "kh50",
    sheets: Optional[Dict[str, str]] = None,
) -> Recognition:
    """The programme report of ``year``: certification on ``as_of`` (default
    31 December of the year), then the programme targets (60% of the selected
    communes, 90% kept...) in :attr:`Recognition.programme`.

    >>> chitieu.programme(sample=True, year=2024).programme[["target", "status", "actual"]]  # doctest: +SKIP
    """
    _lang(lang)
    if year is None:
        raise ChitieuError("year is required: the programme year (e.g. 2024)")
    inputs = _inputs(data, events, register, catalogue, units, sample, sheets)
    cat, reg = _natives(catalogue, units)
    as_of_text = None if as_of is None else _date_text(as_of, "as_of")
    return Recognition(_native.programme(inputs._native, cat, reg, int(year), as_of_text, scheme), lang)


def template(
    period: Union[str, int],
    level: Optional[str] = None,
    document: Optional[str] = None,
    path: Optional[PathLike] = None,
    catalogue: Optional[Catalogue] = None,
    units: Optional[Units] = None,
) -> Optional[pd.DataFrame]:
    """The data-entry template of ``period``: one row per unit (and period)
    the binding targets read, one column per variable they need, every figure
    blank (missing, never zero). ``level`` ("province", "district",
    "commune") and ``document`` ("nq314"...) narrow it.

    With ``path``, writes the workbook ``chitieu template`` writes (codes as
    text, Vietnamese names above the variable ids, validation of what may be
    typed, an input message naming the targets each column feeds) and
    returns None; filled in, it goes straight back into :func:`evaluate`.
    Without, returns the template as a DataFrame (``attrs["names_vi"]`` the
    Vietnamese column names, ``attrs["targets"]`` the targets each variable
    feeds), which :func:`evaluate` reads once filled. The rows are the units
    in force during ``period``; where a code alone does not name its unit
    over a row's period (a code a reform reused, in 2025), the template has a
    ``structure`` column saying which.

    >>> chitieu.template(2025, level="district", path="MauNhapLieu.xlsx")  # doctest: +SKIP
    >>> df = chitieu.template(2025, document="nq314")  # doctest: +SKIP
    """
    t = _native.template(
        (catalogue or Catalogue.default())._native,
        (units or Units.default())._native,
        str(period),
        level,
        document,
        None if path is None else os.fspath(path),
    )
    if path is not None:
        return None
    header = t["header"]
    df = pd.DataFrame({"unit_code": t["unit_code"], "unit_name": t["unit_name"], "period": t["period"]})
    # A code a reform reused names its structure (see the template's doc).
    fixed = 3
    if "structure" in t:
        df["structure"] = t["structure"]
        fixed = 4
    for variable in header[fixed:]:
        df[variable] = float("nan")
    df.attrs["names_vi"] = dict(zip(header, t["names_vi"]))
    df.attrs["targets"] = {v: list(ts) for v, ts in t["targets"]}
    return df


def read_log(path: PathLike, lang: str = "vi") -> DecisionLog:
    """Reads a decision log written by :meth:`Recognition.record` (or ``chitieu certify --record``).

    A file that does not exist, or that is not a decision log (a CSV given by
    mistake), raises :class:`ChitieuError`. A torn line (a write cut by a
    crash) is skipped and named in ``.warnings`` by file and line; every other
    entry is read.

    >>> log = chitieu.read_log("decisions.jsonl")  # doctest: +SKIP
    >>> log.to_pandas()  # doctest: +SKIP
    """
    _lang(lang)
    return DecisionLog(os.fspath(path), _native.read_log(os.fspath(path), lang))


@lru_cache(maxsize=1)
def _default_catalogue() -> Any:
    return _native.NativeCatalogue.builtin()


@lru_cache(maxsize=1)
def _default_units() -> Any:
    return _native.NativeUnits.builtin()
