#!/usr/bin/env python3
"""chitieu's national benchmark: chitieu (CLI and Python) against pandas and
DuckDB on the same synthetic national data, with the verdicts compared.

    python3 bench/national/run.py                       # 1x and 10x
    python3 bench/national/run.py --scale 1 --scale 10 --scale 60 --timeout 900
    python3 bench/national/run.py --scale 2 --smoke     # CI: agreement only, seconds

For each scale (``--scale N``: N provinces, "Nx"), it generates the registry
and figures (generate.py), writes the national catalogues (catalogue.py: all
of nq314 and ct32, and the subset of subset.py), and runs, one process each,
one after the other:

* chitieu CLI: the subset catalogue, CSV out (the reference verdicts); every
  target, JSON out; every target, CSV out;
* chitieu Python: a wide DataFrame in, a result DataFrame out (subset and
  every target);
* pandas (float and exact) and DuckDB (float and exact): the subset job;
* chitieu's drug-free programme (programme.py: Plan 50 over the whole
  registry): the December 2024 review (`certify`) and the year's programme
  targets (`programme`), CSV out, timed only (no other engine does this).

Each run's wall time and peak resident memory (its own, from wait4) are
recorded; Python engines also report the job's own time without interpreter
start-up and imports, which is the time shown for them. A run that exceeds
``--timeout`` is killed and shown as "over N s".

Agreement: chitieu Python, the CLI's all-targets run and the exact pandas and
DuckDB jobs must give every (target, unit) the status the CLI's subset run
gives; float pandas and DuckDB may differ only where chitieu's margin is
exactly 0 (a value on the threshold), and those cases are listed. Any other
difference, a missing or extra outcome, or a failed run exits 1.

Per-stage times: the CLI is run with ``CHITIEU_TIMINGS=1`` (and ``--timings``
when ``chitieu evaluate --help`` lists it); lines of its standard error such as
``timing: parse 120.5 ms`` are shown in the report. Nothing is required.

The table goes to standard output and to ``--report`` (markdown). Needs
python3 >= 3.11 and cargo; it builds the CLI and the Python wheel (release,
unless ``--profile``) and installs pandas, numpy, maturin and duckdb into the
virtual environment (``--venv``, default target/py-venv) when missing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import catalogue  # noqa: E402
import programme  # noqa: E402
import subset  # noqa: E402
from generate import generate  # noqa: E402

ROOT = HERE.parents[1]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
PIP_PACKAGES = {  # module -> requirement (the ranges of scripts/test-python.sh)
    "pandas": "pandas>=2.0,<3",
    "numpy": "numpy>=1.24,<3",
    "maturin": "maturin>=1.7,<2",
    "duckdb": "duckdb>=1.1,<3",
    "pyarrow": "pyarrow>=15",
}
TIMING_LINE = re.compile(r"^\s*(?:chitieu:\s*)?(?:timing|stage)s?\s*[:=]?\s*(?P<stage>.+?)\s*[:=]?\s+(?P<value>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>ms|s|µs|us)\s*$", re.I)
MUST_AGREE = "must agree"
FLOAT = "float: boundary only"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def sh(cmd: List[str], **kw) -> subprocess.CompletedProcess:
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


# ---------------------------------------------------------------------------
# Setting up: the CLI binary and the Python environment


def build_cli(profile: str) -> Path:
    sh(["cargo", "build", "--quiet", "-p", "chitieu-cli"] + (["--release"] if profile == "release" else []), cwd=ROOT)
    exe = TARGET / profile / "chitieu"
    if not exe.exists():
        raise SystemExit(f"bench: {exe} was not built")
    return exe


def python_env(venv: Path, profile: str, build_wheel: bool) -> Path:
    py = venv / "bin" / "python"
    if not py.exists():
        sh([sys.executable, "-m", "venv", venv])
    pip = [py, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    missing = [req for mod, req in PIP_PACKAGES.items() if subprocess.run([py, "-c", f"import {mod}"], capture_output=True).returncode != 0]
    if missing:
        sh(pip + ["install"] + missing)
    if build_wheel:
        wheels = TARGET / "bench-wheels"
        for old in wheels.glob("chitieu-*.whl"):
            old.unlink()
        flags = ["--release"] if profile == "release" else []
        sh([venv / "bin" / "maturin", "build", "--quiet", *flags, "-m", ROOT / "python" / "Cargo.toml", "--out", wheels, "--interpreter", py], cwd=ROOT)
        sh(pip + ["install", "--force-reinstall", "--no-deps", *sorted(wheels.glob("chitieu-*.whl"))])
    elif subprocess.run([py, "-c", "import chitieu"], capture_output=True).returncode != 0:
        raise SystemExit(f"bench: chitieu is not installed in {venv} (run without --no-wheel)")
    return py


# ---------------------------------------------------------------------------
# Running one job


@dataclass
class Run:
    name: str
    short: str  # the summary table's column
    kind: str  # how its verdicts are judged: reference, MUST_AGREE, FLOAT, or "" (not compared)
    wall_s: Optional[float] = None
    job_s: Optional[float] = None  # the job's own time (Python engines), else the wall time
    read_s: Optional[float] = None
    rss_mb: Optional[float] = None
    cpu_s: Optional[float] = None  # user + system time of the whole process
    timed_out: bool = False
    error: Optional[str] = None
    outcomes: Optional[int] = None
    verdicts: Optional[Path] = None
    stages: List[Tuple[str, float]] = field(default_factory=list)
    agreement: str = ""

    @property
    def time_s(self) -> Optional[float]:
        return self.job_s if self.job_s is not None else self.wall_s


def measure(run: Run, cmd: List, timeout: float, env: Optional[dict] = None, logdir: Path = Path(".")) -> Tuple[str, str]:
    """Runs `cmd`; records wall time and its own peak RSS (wait4). Returns (stdout, stderr)."""
    slug = re.sub(r"[^a-z0-9]+", "-", run.name.lower()).strip("-")
    out_path, err_path = logdir / f"{slug}.stdout", logdir / f"{slug}.stderr"
    log(f"  {run.name}: " + " ".join(str(c) for c in cmd))
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=err, env=env, start_new_session=True, cwd=ROOT)
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                os.killpg(p.pid, signal.SIGKILL)
                _, status, usage = os.wait4(p.pid, 0)
                run.timed_out = True
                break
            time.sleep(0.005)
        run.wall_s = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    run.rss_mb = usage.ru_maxrss / 1024
    run.cpu_s = usage.ru_utime + usage.ru_stime
    stdout, stderr = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    if run.timed_out:
        run.error = f"over {timeout:.0f} s"
    elif p.returncode != 0:
        run.error = f"exit {p.returncode}: {stderr.strip()[-500:]}"
    return stdout, stderr


def stage_times(stderr: str) -> List[Tuple[str, float]]:
    """Per-stage times (ms) the CLI printed, if it printed any."""
    scale = {"ms": 1.0, "s": 1000.0, "µs": 0.001, "us": 0.001}
    found = []
    for line in stderr.splitlines():
        m = TIMING_LINE.match(line)
        if m:
            found.append((m.group("stage"), float(m.group("value")) * scale[m.group("unit").lower()]))
    return found


def cli_has_timings_flag(exe: Path) -> bool:
    h = subprocess.run([exe, "evaluate", "--help"], capture_output=True, text=True)
    return "--timings" in h.stdout


# ---------------------------------------------------------------------------
# Verdicts and agreement


def read_verdicts(path: Path, targets: Optional[set] = None) -> Dict[Tuple[str, str], dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["target"], r["unit"]): r for r in csv.DictReader(f) if targets is None or r["target"] in targets}


def on_threshold(row: dict) -> bool:
    m = row.get("margin") or ""
    try:
        return m != "" and Fraction(m) == 0
    except ValueError:
        return False


def without_figures(path: Path) -> set:
    """(document, unit) of the units a CLI CSV lists once as having no
    figures for a document (rows with a document and no target)."""
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["document"], r["unit"]) for r in csv.DictReader(f) if not r.get("target") and r.get("document")}


def compare(reference: Dict, other: Dict, kind: str, listed: set = frozenset()) -> Tuple[List, List, int]:
    """(differences allowed, differences that fail, outcomes one side has as
    no_data where the other lists the unit once as without figures for the
    document: the same fact, told per document instead of per target) of
    `other` against the reference."""
    allowed, failing, same = [], [], 0
    document = {t: r["document"] for (t, _), r in reference.items() if r.get("document")}
    for key in reference.keys() | other.keys():
        ref, got = reference.get(key), other.get(key)
        if ref is None or got is None:
            present = ref or got
            if present["status"] == "no_data" and (document.get(key[0]), key[1]) in listed:
                same += 1
                continue
            failing.append((key, ref and ref["status"], got and got["status"], "extra" if ref is None else "missing"))
            continue
        if ref["status"] != got["status"]:
            item = (key, ref["status"], got["status"], "on the threshold" if on_threshold(ref) else "off the threshold")
            (allowed if kind == FLOAT and on_threshold(ref) else failing).append(item)
    return sorted(allowed), sorted(failing), same


def count_json_outcomes(path: Path) -> int:
    """Outcomes in a (pretty) JSON report, counted without loading it whole."""
    n, tail = 0, b""
    with open(path, "rb") as f:
        head = f.read(64)
        if not head.lstrip().startswith(b"{"):
            raise ValueError("not a JSON object")
        f.seek(0)
        while chunk := f.read(1 << 22):
            data = tail + chunk
            n += data.count(b'"document_id":')
            tail = data[-20:]
            n -= tail.count(b'"document_id":')
    return n


# ---------------------------------------------------------------------------
# One scale


def run_scale(n: int, a, exe: Path, py: Path, cats: Dict[str, Path], timings_flag: bool) -> dict:
    scale = f"{n}x"
    work = a.work / scale
    data = work / "data"
    log(f"== {scale}: {n} province(s)")
    manifest = data / "manifest.json"
    if a.reuse_data and manifest.exists() and json.loads(manifest.read_text()).get("provinces") == n:
        gen = json.loads(manifest.read_text())
        gen_s = None
    else:
        t0 = time.perf_counter()
        gen = generate(n, data, a.seed)
        gen_s = time.perf_counter() - t0
    log(f"  data: {gen['units']} units, {gen['rows']} rows, {gen['figures_bytes'] / 1e6:.1f} MB")
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    reg, fig = data / "registry.csv", data / "figures.csv"
    env = dict(os.environ, CHITIEU_TIMINGS="1")
    base = [exe, "evaluate", "--data", fig, "--units", reg, "--period", str(subset.PERIOD), "--unit", "all", "--replace-catalogue"]
    if timings_flag:
        base.append("--timings")
    runs: List[Run] = []
    cli_jobs = [
        ("chitieu CLI, subset, CSV", "CLI subset CSV", "reference", "subset", "csv"),
        ("chitieu CLI, all targets, JSON", "CLI all JSON", "", "all", "json"),
        ("chitieu CLI, all targets, CSV", "CLI all CSV", MUST_AGREE, "all", "csv"),
    ]
    for name, short, kind, cat, fmt in cli_jobs:
        if a.engines and "cli" not in a.engines and kind != "reference":
            continue
        r = Run(name, short, kind)
        path = out / f"cli-{cat}.{fmt}"
        _, err = measure(r, base + ["--catalogue", cats[cat], "--format", fmt, "--out", path], a.timeout, env, out)
        r.stages = stage_times(err)
        if not r.error:
            r.verdicts = path if fmt == "csv" else None
            try:
                r.outcomes = count_json_outcomes(path) if fmt == "json" else sum(1 for _ in open(path, encoding="utf-8")) - 1
            except (OSError, ValueError) as e:
                r.error = f"unreadable output: {e}"
        runs.append(r)
    py_jobs = [
        ("chitieu Python, subset (DataFrame in/out)", "Python subset", "chitieu-py", MUST_AGREE, "subset"),
        ("chitieu Python, all targets (DataFrame in/out)", "Python all", "chitieu-py", MUST_AGREE, "all"),
        ("chitieu Python, subset (pyarrow Table in/out)", "Python Arrow subset", "chitieu-py-arrow", MUST_AGREE, "subset"),
        ("chitieu Python, all targets (pyarrow Table in/out)", "Python Arrow all", "chitieu-py-arrow", MUST_AGREE, "all"),
        ("pandas, float", "pandas float", "pandas-float", FLOAT, None),
        ("pandas, exact (integers)", "pandas exact", "pandas-exact", MUST_AGREE, None),
        ("DuckDB, float", "DuckDB float", "duckdb-float", FLOAT, None),
        ("DuckDB, exact (integers)", "DuckDB exact", "duckdb-exact", MUST_AGREE, None),
    ]
    for name, short, engine, kind, cat in py_jobs:
        if a.engines and engine not in a.engines and not (engine.startswith("chitieu-py") and "py" in a.engines):
            continue
        r = Run(name, short, kind)
        path = out / f"{engine}{'-' + cat if cat else ''}.csv"
        cmd = [py, HERE / "engines.py", engine, "--data", data, "--out", path] + (["--catalogue", cats[cat]] if cat else [])
        stdout, _ = measure(r, cmd, a.timeout, None, out)
        if not r.error:
            info = json.loads(stdout.strip().splitlines()[-1])
            r.job_s, r.read_s, r.outcomes, r.verdicts = info["job_s"], info["read_s"], info["outcomes"], path
        runs.append(r)

    programme_runs = certification_runs(exe, data, out, a.timeout, a.seed) if not a.engines or "certify" in a.engines else []
    runs += programme_runs

    ok, diffs, reference = agree(runs, a.smoke)
    ok = ok and not any(r.error for r in programme_runs)
    return {"scale": scale, "provinces": n, "gen": gen, "gen_s": gen_s, "runs": runs, "ok": ok, "diffs": diffs, "reference": reference}


def certification_runs(exe: Path, data: Path, out: Path, timeout: float, seed: int) -> List[Run]:
    """Plan 50's drug-free programme over the whole registry (programme.py):
    the December 2024 review (`certify`) and the year's programme targets
    (`programme`), CSV out. Only chitieu does this: nothing to compare with."""
    prog = programme.generate(data / "registry.csv", data / "programme", seed)
    log(f"  programme: {prog['register']:,} units in the register ({prog['keep_clean']:,} keep clean, {prog['make_clean']:,} make clean), {prog['events']:,} events")
    inputs = ["--data", data / "programme" / "figures.csv", "--events", data / "programme" / "events.csv", "--register", data / "programme" / "register.csv",
              "--units", data / "registry.csv", "--catalogue", prog["catalogue"], "--replace-catalogue", "--format", "csv"]
    runs = []
    for name, short, cmd in [
        ("chitieu certify (December 2024 review), CSV", "certify CSV", ["certify", "--as-of", programme.AS_OF]),
        ("chitieu programme (2024 targets), CSV", "programme CSV", ["programme", "--year", "2024", "--as-of", programme.AS_OF]),
    ]:
        r = Run(name, short, "")
        path = out / f"{short.replace(' ', '-')}.csv"
        measure(r, [exe, *cmd, *inputs, "--out", path], timeout, None, out)
        if not r.error:
            r.outcomes = sum(1 for _ in open(path, encoding="utf-8")) - 1
        runs.append(r)
    return runs


def agree(runs: List[Run], expect_float_errors: bool) -> Tuple[bool, Dict, Dict]:
    """Compares every run's verdicts on the subset with the reference (the
    first run). Returns (all well, {(target, unit): {run name: status}} for
    every difference, the reference rows)."""
    ref_run, ok, diffs = runs[0], True, {}
    if ref_run.error:
        for r in runs[1:]:
            r.agreement = "not checked (no reference)" if r.kind else ""
        return False, diffs, {}
    ref = read_verdicts(ref_run.verdicts, set(subset.IDS))
    ref_run.agreement = f"reference ({len(ref)} outcomes, {sum(on_threshold(r) for r in ref.values())} exactly on a threshold)"
    for r in runs[1:]:
        if not r.kind:
            continue
        if r.error:
            r.agreement = "not checked"
            continue
        listed = without_figures(ref_run.verdicts) | (without_figures(r.verdicts) if r.short.startswith("CLI") else set())
        allowed, failing, same = compare(ref, read_verdicts(r.verdicts, set(subset.IDS)), r.kind, listed)
        for key, _, got, _ in allowed + failing:
            diffs.setdefault(key, {})[r.name] = got or "(none)"
        if failing:
            ok = False
            r.agreement = f"DISAGREES on {len(failing)} ({sum(1 for f in failing if f[3] == 'off the threshold')} off the threshold, {sum(1 for f in failing if f[3] in ('missing', 'extra'))} missing or extra)"
        elif allowed:
            r.agreement = f"agrees except {len(allowed)} exactly on the threshold"
        elif r.kind == FLOAT and expect_float_errors:
            # The generator puts a 10 -> 9 case in every province: float must trip on it.
            ok = False
            r.agreement = "agrees, but the planted boundary cases should trip float arithmetic: the comparison is broken"
        else:
            r.agreement = "agrees"
        if same:
            r.agreement += f" ({same} no_data outcomes stand for units listed once as without figures)"
    for r in runs:
        if r.error and not r.timed_out:
            ok = False  # a timeout is a measurement; a crash is a failure
    return ok, diffs, ref


# ---------------------------------------------------------------------------
# Reporting


def machine(py: Path, exe: Path) -> List[Tuple[str, str]]:
    def first(path, key):
        try:
            for line in open(path, encoding="utf-8"):
                if line.startswith(key):
                    return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
        except OSError:
            pass
        return "?"

    def out(cmd):
        try:
            return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        except OSError:
            return "?"

    versions = out([py, "-c", "import sys, pandas, numpy, duckdb, chitieu; print(sys.version.split()[0], pandas.__version__, numpy.__version__, duckdb.__version__, chitieu.__version__)"]).split()
    versions += ["?"] * (5 - len(versions))
    mem_kb = first("/proc/meminfo", "MemTotal").split()[0]
    commit = out(["git", "rev-parse", "--short", "HEAD"]) + (" (uncommitted changes)" if out(["git", "status", "--porcelain"]) else "")
    return [
        ("CPU", f"{first('/proc/cpuinfo', 'model name')}, {os.cpu_count()} logical cores"),
        ("memory", f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "?"),
        ("OS", f"{first('/etc/os-release', 'PRETTY_NAME')}, Linux {platform.release()}"),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
        ("chitieu", f"{out([exe, '--version'])}, commit {commit}"),
        ("Rust", out(["rustc", "--version"])),
        ("Python", f"{versions[0]}, pandas {versions[1]}, numpy {versions[2]}, DuckDB {versions[3]}, chitieu (Python) {versions[4]}"),
    ]


def fmt_s(r: Run) -> str:
    if r.timed_out:
        return r.error or "timeout"
    if r.error:
        return "failed"
    return f"{r.time_s:.2f}" if r.time_s >= 0.1 else f"{r.time_s:.3f}"


def differences(res: dict, limit: int) -> List[str]:
    """The outcomes exactly on a threshold per target, and every verdict that differs from chitieu's."""
    ref, diffs = res["reference"], res["diffs"]
    if not ref:
        return []
    engines = [r.name for r in res["runs"] if r.kind == FLOAT and not r.error]
    lines = [
        f"Outcomes exactly on a threshold ({res['scale']}: chitieu's margin is 0; for \"= 0\" and \"100%\" targets every met outcome is), "
        "and how many of them float arithmetic decides wrongly:",
        "",
    ]
    lines += ["| target | outcomes | on the threshold | " + " | ".join(f"{e}: wrong" for e in engines) + " |", "|---|---:|---:|" + "---:|" * len(engines)]
    for tid in subset.IDS:
        rows = [k for k in ref if k[0] == tid]
        on = [k for k in rows if on_threshold(ref[k])]
        wrong = [sum(1 for k in on if e in diffs.get(k, {})) for e in engines]
        lines.append(f"| {tid} | {len(rows):,} | {len(on):,} | " + " | ".join(str(w) for w in wrong) + " |")
    lines.append("")
    if not diffs:
        return lines
    names = [r.name for r in res["runs"][1:] if any(r.name in d for d in diffs.values())]
    lines += [f"Verdicts that differ from chitieu's ({res['scale']}, {len(diffs)} outcomes):", ""]
    lines += ["| target | unit | chitieu | " + " | ".join(names) + " | actual | baseline | change | margin |", "|---|---|---|" + "---|" * (len(names) + 4)]
    for key in sorted(diffs)[:limit]:
        row = ref.get(key, {})
        base = f"{row.get('baseline_value', '')} ({row.get('baseline_period', '')})" if row.get("baseline_value") else ""
        actual = row.get("actual", "") + (f" = {row['numerator']}/{row['denominator']}" if row.get("denominator") else "")
        got = [diffs[key].get(n, "=") for n in names]
        lines.append(f"| {key[0]} | {key[1]} | {row.get('status', '(none)')} | " + " | ".join(got) + f" | {actual} | {base} | {row.get('change', '')} | {row.get('margin', '')} |")
    if len(diffs) > limit:
        lines.append(f"| … {len(diffs) - limit} more (see the verdict files under {res['scale']}/out) |" + " |" * (len(names) + 6))
    return lines + [""]


