"""Locate and load claimx's shipped German base pipeline (``de_claimx``).

The pipeline is found inside an installed wheel (``claimx/_model``, force-included by
the build) or, in a source checkout, in ``<repo>/models/de_claimx``.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from claimx.errors import ClaimxError

MODEL_NAME = "de_claimx"
_CONFIG = "config.cfg"


class ModelNotFoundError(ClaimxError, FileNotFoundError):
    """The shipped German pipeline could not be found."""


def _is_pipeline(path: Path) -> bool:
    return (path / _CONFIG).is_file()


def _candidates() -> list[Path]:
    """Where the shipped pipeline may live: installed package first, then the checkout."""
    candidates = []
    packaged = resources.files("claimx") / "_model"
    if isinstance(packaged, Path):
        candidates.append(packaged)
    else:  # a non-filesystem resource reader: fall back to its string form
        candidates.append(Path(str(packaged)))
    checkout = Path(__file__).resolve().parent.parent / "models" / MODEL_NAME
    candidates.append(checkout)
    return candidates


def base_model_path() -> Path:
    """Directory of the shipped pipeline; ``ModelNotFoundError`` if there is none."""
    candidates = _candidates()
    for path in candidates:
        if _is_pipeline(path):
            return path
    looked = ", ".join(str(p) for p in candidates)
    raise ModelNotFoundError(
        f"claimx's German pipeline ({MODEL_NAME}) was not found (looked in: {looked}). "
        "Install claimx from a wheel (`pip install .`), or in a source checkout run "
        "`python -m models.train` to rebuild models/de_claimx, or pass the path of a "
        "spaCy pipeline explicitly."
    )


def load_base(model: str | Path | None = None, *, exclude: Iterable[str] = ()) -> Language:
    """The German base pipeline: ``model`` (a path or installed package name) or the shipped one."""
    if model is None:
        target: str | Path = base_model_path()
    else:
        target = model
        if isinstance(model, Path) and not model.exists():
            raise ModelNotFoundError(f"No spaCy pipeline at {model}.")
    import claimx.components.factories  # noqa: F401  (registers the base pipeline's own factories)

    try:
        return spacy.load(target, exclude=list(exclude))
    except OSError as error:
        raise ModelNotFoundError(f"Could not load the spaCy pipeline {target!s}: {error}") from error
