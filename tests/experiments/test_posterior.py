"""The posterior (model.experiments.posterior): its file, the draws ensembles make from it, and the inference."""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from model.cli import main
from model.core.data import INDICATORS_CSV
from model.core.errors import UserError
from model.core.params import PARAMETERS
from model.experiments import ensemble as ens
from model.experiments import streams
from model.experiments import posterior as post

NAMES = ["tfp_growth_services", "broadband_tfp_spillover", "structural_exit_rate"]


def _sample(weights=(0.9, 0.1, 0.0)) -> post.Posterior:
    values = np.array([[0.01, 0.1, 0.03], [0.02, 0.2, 0.05], [0.0, 0.25, 0.07]])
    return post.Posterior(NAMES, values, np.array(weights) / sum(weights), [11, 12, 13], [0.9, 1.1, 1.3],
                          {"made": "test", "command": "by hand", "train_until": 2025, "final_distance": 1.3,
                           "simulations": 3, "drawn_from_prior": ["basic_course_gain"]})


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    """A small sample in place of the shipped one."""
    path = tmp_path / "posterior.csv"
    post.write_posterior(_sample(), path)
    monkeypatch.setattr(post, "POSTERIOR_FILE", path)
    return path


def test_the_file_reads_back_bit_for_bit_with_its_provenance(tmp_path):
    path = tmp_path / "p.csv"
    post.write_posterior(_sample(), path)
    back = post.read_posterior(path)
    assert back.names == NAMES and np.array_equal(back.values, _sample().values)
    assert np.array_equal(back.weights, _sample().weights) and back.seeds == [11, 12, 13]
    assert back.provenance["command"] == "by hand"
    assert not list(tmp_path.glob("*.tmp"))  # written whole, then moved into place


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[0].__setitem__(3, "no_such_parameter"), "no_such_parameter"),
    (lambda rows: rows[1].__setitem__(4, "5.0"), "broadband_tfp_spillover"),  # outside the registry's range
    (lambda rows: [r.__setitem__(0, "0") for r in rows[1:]], "weights"),
    (lambda rows: rows[2].__setitem__(5, "x"), "not a posterior sample"),
    (lambda rows: rows[2].pop(), "every row needs"),
    (lambda rows: rows[1].__setitem__(0, "inf"), "finite"),
])
def test_a_damaged_file_is_refused_with_its_name_and_what_is_wrong(tmp_path, change, message):
    path = tmp_path / "p.csv"
    post.write_posterior(_sample(), path)
    rows = list(csv.reader(path.open()))
    change(rows)
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(UserError, match=message) as e:
        post.read_posterior(path)
    assert str(path) in str(e.value)


def test_parameters_not_allowed_in_only_are_named():
    with pytest.raises(UserError, match="no_such"):
        post.PosteriorSettings(only=("no_such",)).check()


def test_a_missing_sample_says_how_to_make_it(tmp_path, monkeypatch):
    monkeypatch.setattr(post, "POSTERIOR_FILE", tmp_path / "none.csv")
    with pytest.raises(UserError, match="python -m model posterior"):
        ens.draw_parameters(streams.replication_stream(1, 0))


def test_draws_are_particles_chosen_by_weight_reproducibly_per_replication(shipped):
    replications = streams.replication_seeds(7, 400)
    draws = [ens.draw_parameters(s) for s in replications]
    assert draws == [ens.draw_parameters(s) for s in streams.replication_seeds(7, 400)]
    rows = [dict(zip(NAMES, v)) for v in _sample().values]
    picked = [rows.index({n: d[n] for n in NAMES}) for d in draws]  # every draw is a whole particle
    # and the parameter history does not speak to, from its prior
    gains = [d["basic_course_gain"] for d in draws]
    prior = post.PRIORS["basic_course_gain"]
    assert min(gains) >= prior.low and max(gains) <= prior.high and np.std(gains) > 0.2 * (prior.high - prior.low)
    assert 2 not in picked  # weight zero: never
    share = picked.count(0) / len(picked)
    assert 0.85 < share < 0.95  # weight 0.9 (400 draws: sd 0.015)
    stream = replications[0]
    assert ens.draw_parameters(stream) == ens.draw_parameters(stream)  # drawing leaves the stream as it was
    assert "tfp_growth_services" not in ens.draw_parameters(stream, {"tfp_growth_services": 0.0})


