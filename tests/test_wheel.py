"""A built wheel carries the German pipeline and ``claimx.model.load_base()`` finds it there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

LOAD_FROM_WHEEL = """
import claimx, claimx.model
nlp = claimx.model.load_base()
doc = nlp("Der Minister erklärte, die Lage sei ernst.")
print(claimx.__file__)
print(claimx.model.base_model_path())
print(",".join(nlp.pipe_names))
print([t.morph.get("Mood") for t in doc if t.text == "sei"][0])
"""


@pytest.mark.slow
def test_pipeline_loads_from_installed_wheel(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(wheels), str(REPO)],
        check=True,
    )
    (wheel,) = wheels.glob("claimx-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        check=True,
    )
    script = tmp_path / "load_from_wheel.py"
    script.write_text(LOAD_FROM_WHEEL, encoding="utf-8")
    # run outside the checkout, with only the installed copy of claimx importable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    package_file, model_path, pipe_names, mood = result.stdout.strip().splitlines()
    assert Path(package_file).is_relative_to(site)
    assert Path(model_path) == site / "claimx" / "_model"
    assert "parser" in pipe_names.split(",") and "claimx_lexicon" in pipe_names.split(",")
    assert mood == "['Sub']"
