"""The drug-free programme of Plan 50/KH-UBND at national scale: a register,
events and dated figures shaped like the built-in 2024 programme sample
(core/src/sample/programme.rs), over the registry that generate.py wrote, so
that ``chitieu certify`` and ``chitieu programme`` can be timed on a country.

Per province, as in Quảng Ninh's sample (34 keep-clean and 42 make-clean
communes of 171, two keep-clean districts):

* the province's first district and all its communes keep clean (recognised
  on 2023-12-31), and about a fifth of the other communes;
* about a quarter of the rest make clean, entering on 2024-05-01 after a
  crackdown, most of them clean by December, some failing for one of the
  sample's reasons (an offence by a resident in the window, households not
  signed, addicts without a record, more addicts and users than at entry, a
  drug-psychosis incident, suspected users not tested, a hotspot, relapse not
  detected in time, a missing figure);
* the other communes outside the programme, with offences and new cases
  through 2023-2024, so that selection has something to choose.

Figures are dated 2024-01-10 and 2024-12-10; districts report their
organisations with a drug offender. Nothing here is real: the same seed gives
the same bytes. Standard library only.

    python3 bench/national/programme.py --registry DIR/registry.csv --out DIR/programme
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Dict, List, Optional

import catalogue

JANUARY, DECEMBER, ENTRY = "2024-01-10", "2024-12-10", "2024-05-01"
CERTIFIED, KEPT_FROM = "2023-12-31", "2024-01-01"
AS_OF = "2024-12-15"  # the review date the benchmark certifies at
VARIABLES = [
    "drug_hotspots", "complex_drug_hotspots", "in_transformation_list", "addicts", "addicts_in_community",
    "addicts_with_record_and_rehab", "users_and_post_rehab", "users_and_post_rehab_managed", "households",
    "households_committed", "addicts_and_users", "relapse_detected_in_time", "suspected_users", "suspected_users_tested",
]
DISTRICT_VARIABLES = ["organisations", "organisations_with_drug_offenders"]
FAILURES = ["offence", "households", "record", "grown", "psychosis", "untested", "hotspot", "relapse", "missing"]


def day(rng: random.Random, start: str, end: str) -> str:
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return (a + timedelta(days=rng.randint(0, (b - a).days))).isoformat()


def clean(rng: random.Random, addicts_max: int) -> Dict[str, Optional[int]]:
    """A commune's figures with every recognition criterion met (as Commune::clean)."""
    addicts, users, households, suspected = rng.randint(0, addicts_max), rng.randint(0, 3), rng.randint(600, 3200), rng.randint(0, 4)
    in_rehab = rng.randint(0, min(addicts, 1))
    return {
        "drug_hotspots": 0, "complex_drug_hotspots": 0, "in_transformation_list": 0, "addicts": addicts,
        "addicts_in_community": addicts - in_rehab, "addicts_with_record_and_rehab": addicts,
        "users_and_post_rehab": users, "users_and_post_rehab_managed": users, "households": households,
        "households_committed": households, "addicts_and_users": addicts + users, "relapse_detected_in_time": 1,
        "suspected_users": suspected, "suspected_users_tested": suspected,
    }


