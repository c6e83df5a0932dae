"""Adding the shipped learned components to a claimx pipeline, and where they are installed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language

from claimx.learned.claims import LEARNED_CLAIMS
from claimx.model import ModelNotFoundError

LEARNED_PIPES = ("claimx_learned_tok2vec", "claimx_cue_tagger", "claimx_role_tagger", "claimx_role_labeller", "claimx_learned_events")


def default_learned_path() -> Path:
    """The shipped learned components: inside the installed package, else ``models/spkatt/pipeline``."""
    packaged = Path(__file__).resolve().parents[1] / "_spkatt"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "models" / "spkatt" / "pipeline"


def add_learned_components(nlp: Language, path=None) -> Language:
    """Append the trained cue/role taggers and the event assembler to ``nlp``.

    They go last: placed before the base pipeline's listeners, the learned tok2vec would be linked to
    them (``upstream = "*"``) and its ``doc.tensor`` would spoil the parser the rules depend on."""
    path = path or default_learned_path()
    if not (Path(path) / "config.cfg").is_file():
        raise ModelNotFoundError(f"the learned components were not found in {path}: install claimx from a wheel, "
                                 "or in a source checkout run `python -m models.spkatt.train` (about 20 minutes)")
    learned = spacy.load(path)
    for name in LEARNED_PIPES:
        if name in learned.pipe_names and name not in nlp.pipe_names:
            nlp.add_pipe(name, source=learned)
    return nlp


def learned_status(nlp: Language) -> str:
    """For ``claimx info``: whether the learned components are in ``nlp``, else whether they are installed."""
    if LEARNED_CLAIMS in nlp.pipe_names:
        return "loaded"
    if default_learned_path().is_dir():
        return "available (--learned)"
    return "not installed"


def add_learned_claims(nlp: Language, path=None, sources: Iterable[Path] = ()) -> Language:
    """Append the learned components and ``claimx_learned_claims`` to a claimx pipeline (see ``claimx.load``).

    ``sources``: the user registries the sources component was extended with; the learned claims
    component resolves names with the same registry (its own copy, no reference to the other component).
    """
    add_learned_components(nlp, path)
    if LEARNED_CLAIMS not in nlp.pipe_names:
        nlp.add_pipe(LEARNED_CLAIMS)
        for source in sources:
            nlp.get_pipe(LEARNED_CLAIMS).add_registry(Path(source))
    return nlp
