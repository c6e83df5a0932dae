"""The word lists a component carries and saves with the pipeline (``words.json``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.util import ensure_path

from claimx.rules.cues import ANONYMOUS_FILE, REPORTING_FILE, SPEECH_VERBS_FILE, WordLists
from claimx.rules.text import load_package_yaml


def word_list_data() -> dict[str, Any]:
    """The shipped word lists as plain data."""
    return {
        "speech_verbs": load_package_yaml(SPEECH_VERBS_FILE),
        "reporting": load_package_yaml(REPORTING_FILE),
        "anonymous_sources": load_package_yaml(ANONYMOUS_FILE),
    }


class WordListHolder:
    """A component that carries claimx's word lists and saves them with the pipeline."""

    words_data: dict[str, Any]
    words: WordLists

    def _set_words(self, data: dict[str, Any]) -> None:
        self.words_data = data
        self.words = WordLists.from_data(data)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "words.json").write_text(json.dumps(self.words_data, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> WordListHolder:
        path = ensure_path(path)
        words_file = path / "words.json"
        if words_file.exists():
            self._set_words(json.loads(words_file.read_text(encoding="utf-8")))
        return self
