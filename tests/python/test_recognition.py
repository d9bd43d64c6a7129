"""Drug-free recognition (Kế hoạch 50/KH-UBND) through the Python package:
the synthetic 2024 programme, DataFrames of units, criteria and gaps, HTML,
the decision log, errors, and the GIL released while core works."""

import json
import os
from html import escape
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import chitieu
from chitieu import _native
from conftest import ROOT, SCENARIOS

REVIEW = "2024-12-15"
SECTION8 = SCENARIOS / "data" / "kh50-section8"
BY = "Trưởng Ban Chỉ đạo 138/QN: Nguyễn Văn A"


@pytest.fixture(scope="module")
def programme_sample():
    return chitieu.sample_programme()


@pytest.fixture(scope="module")
def review(programme_sample):
    return chitieu.certify(programme_sample, as_of=REVIEW, lang="en")


def counts(units: pd.DataFrame) -> dict:
    return {k: int(v) for k, v in units["status"].value_counts().items()}


# ---------------------------------------------------------------- the sample


def test_the_sample_review_counts_agree_with_core(review):
    """summary() is core's summary (the CLI's JSON), and agrees with the unit tables."""
    s = review.summary()
    contract = json.loads(review.to_json())["summary"]
    assert contract == review.data["summary"]
    for level, table in (("communes", review.communes), ("districts", review.districts)):
        assert counts(table) == contract[level]
        assert {k: int(v) for k, v in s.loc[level].drop("total").items() if v} == contract[level]
        assert s.loc[level, "total"] == len(table)
    # The units in force on the review date: six communes merged into others on 1/11/2024.
    assert (len(review.communes), len(review.districts)) == (171, 13)


def test_the_sample_reads_like_the_documented_programme(programme_sample, review):
    """The numbers core's own sample test documents: 34 keep-clean communes,
    42 make-clean ones of which 32 certified and 1 without data, districts
    200, 202 and 207 certified, and the 33 approvals of 2024-12-20."""
    assert review.synthetic and review.warnings[0]["code"] == "synthetic_data"
    reg = programme_sample.register
    communes = set(review.communes["unit"])
    make = reg[(reg.track == "make_clean") & reg.unit_code.isin(communes)]
    keep = reg[(reg.track == "keep_clean") & reg.unit_code.isin(communes)]
    assert (len(make), len(keep)) == (42, 34)
    assert (reg.certified_on == "2024-12-20").sum() == 33
    status = review.communes.set_index("unit")["status"]
    assert counts(status.loc[make.unit_code].to_frame()) == {"certified": 32, "not_certified": 9, "no_data": 1}
    assert review.districts.query("status == 'certified'")["unit"].tolist() == ["200", "202", "207"]
    yearly = review.programme.set_index("target").loc["kh50.programme.yearly_build"]
    assert (yearly["status"], yearly["numerator"], yearly["denominator"]) == ("met", "32", "42")


def cli():
    exe = "chitieu.exe" if os.name == "nt" else "chitieu"
    for p in (ROOT / "target" / "debug" / exe, ROOT / "target" / "release" / exe):
        if p.exists():
            return p
    return shutil.which("chitieu")


