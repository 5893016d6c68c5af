"""`python -m model docs` regenerates every image the docs link to, and says how in a manifest."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import REPO
from model.cli import main

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+\.png)\)")


def linked_images() -> set[str]:
    """Images the README and the docs pages link to, as paths inside docs/."""
    images = {m for m in IMAGE.findall((REPO / "README.md").read_text(encoding="utf-8"))}
    out = {m.removeprefix("docs/") for m in images}
    for page in (REPO / "docs").glob("*.md"):
        out |= set(IMAGE.findall(page.read_text(encoding="utf-8")))
    return out


@pytest.mark.slow
def test_docs_quick_makes_every_linked_image(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("figures", "manifest.json"))
    assert main(["docs", "--quick", "--out", str(docs), "--workers", "1", "--quiet"]) == 0
    manifest = json.loads((docs / "manifest.json").read_text(encoding="utf-8"))
    made = {entry["file"] for entry in manifest["made"]}
    images = linked_images()
    assert len(images) >= 4
    missing = sorted(images - made)
    assert not missing, f"images the docs link to that `python -m model docs` does not make: {missing}"
    for image in images:
        assert (docs / image).stat().st_size > 10_000, image
    # The pages it writes link only to images it made.
    for page in ("calibration.md", "backtest_2019.md", "backtest_2022.md", "backtest_2024.md", "validation.md"):
        assert set(IMAGE.findall((docs / page).read_text(encoding="utf-8"))) <= made
    assert manifest["quick"] is True and manifest["git_commit"] is not None
    assert "model.md" in made  # the parameter table
    # both languages by default: the report figures in Vietnamese too (issue 13)
    assert manifest["languages"] == ["en", "vi"]
    assert {"figures/vi/calibration_fit.png", "figures/vi/backtest_2019.png", "figures/vi/gdp_growth.png"} <= made
    # the backtests scored together (issue 15): a row for each year's coverage and the pooled one
    page = (docs / "backtest.md").read_text(encoding="utf-8")
    assert "backtest.md" in made and all(f"| {y} |" in page for y in (2019, 2022, 2024)) and "| all |" in page
    assert "the posterior inferred" in page  # each backtest infers its own posterior from the data up to its year
    # every scored observation in one table, which band-stretch reads (and refuses to ship from --quick's few runs)
    from model.experiments import band_stretch
    scored, draws = band_stretch.read_scores(docs / band_stretch.SCORES_NAME)
    assert 2019 in scored and set(scored) <= {2019, 2022, 2023, 2024} and draws == 2
    assert "## Bands stretched by the earlier backtests' misses" in page and "backtest_scores.csv" in made
    # the shipped posterior's page, with its predictive check against history (issue 15)
    page = (docs / "posterior.md").read_text(encoding="utf-8")
    assert "posterior.md" in made and "posterior predictive check" in page and "inside the draws' 90% band" in page


def test_the_docs_manifest_lists_what_the_repo_ships():
    """The committed docs were made by the command (not by hand): its manifest lists every linked image."""
    manifest = json.loads((REPO / "docs" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["quick"] is False
    assert linked_images() <= {entry["file"] for entry in manifest["made"]}
