"""The subset job in pandas, as an analyst would write it.

Read the registry and the wide figures, roll counts up from communes to
districts to provinces the way chitieu does (a unit's own figure if it has
one, else the sum of its children when every child has one: missing is never
zero), then decide each target of ``subset.py`` for period 2025.

Two arithmetics, one code path:

* ``float``: float64 columns and the formulas found in notebooks: a rate as
  ``solved / recorded * 100 >= 80``, a change as pandas' ``pct_change``
  (``now / before - 1``) compared with ``-0.10``;
* ``exact``: nullable ``Int64`` columns and integer cross-multiplication:
  ``solved * 100 >= 80 * recorded``, ``(before - now) * 100 >= 10 * before``.

Only the decisions differ, so every disagreement between the two is the
float arithmetic's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from subset import PERIOD

YEARS = list(range(2016, PERIOD + 1))
ADDITIVE = ["crimes_solved", "crimes_recorded", "criminal_cases", "communes_with_drugs", "drug_offenders_prosecuted", "public_drug_incidents", "prevention_pilot_models"]
FLAGS = ["trafficking_info_reached"]
LEVELS = ["commune", "district", "province"]  # bottom-up


def read(registry: str, figures: str, exact: bool):
    units = pd.read_csv(registry, dtype=str, keep_default_na=False)
    fig = pd.read_csv(figures, dtype={"unit_code": str})
    wanted = ADDITIVE + FLAGS
    fig = fig[["unit_code", "period"] + wanted].set_index(["unit_code", "period"])
    # "Int64" keeps whole numbers exact and blanks as <NA>; float64 blanks are NaN.
    return units, fig.astype("Int64" if exact else "float64")


def resolve(units: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """Every additive figure of every unit and year: its own, else the sum of
    all its children (missing if any child is missing)."""
    parent = units.set_index("code")["parent_code"]
    own = own[ADDITIVE]
    below = None
    frames = []
    for level in LEVELS:
        codes = units.loc[units["level"] == level, "code"]
        idx = pd.MultiIndex.from_product([codes, YEARS], names=["unit_code", "period"])
        vals = own.reindex(idx)
        if below is not None:
            g = below.groupby([below.index.get_level_values(0).map(parent), below.index.get_level_values(1)])
            rolled = g.sum(min_count=1).where(g.count().eq(g.size(), axis=0))
            rolled.index.names = ["unit_code", "period"]
            vals = vals.combine_first(rolled.reindex(idx))  # the unit's own figure wins
        frames.append(vals)
        below = vals
    return pd.concat(frames)


def statuses(index, nodata, na, met) -> pd.Series:
    """The status of each unit, checked in chitieu's order: missing data, an
    empty denominator or zero baseline, then the comparison."""

    def mask(x):  # a comparison with a missing value (pd.NA) is not true
        return pd.Series(x, index=index).fillna(False).astype(bool).to_numpy()

    return pd.Series(np.select([mask(nodata), mask(na), mask(met)], ["no_data", "not_applicable", "met"], "not_met"), index=index)


def job(registry: str, figures: str, exact: bool) -> pd.DataFrame:
    units, fig = read(registry, figures, exact)
    r = resolve(units, fig)
    year = r.xs(PERIOD, level="period")
    level = units.set_index("code")["level"]
    out = []

    def emit(target: str, levels, status: pd.Series) -> None:
        keep = status[level.reindex(status.index).isin(levels).to_numpy()]
        out.append(pd.DataFrame({"target": target, "unit": keep.index, "status": keep.to_numpy()}))

    every = ["province", "district", "commune"]
    # Rate threshold: clearance >= 80%.
    n, d = year["crimes_solved"], year["crimes_recorded"]
    met = (n * 100 >= 80 * d) if exact else (n / d * 100 >= 80)
    emit("nq314.crime.clearance_rate", every, statuses(year.index, n.isna() | d.isna(), d == 0, met))

    # Changes: now against a base, decreasing by at least / more than a share.
    def change(now, base, pct, strict, decrease=True):
        nodata = now.isna() | base.isna()
        if exact:
            diff = (base - now) if decrease else (now - base)
            met = diff * 100 > pct * base if strict else diff * 100 >= pct * base
        else:
            ch = now / base - 1  # pct_change
            lim = -pct / 100 if decrease else pct / 100
            if decrease:
                met = ch < lim if strict else ch <= lim
            else:
                met = ch > lim if strict else ch >= lim
        return statuses(now.index, nodata, base == 0, met)

    cc = r["criminal_cases"].unstack("period")
    emit("nq314.crime.total_cases_2025", every, change(cc[PERIOD], cc[2020], 5, strict=False))
    cwd = r["communes_with_drugs"].unstack("period")
    emit("ct32.communes_with_drugs_yearly", ["province", "district"], change(cwd[PERIOD], cwd[PERIOD - 1], 10, strict=False))
    emit("nq314.drugs.communes_with_drugs", ["province", "district"], change(cwd[PERIOD], cwd[PERIOD - 1], 1, strict=True))
    off = r["drug_offenders_prosecuted"].unstack("period")
    now = off[list(range(2021, 2026))].sum(axis=1, skipna=False)
    base = off[list(range(2016, 2021))].sum(axis=1, skipna=False)
    emit("nq314.drugs.offenders_vs_2016_2020", every, change(now, base, 25, strict=True, decrease=False))

    # Counts: "= 0" and ">= 20".
    v = year["public_drug_incidents"]
    emit("nq314.drugs.public_dealing", every, statuses(v.index, v.isna(), False, v == 0))
    v = year["prevention_pilot_models"]
    emit("nq314.drugs.pilot_models_2025", ["province"], statuses(v.index, v.isna(), False, v >= 20))

    # Shares of communes: every commune of a district or province counts.
    communes = units[units["level"] == "commune"][["code", "parent_code"]].rename(columns={"code": "unit", "parent_code": "district"})
    communes["province"] = communes["district"].map(units.set_index("code")["parent_code"])
    flags = fig[FLAGS].xs(PERIOD, level="period").reindex(communes["unit"])
    flags.index = communes.index

    def share(var, pct, strict, empty_met):
        rows = []
        for by in ("district", "province"):
            g = flags[var].groupby(communes[by])
            n, present, yes = g.size(), g.count(), (flags[var] >= 1).fillna(False).groupby(communes[by]).sum()
            rows.append(pd.DataFrame({"n": n, "present": present, "yes": yes}))
        t = pd.concat(rows)
        t = t.reindex(units.loc[units["level"].isin(["district", "province"]), "code"]).fillna(0)
        if exact:
            met = t["yes"] * 100 > pct * t["n"] if strict else t["yes"] * 100 >= pct * t["n"]
        else:
            rate = t["yes"] / t["n"] * 100
            met = rate > pct if strict else rate >= pct
        empty = t["n"] == 0
        return statuses(t.index, t["present"] < t["n"], empty & (not empty_met), met | (empty & empty_met))

    emit("nq314.trafficking.info_reach_communes", ["province", "district"], share("trafficking_info_reached", 100, False, True))

    # Communes without drug evils: the province's communes not counted by communes_with_drugs.
    n = communes.groupby("province").size().reindex(year.index).fillna(0)
    c = year["communes_with_drugs"]
    met = ((n - c) * 100 > 50 * n) if exact else ((n - c) / n * 100 > 50)
    emit("ct32.communes_drug_free_2025", ["province"], statuses(year.index, c.isna(), n == 0, met))
    return pd.concat(out, ignore_index=True)
