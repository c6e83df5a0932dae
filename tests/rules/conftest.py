"""Fixtures for the rule tests: the claims component with some word lists edited for one block."""

from __future__ import annotations

from contextlib import contextmanager
from copy import deepcopy

import pytest

from claimx.components.doc_data import CLAIMS


def _list_editor(nlp, file_key: str):
    @contextmanager
    def edited(**lists):
        component = nlp.get_pipe(CLAIMS)
        original = component.words_data
        data = deepcopy(original)
        data[file_key].update(lists)
        component._set_words(data)
        try:
            yield
        finally:
            component._set_words(original)

    return edited


@pytest.fixture
def reporting_lists(nlp):
    """``with reporting_lists(name=[...]):`` runs the block with those reporting.yaml lists replaced."""
    return _list_editor(nlp, "reporting")


@pytest.fixture
def speech_verb_lists(nlp):
    """``with speech_verb_lists(frames={...}):`` runs the block with those speech_verbs.yaml lists replaced."""
    return _list_editor(nlp, "speech_verbs")
