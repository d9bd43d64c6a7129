"""The targets every engine computes: chitieu (with a catalogue limited to
them), pandas (float and exact) and DuckDB (float and exact).

One of each kind of target the issue asks for, evaluated for period 2025 on
every unit of the registry:

| kind | target | rule |
|---|---|---|
| rate threshold | nq314.crime.clearance_rate | crimes_solved / crimes_recorded >= 80% |
| change against a fixed year | nq314.crime.total_cases_2025 | criminal_cases 2025 at least 5% below 2020 |
| change against the previous year | ct32.communes_with_drugs_yearly | communes_with_drugs at least 10% below the previous year |
| change against the previous year | nq314.drugs.communes_with_drugs | communes_with_drugs more than 1% below the previous year (superseded by ct32) |
| change between spans | nq314.drugs.offenders_vs_2016_2020 | drug_offenders_prosecuted 2021-2025 more than 25% above 2016-2020 |
| count = 0 | nq314.drugs.public_dealing | public_drug_incidents = 0 |
| count >= N | nq314.drugs.pilot_models_2025 | prevention_pilot_models >= 20 (province) |
| share of child units | nq314.trafficking.info_reach_communes | 100% of communes with trafficking_info_reached |
| share of child units not counted | ct32.communes_drug_free_2025 | (communes − communes_with_drugs) / communes > 50%, province |

The engines hard-code these rules as an analyst would; ``check_rules``
verifies against core/catalogue that the rules are still the ones written
here, so a change of the catalogue fails loudly instead of comparing
different questions.
"""

from fractions import Fraction

from catalogue import Rule, targets

PERIOD = 2025

# id -> the rule the pandas and DuckDB jobs implement.
RULES = {
    "nq314.crime.clearance_rate": Rule(">=", Fraction(80, 100), None, None),
    "nq314.crime.total_cases_2025": Rule(">=", Fraction(5, 100), "decrease", "2020"),
    "ct32.communes_with_drugs_yearly": Rule(">=", Fraction(10, 100), "decrease", "previous_year"),
    "nq314.drugs.communes_with_drugs": Rule(">", Fraction(1, 100), "decrease", "previous_year"),
    "nq314.drugs.offenders_vs_2016_2020": Rule(">", Fraction(25, 100), "increase", "2016-2020"),
    "nq314.drugs.public_dealing": Rule("=", Fraction(0), None, None),
    "nq314.drugs.pilot_models_2025": Rule(">=", Fraction(20), None, None),
    "nq314.trafficking.info_reach_communes": Rule(">=", Fraction(1), None, None),
    "ct32.communes_drug_free_2025": Rule(">", Fraction(50, 100), None, None),
}

# The measures the jobs implement where the kind of measure matters for the rule.
MEASURES = {
    "nq314.trafficking.info_reach_communes": "units_share",
    "ct32.communes_drug_free_2025": "complement_share",
}

IDS = list(RULES)


def check_rules() -> None:
    """Fails when core/catalogue no longer states the rules the jobs implement."""
    found = {t.id: t for t in targets()}
    for tid, rule in RULES.items():
        t = found.get(tid)
        if t is None or len(t.requirements) != 1 or t.requirements[0].rule != rule or t.requirements[0].kind != MEASURES.get(tid, t.requirements[0].kind):
            have = t.requirements[0].rule if t and t.requirements else None
            raise SystemExit(f"bench: {tid} in core/catalogue is {have}, the pandas/DuckDB jobs implement {rule}: update bench/national")