def test_an_ensemble_with_parameter_uncertainty_runs_the_drawn_particles_and_records_the_sample(shipped, tmp_path):
    out = tmp_path / "ens"
    assert main(["run", "baseline", "--replications", "3", "--parameter-uncertainty", "--no-model-error",
                 "--workers", "1", "--scale", "0.05", "--no-figures", "--quiet", "--out", str(out)]) == 0
    replications = list(csv.DictReader((out / "replications.csv").open()))
    particles = {tuple(v) for v in _sample().values[:2]}
    assert all(tuple(float(r[n]) for n in NAMES) in particles for r in replications)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["posterior"]["command"] == "by hand" and len(manifest["posterior"]["sample_sha256"]) == 64
    targets = list(csv.DictReader((out / "targets.csv").open()))
    assert {t["varies"] for t in targets} == {ens.VARIES_SEEDS_AND_PARAMETERS}


def test_the_inferred_parameters_each_have_one_prior_inside_the_registry():
    priors = post.inferred_priors()
    for name, prior in priors.items():
        spec = PARAMETERS[name]
        assert spec.low <= prior.low < prior.high <= spec.high, name
    assert "structural_exit_rate" in priors and "broadband_persistence" in priors  # hand-set and structural


def test_the_shipped_sample_was_made_with_todays_priors():
    """A prior changed in the code (a shape, a range, a new parameter) without a new sample would leave
    --parameter-uncertainty drawing what the priors no longer allow: every parameter with a prior is either
    inferred in the sample, with the same prior, or recorded as drawn from its prior."""
    made = post.read_posterior(post.POSTERIOR_FILE).provenance
    for name, prior in made["priors"].items():
        now = post.inferred_priors()[name]
        assert (prior["shape"], prior["low"], prior["high"]) == (now.shape, now.low, now.high), name
    assert set(made["priors"]) | set(made["drawn_from_prior"]) == set(post.inferred_priors())


def test_the_distance_is_the_root_mean_square_miss_in_tolerances():
    d = post.ToleranceDistance((1.0, 2.0), (0.5, 2.0))
    assert d({"moments": np.array([1.5, 0.0])}) == pytest.approx(((1.0 + 1.0) / 2) ** 0.5)
    assert d({"moments": np.array([np.nan, 0.0])}) == float("inf")  # a refused or failed run


# Few parameters, as a handful of particles cannot fill more dimensions (their covariance would be singular);
# fiveg_advanced_boost (5G does not exist before 2026) is silent on history and must be left to its prior.
TINY = dict(population=6, simulations=40, acceptance=0.5, moves=True, scale=0.05, workers=1, seed=3,
            only=("tfp_growth_services", "broadband_tfp_spillover", "fiveg_advanced_boost"))


