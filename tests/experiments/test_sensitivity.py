"""model.experiments.sensitivity: the design reaches the priors, effects worked by hand, the command's folder."""
import csv

import numpy as np
import pytest

from model.cli import main
from model.core.priors import PRIORS
from model.experiments import sensitivity as sens

pytest.importorskip("SALib")

TINY = ["--trajectories", "2", "--sobol-parameters", "2", "--sobol-samples", "32", "--seeds", "1",
        "--scale", "0.05", "--workers", "1", "--quiet"]


class KnownModel:
    """A runner whose 'model' is known: growth = 3 x (a parameter's quantile in its prior), the rest flat."""

    def __init__(self, moved: str):
        self.moved, self.workers = moved, 1

    def map(self, jobs, function):
        prior = PRIORS[self.moved]
        out = []
        for job in jobs:
            value = job.parameters.get(self.moved, prior.quantile(0.5))
            share = (value - prior.low) / (prior.high - prior.low)  # a uniform prior: the quantile
            out.append([3.0 * share, 1.0, 2.0])
        return out


def test_morris_finds_the_one_parameter_that_moves_a_number_and_no_other():
    moved = "basic_course_gain"
    assert PRIORS[moved].shape == "uniform"
    settings = sens.SensitivitySettings(trajectories=4, seeds=1)
    names = ["skills_cost_per_person", moved, "fragmentation_waste"]
    rows, noise = sens.morris(None, names, settings, KnownModel(moved))
    assert all(n["point_sd"] == 0.0 and n["morris_noise_floor"] == 0.0 for n in noise)  # a model without chance
    by = {(r["parameter"], r["output"]): r for r in rows}
    growth = sens.OUTPUTS[0]
    assert by[moved, growth]["mu_star"] == pytest.approx(3.0)  # the change across the whole prior
    assert by[moved, growth]["sigma"] == pytest.approx(0.0, abs=1e-9)  # linear: the same effect everywhere
    assert by[moved, growth]["above_noise"]
    assert all(by[p, o]["mu_star"] == pytest.approx(0.0) and not by[p, o]["above_noise"]
               for p in names for o in sens.OUTPUTS if (p, o) != (moved, growth))
    assert sens.most_influential(rows, 2) == [moved]  # the others are below the noise floor


def test_a_choices_morris_effect_is_its_whole_swing_as_a_linear_parameters_is():
    """broadband_persistence is a choice of two readings: growth 3 higher on the second. Each Morris step
    crosses the switch, so SALib's effect is 3 / (2/3); reported, it is the swing, 3, as for a uniform
    parameter moving growth by 3 over its prior."""
    moved = "broadband_persistence"
    assert PRIORS[moved].shape == "choice"
    settings = sens.SensitivitySettings(trajectories=4, seeds=1)
    rows, _ = sens.morris(None, ["skills_cost_per_person", moved], settings, KnownModel(moved))
    by = {(r["parameter"], r["output"]): r for r in rows}
    assert by[moved, sens.OUTPUTS[0]]["mu_star"] == pytest.approx(3.0) and by[moved, sens.OUTPUTS[0]]["above_noise"]


def test_the_noise_of_points_and_effects_from_a_trajectory_run_on_two_seed_sets():
    # two parameters, a trajectory of three points: steps of 2/3 in the first, then the second
    design = np.array([[0.0, 0.0], [2 / 3, 0.0], [2 / 3, 2 / 3]])
    outputs = np.array([[1.0, 0, 0], [2.0, 0, 0], [2.0, 0, 0]])
    again = np.array([[1.7, 0, 0], [2.5, 0, 0], [2.3, 0, 0]])  # 0.5 higher throughout (the seed set), and noise
    growth = sens.noise(design, outputs, again, trajectories=4)[0]
    assert growth["point_sd"] == pytest.approx(np.sqrt((0.04 + 0 + 0.04) / 3 / 2))  # about the mean difference
    effects = np.array([(1.0 - 0.8) / (2 / 3), (0.0 - -0.2) / (2 / 3)])  # EE differences between the seed sets
    assert growth["effect_sd"] == pytest.approx(np.sqrt(np.mean(effects ** 2) / 2))
    # the 95th percentile of mu* over 4 effects of zero: mean sqrt(2/pi) sd, spread sqrt(1 - 2/pi) sd / 2
    assert growth["morris_noise_floor"] == pytest.approx(
        growth["effect_sd"] * (np.sqrt(2 / np.pi) + 1.645 * np.sqrt(1 - 2 / np.pi) / 2))