def report(results: List[dict], info: List[Tuple[str, str]], a) -> str:
    lines = ["# chitieu national benchmark: results", ""]
    lines += [f"Generated by `python3 bench/national/run.py {' '.join(a.argv)}` on {time.strftime('%Y-%m-%d %H:%M %Z')}.", ""]
    lines += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in info] + [""]
    lines += [
        "Time: wall time of the process for the CLI; for Python engines the job itself (imports excluded): "
        "CSV files to result DataFrame for pandas and DuckDB, DataFrame to result DataFrame for chitieu Python "
        "(its `pd.read_csv` is shown apart). Peak RSS: the process's own maximum resident set (wait4), "
        "the Python interpreter and its imports included. CPU: user + system time of the whole process (imports included; "
        "on a shared machine, less disturbed than wall time). \"÷ CLI subset\": this time divided by the chitieu CLI subset time "
        "(above 1: slower than chitieu).",
        "",
    ]
    summary = ["| scale | units | CSV | " + " | ".join(r.short for r in results[0]["runs"]) + " | chitieu CLI peak RSS |", "|---|---:|---:|" + "---:|" * (len(results[0]["runs"]) + 1)]
    for res in results:
        g = res["gen"]
        cli_rss = max((r.rss_mb for r in res["runs"] if r.short.startswith("CLI") and r.rss_mb is not None), default=0)
        cells = [f"{fmt_s(r)} s" if not r.error else fmt_s(r) for r in res["runs"]]
        summary.append(f"| {res['scale']} | {g['units']:,} | {g['figures_bytes'] / 1e6:.1f} MB | " + " | ".join(cells) + f" | {cli_rss:,.0f} MB |")
    lines += ["## Summary (seconds)", ""] + summary + [""]
    for res in results:
        g = res["gen"]
        lines += [f"## {res['scale']}: {g['provinces']} provinces, {g['districts']:,} districts, {g['communes']:,} communes ({g['units']:,} units), {g['rows']:,} rows x {g['columns']} variables, {g['figures_bytes'] / 1e6:.1f} MB", ""]
        if res["gen_s"] is not None:
            lines += [f"Generating the data took {res['gen_s']:.1f} s.", ""]
        ref = res["runs"][0]
        lines += ["| job | time (s) | CPU (s) | peak RSS (MB) | ÷ CLI subset | outcomes | verdicts |", "|---|---:|---:|---:|---:|---:|---|"]
        for r in res["runs"]:
            ratio = f"{r.time_s / ref.time_s:.2f}" if not r.error and not ref.error and ref.time_s else ""
            extra = f" (+ read_csv {r.read_s:.2f} s)" if r.read_s is not None else ""
            rss = f"{r.rss_mb:,.0f}" if r.rss_mb is not None else ""
            cpu = f"{r.cpu_s:.2f}" if r.cpu_s is not None else ""
            lines.append(f"| {r.name} | {fmt_s(r)}{extra} | {cpu} | {rss} | {ratio} | {r.outcomes if r.outcomes is not None else ''} | {r.agreement} |")
        lines.append("")
        for r in res["runs"]:
            if r.stages:
                lines += [f"Per-stage times of {r.name}:", "", "| stage | ms |", "|---|---:|"] + [f"| {s} | {ms:,.1f} |" for s, ms in r.stages] + [""]
        lines += differences(res, a.list_limit)
    verdict = "every engine agrees with chitieu (float engines only on values exactly on a threshold)" if all(r["ok"] for r in results) else "DISAGREEMENT or failure: see above"
    lines += [f"Agreement: {verdict}.", ""]
    return "\n".join(lines)


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description="chitieu's national benchmark (see the module doc).")
    ap.add_argument("--scale", type=lambda s: int(s.rstrip("x")), action="append", help="provinces (1 = 1x, 60 = 60x); repeatable; default 1 and 10")
    ap.add_argument("--engines", nargs="*", help="limit to some of: cli py pandas-float pandas-exact duckdb-float duckdb-exact certify (the CLI subset run always runs)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run before it is killed and shown as 'over N s' (default 600)")
    ap.add_argument("--profile", choices=["release", "debug"], default="release", help="build profile of the CLI and the wheel (debug only for a smoke test)")
    ap.add_argument("--venv", type=Path, default=TARGET / "py-venv", help="virtual environment (default target/py-venv, as scripts/test-python.sh)")
    ap.add_argument("--no-wheel", action="store_true", help="use the chitieu already installed in --venv instead of building the wheel")
    ap.add_argument("--work", type=Path, default=TARGET / "bench-national", help="where data and outputs go (default target/bench-national)")
    ap.add_argument("--report", type=Path, help="markdown report (default WORK/results.md)")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--reuse-data", action="store_true", help="keep data already generated for a scale")
    ap.add_argument("--list-limit", type=int, default=15, help="differing verdicts listed per scale (default 15)")
    ap.add_argument("--smoke", action="store_true", help="CI smoke: debug builds, chitieu already in the venv from scripts/test-python.sh, and float engines must trip on the planted boundary cases")
    a = ap.parse_args(argv)
    a.argv = argv
    if a.smoke:
        a.profile = "debug"
        a.no_wheel = a.no_wheel or (a.venv / "bin" / "python").exists()
    scales = a.scale or [1, 10]
    a.work = a.work.resolve()
    report_path = a.report or a.work / "results.md"

    subset.check_rules()
    exe = build_cli(a.profile)
    py = python_env(a.venv, a.profile, not a.no_wheel)
    cats = {
        "all": catalogue.write_national(a.work / "catalogue-all"),
        "subset": catalogue.write_national(a.work / "catalogue-subset", subset.IDS),
    }
    info = machine(py, exe)
    timings_flag = cli_has_timings_flag(exe)
    results = [run_scale(n, a, exe, py, cats, timings_flag) for n in scales]
    text = report(results, info, a)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(text, encoding="utf-8")
    print(text)
    log(f"report: {report_path}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
