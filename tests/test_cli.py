"""The command line end to end, at small scale: contract files, exit codes, atomic results folders."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, header, read_csv, write_file
from model import cli
from model.core.data import PROVINCES_CSV
from model.engines.fast import VietnamEconomy
from model.core.errors import UserError
from model.outputs.folders import MARKER, staged_folder, write_marker
from model.outputs.results import ANNUAL_COLUMNS
from model.scenario import SCENARIO_DIR

SMALL = ["--scale", "0.1"]
TABLES = ("annual.csv", "quarterly.csv", "provinces.csv", "groups.csv", "targets.csv", "summary.csv",
          "columns.csv", "manifest.json")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BAD_SCENARIO = """\
title = "Too eager"
extends = "baseline"
[parameters]
connect_hazard = 5
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run every command from a scratch folder, so a default results/ folder never lands in the repo."""
    monkeypatch.chdir(tmp_path)


def _bad_file(folder):
    path = folder / "too_eager.toml"
    path.write_text(BAD_SCENARIO, encoding="utf-8")
    return path


def _digest(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _program(*args, cwd=REPO, timeout=120) -> subprocess.CompletedProcess:
    """``python -m model ARGS`` as a user runs it: a traceback would show on stderr here."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "model", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _assert_pngs(folder, at_least: int):
    pngs = sorted(folder.glob("*.png"))
    assert len(pngs) >= at_least, pngs
    for png in pngs:
        assert png.read_bytes()[:8] == PNG_MAGIC, png


# ------------------------------------------------------------------ run
def test_run_writes_every_contract_file(tmp_path, capsys):
    out = tmp_path / "base"
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", *SMALL]) == 0
    for name in TABLES:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    assert not (out / "figures").exists()
    assert header(out / "annual.csv")[:len(ANNUAL_COLUMNS)] == list(ANNUAL_COLUMNS)
    assert [int(r["year"]) for r in read_csv(out / "annual.csv")] == list(range(2015, 2031))
    assert header(out / "quarterly.csv")[:2] == ["year", "quarter"]
    assert len(read_csv(out / "quarterly.csv")) == 4 * 16
    assert len(read_csv(out / "provinces.csv")) == 16 * len(read_csv(PROVINCES_CSV))
    assert {r["group_type"] for r in read_csv(out / "groups.csv")} == {"area", "income_quintile", "region", "age"}
    printed = capsys.readouterr().out
    assert str(out) in printed and "Plan targets met" in printed and "Mean growth 2026-2030" in printed
    # the summary answers the question for the whole plan period, not the last year only
    growth = [float(r["gdp_growth_pct"]) for r in read_csv(out / "annual.csv") if 2026 <= int(r["year"]) <= 2030]
    summary = read_csv(out / "summary.csv")[0]
    assert float(summary["growth_mean_2026_2030_pct"]) == pytest.approx(sum(growth) / 5, abs=1e-5)
    assert float(summary["growth_min_2026_2030_pct"]) == pytest.approx(min(growth), abs=1e-5)
    assert f"{sum(growth) / 5:.1f}" in printed  # rounded for people on screen


def test_run_prints_its_summary_in_vietnamese(tmp_path, capsys):
    out = tmp_path / "vi"
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", "--no-counterfactual", "--lang", "vi",
                     *SMALL]) == 0
    printed = capsys.readouterr().out
    assert "Tăng trưởng bình quân 2026-2030" in printed and "Mục tiêu: Kinh tế số >= 30 (% GDP), 2030" in printed
    assert "Mean growth" not in printed


def test_run_with_figures(tmp_path):
    out = tmp_path / "with_figures"
    assert cli.main(["run", "baseline", "--out", str(out), "--quiet", *SMALL]) == 0
    assert (out / "manifest.json").is_file()
    _assert_pngs(out / "figures", at_least=4)
    assert {"gdp_growth.png", "digital_share.png"} <= {p.name for p in (out / "figures").iterdir()}


