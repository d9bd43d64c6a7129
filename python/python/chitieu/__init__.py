"""chitieu: Quảng Ninh's crime- and drug-prevention targets as data, evaluated exactly.

Pandas in, pandas out. Every decision (status, rounding, precedence, roll-up,
explanations) is made by the Rust core; this package only moves data.

>>> import chitieu
>>> result = chitieu.evaluate(chitieu.sample(), period="2023")
>>> result.to_pandas()[["target", "status", "actual", "required"]].head()  # doctest: +SKIP
>>> chitieu.check("nq314.crime.clearance_rate", 79, 100).status
'not_met'

Errors are :class:`ChitieuError`, or its subclasses :class:`DataError` (with
``file``, ``row``, ``column``, ``value``, ``expected``) and
:class:`CatalogueError` (with ``file`` and ``path``). Rows of a DataFrame are
reported like rows of a CSV file: the header is row 1, so the first data row
(position 0) is row 2.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import pandas as pd

from . import _display, _frames, _native
from ._native import CatalogueError, ChitieuError, DataError

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Checked",
    "ChitieuError",
    "DataError",
    "Dataset",
    "Result",
    "Units",
    "check",
    "evaluate",
    "sample",
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
        """Quảng Ninh in 2024: the province, 13 districts, 177 communes."""
        return cls(_default_units())

    @classmethod
    def from_csv(cls, path: PathLike) -> "Units":
        """Reads ``code,name,level,division_type,parent_code``."""
        return cls(_native.NativeUnits.from_csv_path(os.fspath(path)))

    @classmethod
    def from_pandas(cls, df: pd.DataFrame, name: str = "DataFrame") -> "Units":
        """A registry from a DataFrame with the columns of :meth:`from_csv`.

        Codes are text: keep leading zeros (read CSVs with ``dtype=str``).
        """
        text = df.to_csv(index=False)
        return cls(_native.NativeUnits.from_csv_text(text, name))

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
    def load(cls, data: Any, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None, name: Optional[str] = None) -> "Dataset":
        """Reads observations.

        ``data`` is a DataFrame, wide (``unit_code``, ``period``, one column per
        variable) or long (``unit_code``, ``period``, ``variable``, ``value``);
        a path to a ``.csv`` or ``.json`` file; a dict of columns; a list of
        records; or a Dataset (returned as is). NaN and None are missing, never
        zero. In errors, DataFrame row ``i`` (by position) is row ``i + 2``.

        >>> df = pd.DataFrame({"unit_code": ["193"], "period": [2023], "crimes_recorded": [100], "crimes_solved": [79]})
        >>> chitieu.Dataset.load(df)  # doctest: +SKIP
        """
        if isinstance(data, Dataset):
            return data
        cat = (catalogue or Catalogue.default())._native
        reg = (units or Units.default())._native
        if isinstance(data, (str, os.PathLike)):
            return cls(_native.NativeDataset.from_path(os.fspath(data), cat, reg))
        if isinstance(data, dict):
            data = pd.DataFrame(data)
            name = name or "dict"
        elif isinstance(data, list):
            data = pd.DataFrame.from_records(data)
            name = name or "records"
        if isinstance(data, pd.DataFrame):
            return cls(_frames.dataset_from_frame(data, cat, reg, name or "DataFrame"))
        raise TypeError(f"chitieu cannot read data of type {type(data).__name__}: give a DataFrame, a path, a dict of columns or a list of records")

    @classmethod
    def from_pandas(cls, df: pd.DataFrame, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None, name: str = "DataFrame") -> "Dataset":
        """Reads a wide or long DataFrame (see :meth:`load`)."""
        return cls.load(df, catalogue, units, name)

    @classmethod
    def from_path(cls, path: PathLike, catalogue: Optional[Catalogue] = None, units: Optional[Units] = None) -> "Dataset":
        """Reads a ``.csv`` (wide or long) or ``.json`` file."""
        return cls.load(os.fspath(path), catalogue, units)

    def to_pandas(self, wide: bool = False, exact: bool = False) -> pd.DataFrame:
        """The observations as a DataFrame.

        Long (``unit_code, period, variable, value``) by default; ``wide=True``
        gives one column per variable (NaN where nothing was reported).
        ``exact=True`` keeps values as exact decimal text instead of floats.
        """
        long = pd.DataFrame(self._native.records())
        if not exact:
            long["value"] = pd.to_numeric(long["value"])
        if not wide:
            return long
        out = long.pivot(index=["unit_code", "period"], columns="variable", values="value").reset_index()
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


def sample() -> Dataset:
    """The built-in SYNTHETIC sample (2016-2024, province, districts, communes).

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

    def to_pandas(self) -> pd.DataFrame:
        """One row per outcome, the JSON contract's fields as columns.

        Exact values (``actual``, ``required_value``, ``margin``, ``change``,
        ``baseline_value``...) are decimal strings; ``*_float`` columns hold the
        same values as floats, for plotting only (never decide with them).
        Nested fields are flattened: ``baseline_period``/``baseline_value``,
        ``stretch_value``/``stretch_reached``, ``allocation_table``/``allocation_share``.
        """
        df = pd.DataFrame(self._native.columns(self.lang))
        for c in df.columns:
            if c.endswith("_float"):
                df[c] = df[c].astype("float64")  # None -> NaN, also when a column has no value at all
        return df

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
        """The public JSON contract: ``{chitieu_version, period, dataset, warnings, outcomes}``."""
        text = self._native.to_json(self.lang)
        return text if indent is None else json.dumps(json.loads(text), ensure_ascii=False, indent=indent)

    def to_csv(self) -> str:
        """The CSV form the command line writes."""
        return self._native.to_csv(self.lang)

    def _repr_html_(self) -> str:
        meta = {"period": self.period, "dataset": self.dataset, "warnings": self.warnings}
        return _display.result_html(meta, self.outcomes, self.lang)

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
) -> Result:
    """Evaluates every target that binds ``period`` for the chosen units.

    ``data``: anything :meth:`Dataset.load` reads (DataFrame, path, dict,
    records, Dataset). ``unit``: None for the province, a unit code, a list of
    codes, or "all" for every unit. ``lang``: "vi" or "en" for names and
    explanations. The GIL is released while core evaluates.

    >>> r = chitieu.evaluate(chitieu.sample(), period=2023, unit="all", lang="en")
    >>> r.to_pandas()[["unit_name", "target", "status"]]  # doctest: +SKIP
    """
    _lang(lang)
    ds = Dataset.load(data, catalogue, units)
    if unit is not None and not isinstance(unit, (str, int)):
        unit = [str(u) for u in unit]
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


@lru_cache(maxsize=1)
def _default_catalogue() -> Any:
    return _native.NativeCatalogue.builtin()


@lru_cache(maxsize=1)
def _default_units() -> Any:
    return _native.NativeUnits.builtin()