def test_the_noise_floor_keeps_effects_of_zero_below_it_about_95_times_in_100():
    """Pure noise through the whole Morris pipeline: few parameters that do nothing come out above the floor
    (with the mean of mu* as the floor, about half did)."""
    rng = np.random.default_rng(5)

    class Noise:
        workers = 1

        def map(self, jobs, function):
            return rng.normal(size=(len(jobs), len(sens.OUTPUTS))).tolist()

    names = list(PRIORS)[:20]
    above = []
    for _ in range(10):
        rows, _ = sens.morris(None, names, sens.SensitivitySettings(trajectories=10, seeds=1), Noise())
        above += [r["above_noise"] for r in rows]
    assert np.mean(above) < 0.15


def test_sobol_gives_the_one_parameter_all_of_the_variance():
    moved = "basic_course_gain"
    settings = sens.SensitivitySettings(sobol_samples=64, seeds=1)
    noise = [{"point_sd": 0.0} for _ in sens.OUTPUTS]
    rows, spread = sens.sobol(None, [moved, "fragmentation_waste"], settings, KnownModel(moved), noise)
    by = {(r["parameter"], r["output"]): r for r in rows}
    growth = sens.OUTPUTS[0]
    assert by[moved, growth]["S1"] == pytest.approx(1.0, abs=0.05)
    assert by[moved, growth]["ST"] == pytest.approx(1.0, abs=0.05)
    assert by["fragmentation_waste", growth]["ST"] == pytest.approx(0.0, abs=1e-9)
    assert spread[0]["noise_share"] == 0.0
    assert by[moved, sens.OUTPUTS[1]]["ST"] == 0.0  # a number no parameter moves: nothing shared out


def test_the_command_writes_its_folder_and_report(tmp_path):
    out, report = tmp_path / "sens", tmp_path / "report"
    report.mkdir()
    # every core (the results do not depend on it): the suite's slowest command test, halved on two cores
    at = TINY.index("--workers")
    everything = TINY[:at] + TINY[at + 2:]
    assert main(["sensitivity", "--out", str(out), "--report", str(report)] + everything) == 0
    with open(out / "morris.csv", newline="") as f:
        morris = list(csv.DictReader(f))
    varied = {r["parameter"] for r in morris}
    assert len(morris) == len(varied) * len(sens.OUTPUTS) and varied <= set(PRIORS)
    assert all(float(r["mu_star"]) >= 0 and r["above_noise"] in ("True", "False") for r in morris)
    with open(out / "noise.csv", newline="") as f:
        assert [r["output"] for r in csv.DictReader(f)] == list(sens.OUTPUTS)
    assert (out / "figures" / "sensitivity.png").stat().st_size > 10_000
    page = (report / "sensitivity.md").read_text(encoding="utf-8")
    assert "figures/sensitivity.png" in page and "## What drives the answer" in page


def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "sens"
    assert main(["sensitivity", "--scenario", "no_such_scenario", "--out", str(out)] + TINY) == 2
    assert "no_such_scenario" in capsys.readouterr().err and not out.exists()
    assert main(["sensitivity", "--levels", "1", "--out", str(out)] + TINY) == 2
    assert "--levels" in capsys.readouterr().err and not out.exists()
    for option, value in (("--levels", "3"), ("--sobol-parameters", "1"), ("--sobol-parameters", "11")):
        assert main(["sensitivity", "--out", str(out)] + TINY + [option, value]) == 2, option
        assert option in capsys.readouterr().err and not out.exists()
    for samples in ("100", "16"):  # refused by the command line's parser: not a power of two, or too few
        with pytest.raises(SystemExit) as stop:
            main(["sensitivity", "--out", str(out)] + TINY + ["--sobol-samples", samples])
        assert stop.value.code == 2 and "power of two from 32" in capsys.readouterr().err and not out.exists()


