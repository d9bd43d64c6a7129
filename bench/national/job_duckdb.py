"""The subset job as DuckDB SQL.

The figures go long (``UNPIVOT``: a blank cell is no row, never a zero),
counts roll up from communes to districts to provinces the way chitieu does
(a unit's own figure, else the sum of its children when every child has one:
``count(value) = count(*)``), and one query per target decides it for period
2025. ``float`` reads the figures as DOUBLE and writes the usual SQL
(``solved / recorded * 100 >= 80``, ``now / before - 1 <= -0.10``);
``exact`` reads BIGINT and cross-multiplies (``solved * 100 >= 80 * recorded``).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from job_pandas import ADDITIVE, FLAGS, YEARS
from subset import PERIOD


def _sql_list(xs) -> str:
    return ", ".join(f"'{x}'" for x in xs)


def job(registry: str, figures: str, exact: bool) -> pd.DataFrame:
    con = duckdb.connect()
    num = "BIGINT" if exact else "DOUBLE"
    types = {"unit_code": "VARCHAR", "period": "INTEGER", **{v: num for v in ADDITIVE + FLAGS}}
    types_sql = "{" + ", ".join(f"'{k}': '{t}'" for k, t in types.items()) + "}"
    cols = ", ".join(ADDITIVE + FLAGS)
    con.execute(f"CREATE TABLE units AS SELECT * FROM read_csv('{registry}', header = true, all_varchar = true)")
    con.execute(f"""
        CREATE TABLE obs AS
        SELECT unit_code AS unit, period AS year, variable, value
        FROM (UNPIVOT (SELECT unit_code, period, {cols} FROM read_csv('{figures}', header = true, types = {types_sql}))
              ON {cols} INTO NAME variable VALUE value)""")
    con.execute(f"""
        CREATE TABLE grid AS
        SELECT u.code AS unit, u.level, u.parent_code AS parent, y.year, v.variable
        FROM units u,
             (SELECT unnest(range({YEARS[0]}, {YEARS[-1] + 1}))::INTEGER AS year) y,
             (SELECT unnest([{_sql_list(ADDITIVE)}]) AS variable) v""")
    # Bottom-up: own figure, else the sum of every child (missing if one is missing).
    below = None
    for level in ("commune", "district", "province"):
        kids = (
            f"""LEFT JOIN (SELECT parent AS unit, year, variable,
                                  CASE WHEN count(value) = count(*) THEN sum(value) END AS value
                           FROM r_{below} GROUP BY ALL) k USING (unit, year, variable)"""
            if below
            else ""
        )
        rolled = "coalesce(o.value, k.value)" if below else "o.value"
        con.execute(f"""
            CREATE TABLE r_{level} AS
            SELECT g.unit, g.parent, g.year, g.variable, {rolled} AS value
            FROM grid g LEFT JOIN obs o USING (unit, year, variable) {kids}
            WHERE g.level = '{level}'""")
        below = level
    con.execute("CREATE VIEW r AS SELECT * FROM r_commune UNION ALL SELECT * FROM r_district UNION ALL SELECT * FROM r_province")

    def cmp(strict: bool) -> str:
        return ">" if strict else ">="

    def rate(target, levels, n, d, pct, strict):
        met = f"n.value * 100 {cmp(strict)} {pct} * d.value" if exact else f"n.value / d.value * 100 {cmp(strict)} {pct}"
        return f"""
            SELECT '{target}' AS target, u.code AS unit,
                   CASE WHEN n.value IS NULL OR d.value IS NULL THEN 'no_data'
                        WHEN d.value = 0 THEN 'not_applicable'
                        WHEN {met} THEN 'met' ELSE 'not_met' END AS status
            FROM units u
            LEFT JOIN r n ON n.unit = u.code AND n.year = {PERIOD} AND n.variable = '{n}'
            LEFT JOIN r d ON d.unit = u.code AND d.year = {PERIOD} AND d.variable = '{d}'
            WHERE u.level IN ({_sql_list(levels)})"""

    def change(target, levels, var, now_years, base_years, pct, strict, decrease=True):
        if exact:
            diff = "b - a" if decrease else "a - b"
            met = f"({diff}) * 100 {cmp(strict)} {pct} * b"
        elif decrease:
            met = f"a / b - 1 {'<' if strict else '<='} -{pct / 100}"
        else:
            met = f"a / b - 1 {cmp(strict)} {pct / 100}"
        a0, a1 = now_years
        b0, b1 = base_years
        return f"""
            SELECT '{target}' AS target, u.code AS unit,
                   CASE WHEN na < {a1 - a0 + 1} OR nb < {b1 - b0 + 1} THEN 'no_data'
                        WHEN b = 0 THEN 'not_applicable'
                        WHEN {met} THEN 'met' ELSE 'not_met' END AS status
            FROM units u LEFT JOIN (
                SELECT unit,
                       sum(value) FILTER (year BETWEEN {a0} AND {a1}) AS a, count(value) FILTER (year BETWEEN {a0} AND {a1}) AS na,
                       sum(value) FILTER (year BETWEEN {b0} AND {b1}) AS b, count(value) FILTER (year BETWEEN {b0} AND {b1}) AS nb
                FROM r WHERE variable = '{var}' GROUP BY unit) c ON c.unit = u.code
            WHERE u.level IN ({_sql_list(levels)})"""

    def value(target, levels, var, test):
        return f"""
            SELECT '{target}' AS target, u.code AS unit,
                   CASE WHEN v.value IS NULL THEN 'no_data' WHEN v.value {test} THEN 'met' ELSE 'not_met' END AS status
            FROM units u LEFT JOIN r v ON v.unit = u.code AND v.year = {PERIOD} AND v.variable = '{var}'
            WHERE u.level IN ({_sql_list(levels)})"""

    def share(target, var, pct, strict, empty):
        met = f"yes * 100 {cmp(strict)} {pct} * n" if exact else f"yes / n * 100 {cmp(strict)} {pct}"
        return f"""
            WITH c AS (
                SELECT c.code AS commune, c.parent_code AS district, d.parent_code AS province, o.value
                FROM units c JOIN units d ON d.code = c.parent_code
                LEFT JOIN obs o ON o.unit = c.code AND o.year = {PERIOD} AND o.variable = '{var}'
                WHERE c.level = 'commune'),
            s AS (
                SELECT district AS unit, count(*) AS n, count(value) AS present, count(*) FILTER (value >= 1) AS yes FROM c GROUP BY district
                UNION ALL
                SELECT province, count(*), count(value), count(*) FILTER (value >= 1) FROM c GROUP BY province)
            SELECT '{target}' AS target, u.code AS unit,
                   CASE WHEN coalesce(n, 0) = 0 THEN '{empty}'
                        WHEN present < n THEN 'no_data'
                        WHEN {met} THEN 'met' ELSE 'not_met' END AS status
            FROM units u LEFT JOIN s ON s.unit = u.code
            WHERE u.level IN ('province', 'district')"""

    def complement(target, count, pct, strict):
        met = f"(n - c.value) * 100 {cmp(strict)} {pct} * n" if exact else f"(n - c.value) / n * 100 {cmp(strict)} {pct}"
        return f"""
            WITH s AS (
                SELECT d.parent_code AS unit, count(*) AS n
                FROM units c JOIN units d ON d.code = c.parent_code
                WHERE c.level = 'commune' GROUP BY d.parent_code)
            SELECT '{target}' AS target, u.code AS unit,
                   CASE WHEN c.value IS NULL THEN 'no_data'
                        WHEN coalesce(n, 0) = 0 THEN 'not_applicable'
                        WHEN {met} THEN 'met' ELSE 'not_met' END AS status
            FROM units u LEFT JOIN s ON s.unit = u.code
            LEFT JOIN r c ON c.unit = u.code AND c.year = {PERIOD} AND c.variable = '{count}'
            WHERE u.level = 'province'"""

    every = ["province", "district", "commune"]
    pd_ = ["province", "district"]
    queries = [
        rate("nq314.crime.clearance_rate", every, "crimes_solved", "crimes_recorded", 80, False),
        change("nq314.crime.total_cases_2025", every, "criminal_cases", (PERIOD, PERIOD), (2020, 2020), 5, False),
        change("ct32.communes_with_drugs_yearly", pd_, "communes_with_drugs", (PERIOD, PERIOD), (PERIOD - 1, PERIOD - 1), 10, False),
        change("nq314.drugs.communes_with_drugs", pd_, "communes_with_drugs", (PERIOD, PERIOD), (PERIOD - 1, PERIOD - 1), 1, True),
        change("nq314.drugs.offenders_vs_2016_2020", every, "drug_offenders_prosecuted", (2021, 2025), (2016, 2020), 25, True, decrease=False),
        value("nq314.drugs.public_dealing", every, "public_drug_incidents", "= 0"),
        value("nq314.drugs.pilot_models_2025", ["province"], "prevention_pilot_models", ">= 20"),
        share("nq314.trafficking.info_reach_communes", "trafficking_info_reached", 100, False, "met"),
        complement("ct32.communes_drug_free_2025", "communes_with_drugs", 50, True),
    ]
    return con.execute(" UNION ALL ".join(f"({q})" for q in queries)).df()