def generate(registry: Path, out: Path, seed: int = 2024) -> dict:
    rng = random.Random(seed)
    districts: Dict[str, List[str]] = defaultdict(list)  # province -> districts
    communes: Dict[str, List[str]] = defaultdict(list)  # district -> communes
    with open(registry, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["level"] == "district":
                districts[r["parent_code"]].append(r["code"])
            elif r["level"] == "commune":
                communes[r["parent_code"]].append(r["code"])
    out.mkdir(parents=True, exist_ok=True)
    figures: List[List[object]] = []
    events: List[List[object]] = []
    register: List[List[object]] = []
    keep_districts: List[str] = []

    def put(code: str, when: str, x: Dict[str, Optional[int]]) -> None:
        figures.append([code, when] + ["" if x.get(v) is None else x[v] for v in VARIABLES] + ["", ""])

    def offence(when: str, code: str, residence: str, note: str = "") -> None:
        events.append([when, code, "drug_offence", residence, "", note])

    for province, ds in districts.items():
        keep_districts.append(ds[0])
        register.append([ds[0], "keep_clean", KEPT_FROM, CERTIFIED, "", "", ""])
        for d in ds:
            whole_district = d == ds[0]
            for c in communes[d]:
                draw = rng.random()
                if whole_district or draw < 0.2:  # keep clean
                    x = clean(rng, 2)
                    put(c, JANUARY, x)
                    put(c, DECEMBER, x)
                    register.append([c, "keep_clean", KEPT_FROM, CERTIFIED, "", "", ""])
                    if rng.random() < 0.03:  # loses it
                        events.append([day(rng, "2024-02-01", "2024-12-01"), c, "new_addict", "", "", "keep-clean lost"])
                elif draw < 0.45:  # make clean
                    jan = clean(rng, 9)
                    jan["addicts_with_record_and_rehab"] = max(0, jan["addicts"] - rng.randint(0, 2))
                    put(c, JANUARY, jan)
                    for _ in range(rng.randint(0, 2)):
                        offence(day(rng, "2023-01-20", "2023-12-31"), c, "permanent")
                    for _ in range(rng.randint(0, 3)):
                        offence(day(rng, "2024-01-02", "2024-04-29"), c, "permanent" if rng.random() < 0.7 else "temporary", "crackdown")
                    x = clean(rng, 6)
                    entry = x["addicts"] + x["users_and_post_rehab"] + rng.randint(0, 3)
                    why = rng.choice(FAILURES) if rng.random() < 0.25 else None
                    if why == "offence":
                        offence(day(rng, ENTRY, "2024-12-14"), c, rng.choice(["permanent", "temporary"]))
                    elif why == "households":
                        x["households_committed"] -= rng.randint(1, 5)
                    elif why == "record":
                        x["addicts"] += 3
                        x["addicts_in_community"] += 3
                        x["addicts_and_users"] += 3
                    elif why == "grown":
                        x["users_and_post_rehab"] += entry
                        x["users_and_post_rehab_managed"] += entry
                        x["addicts_and_users"] += entry
                    elif why == "psychosis":
                        events.append([day(rng, ENTRY, "2024-12-14"), c, "serious_incident", "permanent", "psychosis", "drug psychosis"])
                    elif why == "untested":
                        x["suspected_users"] += 2
                    elif why == "hotspot":
                        x["drug_hotspots"] = x["complex_drug_hotspots"] = 1
                    elif why == "relapse":
                        x["relapse_detected_in_time"] = 0
                    elif why == "missing":
                        x["households_committed"] = None
                    put(c, DECEMBER, x)
                    count = max(entry, x["addicts_and_users"] or 0)
                    register.append([c, "make_clean", ENTRY, "", "", count, count])
                else:  # outside the programme
                    for when in (JANUARY, DECEMBER):
                        x = clean(rng, 45)
                        hot = rng.randint(1, 3) if rng.random() < 0.3 else 0
                        x["drug_hotspots"] = hot
                        x["complex_drug_hotspots"] = 0 if hot == 1 else hot
                        x["in_transformation_list"] = int(rng.random() < 0.2)
                        x["addicts_with_record_and_rehab"] = x["addicts"] - rng.randint(0, min(x["addicts"], 4))
                        users = rng.randint(0, 12)
                        x["users_and_post_rehab"], x["users_and_post_rehab_managed"] = users, users - rng.randint(0, min(users, 3))
                        x["addicts_and_users"] = x["addicts"] + users
                        x["households_committed"] = x["households"] - rng.randint(0, 40)
                        x["suspected_users_tested"] = x["suspected_users"] - rng.randint(0, min(x["suspected_users"], 2))
                        put(c, when, x)
                    for _ in range(rng.randint(0, 6)):
                        r = rng.randint(0, 19)
                        offence(day(rng, "2023-01-01", "2024-12-14"), c, "permanent" if r < 12 else "temporary" if r < 17 else "none")
                    for _ in range(rng.randint(0, 3)):
                        events.append([day(rng, "2023-01-01", "2024-12-14"), c, rng.choice(["new_addict", "new_user"]), "", "", ""])
            orgs = rng.randint(40, 400)
            figures.append([d, DECEMBER] + [""] * len(VARIABLES) + [orgs, 0 if whole_district else rng.randint(0, 6)])

    def write(name: str, header: List[str], rows: List[List[object]]) -> Path:
        path = out / name
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        return path

    write("figures.csv", ["unit_code", "period"] + VARIABLES + DISTRICT_VARIABLES, figures)
    write("events.csv", ["date", "unit_code", "kind", "residence", "severity", "note"], sorted(events))
    write("register.csv", ["unit_code", "track", "entry_date", "certified_on", "lost_on", "addicts_and_users_at_entry", "addicts_and_users_managed_at_entry"], register)
    kh50 = write_catalogue(out / "catalogue", keep_districts)
    tracks = defaultdict(int)
    for r in register:
        tracks[r[1]] += 1
    info = {"register": len(register), "keep_clean": tracks["keep_clean"], "make_clean": tracks["make_clean"], "events": len(events), "figure_rows": len(figures), "catalogue": str(kh50)}
    (out / "manifest.json").write_text(json.dumps(info) + "\n", encoding="utf-8")
    return info


def write_catalogue(directory: Path, designated: List[str]) -> Path:
    """Plan 50 made national: every unit in scope, the first district of each
    province designated (as Bình Liêu, Ba Chẽ and Cô Tô are by name)."""
    d = catalogue.write_national(directory, documents=("kh50",))
    path = d / "kh50.toml"
    text = path.read_text(encoding="utf-8")
    codes = ", ".join(f'"{c}"' for c in designated)
    text, n = re.subn(r"^designated = \[.*\]$", f"designated = [{codes}]", text, flags=re.M)
    if n != 1:
        raise SystemExit("bench: kh50.toml no longer names its designated districts in one line")
    path.write_text(text, encoding="utf-8")
    return d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--registry", type=Path, required=True, help="registry.csv written by generate.py")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=2024)
    a = ap.parse_args()
    print(json.dumps(generate(a.registry, a.out, a.seed)))


if __name__ == "__main__":
    main()