# ------------------------------------------------------------------ Shapley effects on a surrogate
def _ishigami(unit):
    x = (2.0 * unit - 1.0) * np.pi
    return np.sin(x[:, 0]) + 7.0 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_shapley_effects_of_the_ishigami_function_match_the_known_values():
    """Ishigami (a=7, b=0.1): V1 = 4.346, V2 = 6.125, V13 = 3.374 of V = 13.845, so the Shapley effects are
    (V1 + V13 / 2, V2, V13 / 2) / V = 0.436, 0.442, 0.122 (Iooss and Prieur 2019 give the same)."""
    from model.experiments.surrogate import shapley_effects
    for shift in (0.0, 300.0):  # a mean large against the spread, as growth's is, must not matter
        effects, half = shapley_effects(lambda u: _ishigami(u) + shift, 3, seed=1, samples=20000)
        assert effects == pytest.approx([0.436, 0.442, 0.122], abs=0.03)
        assert np.all(half < 0.05) and effects.sum() == pytest.approx(1.0)


def test_shapley_effects_split_an_interaction_equally_among_its_parameters():
    """c1 c2 c3, a pure three-way interaction of inputs uniform on (-1, 1) (variance 1/27), plus c4 / 3 (the
    same variance): each of the three takes a third of the interaction (1/6 each), c4 its half. Equal weights
    over the subsets (Banzhaf's) would give the three 1/4 each."""
    from model.experiments.surrogate import shapley_effects

    def function(u):
        c = 2.0 * u - 1.0  # uniform on (-1, 1): mean 0, variance 1/3
        return c[:, 0] * c[:, 1] * c[:, 2] + c[:, 3] / 3.0  # both variances 1/27
    effects, _ = shapley_effects(function, 4, seed=2, samples=20000)
    assert effects == pytest.approx([1 / 6, 1 / 6, 1 / 6, 1 / 2], abs=0.03)


def test_the_surrogates_error_is_measured_on_points_it_did_not_see():
    from model.experiments.surrogate import fit_surrogate
    rng = np.random.default_rng(0)
    unit = rng.random((200, 2))
    smooth = np.sin(3 * unit[:, 0]) + unit[:, 1] ** 2
    good = fit_surrogate(unit, smooth + 0.05 * rng.standard_normal(200), noise_sd=0.05, seed=1)
    assert good.below_noise and 0.03 < good.held_out_rmse < 0.08  # about the noise: the fit itself is close
    rough = fit_surrogate(unit, rng.standard_normal(200), noise_sd=0.05, seed=1)  # nothing to learn
    assert not rough.below_noise and rough.held_out_rmse > 0.8


def test_sobol_rows_carry_shapley_effects_that_give_the_one_parameter_everything():
    moved = "basic_course_gain"
    settings = sens.SensitivitySettings(sobol_samples=32, seeds=1)
    noise = [{"point_sd": 0.01} for _ in sens.OUTPUTS]
    rows, spread = sens.sobol(None, [moved, "fragmentation_waste"], settings, KnownModel(moved), noise)
    by = {(r["parameter"], r["output"]): r for r in rows}
    growth = sens.OUTPUTS[0]
    assert by[moved, growth]["shapley"] == pytest.approx(1.0, abs=0.03)
    assert by["fragmentation_waste", growth]["shapley"] == pytest.approx(0.0, abs=0.03)
    assert spread[0]["surrogate_below_noise"] and spread[1]["surrogate_held_out_rmse"] != spread[1][
        "surrogate_held_out_rmse"]  # no surrogate for a number nothing moves (NaN)
