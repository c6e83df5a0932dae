"""claimx's pipeline: its components added after the German base pipeline, and ``info()``.

Components (in order): ``claimx_fragments`` → ``claimx_boilerplate`` → ``claimx_quotes`` → ``claimx_cues`` →
``claimx_sources`` → ``claimx_claims`` (factories in :mod:`claimx.components.factories`, one
module each). Each writes a span group of the same name; the claims are kept as plain data in
``doc.user_data`` so that ``DocBin`` round-trips keep them, and are read as records through
``doc._.claims`` (:mod:`claimx.components.doc_data`).

A rule that raises costs at most the claims of its sentence (claimx.rules.isolation): the error is
recorded, one warning per document is logged and ``doc._.claimx_errors`` lists it. Every
component takes ``raise_errors`` (default false) to let such errors propagate for debugging.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language

import claimx.components.factories  # noqa: F401  (registers the factories)
from claimx.components.doc_data import (  # noqa: F401  (names other modules read from here)
    BOILERPLATE,
    CLAIMS,
    CLAIMS_KEY,
    COMPONENTS,
    CUES,
    QUOTES,
    SOURCES,
    claims_of,
    doc_text,
    forget_cached,
    quotes_of,
)

# --- assembling the pipeline -------------------------------------------------------------------
def add_claimx_components(nlp: Language, sources: Iterable[Path] = ()) -> None:
    """Add claimx's components after the base pipeline; ``sources`` extend the registry."""
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    # user registries are merged into the component (and saved by to_disk), not kept as paths
    for path in sources:
        nlp.get_pipe(SOURCES).add_registry(Path(path))


def info(nlp: Language) -> dict[str, Any]:
    """Version, model, components and registry size of a loaded claimx pipeline."""
    from claimx import __version__

    meta = nlp.meta or {}
    registry_size = None
    if SOURCES in nlp.pipe_names:
        registry_size = len(nlp.get_pipe(SOURCES).registry)
    verbs = None
    if CUES in nlp.pipe_names:
        verbs = len(nlp.get_pipe(CUES).words.verbs)
    model_path = getattr(nlp, "_path", None) or nlp.config.get("paths", {}).get("model")
    return {
        "claimx_version": __version__,
        "spacy_version": _spacy_version(),
        "model": {
            "name": f"{meta.get('lang', nlp.lang)}_{meta.get('name', 'pipeline')}",
            "version": meta.get("version"),
            "path": str(model_path) if model_path else None,
            "license": meta.get("license"),
        },
        "components": list(nlp.pipe_names),
        "registry_size": registry_size,
        "speech_verbs": verbs,
    }


def _spacy_version() -> str:
    import spacy

    return spacy.__version__


__all__ = ["add_claimx_components", "info", "claims_of", "COMPONENTS"]