def test_run_without_out_writes_into_results_under_the_working_folder(tmp_path):
    assert cli.main(["run", "baseline", "--no-figures", "--quiet", *SMALL]) == 0
    assert (tmp_path / "results" / "baseline" / "manifest.json").is_file()


# ------------------------------------------------------------------ list and validate
def test_list_prints_every_shipped_scenario(capsys):
    assert cli.main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))
    assert [line.split()[0] for line in lines] == names
    assert any(line.startswith("baseline") and "Current policies continued" in line for line in lines)


def test_validate_ok(capsys):
    assert cli.main(["validate", "baseline", "three_breakthroughs"]) == 0
    out = capsys.readouterr().out
    assert "baseline: ok" in out and "three_breakthroughs: ok" in out


def test_validate_bad_file(tmp_path, capsys):
    bad = _bad_file(tmp_path)
    assert cli.main(["validate", "baseline", str(bad)]) == 2
    captured = capsys.readouterr()
    assert "baseline: ok" in captured.out
    assert "INVALID" in captured.err and "too_eager.toml" in captured.err
    assert "parameters.connect_hazard" in captured.err


# ------------------------------------------------------------------ user errors
def test_bad_scenario_for_run_exits_2_without_a_traceback_or_a_folder(tmp_path, capsys):
    bad = _bad_file(tmp_path)
    out = tmp_path / "never"
    before = sorted(p.name for p in tmp_path.iterdir())
    assert cli.main(["run", str(bad), "--out", str(out), *SMALL]) == 2
    err = capsys.readouterr().err
    assert "too_eager.toml" in err and "parameters.connect_hazard" in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no partial folder beside it either


def test_unknown_scenario_exits_2(capsys):
    assert cli.main(["run", "no_such_scenario", *SMALL]) == 2
    assert "no such scenario" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["run", "baseline", "--scale", "0"],
    ["run", "baseline", "--scale", "-1"],
    ["run", "baseline", "--scale", "nan"],
    ["run", "baseline", "--seed", "-1"],
    ["run", "baseline", "--seed", "1.5"],
    ["compare", "baseline", "skills_first", "--scale", "0"],
])
def test_bad_options_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--scale" in err or "--seed" in err


@pytest.mark.parametrize("command", ["run", "compare", "validate"])
def test_bad_scenario_as_a_program_exits_2_naming_file_and_field(tmp_path, command):
    bad = _bad_file(tmp_path)
    refs = ["baseline", bad] if command == "compare" else [bad]
    extra = [] if command == "validate" else ["--out", tmp_path / "never", *SMALL]
    done = _program(command, *refs, *extra, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert str(bad) in done.stderr and "parameters.connect_hazard" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "never").exists()


# ------------------------------------------------------------------ where results go
def test_out_folder_with_other_files_is_refused_and_kept(tmp_path, capsys):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "thesis.txt").write_text("two years of work", encoding="utf-8")
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", "--quiet", *SMALL]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and MARKER in err
    assert [p.name for p in tmp_path.iterdir()] == ["thesis"]  # nothing staged beside it either
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "two years of work"


@pytest.mark.parametrize("where", [".", "..", "repo", "above repo", "file"])
def test_out_that_would_replace_the_working_folder_the_code_or_a_file_is_refused(tmp_path, monkeypatch, capsys,
                                                                                 where):
    import model.outputs.folders as folders

    # Each folder is marked as the model's results, so only the guard for its place refuses it.
    work, repo = tmp_path / "work", tmp_path / "code" / "repo"
    for folder in (work, repo):
        folder.mkdir(parents=True)
    for folder in (tmp_path, work, repo, repo.parent):
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
        write_marker(folder, "run")
    (tmp_path / "notes.txt").write_text("keep", encoding="utf-8")
    monkeypatch.setattr(folders, "MODEL_DIR", repo)  # never risk the real checkout
    monkeypatch.chdir(work)
    before = _digest(tmp_path)
    out = {".": ".", "..": "..", "repo": repo, "above repo": repo.parent, "file": tmp_path / "notes.txt"}[where]
    for argv in (["run", "baseline", "--no-figures"], ["compare", "baseline", "skills_first"]):
        assert cli.main([*argv, "--out", str(out), "--quiet", *SMALL]) == 2
        assert "cannot write results to" in capsys.readouterr().err
    assert Path.cwd() == work
    assert _digest(tmp_path) == before and _partials(tmp_path) == _partials(work) == []


