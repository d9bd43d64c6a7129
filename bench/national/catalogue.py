"""The national benchmark's view of chitieu's catalogue.

Two jobs:

* read ``core/catalogue/{variables,nq314,ct32}.toml`` into small records (the
  generator draws its figures from the targets' own thresholds, so a changed
  threshold moves the boundary cases with it);
* write, at run time, catalogue directories that apply those documents
  nationally, for ``chitieu evaluate --catalogue DIR --replace-catalogue``:
  ``all`` (every target of nq314 and ct32) and ``subset`` (the targets that
  pandas and DuckDB also compute, see ``subset.py``).

The built-in documents bind only their own scope (Quảng Ninh, unit ``22``).
A national run needs a scope that covers every province root: the one place
that says how is ``NATIONAL_SCOPE``. Nothing is committed: the files are
copies made from core/catalogue each run, so they never drift from it.

Standard library only (Python >= 3.11 for tomllib).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Dict, List, Optional, Sequence

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    raise SystemExit("bench/national needs Python >= 3.11 (tomllib)") from None

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_DIR = ROOT / "core" / "catalogue"
DOCUMENTS = ("nq314", "ct32")

# The scope written into every generated document: "every unit of the
# registry" (`scope = "*"` in the catalogue format, issue 14). Documents bind
# only inside their scope once the evaluation applies `Catalogue::binds`.
NATIONAL_SCOPE = "*"


@dataclass(frozen=True)
class Variable:
    name: str
    kind: str  # count, amount, flag, percent
    part_of: tuple  # the wholes it lies in ("trong đó"); a catalogue writes one name or a list

    @property
    def additive(self) -> bool:
        return self.kind in ("count", "amount")


@dataclass(frozen=True)
class Rule:
    comparator: str  # >=, >, <, <=, =
    value: Optional[Fraction]  # None for "baseline"
    change: Optional[str]  # decrease, increase
    baseline: Optional[str]  # "2020", "2016-2020", "previous_year"


@dataclass(frozen=True)
class Requirement:
    """One measure and rule: a target's own, or one of its parts."""

    measure: dict
    rule: Rule

    @property
    def kind(self) -> str:
        return next(iter(self.measure))

    def variables(self) -> List[str]:
        m = self.measure[self.kind]
        if isinstance(m, str):
            return [m]
        return [m[k] for k in ("numerator", "denominator", "variable", "count") if k in m]


@dataclass(frozen=True)
class Target:
    id: str
    levels: tuple
    period: str
    requirements: tuple = field(default_factory=tuple)


def threshold(text: str) -> Optional[Fraction]:
    """A rule value as an exact fraction: "80%", "0.5%", "2/3", "20"; None for "baseline"."""
    t = text.strip()
    if t == "baseline":
        return None
    if t.endswith("%"):
        return Fraction(t[:-1]) / 100
    return Fraction(t)


def _rule(r: dict) -> Rule:
    return Rule(r["comparator"], threshold(r["value"]), r.get("change"), r.get("baseline"))


def variables() -> Dict[str, Variable]:
    doc = tomllib.loads((CATALOGUE_DIR / "variables.toml").read_text(encoding="utf-8"))
    def wholes(x) -> tuple:
        return (x,) if isinstance(x, str) else tuple(x or ())

    return {v["name"]: Variable(v["name"], v["kind"], wholes(v.get("part_of"))) for v in doc["variable"]}


def targets(documents: Sequence[str] = DOCUMENTS) -> List[Target]:
    out = []
    for d in documents:
        doc = tomllib.loads((CATALOGUE_DIR / f"{d}.toml").read_text(encoding="utf-8"))
        for t in doc.get("target", []):
            if "measure" in t:
                reqs = (Requirement(t["measure"], _rule(t["rule"])),)
            else:
                reqs = tuple(Requirement(p["measure"], _rule(p["rule"])) for p in t["part"])
            out.append(Target(t["id"], tuple(t["levels"]), t["period"], reqs))
    return out


# ---------------------------------------------------------------------------
# Writing national catalogues

_BLOCK = re.compile(r"^\[\[?([A-Za-z_.]+)\]\]?\s*$")


def _national_text(text: str, keep: Optional[set]) -> str:
    """A document's TOML with its scope made national and, when `keep` is
    given, only the [[target]] blocks whose id is in it (text kept verbatim)."""
    lines = text.splitlines(keepends=True)
    out: List[str] = []
    block: List[str] = []
    in_target = False

    def flush() -> None:
        if not block:
            return
        if in_target and keep is not None:
            ids = [re.match(r'^id\s*=\s*"([^"]+)"', l) for l in block]
            tid = next((m.group(1) for m in ids if m), None)
            if tid not in keep:
                return
        out.extend(block)

    for line in lines:
        m = _BLOCK.match(line)
        if m and m.group(1) != "target.part":
            flush()
            block = []
            in_target = m.group(1) == "target"
        if re.match(r"^scope\s*=", line):
            line = f'scope = "{NATIONAL_SCOPE}"\n'
        block.append(line)
    flush()
    return "".join(out)


def write_national(directory: os.PathLike, keep: Optional[Sequence[str]] = None, documents: Sequence[str] = DOCUMENTS) -> Path:
    """Writes variables.toml and the national `documents` (nq314 and ct32
    unless told) into `directory` (replaced if it exists); `keep` limits the
    targets to those ids."""
    d = Path(directory)
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    shutil.copyfile(CATALOGUE_DIR / "variables.toml", d / "variables.toml")
    keep_set = set(keep) if keep is not None else None
    for doc in documents:
        text = (CATALOGUE_DIR / f"{doc}.toml").read_text(encoding="utf-8")
        (d / f"{doc}.toml").write_text(_national_text(text, keep_set), encoding="utf-8")
    # `source = "sources/..."` is relative to the catalogue file: keep it valid.
    try:
        os.symlink(CATALOGUE_DIR / "sources", d / "sources", target_is_directory=True)
    except OSError:
        shutil.copytree(CATALOGUE_DIR / "sources", d / "sources")
    if keep_set is not None:
        found = {t.id for t in targets()} & keep_set
        if found != keep_set:
            raise SystemExit(f"bench: subset targets not in core/catalogue: {sorted(keep_set - found)}")
    return d
