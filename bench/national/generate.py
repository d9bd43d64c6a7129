"""A deterministic synthetic national registry and figures for 2016-2025.

    python3 bench/national/generate.py --provinces 63 --out DIR [--seed 2025]

writes ``DIR/registry.csv`` (chitieu's unit registry:
``code,name,level,division_type,parent_code``, one root per province) and
``DIR/figures.csv`` (wide: ``unit_code,period,<variable>...``, one row per
unit and year) with every variable the targets of nq314 and ct32 use.

Shape. Province 1 has the size of Quảng Ninh (13 districts, 177 communes);
the others have 7-15 districts of 9-22 communes, so 63 provinces give about
700 districts and 10,700 communes. Codes follow the official pattern:
provinces ``01``.., districts ``001``.., communes ``00001``.. (leading zeros
that a careless reader drops). The scale ``Nx`` is ``--provinces N``;
province ``p`` gets the same units and figures at every scale (one random
stream per province), so 1x is part of 10x and 10x part of 60x.

Where figures are given. Communes report every additive variable (counts and
amounts) and the commune flags; districts report their own flags and, one in
five, their own totals as well (always the exact sum of their communes'
true figures, also where a commune's cell is blank); provinces report only
the province-level variables (budget, pilot models). Everything else reaches
districts and provinces through chitieu's roll-up: a sum of every child, and
missing when a child is missing (never a zero). About one cell in a thousand
is blank (one in fifty of the province-level cells).

Values come from the targets' own thresholds (read from core/catalogue), so
outcomes mix met and not met. Parts never exceed their whole. Exactly on a
threshold, for period 2025:

* communes: about a quarter of them have one target exactly on its
  threshold (80 of 100 solved, 20 -> 19 criminal cases = exactly 5%, ...);
* districts: every province's first district of at least 10 communes goes
  from 10 communes with drugs in 2024 to 9 in 2025 (exactly 10%), and about
  one district in three is on one subset target's threshold (every commune
  at 80% clearance, or 20 -> 19 cases, or exactly half drug-free, or
  offenders 4k -> 5k a year = exactly 25%);
* provinces: odd provinces go from 100 communes with drugs to 99 (exactly
  1%), even ones from 50 to 45 (exactly 10%); every third has exactly 20
  pilot models, every fourth exactly 0.5% budget; some have every commune
  exactly at 80% clearance or 5% fewer cases.

Standard library only; the same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogue import Requirement, targets, variables  # noqa: E402

YEARS = list(range(2016, 2026))
LAST = YEARS[-1]
Y = {y: i for i, y in enumerate(YEARS)}
MISSING = 0.001
MISSING_PROVINCE = 0.02

# Typical figure of a commune for a year (a whole count or amount); default 5.
BASE = {
    "criminal_cases": 8, "crimes_recorded": 8, "serious_cases_prosecuted": 1.2,
    "crime_reports_received": 8, "hotspot_areas": 1, "wanted_total": 3, "wanted_new": 1.2,
    "released_offenders": 8, "schools": 2, "drug_hotspot_routes": 1,
    "drug_offenders_prosecuted": 3, "drug_points_detected": 1, "drug_plant_sites": 0.8,
    "new_addicts": 3, "registered_addicts": 25, "addicts_detected": 4, "post_rehab": 6,
    "officials": 25, "adults_surveyed": 800, "rehab_staff": 2, "prostitution_staff": 2,
    "at_risk_businesses": 25, "prostitution_violations": 1, "trafficking_outreach_people": 1500,
    "trafficking_outreach_minutes": 120, "trafficking_cases": 0.3, "trafficking_victims": 0.3,
    "addicts": 30,
}
# Commune flags: chance of a yes (drug_free: in 2016, rising 3 points a year).
FLAG_YES = {"drug_info_reached": 0.985, "prostitution_info_reached": 0.985, "trafficking_info_reached": 0.985}
DISTRICT_FLAG_YES = {"drug_free": 0.22, "has_prostitution_pilot_model": 0.42}
QUANG_NINH = [14] * 8 + [13] * 5  # 13 districts, 177 communes


class Spec:
    """What the catalogue says about each variable the targets use."""

    def __init__(self) -> None:
        self.vars = variables()
        ts = targets()
        reqs = [(t, r) for t in ts for r in t.requirements]
        used: List[str] = []
        for _, r in reqs:
            for v in r.variables():
                if v not in used:
                    used.append(v)
        self.columns = used
        self.flags = [v for v in used if self.vars[v].kind == "flag"]
        # Only province-level targets use it: reported by provinces.
        self.province_only = [v for v in used if self.vars[v].kind != "flag" and all(t.levels == ("province",) for t, r in reqs if v in r.variables())]
        self.commune_flags = [v for v in self.flags if any(r.kind == "units_share" and r.measure["units_share"]["level"] == "commune" and r.measure["units_share"]["variable"] == v for _, r in reqs)]
        self.district_flags = [v for v in self.flags if any(r.kind == "units_share" and r.measure["units_share"]["level"] == "district" and r.measure["units_share"]["variable"] == v for _, r in reqs)]
        self.additive = [v for v in used if self.vars[v].additive and v not in self.province_only]
        # A part may lie in several wholes (new warrants caught: of the new
        # warrants and of all caught); it is drawn inside the smallest of them.
        self.wholes: Dict[str, List[str]] = {v: [w for w in self.vars[v].part_of if w in self.additive] for v in self.additive}
        self.parts: Dict[str, List[str]] = {v: [p for p, ws in self.wholes.items() if v in ws] for v in self.additive}
        depth: Dict[str, int] = {}

        def depth_of(v: str) -> int:
            if v not in depth:
                depth[v] = 1 + max((depth_of(w) for w in self.wholes[v]), default=-1)
            return depth[v]

        self.order = sorted(self.additive, key=depth_of)  # wholes before parts
        # The threshold a part is judged against (numerator of a ratio), the change a whole follows.
        self.part_rule: Dict[str, Requirement] = {}
        self.change: Dict[str, Requirement] = {}
        self.zero = set()
        self.boundaries: List[Requirement] = []
        for t, r in reqs:
            if r.kind == "ratio":
                num = r.measure["ratio"]["numerator"]
                self.part_rule.setdefault(num, r)
                if r.rule.change is None and "commune" in t.levels:
                    self.boundaries.append(r)
            elif r.kind == "value":
                v = r.measure["value"]
                if r.rule.comparator == "=" and r.rule.value == 0:
                    self.zero.add(v)
                if r.rule.baseline is not None:
                    self.change.setdefault(v, r)
                    if "commune" in t.levels:
                        self.boundaries.append(r)
        self.special = {"communes_with_drugs", "key_drug_communes_2020", "key_drug_communes_improved"}


def trend(req: Optional[Requirement], y: int) -> float:
    """The expected factor of year `y` for a variable a change target follows,
    so that about half the units meet the target."""
    if req is None:
        return 1.0
    rule = req.rule
    t = float(rule.value) if rule.value is not None else 0.0
    sign = -1.0 if rule.change == "decrease" else 1.0
    b = rule.baseline
    if b == "previous_year":
        return (1 + sign * t) ** Y[y]
    start = int(b.split("-")[-1])
    if y <= start:
        return 1.0
    if "-" in b:  # a span compared with a span: a step
        return 1 + sign * t
    return 1 + sign * t * (y - start) / (LAST - start)


def part_fraction(req: Optional[Requirement], rng: random.Random) -> float:
    if req is None or req.rule.value is None:
        return rng.uniform(0.3, 1.0)
    t = float(req.rule.value)
    if req.rule.change is not None:  # a ratio that must fall (relapse): about its level
        return rng.uniform(0.15, 0.35)
    if t >= 1:
        return 1.0 if rng.random() < 0.9 else rng.uniform(0.85, 1.0)
    return min(1.0, max(0.0, rng.uniform(t - 0.12, t + 0.12)))


def fmt(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        return str(int(x)) if x.is_integer() else repr(x)
    return str(x)


class Province:
    """The units and true figures of one province, from its own random stream."""

    def __init__(self, spec: Spec, seed: str, p: int, dcode: int, ccode: int) -> None:
        self.spec = spec
        self.p = p
        self.rng = random.Random(f"{seed}:{p}")
        rng = self.rng
        sizes = QUANG_NINH if p == 1 else [rng.randint(9, 22) for _ in range(rng.randint(7, 15))]
        self.code = f"{p:02d}"
        self.districts = []  # (code, [commune codes])
        for n in sizes:
            self.districts.append((f"{dcode:03d}", [f"{ccode + i:05d}" for i in range(n)]))
            dcode += 1
            ccode += n
        self.next_codes = (dcode, ccode)
        # values[unit][variable] = list of 10 yearly values (None = not reported)
        self.values: Dict[str, Dict[str, list]] = {}

    # -- communes -----------------------------------------------------------
    def commune(self, code: str) -> None:
        s, rng = self.spec, self.rng
        size = rng.uniform(0.5, 2.0)
        vals: Dict[str, list] = {}
        for v in s.order:
            if v in s.special:
                continue
            ws = s.wholes.get(v)
            if ws:
                within = [min(xs) for xs in zip(*(vals[w] for w in ws))]
                req = s.part_rule.get(v)
                if req is not None and req.rule.change is not None:
                    f0 = part_fraction(req, rng)
                    fs = [f0 * trend(req, y) * rng.uniform(0.9, 1.1) for y in YEARS]
                else:
                    fs = [part_fraction(req, rng) for _ in YEARS]
                vals[v] = [min(x, round(x * f)) for x, f in zip(within, fs)]
                continue
            if v in s.zero:
                vals[v] = [0 if rng.random() < 0.92 else rng.randint(1, 2) for _ in YEARS]
                continue
            level = BASE.get(v, 5) * size * rng.uniform(0.6, 1.4)
            req = s.change.get(v)
            xs = [level * trend(req, y) * rng.uniform(0.85, 1.15) for y in YEARS]
            if s.vars[v].kind == "amount":
                vals[v] = [round(x * 2) / 2 for x in xs]  # minutes: halves
            else:
                vals[v] = [round(x) for x in xs]
        drugs, row = [], 1 if rng.random() < 0.45 else 0
        for _ in YEARS:
            drugs.append(row)
            row = 1 if rng.random() < (0.82 if row else 0.07) else 0
        vals["communes_with_drugs"] = drugs
        key = 1 if rng.random() < 0.2 else 0
        vals["key_drug_communes_2020"] = [key] * len(YEARS)
        vals["key_drug_communes_improved"] = [key if y > 2020 and rng.random() < 0.06 * (y - 2020) else 0 for y in YEARS]
        for v in s.commune_flags:
            if v == "drug_free":
                vals[v] = [1 if rng.random() < 0.25 + 0.03 * Y[y] else 0 for y in YEARS]
            else:
                vals[v] = [1 if rng.random() < FLAG_YES.get(v, 0.9) else 0 for _ in YEARS]
        self.values[code] = vals
        if rng.random() < 0.25:
            self.on_threshold(vals, rng.choice(s.boundaries))

    def settle(self, vals: Dict[str, list], v: str, i: int) -> None:
        """After `v` changed in year index `i`: wholes at least as large, parts no larger."""
        s = self.spec
        up = [v]
        while up:
            u = up.pop()
            for w in s.wholes.get(u, []):
                if vals[w][i] < vals[u][i]:
                    vals[w][i] = vals[u][i]
                up.append(w)
        stack = [v]
        while stack:
            u = stack.pop()
            for part in s.parts.get(u, []):
                if vals[part][i] > vals[u][i]:
                    vals[part][i] = vals[u][i]
                stack.append(part)

    def on_threshold(self, vals: Dict[str, list], req: Requirement) -> None:
        """Puts one commune exactly on `req`'s threshold in 2025."""
        rng, i, rule = self.rng, Y[LAST], req.rule
        if req.kind == "ratio":
            num, den = req.measure["ratio"]["numerator"], req.measure["ratio"]["denominator"]
            t = rule.value
            k = rng.randint(1, 3) if t.denominator <= 25 else 1
            if t >= 1:
                vals[den][i] = max(vals[den][i], 1)
                vals[num][i] = vals[den][i]
            else:
                vals[den][i], vals[num][i] = t.denominator * k, t.numerator * k
            self.settle(vals, den, i)
            self.settle(vals, num, i)
            return
        v = req.measure["value"]
        if rule.value is None:  # "< previous year": the same figure
            vals[v][i] = vals[v][i - 1]
            self.settle(vals, v, i)
            return
        t, k = rule.value, rng.randint(1, 3)
        q, p = t.denominator, t.numerator
        now = (q - p if rule.change == "decrease" else q + p) * k
        if rule.baseline == "previous_year":
            vals[v][i - 1], vals[v][i] = q * k, now
            changed = [i - 1, i]
        elif "-" in rule.baseline:
            a, b = (int(x) for x in rule.baseline.split("-"))
            changed = list(range(Y[a], Y[b] + 1)) + list(range(Y[b] + 1, i + 1))
            for j in changed:
                vals[v][j] = q * k if j <= Y[b] else now
        else:
            vals[v][Y[int(rule.baseline)]], vals[v][i] = q * k, now
            changed = [Y[int(rule.baseline)], i]
        for j in changed:
            self.settle(vals, v, j)

    # -- boundaries above communes --------------------------------------------
    def all_on_clearance(self, communes: List[str]) -> None:
        i = Y[LAST]
        for c in communes:
            vals = self.values[c]
            rec = 5 * max(1, round(vals["crimes_recorded"][i] / 5))
            vals["crimes_recorded"][i], vals["crimes_solved"][i] = rec, rec * 4 // 5
            self.settle(vals, "crimes_recorded", i)

    def all_on_total_cases(self, communes: List[str]) -> None:
        for c in communes:
            vals = self.values[c]["criminal_cases"]
            m = max(1, round(vals[Y[2020]] / 20))
            vals[Y[2020]], vals[Y[LAST]] = 20 * m, 19 * m

    def all_on_offenders(self, communes: List[str]) -> None:
        for c in communes:
            vals = self.values[c]["drug_offenders_prosecuted"]
            m = max(1, round(sum(vals[:5]) / 20))
            for j, y in enumerate(YEARS):
                vals[j] = 4 * m if y <= 2020 else 5 * m

    def half_drug_free(self, communes: List[str]) -> None:
        yes = set(self.rng.sample(communes, len(communes) // 2))
        for c in communes:
            self.values[c]["drug_free"][Y[LAST]] = 1 if c in yes else 0

    def communes_with_drugs(self, communes: List[str], before: int, after: int) -> None:
        """In one random order of `communes`, the first `before` have drugs in 2024 and the first `after` in 2025."""
        order = list(communes)
        self.rng.shuffle(order)
        for n, c in enumerate(order):
            v = self.values[c]["communes_with_drugs"]
            v[Y[LAST] - 1], v[Y[LAST]] = int(n < before), int(n < after)

    def build(self) -> None:
        s, rng = self.spec, self.rng
        for _, communes in self.districts:
            for c in communes:
                self.commune(c)
        # Districts: the 10 -> 9 case, and one subset target on its threshold.
        fixed_drugs: List[str] = []
        first = next((cs for _, cs in self.districts if len(cs) >= 10), None)
        for _, communes in self.districts:
            kind = "drugs" if communes is first else rng.choice(["clearance", "cases", "half", "offenders", None, None, None, None, None])
            if kind == "drugs":
                self.communes_with_drugs(communes, 10, 9)
                fixed_drugs += communes
            elif kind == "clearance":
                self.all_on_clearance(communes)
            elif kind == "cases":
                self.all_on_total_cases(communes)
            elif kind == "half" and len(communes) % 2 == 0 and "drug_free" in s.commune_flags:
                self.half_drug_free(communes)
            elif kind == "offenders":
                self.all_on_offenders(communes)
        # Province: 100 -> 99 (exactly 1%) or 50 -> 45 (exactly 10%) communes with drugs.
        before, after = (100, 99) if self.p % 2 else (50, 45)
        free = [c for _, cs in self.districts for c in cs if c not in set(fixed_drugs)]
        nf = 1 if fixed_drugs else 0
        if 0 <= before - 10 * nf <= len(free) and 0 <= after - 9 * nf <= len(free):
            self.communes_with_drugs(free, before - 10 * nf, after - 9 * nf)
        every = [c for _, cs in self.districts for c in cs]
        if self.p % 4 == 3:
            self.all_on_clearance(every)
        if self.p % 4 == 0:
            self.all_on_total_cases(every)
        # District rows: flags, and for one in five their own totals (true sums).
        for code, communes in self.districts:
            vals: Dict[str, list] = {}
            if rng.random() < 0.2:
                for v in s.additive:
                    cols = [self.values[c][v] for c in communes]
                    vals[v] = [sum(col[j] for col in cols) for j in range(len(YEARS))]
            for v in s.district_flags:
                yes = DISTRICT_FLAG_YES.get(v, 0.5)
                vals[v] = [1 if rng.random() < yes else 0 for _ in YEARS]
            self.values[code] = vals
        # Province rows: the province-level variables.
        vals = {}
        final = 20 if self.p % 3 == 0 else rng.randint(15, 25)
        for v in s.province_only:
            kind = s.vars[v].kind
            if v == "prevention_pilot_models":
                vals[v] = [round(final * (j + 1) / len(YEARS)) for j in range(len(YEARS))]
            elif not s.vars[v].part_of and kind == "amount":
                vals[v] = [rng.randint(8_000, 30_000) * 1_000_000_000 for _ in YEARS]
        for v in s.province_only:
            w = next(iter(s.vars[v].part_of), None)
            if w in vals:  # the programme budget, about 0.5% of the expenditure
                vals[v] = [round(x * rng.uniform(0.004, 0.006)) for x in vals[w]]
                if self.p % 4 == 1:
                    vals[v][Y[LAST]] = vals[w][Y[LAST]] // 200
                    vals[w][Y[LAST]] = vals[v][Y[LAST]] * 200
        self.values[self.code] = vals
        # Blanks: reported by nobody, never a zero.
        for unit, vals in self.values.items():
            miss = MISSING_PROVINCE if unit == self.code else MISSING
            for col in vals.values():
                for j in range(len(col)):
                    if rng.random() < miss:
                        col[j] = None

    def registry_rows(self) -> List[str]:
        rows = [f"{self.code},Tỉnh Mẫu {self.code},province,tỉnh,"]
        kinds = ["huyện", "huyện", "thành phố", "thị xã"]
        ckinds = ["xã", "xã", "xã", "phường", "thị trấn"]
        for n, (d, communes) in enumerate(self.districts):
            dk = kinds[n % len(kinds)]
            rows.append(f"{d},{dk.capitalize()} Mẫu {d},district,{dk},{self.code}")
            for m, c in enumerate(communes):
                ck = ckinds[(n + m) % len(ckinds)]
                rows.append(f"{c},{ck.capitalize()} Mẫu {c},commune,{ck},{d}")
        return rows

    def figure_rows(self, columns: List[str]) -> List[str]:
        rows = []
        units = [self.code] + [u for d, cs in self.districts for u in [d] + cs]
        for u in units:
            vals = self.values[u]
            cols = [vals.get(v) for v in columns]
            for j, y in enumerate(YEARS):
                rows.append(f"{u},{y}," + ",".join("" if c is None else fmt(c[j]) for c in cols))
        return rows


def generate(provinces: int, out: Path, seed: int = 2025) -> dict:
    """Writes registry.csv and figures.csv into `out`; returns a summary."""
    t0 = time.perf_counter()
    spec = Spec()
    out.mkdir(parents=True, exist_ok=True)
    counts = {"provinces": 0, "districts": 0, "communes": 0}
    dcode, ccode = 1, 1
    digest = hashlib.sha256()
    reg_path, fig_path = out / "registry.csv", out / "figures.csv"
    with open(reg_path, "w", encoding="utf-8", newline="") as reg, open(fig_path, "w", encoding="utf-8", newline="") as fig:
        reg.write("code,name,level,division_type,parent_code\n")
        header = "unit_code,period," + ",".join(spec.columns) + "\n"
        fig.write(header)
        digest.update(header.encode())
        rows = 0
        for p in range(1, provinces + 1):
            prov = Province(spec, str(seed), p, dcode, ccode)
            dcode, ccode = prov.next_codes
            prov.build()
            counts["provinces"] += 1
            counts["districts"] += len(prov.districts)
            counts["communes"] += sum(len(cs) for _, cs in prov.districts)
            reg.write("\n".join(prov.registry_rows()) + "\n")
            text = "\n".join(prov.figure_rows(spec.columns)) + "\n"
            rows += text.count("\n")
            fig.write(text)
            digest.update(text.encode())
    summary = {
        **counts,
        "units": sum(counts.values()),
        "years": f"{YEARS[0]}-{YEARS[-1]}",
        "rows": rows,
        "columns": len(spec.columns),
        "figures_bytes": fig_path.stat().st_size,
        "figures_sha256": digest.hexdigest(),
        "seed": seed,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (out / "manifest.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--provinces", type=int, default=63, help="number of provinces (the scale: 1 = 1x, 60 = 60x); default 63")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--out", type=Path, required=True, help="directory for registry.csv, figures.csv, manifest.json")
    a = ap.parse_args()
    if a.provinces < 1:
        ap.error("--provinces must be at least 1")
    s = generate(a.provinces, a.out, a.seed)
    print(json.dumps(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