def test_the_same_json_as_the_command_line(review):
    """When the command line is built, its JSON of the same run has the same summary and unit verdicts."""
    exe = cli()
    if exe is None:
        pytest.skip("the chitieu command is not built (cargo build -p chitieu-cli)")
    out = subprocess.run([str(exe), "certify", "--sample", "--as-of", REVIEW, "--format", "json", "--lang", "en"], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        pytest.skip(f"the chitieu command failed (stale build?): {out.stderr[:300]}")
    theirs = json.loads(out.stdout)
    ours = review.data
    if theirs["chitieu_version"] != ours["chitieu_version"] or theirs["dataset"] != ours["dataset"]:
        pytest.skip("the chitieu command was built from another version of core")
    assert theirs["summary"] == ours["summary"]
    verdict = lambda j: {u["unit"]: (u["status"], [g["text"] for g in u["gaps"]]) for u in j["communes"] + j["districts"]}  # noqa: E731
    assert verdict(theirs) == verdict(ours)
    assert theirs["programme"] == ours["programme"]


def test_every_unit_not_certified_says_what_stands_in_the_way(review):
    gaps = review.gaps
    assert list(gaps.columns) == ["unit", "name", "level", "district", "status", "criterion", "need", "text"]
    not_certified = review.communes.query("status == 'not_certified'")
    assert len(not_certified) > 0
    assert set(not_certified["unit"]) <= set(gaps["unit"])
    assert (not_certified["gaps"] > 0).all()
    assert gaps["text"].map(lambda t: isinstance(t, str) and t != "").all()
    assert set(review.communes.query("status == 'certified'")["unit"]).isdisjoint(gaps["unit"])
    # the gaps of a unit are those of its JSON, in order
    u = not_certified.iloc[0]["unit"]
    assert gaps.query("unit == @u")["text"].tolist() == [g["text"] for g in review.unit(u)["gaps"]]


def test_the_criteria_table_is_one_row_per_unit_and_criterion(review):
    crit = review.criteria
    assert len(crit) == sum(len(u["criteria"]) for u in review.data["communes"] + review.data["districts"])
    assert {"unit", "status", "criterion", "criterion_status", "detail", "actual", "margin", "parts"} <= set(crit.columns)
    hh = crit[crit.criterion == "kh50.certify.commune.households_committed"].dropna(subset=["actual"]).iloc[0]
    assert hh["parts"][0]["actual"] == hh["actual"]
    assert set(crit["criterion_status"]) <= {"met", "not_met", "no_data", "not_applicable"}


def test_programme_of_the_year_reviews_on_31_december():
    p = chitieu.programme(sample=True, year=2024, lang="en")
    assert (p.operation, p.as_of, p.year) == ("programme", "2024-12-31", 2024)
    df = p.programme
    assert {"kh50.programme.yearly_build", "kh50.programme.communes_kept", "kh50.programme.districts_kept"} <= set(df["target"])
    assert df["actual_float"].dtype == float
    with pytest.raises(chitieu.ChitieuError, match="not in 2024"):
        chitieu.programme(sample=True, year=2024, as_of="2025-01-10")


def test_selection_of_the_sample(programme_sample):
    s = chitieu.select(programme_sample, as_of="2025-01-15", lang="en")
    assert s.operation == "select"
    assert set(s.communes["status"]) <= {"eligible", "not_eligible", "no_data"}
    assert "eligible" in set(s.communes["status"])


def test_inputs_tables_and_digest(programme_sample):
    ev = programme_sample.events
    assert list(ev.columns) == ["date", "unit_code", "kind", "residence", "severity", "note"]
    assert ev["date"].is_monotonic_increasing
    assert "addicts_and_users_at_entry" in programme_sample.register.columns
    assert programme_sample.digest == chitieu.sample_programme().digest
    assert len(programme_sample.digest) == 64
    assert "SYNTHETIC" in repr(programme_sample)


def test_the_digest_depends_on_the_facts_not_their_order():
    figures = pd.read_csv(SECTION8 / "figures.csv", dtype={"unit_code": str})
    events = pd.read_csv(SECTION8 / "events.csv", dtype={"unit_code": str})
    register = pd.read_csv(SECTION8 / "register.csv", dtype={"unit_code": str})
    a = chitieu.Inputs.load(figures, events, register)
    b = chitieu.Inputs.load(figures.iloc[::-1], events.iloc[::-1][list(reversed(events.columns))], register)
    assert a.digest == b.digest == chitieu.Inputs.load(SECTION8).digest
    changed = events.copy()
    changed.loc[0, "residence"] = "temporary"
    assert chitieu.Inputs.load(figures, changed, register).digest != a.digest


def test_dates_as_timestamps_and_whole_floats():
    """Dates may be datetime64 columns or Timestamps; counts may be floats (a column with a NaN)."""
    events = pd.read_csv(SECTION8 / "events.csv", dtype={"unit_code": str}, parse_dates=["date"])
    register = pd.read_csv(SECTION8 / "register.csv", dtype={"unit_code": str}, parse_dates=["entry_date"])
    register["addicts_and_users_at_entry"] = register["addicts_and_users_at_entry"].astype(float)
    a = chitieu.certify(SECTION8 / "figures.csv", events, register, as_of=pd.Timestamp(REVIEW))
    b = chitieu.certify(SECTION8, as_of=pd.Timestamp(REVIEW).date())
    assert a.digest == b.digest
    assert a.unit("07192")["status"] == b.unit("07192")["status"] == "certified"


# ---------------------------------------------------------------- display


def test_html_puts_not_certified_first_with_their_gaps(review):
    html = review._repr_html_()
    units = html[html.index('class="ct-units"'):]
    assert units.index('data-status="not_certified"') < units.index('data-status="certified"')
    # a make-clean commune that failed is listed with its gaps (escaped as HTML)
    failed = review.communes.query("status == 'not_certified' and track == 'make_clean'").iloc[0]
    for text in review.gaps.query("unit == @failed.unit")["text"]:
        assert escape(text) in html
    # communes outside the programme are counted, not listed
    outside = review.communes.query("track.isna() and status == 'not_certified'").iloc[0]
    assert f"{outside['unit']}</span>" not in html and "not listed" in html
    assert "#b42318" in html and "#05603a" in html
    assert "SYNTHETIC" in html
    assert "kh50.programme.yearly_build" in html
    vi = chitieu.certify(sample=True, as_of=REVIEW)._repr_html_()
    assert "đạt sạch ma túy" in vi and "chưa đạt" in vi
    assert len(review.to_html(all=True)) > len(html)
    assert "<script" not in html


# ---------------------------------------------------------------- the log


def test_record_twice_read_back(tmp_path, review, programme_sample):
    log = tmp_path / "decisions.jsonl"
    assert review.record(log, by=BY) == 1
    again = chitieu.certify(programme_sample, as_of=REVIEW, lang="en")
    assert again.digest == review.digest == programme_sample.digest
    assert again.record(str(log), by="Giám đốc Công an tỉnh: Trần Văn B") == 2
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2
    read = chitieu.read_log(log)
    assert len(read) == 2 and read.warnings == []
    first = read.entries[0]
    assert first["line"] == 1
    assert (first["decided_by"]["role"], first["decided_by"]["name"]) == ("Trưởng Ban Chỉ đạo 138/QN", "Nguyễn Văn A")
    assert (first["as_of"], first["operation"], first["scheme"], first["inputs_sha256"]) == (REVIEW, "certify", "kh50", review.digest)
    table = read.to_pandas()
    assert table["line"].tolist() == [1, 2]
    assert table.loc[0, "certified"] == counts(review.communes)["certified"] + counts(review.districts)["certified"]
    units = read.units(line=1)
    assert units.set_index("unit").loc["06808", "status"] == review.unit("06808")["status"]
    assert read.last("kh50")["line"] == 2
    with pytest.raises(chitieu.ChitieuError, match="absent.jsonl: decision log not found"):
        chitieu.read_log(tmp_path / "absent.jsonl")
    (tmp_path / "empty.jsonl").write_text("")
    assert len(chitieu.read_log(tmp_path / "empty.jsonl")) == 0
    not_a_log = tmp_path / "figures.csv"
    not_a_log.write_text("unit_code,period,addicts\n06808,2024-12-01,9\n")
    with pytest.raises(chitieu.ChitieuError, match="not a chitieu decision log"):
        review.record(not_a_log, by=BY)
    assert not_a_log.read_text() == "unit_code,period,addicts\n06808,2024-12-01,9\n"


def test_a_torn_line_is_reported_and_kept(tmp_path, review):
    log = tmp_path / "decisions.jsonl"
    review.record(log, by=BY)
    review.record(log, by=BY)
    before = log.read_bytes()
    with open(log, "ab") as f:
        f.write(b'{"chitieu_version":"0.1')
    read = chitieu.read_log(log, lang="en")
    assert len(read) == 2
    (w,) = read.warnings
    assert w["code"] == "log_line_torn" and "line 3" in w["message"]
    with pytest.warns(chitieu.ChitieuWarning, match="3"):
        assert review.record(log, by=BY) == 4
    assert log.read_bytes().startswith(before)
    assert [e["line"] for e in chitieu.read_log(log).entries] == [1, 2, 4]


def test_what_changed_since_the_recorded_run(tmp_path):
    log = tmp_path / "decisions.jsonl"
    approved = chitieu.certify(SECTION8, as_of=REVIEW, lang="en")
    assert approved.unit("07192")["status"] == "certified"
    approved.record(log, by=BY)
    same = approved.compare(log)
    assert (len(same), same.inputs_changed, same.line) == (0, False, 1)
    figures = pd.read_csv(SECTION8 / "figures.csv", dtype={"unit_code": str})
    figures.loc[figures.unit_code == "07192", "households_committed"] = 639
    later = chitieu.certify(figures, SECTION8 / "events.csv", SECTION8 / "register.csv", as_of=REVIEW, lang="en")
    changes = later.compare(log)
    assert changes.inputs_changed
    assert [c["unit"] for c in changes] == ["07192"]
    df = changes.to_pandas()
    row = df.set_index("criterion").loc["kh50.certify.commune.households_committed"]
    assert (row["before"], row["after"], row["criterion_before"], row["criterion_after"]) == ("certified", "not_certified", "met", "not_met")
    assert changes.decided_by == {"role": "Trưởng Ban Chỉ đạo 138/QN", "name": "Nguyễn Văn A"}
    assert later.compare(log, line=1).line == 1
    with pytest.raises(chitieu.ChitieuError, match="line 7"):
        later.compare(log, line=7)
    with pytest.raises(chitieu.ChitieuError, match="not found"):
        later.compare(tmp_path / "absent.jsonl")
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(chitieu.ChitieuError, match="no recorded run"):
        later.compare(tmp_path / "empty.jsonl")


# ---------------------------------------------------------------- errors


def test_bad_events_in_a_dataframe_name_row_and_column():
    events = pd.read_csv(SECTION8 / "events.csv", dtype={"unit_code": str})
    events.loc[1, "date"] = "2024-02-30"
    with pytest.raises(chitieu.DataError) as info:
        chitieu.certify(SECTION8 / "figures.csv", events, SECTION8 / "register.csv", as_of=REVIEW)
    e = info.value
    assert (e.file, e.row, e.column, e.value) == ("events (DataFrame)", 3, "date", "2024-02-30")
    assert "calendar date" in e.expected
    events = pd.read_csv(SECTION8 / "events.csv", dtype={"unit_code": str})
    events.loc[0, "kind"] = "drug_deal"
    with pytest.raises(chitieu.DataError) as info:
        chitieu.select(None, events, None, as_of=REVIEW)
    assert (info.value.row, info.value.column, info.value.value) == (2, "kind", "drug_deal")
    assert "drug_offence" in info.value.expected


def test_a_bad_register_file_names_file_row_and_column(tmp_path):
    p = tmp_path / "register.csv"
    p.write_text("unit_code,track,entry_date,certified_on,lost_on,addicts_and_users_at_entry\n07192,make_clean,2024-05-01,,,3\n07192,make_clean,2024-05-01,2024-04-30,,3\n", encoding="utf-8")
    with pytest.raises(chitieu.DataError) as info:
        chitieu.certify(register=p, as_of=REVIEW)
    e = info.value
    assert e.file.endswith("register.csv")
    assert (e.row, e.column, e.value) == (3, "certified_on", "2024-04-30")


def test_bad_figures_keep_the_dataframe_row_convention():
    figures = pd.read_csv(SECTION8 / "figures.csv", dtype={"unit_code": str})
    figures.loc[2, "period"] = "2024-02-30"
    with pytest.raises(chitieu.DataError) as info:
        chitieu.certify(figures, as_of=REVIEW)
    assert (info.value.file, info.value.row, info.value.column) == ("figures (DataFrame)", 4, "period")


def test_bad_requests():
    with pytest.raises(chitieu.ChitieuError, match="does not exist"):
        chitieu.certify(sample=True, as_of="2024-02-30")
    with pytest.raises(chitieu.ChitieuError, match="as_of is required"):
        chitieu.certify(sample=True)
    with pytest.raises(chitieu.ChitieuError, match="no facts"):
        chitieu.certify(as_of=REVIEW)
    with pytest.raises(chitieu.ChitieuError, match="sample=True"):
        chitieu.certify(SECTION8, sample=True, as_of=REVIEW)
    with pytest.raises(chitieu.ChitieuError, match="schemes with criteria: kh50"):
        chitieu.certify(sample=True, as_of=REVIEW, scheme="nq314")
    with pytest.raises(chitieu.ChitieuError, match="year is required"):
        chitieu.programme(sample=True)
    with pytest.raises(chitieu.ChitieuError, match="ROLE: NAME"):
        chitieu.certify(SECTION8, as_of=REVIEW).record("never-written.jsonl", by="nobody")
    assert not Path("never-written.jsonl").exists()
    with pytest.raises(TypeError):
        chitieu.certify(SECTION8 / "figures.csv", events=42, as_of=REVIEW)


# ---------------------------------------------------------------- the GIL


def test_the_gil_is_released_during_certification(programme_sample):
    cat, units = chitieu.Catalogue.default()._native, chitieu.Units.default()._native
    ticks, stop = [], threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.01)
    t0 = time.perf_counter()
    for _ in range(3):
        _native.certify(programme_sample._native, cat, units, REVIEW)
    t1 = time.perf_counter()
    stop.set()
    t.join()
    margin = 0.02
    if t1 - t0 < 4 * margin:
        pytest.skip(f"certification took {t1 - t0:.3f}s: too fast to observe another thread")
    inside = [x for x in ticks if t0 + margin < x < t1 - margin]
    assert len(inside) > 5, f"no other thread ran during {t1 - t0:.3f}s of certification"