def _changed_after(path_in, path_out, year: int) -> int:
    """A copy of the indicators with every row after ``year`` changed; how many rows changed."""
    rows = list(csv.DictReader(open(path_in, newline="", encoding="utf-8")))
    changed = 0
    for r in rows:
        if int(r["year"]) > year:
            r["value"] = repr(float(r["value"]) * 1.5 + 1.0)
            changed += 1
    with open(path_out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return changed


@pytest.mark.slow
def test_inference_reads_no_row_after_its_training_year_and_repeats_bit_for_bit(tmp_path):
    pytest.importorskip("pyabc")
    changed = tmp_path / "changed.csv"
    assert _changed_after(INDICATORS_CSV, changed, 2019) > 50
    a = post.infer(post.PosteriorSettings(train_until=2019, **TINY))
    b = post.infer(post.PosteriorSettings(train_until=2019, data=changed, **TINY))
    assert np.array_equal(a.values, b.values) and np.array_equal(a.weights, b.weights) and a.seeds == b.seeds
    assert len(a.weights) == 6 and a.weights.sum() == pytest.approx(1.0)
    made = a.provenance
    assert made["drawn_from_prior"] == ["fiveg_advanced_boost"] and made["influence"]["fiveg_advanced_boost"]["rms"] == 0
    assert a.names == ["tfp_growth_services", "broadband_tfp_spillover"] + list(post.ACCOUNT_RATES)
    assert made["train_until"] == 2019 and all(int(m.split()[-1]) <= 2019 for m in made["moments"])
    assert made["generations"][-1]["epsilon"] == made["final_distance"]
    assert max(a.distances) <= made["final_distance"]  # every particle kept is within the last tolerance
    assert np.all(a.weights == a.weights[0])  # rejection ABC and the moves: equal weights
    moves = [g for g in made["generations"] if g.get("kind") == "moves"]
    first = [g for g in made["generations"] if g.get("kind") == "pyabc"][-1]
    assert moves and moves[0]["epsilon"] < first["epsilon"]  # the moves lowered pyabc's tolerance
    assert made["simulations"] <= 40 and made["method_name"] == "ABC-SMC by MCMC moves"
    for j, name in enumerate(a.names[:len(made["priors"])]):
        prior = made["priors"][name]
        assert np.all((a.values[:, j] >= prior["low"]) & (a.values[:, j] <= prior["high"])), name


def test_too_small_a_budget_or_population_is_refused_before_running(tmp_path):
    pytest.importorskip("pyabc")
    with pytest.raises(UserError, match="--population 4: too few particles for the 3 parameters"):
        post.infer(post.PosteriorSettings(**(TINY | {"population": 4, "only": TINY["only"] + ("structural_exit_rate",)})))
    with pytest.raises(UserError, match="--acceptance"):
        post.PosteriorSettings(acceptance=1.5).check()


def test_backtest_with_a_posterior_forecasts_over_its_draws(tmp_path):
    pytest.importorskip("pyabc")
    from model.experiments.backtest import backtest_to_folder
    from model.experiments.calibrate import CalibrationSettings
    settings = CalibrationSettings(train_until=2019, band_seeds=4, scale=0.05, workers=1)
    inference = post.PosteriorSettings(**{k: v for k, v in TINY.items() if k not in ("scale", "workers")})
    done = backtest_to_folder(settings, tmp_path / "bt", report_dir=tmp_path / "report", posterior=inference)
    manifest = json.loads((done.folder / "manifest.json").read_text())
    assert manifest["method"] == "posterior" and manifest["posterior"]["train_until"] == 2019
    page = (tmp_path / "report" / "backtest_2019.md").read_text()
    assert "the posterior inferred on data up to 2019" in page and "4 draws of the posterior" in page
    estimates = list(csv.DictReader((done.folder / "estimates.csv").open()))
    assert {r["parameter"] for r in estimates} == {"tfp_growth_services", "broadband_tfp_spillover"} | set(
        post.ACCOUNT_RATES)
    assert done.scores  # scored against the later data
    # the model's own error from the draws' misses up to 2019, added after it; the runs alone scored beside
    assert "## The model's own error" in page and "without its own error" in page
    error = {r["indicator"]: r for r in csv.DictReader((done.folder / "model_error.csv").open())}
    assert int(error["gdp_growth_pct"]["moments"]) == 4  # 2016-2019
    assert all(r["alone_crps"] is not None and "alone_inside_90" in r for r in done.scores)


def test_a_candidates_seed_depends_on_its_index_not_on_how_many_run_at_once():
    """So the inference is the same whatever the workers (a batch is four candidates a worker)."""
    whole = post.candidate_seeds(1, 0, 0, 40)
    assert whole == post.candidate_seeds(1, 0, 0, 12) + post.candidate_seeds(1, 0, 12, 28)
    assert whole == [s for first in range(0, 40, 5) for s in post.candidate_seeds(1, 0, first, 5)]
    assert len(set(whole)) == 40 and whole != post.candidate_seeds(1, 1, 0, 40)  # calls draw apart
    # a block of eight is what one SeedSequence gives, as the shipped sample was drawn
    assert whole[:8] == [int(x) for x in np.random.SeedSequence([1, 0, 0]).generate_state(8)]


@pytest.mark.parametrize("record, message", [(None, "missing or damaged"), ("{not json", "missing or damaged"),
                                             ('{"drawn_from_prior": ["no_such"]}', "no_such")])
def test_the_samples_record_is_required_and_checked(tmp_path, record, message):
    """It says which parameters the sample leaves to their priors: without it those would silently stay fixed."""
    path = tmp_path / "p.csv"
    post.write_posterior(_sample(), path)
    if record is None:
        post.provenance_path(path).unlink()
    else:
        post.provenance_path(path).write_text(record)
    with pytest.raises(UserError, match=message) as e:
        post.read_posterior(path)
    assert "p.json" in str(e.value)


def test_the_simulation_budget_is_kept_and_an_unfinished_sample_refused():
    pytest.importorskip("pyabc")
    with pytest.raises(UserError, match="--simulations 8: no generation of 6 particles was complete"):
        post.infer(post.PosteriorSettings(**(TINY | {"simulations": 8, "acceptance": 0.2})))
    with pytest.raises(UserError, match="nothing to infer"):
        post.infer(post.PosteriorSettings(**(TINY | {"only": ("fiveg_advanced_boost",)})))


def test_the_command_refuses_a_sample_file_that_is_not_csv(tmp_path, capsys):
    pytest.importorskip("pyabc")
    assert main(["posterior", "--out", str(tmp_path / "p.json"), "--quiet"]) == 2
    assert "give a .csv file" in capsys.readouterr().err and not list(tmp_path.iterdir())


def test_the_commands_defaults_are_the_settings_defaults():
    """The command line states its defaults itself (importing the settings would slow every command)."""
    from model.cli import build_parser
    args = build_parser().parse_args(["posterior"])
    default = post.PosteriorSettings()
    for field in ("scenario", "train_until", "population", "simulations", "generations", "acceptance",
                  "minimum_distance", "moves", "drop", "stop_acceptance", "scale", "seed"):
        assert getattr(args, field) == getattr(default, field), field
    assert build_parser().parse_args(["posterior", "--no-moves"]).moves is False


@pytest.mark.parametrize("moves", [True, False])
def test_the_recorded_command_makes_the_same_settings(moves):
    from model.cli import build_parser
    settings = post.PosteriorSettings(train_until=2019, population=50, simulations=900, acceptance=0.1,
                                      moves=moves, drop=0.4, seed=5, only=("adopt_imitation", "fibre_hazard"))
    args = build_parser().parse_args(post.command_line(settings).split()[3:])
    for field in ("scenario", "train_until", "population", "simulations", "generations", "acceptance",
                  "minimum_distance", "moves", "scale", "seed") + (("drop", "stop_acceptance") if moves else ()):
        assert getattr(args, field) == getattr(settings, field), field
    assert tuple(args.only) == settings.only


# ------------------------------------------------------------------ the moves (Drovandi and Pettitt 2011)
class _Toy:
    """A model whose two 'moments' are its coordinates plus seed noise; the data are 0, so the ABC posterior
    concentrates around 0 as the tolerance falls."""

    def __call__(self, coordinates):
        z = np.array([coordinates["a"], coordinates["b"]])
        seed = int(np.random.randint(1, 2**31 - 1))
        return {"moments": z + 0.05 * np.random.standard_normal(2), "rates": np.zeros(len(post.ACCOUNT_RATES)),
                "seed": seed}


def _toy_start(n=40, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.logistic(size=(n, 2))
    return post.Particles(z, np.sqrt(np.mean(z * z, axis=1)), list(range(1, n + 1)),
                          np.zeros((n, len(post.ACCOUNT_RATES))))


def _toy_moves(budget, minimum=0.05, seed=1):
    from model.experiments.parallel import Runner
    settings = post.PosteriorSettings(minimum_distance=minimum, seed=seed)
    with Runner(1) as runner:
        return post.move_particles(_toy_start(), ("a", "b"), _Toy(), post.ToleranceDistance((0.0, 0.0), (1.0, 1.0)),
                                   runner, settings, budget)


def test_moves_lower_the_tolerance_keep_every_particle_within_it_and_keep_to_the_budget():
    start = _toy_start()
    particles, steps = _toy_moves(budget=1500)
    tolerances = [s["epsilon"] for s in steps]
    assert len(steps) >= 3 and all(b < a for a, b in zip(tolerances, tolerances[1:]))
    assert tolerances[0] == pytest.approx(np.sort(start.distances)[19])  # the first drops the worse half
    assert particles.distances.max() <= tolerances[-1] and len(particles.distances) == 40
    assert sum(s["simulations"] for s in steps) <= 1500
    assert tolerances[-1] < 0.5 * float(np.median(start.distances))
    assert np.all(np.abs(particles.z) < 2 * tolerances[-1] + 0.2)  # the sample closed in on the data
    assert len(set(particles.seeds)) > 20  # moved, not just copies of the survivors
    again, _ = _toy_moves(budget=1500)
    assert np.array_equal(again.z, particles.z) and again.seeds == particles.seeds


def test_moves_run_only_the_proposals_that_pass_the_priors_test(monkeypatch):
    """Early rejection: the runs made are the steps' simulations, fewer than the moves proposed."""
    made = []
    real = post._run_on_workers

    def counting(payload, points, pool, workers):
        made.extend(points)
        return real(payload, points, pool, workers)

    monkeypatch.setattr(post, "_run_on_workers", counting)
    particles, steps = _toy_moves(budget=1500)
    assert len(made) == sum(s["simulations"] for s in steps)
    assert sum(s["simulations"] for s in steps) < sum(s["proposed"] for s in steps)
    assert all(0 < s["move_acceptance"] < 1 for s in steps)  # of the moves proposed, not of those run


def test_moves_stop_at_the_minimum_distance_and_a_spent_budget_leaves_the_start():
    particles, steps = _toy_moves(budget=5000, minimum=0.6)
    assert steps[-1]["epsilon"] == 0.6 and steps[-2]["epsilon"] > 0.6  # the last step's tolerance: the minimum
    assert particles.distances.max() <= 0.6 and sum(s["simulations"] for s in steps) < 5000
    start = _toy_start()
    kept, none = _toy_moves(budget=19)  # not enough for one round of 20 moves
    assert none == [] and np.array_equal(kept.z, start.z)


def test_the_prior_in_the_inferences_coordinates_is_the_standard_logistic():
    from scipy import stats
    z = np.array([-30.0, -2.0, 0.0, 0.5, 40.0])
    assert post.log_logistic(z) == pytest.approx(float(np.sum(stats.logistic.logpdf(z))))


def test_moves_with_several_pyabc_generations_or_a_bad_share_are_refused():
    with pytest.raises(UserError, match="--generations 3: the moves start from one generation"):
        post.PosteriorSettings(generations=3, moves=True).check()
    post.PosteriorSettings(generations=3, moves=False).check()
    with pytest.raises(UserError, match="--drop 1"):
        post.PosteriorSettings(drop=1.0).check()


def test_moves_leave_a_parameter_history_does_not_speak_to_at_its_prior():
    """The second coordinate does not enter the distance, so its particles must stay standard logistic (the
    prior in these coordinates): a wrong Metropolis-Hastings ratio or a proposal confined to a plane would pull
    them off it."""
    from model.experiments.parallel import Runner

    class FirstOnly(_Toy):
        def __call__(self, coordinates):
            out = super().__call__(coordinates)
            out["moments"][1] = 0.0
            return out

    rng = np.random.default_rng(4)
    z = rng.logistic(size=(400, 2))
    start = post.Particles(z, np.abs(z[:, 0]) / np.sqrt(2), list(range(400)), np.zeros((400, len(post.ACCOUNT_RATES))))
    settings = post.PosteriorSettings(minimum_distance=0.05, seed=2)
    with Runner(1) as runner:
        particles, steps = post.move_particles(start, ("a", "b"), FirstOnly(), post.ToleranceDistance(
            (0.0, 0.0), (1.0, 1.0)), runner, settings, budget=20000)
    assert steps[-1]["epsilon"] < 0.3  # the first coordinate closed in
    b = particles.z[:, 1]
    assert abs(b.mean()) < 0.35 and 0.7 < b.var() / (np.pi ** 2 / 3) < 1.3  # standard logistic: 0, pi^2 / 3
    from scipy import stats
    assert stats.kstest(b, "logistic").pvalue > 0.001


def test_each_step_keeps_more_particles_than_parameters():
    assert post.dropped_per_step(300, 0.5, 30) == 150
    assert post.dropped_per_step(300, 0.999, 30) == 269  # 31 survive
    assert post.dropped_per_step(6, 0.5, 2) == 3 and post.dropped_per_step(4, 0.5, 3) == 0
    start = _toy_start(n=3)  # two parameters need three survivors: no particle left to move
    from model.experiments.parallel import Runner
    with Runner(1) as runner:
        kept, steps = post.move_particles(start, ("a", "b"), _Toy(), post.ToleranceDistance((0.0, 0.0), (1.0, 1.0)),
                                          runner, post.PosteriorSettings(), 1000)
    assert steps == [] and np.array_equal(kept.z, start.z)


def test_a_structural_choice_is_summarised_by_the_share_of_each_reading():
    """broadband_persistence is a choice (level 0 or growth 1): the inference's coordinate below 0 is the
    first reading, above it the second; the summary gives the posterior's share of each and, as the width,
    4 s (1 - s), which is 1 at the prior's even odds."""
    from model.core.priors import Prior
    choice = Prior("choice", 0.0, 1.0, "test")
    assert post.to_values({"c": -0.3}, (("c", choice),)) == {"c": 0.0}
    assert post.to_values({"c": 0.3}, (("c", choice),)) == {"c": 1.0}
    priors = {"c": {"shape": "choice", "low": 0.0, "high": 1.0, "source": "test"},
              "x": {"shape": "uniform", "low": 0.0, "high": 1.0, "source": "test"}}
    sample = post.Posterior(["x", "c"], np.array([[0.1, 1.0], [0.2, 1.0], [0.3, 1.0], [0.4, 0.0]]),
                            np.full(4, 0.25), [1, 2, 3, 4], [1.0] * 4, {"priors": priors})
    rows = {r["parameter"]: r for r in post.parameter_summary(sample)}
    assert rows["c"]["share_high"] == pytest.approx(0.75) and rows["c"]["width_ratio"] == pytest.approx(0.75)
    assert np.isnan(rows["x"]["share_high"])
    assert "| `c` | choice | 0 or 1 | 0: 25% | | 1: 75% | 0.75 |" == post._summary_row(rows["c"])


def test_the_backtest_page_gives_a_choices_share_of_each_reading_not_its_median():
    from model.experiments.calibration_report import _estimate_cell
    shares = {"broadband_persistence": 0.63}
    assert _estimate_cell("broadband_persistence", 1.0, (0.0, 1.0), shares) == "0 in 37%, 1 in 63% of the particles"
    assert _estimate_cell("tfp_growth_services", 0.0123456, (0.0, 0.05), shares) == "0.01235"