def test_staged_folder_replaces_only_empty_or_results_folders(tmp_path):
    empty, ours, theirs = tmp_path / "empty", tmp_path / "ours", tmp_path / "theirs"
    empty.mkdir()
    ours.mkdir()
    (ours / "manifest.json").write_text("{}", encoding="utf-8")
    (ours / "annual.csv").write_text("old", encoding="utf-8")
    write_marker(ours, "run")
    theirs.mkdir()
    (theirs / "thesis.txt").write_text("keep", encoding="utf-8")
    for folder in (empty, ours):
        with staged_folder(folder) as tmp:
            (tmp / "manifest.json").write_text("{}", encoding="utf-8")
        assert sorted(p.name for p in folder.iterdir()) == [MARKER, "manifest.json"]
    with pytest.raises(UserError, match="theirs"):
        with staged_folder(theirs) as tmp:
            pass
    # a folder that gained other files while the model ran is not replaced either
    late = tmp_path / "late"
    with pytest.raises(UserError, match="late"):
        with staged_folder(late) as tmp:
            late.mkdir()
            (late / "thesis.txt").write_text("keep", encoding="utf-8")
    assert (theirs / "thesis.txt").read_text() == (late / "thesis.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "late", "ours", "theirs"]  # no leftovers


def test_results_folder_gets_the_usual_permissions(tmp_path):
    mask = os.umask(0o027)
    try:
        with staged_folder(tmp_path / "out") as tmp:
            (tmp / "manifest.json").write_text("{}", encoding="utf-8")
    finally:
        os.umask(mask)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o750  # not mkdtemp's private 0700


def test_unwritable_out_exits_2_without_a_traceback(tmp_path):
    (tmp_path / "a_file").write_text("", encoding="utf-8")
    out = tmp_path / "a_file" / "results"
    done = _program("run", "baseline", "--out", out, "--no-figures", *SMALL, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: cannot write results to {out}: ") and "a_file is a file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into a read-only folder")
def test_out_under_a_read_only_folder_exits_2(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    done = _program("run", "baseline", "--out", locked / "results", "--no-figures", *SMALL, cwd=tmp_path)
    assert done.returncode == 2 and "cannot write" in done.stderr and "Traceback" not in done.stderr


def test_os_errors_during_a_command_are_reported_not_raised(monkeypatch, capsys):
    def fails(args):
        raise PermissionError(13, "Permission denied", "/results/x/annual.csv")

    monkeypatch.setattr(cli, "cmd_list", fails)
    assert cli.main(["list"]) == 2
    assert capsys.readouterr().err == "error: cannot write /results/x/annual.csv: Permission denied\n"


# ------------------------------------------------------------------ compare
def test_compare_writes_differences_targets_and_figures(tmp_path):
    out = tmp_path / "cmp"
    assert cli.main(["compare", "baseline", "three_breakthroughs", "--out", str(out), "--quiet", *SMALL]) == 0
    for name in ("differences.csv", "targets_compared.csv", "summary.csv"):
        assert (out / name).is_file()
    summary = read_csv(out / "summary.csv")
    assert [r["scenario"] for r in summary] == ["baseline", "three_breakthroughs"]
    assert summary[0]["extra_growth_per_100tn_vnd_pp"] == ""  # the reference has nothing extra
    base, other = summary
    extra = (float(other["public_cost_2026_2030_vnd_bn"]) - float(base["public_cost_2026_2030_vnd_bn"])) / 1e5
    assert extra > 0 and float(other["extra_growth_per_100tn_vnd_pp"]) == pytest.approx(
        (float(other["growth_mean_2026_2030_pct"]) - float(base["growth_mean_2026_2030_pct"])) / extra, rel=1e-4)
    _assert_pngs(out / "figures", at_least=2)
    for scenario in ("baseline", "three_breakthroughs"):
        assert (out / scenario / "annual.csv").is_file()

    # differences: each scenario's value, and its gap to the first scenario, year by year
    annual = {s: {int(r["year"]): r for r in read_csv(out / s / "annual.csv")} for s in ("baseline", "three_breakthroughs")}
    rows = read_csv(out / "differences.csv")
    assert {r["scenario"] for r in rows} == {"baseline", "three_breakthroughs"}
    for r in rows:
        year = int(r["year"])
        value = float(annual[r["scenario"]][year]["digital_economy_share_pct"])
        base = float(annual["baseline"][year]["digital_economy_share_pct"])
        assert float(r["digital_economy_share_pct"]) == pytest.approx(value, abs=1e-5)
        assert float(r["digital_economy_share_pct_vs_baseline"]) == pytest.approx(value - base, abs=1e-5)
    targets = read_csv(out / "targets_compared.csv")
    assert len(targets) == len(read_csv(out / "baseline" / "targets.csv"))
    assert {"baseline_met", "three_breakthroughs_met"} <= set(targets[0])


def test_compare_runs_every_scenario_with_the_first_scenarios_seed(tmp_path, monkeypatch, capsys):
    seven = tmp_path / "seven.toml"
    seven.write_text('title = "Seed 7"\nextends = "baseline"\nseed = 7\n', encoding="utf-8")
    seeds = []

    def record(ref, seed, *args, **kwargs):
        seeds.append(seed)
        if len(seeds) == 2:
            raise KeyboardInterrupt  # enough seen: stop before any real work

    import model.experiments.compare as compare
    monkeypatch.setattr(compare, "run_to_folder", record)
    assert cli.main(["compare", "baseline", str(seven), "--quiet", *SMALL]) == 130
    assert seeds == [42, 42]
    seeds.clear()
    assert cli.main(["compare", str(seven), "baseline", "--quiet", *SMALL]) == 130
    assert seeds == [7, 7]
    seeds.clear()
    assert cli.main(["compare", str(seven), "baseline", "--seed", "3", "--quiet", *SMALL]) == 130
    assert seeds == [3, 3]
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["compare", "--help"])
    assert "first scenario's seed" in " ".join(capsys.readouterr().out.split())


def test_compare_records_the_shared_seed_and_can_be_rerun(tmp_path):
    seven = tmp_path / "seven.toml"
    seven.write_text('title = "Seed 7"\nextends = "baseline"\nseed = 7\n', encoding="utf-8")
    out = tmp_path / "cmp"
    for _ in range(2):  # the second run replaces the first: the folder has a manifest.json
        assert cli.main(["compare", "baseline", str(seven), "--out", str(out), "--quiet", *SMALL]) == 0
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert info["seed"] == 42 and info["compare"] == ["baseline", "seven"]
    for name in ("baseline", "seven"):
        assert json.loads((out / name / "manifest.json").read_text(encoding="utf-8"))["seed"] == 42


def test_compare_with_a_bad_scenario_runs_nothing(tmp_path, capsys):
    bad = _bad_file(tmp_path)
    out = tmp_path / "cmp"
    assert cli.main(["compare", "baseline", str(bad), "--out", str(out), *SMALL]) == 2
    assert not out.exists()
    assert "parameters.connect_hazard" in capsys.readouterr().err


def test_compare_with_one_scenario_says_so_and_runs_nothing(tmp_path, capsys):
    assert cli.main(["compare", "baseline", "--out", str(tmp_path / "one"), *SMALL]) == 2
    assert "two scenarios or more" in capsys.readouterr().err
    assert not (tmp_path / "one").exists()


def test_compare_prints_one_row_a_scenario_with_its_title(tmp_path, capsys):
    assert cli.main(["compare", "baseline", "three_breakthroughs", "--out", str(tmp_path / "c"),
                     "--lang", "en", *SMALL]) == 0
    printed = capsys.readouterr().out
    from model.scenario import load_scenario
    for name in ("baseline", "three_breakthroughs"):
        assert any(line.strip().startswith(load_scenario(name).title) for line in printed.splitlines()), printed
    assert "Mean growth 2026-2030" in printed


def test_compare_the_same_scenario_twice_is_a_user_error(tmp_path, capsys):
    assert cli.main(["compare", "baseline", "baseline", "--out", str(tmp_path / "cmp"), *SMALL]) == 2
    assert "only once" in capsys.readouterr().err
    assert not (tmp_path / "cmp").exists()


# ------------------------------------------------------------------ interruptions
def _interrupt_after(monkeypatch, quarters: int):
    step = VietnamEconomy.step

    def interrupted(self):
        if self.quarter >= quarters:
            raise KeyboardInterrupt
        step(self)

    monkeypatch.setattr(VietnamEconomy, "step", interrupted)


def _partials(folder):
    return [p.name for p in folder.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def test_interrupted_run_returns_130_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    _interrupt_after(monkeypatch, 3)
    out = tmp_path / "runs" / "interrupted"
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", "--quiet", *SMALL]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert not out.exists()
    parent = out.parent
    assert not parent.exists() or list(parent.iterdir()) == []


def test_interrupted_run_leaves_an_existing_folder_untouched(tmp_path, monkeypatch):
    out = tmp_path / "complete"
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", "--quiet", "--seed", "3", *SMALL]) == 0
    before = _digest(out)
    _interrupt_after(monkeypatch, 5)
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", "--quiet", "--seed", "4", *SMALL]) == 130
    assert _digest(out) == before
    assert _partials(tmp_path) == []


def test_interruption_while_writing_leaves_an_existing_folder_untouched(tmp_path, monkeypatch):
    import model.outputs.results as results

    out = tmp_path / "complete"
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", "--quiet", "--seed", "3", *SMALL]) == 0
    before = _digest(out)
    write_csv = results.write_csv

    def write_then_stop(path, rows, first=()):
        if path.name == "targets.csv":  # the tables before it are already in the staging folder
            raise KeyboardInterrupt
        write_csv(path, rows, first)

    monkeypatch.setattr(results, "write_csv", write_then_stop)
    assert cli.main(["run", "baseline", "--out", str(out), "--no-figures", "--quiet", "--seed", "4", *SMALL]) == 130
    assert _digest(out) == before
    assert _partials(tmp_path) == []


def test_interrupted_compare_leaves_nothing(tmp_path, monkeypatch):
    _interrupt_after(monkeypatch, 2)
    out = tmp_path / "cmp"
    assert cli.main(["compare", "baseline", "skills_first", "--out", str(out), "--quiet", *SMALL]) == 130
    assert not out.exists()
    assert _partials(tmp_path) == []


# ------------------------------------------------------------------ as a program
def test_python_dash_m_model_runs(tmp_path):
    out = tmp_path / "subprocess"
    done = subprocess.run(
        [sys.executable, "-m", "model", "run", "baseline", "--scale", "0.1", "--no-figures", "--quiet",
         "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # --quiet prints nothing but errors
    assert (out / "manifest.json").is_file() and (out / "annual.csv").is_file()


def test_python_dash_m_model_bad_option_exits_2():
    done = subprocess.run([sys.executable, "-m", "model", "run", "baseline", "--scale", "0"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "scale" in done.stderr


def test_reference_engine_refuses_full_scale(tmp_path, capsys):
    from model.cli import main

    assert main(["run", "baseline", "--engine", "reference", "--scale", "full", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "reference" in err and "full" in err
    assert not (tmp_path / "r").exists()


def test_engine_names_are_checked():
    from model.engines import engine_class
    from model.engines.fast import VietnamEconomy
    from model.engines.reference import ReferenceEconomy

    assert engine_class("fast") is VietnamEconomy and engine_class("reference") is ReferenceEconomy
    with pytest.raises(ValueError, match="unknown engine"):
        engine_class("fsat")


@pytest.mark.parametrize("table, field, words", [
    ('[fiscal]\nfinancing = "printing"\n', "fiscal.financing", '"borrowing", "taxes", "spending_cuts"'),
    ('[fiscal]\nfinance = "taxes"\n', "fiscal.finance", "did you mean 'financing'"),
    ("[external]\nelectronics_exports_growth = { 2026 = 500 }\n", "external.electronics_exports_growth.2026",
     "from -50 to 100"),
    ('[external]\nelectronics_exports_growth = "fast"\n', "external.electronics_exports_growth",
     "a table of year = value"),
    ("[external]\ndata_until = 2031\n", "external.data_until", "the last data year the run reads"),
    ("[external]\nchips_growth = { 2026 = 5 }\n", "external.chips_growth", "allowed: electronics_exports_growth"),
])
def test_bad_financing_or_export_path_exits_2_naming_file_field_and_what_is_allowed(tmp_path, capsys, table,
                                                                                    field, words):
    path = write_file(tmp_path, "macro.toml", 'extends = "baseline"\ntitle = "Macro"\n' + table)
    out = tmp_path / "never"
    assert cli.main(["run", str(path), "--out", str(out), *SMALL]) == 2
    err = capsys.readouterr().err
    assert "macro.toml" in err and field in err and words in err, err
    assert "Traceback" not in err and not out.exists()


def test_the_manifest_command_can_be_pasted_back_into_a_shell(tmp_path):
    from model.outputs.results import rerunnable_command
    assert rerunnable_command(["/x/model/__main__.py", "run", "my scenario.toml", "--scale", "0.1"]) == \
        "python -m model run 'my scenario.toml' --scale 0.1"
    assert rerunnable_command(["/usr/bin/vn-digital-sim", "list"]) == "vn-digital-sim list"
    done = _program("run", "baseline", "--out", tmp_path / "m", "--no-figures", "--no-counterfactual", *SMALL)
    assert done.returncode == 0, done.stderr
    command = json.loads((tmp_path / "m" / "manifest.json").read_text(encoding="utf-8"))["command"]
    assert command.startswith("python -m model run baseline --out ")


def test_a_run_on_very_few_households_says_its_results_are_noise(tmp_path, capsys):
    assert cli.main(["run", "baseline", "--out", str(tmp_path / "tiny"), "--no-figures", "--no-counterfactual",
                     "--scale", "0.02"]) == 0
    err = capsys.readouterr().err
    assert "households, fewer than 1000" in err and "not as its answer" in err
    assert cli.main(["run", "baseline", "--out", str(tmp_path / "small"), "--no-figures", "--no-counterfactual",
                     *SMALL]) == 0
    assert "fewer than 1000" not in capsys.readouterr().err  # scale 0.1: 2,000 households


def test_a_python_without_the_dependencies_is_told_how_to_get_them(monkeypatch, capsys):
    def needs_numpy(args):
        raise ModuleNotFoundError("No module named 'numpy'", name="numpy")
    monkeypatch.setattr(cli, "cmd_list", needs_numpy)
    assert cli.main(["list"]) == 2
    err = capsys.readouterr().err
    assert "lacks the package 'numpy'" in err and "make setup" in err and "Traceback" not in err


def test_a_missing_package_is_said_before_any_compile_notice(monkeypatch, capsys):
    import importlib.util
    from model.core import compile_cache

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "numba" else real(name, *a))
    monkeypatch.setattr(compile_cache, "is_warm", lambda *a: False)  # a fresh clone, which would compile
    assert cli.main(["run", "baseline", "--no-figures"]) == 2
    err = capsys.readouterr().err
    assert "lacks the package 'numba'" in err and compile_cache.COLD_NOTICE not in err  # issue 13


def test_an_unwritable_out_names_the_folder_given(tmp_path, capsys):
    assert cli.main(["run", "baseline", "--out", "/proc/x", "--no-figures", *SMALL]) == 2
    err = capsys.readouterr().err
    assert "/proc/x" in err and ".staging" not in err and "Traceback" not in err  # issue 13: no temporary path


def test_a_vnd_budget_over_the_per_cent_baseline_runs_and_the_manifest_shows_the_conversion(tmp_path):
    vnd = tmp_path / "vnd.toml"  # the README's example: a finance ministry's VND plan on top of the baseline
    vnd.write_text('title = "Skills in VND"\nextends = "baseline"\n'
                   '[levers.skills]\nbudget_vnd_bn = { 2026 = 30000, 2030 = 60000 }\n', encoding="utf-8")
    out = tmp_path / "vnd"
    assert cli.main(["run", str(vnd), "--out", str(out), "--quiet", "--no-figures", *SMALL]) == 0
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    years = info["budget_conversion"]["skills"]["national_spending_by_year"]
    assert years["2025"]["unit_given"] == "pct_gdp" and years["2026"]["unit_given"] == "vnd_bn"
    # a year's spending is its four quarters' (the path rises 7,500 a year between its points)
    assert years["2026"]["vnd_bn"] == pytest.approx(30000 + 7500 * 0.375)
    assert years["2030"]["vnd_bn"] == pytest.approx(60000)
    annual = {int(r["year"]): r for r in csv.DictReader(open(out / "annual.csv", encoding="utf-8"))}
    assert years["2030"]["pct_gdp"] == pytest.approx(100 * 60000 / float(annual[2030]["gdp_vnd_bn"]))
    assert set(info["budget_conversion"]) == {"skills"}


def test_a_scenario_run_draws_the_baseline_on_the_same_seed(tmp_path):
    out = tmp_path / "push"
    assert cli.main(["run", "double_digit_push", "--out", str(out), "--quiet", "--no-counterfactual", "--seed", "5",
                     *SMALL]) == 0
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert info["baseline_in_figures"] == "baseline, seed 5, scale 0.1"
    base = tmp_path / "base"
    assert cli.main(["run", "baseline", "--out", str(base), "--quiet", "--no-counterfactual", *SMALL]) == 0
    assert json.loads((base / "manifest.json").read_text(encoding="utf-8"))["baseline_in_figures"] is None


def test_every_column_of_a_run_is_in_its_bilingual_data_dictionary(tmp_path):
    out = tmp_path / "run"
    assert cli.main(["run", "baseline", "--out", str(out), "--quiet", "--no-figures", "--no-counterfactual",
                     *SMALL]) == 0
    described = {(r["file"], r["column"]): r for r in read_csv(out / "columns.csv")}
    for name in TABLES:
        if name.endswith(".csv") and name != "columns.csv":
            with open(out / name, newline="", encoding="utf-8") as f:
                for column in next(csv.reader(f)):
                    row = described.pop((name, column))  # issue 13: a label in each language for every column
                    assert row["label_en"] and row["label_vi"] and row["unit_en"] and row["unit_vi"], row
    assert not described  # and nothing else
    skills = read_csv(out / "columns.csv")
    row = next(r for r in skills if r["column"] == "basic_digital_skills_pct" and r["file"] == "annual.csv")
    assert row["unit_vi"] == "% dân số trong độ tuổi lao động" and row["description_en"].startswith("Working members")
