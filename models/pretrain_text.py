"""Raw text for tok2vec pretraining (``spacy pretrain``): SpkAtt debates + UD training sentences.

Only sources whose licence allows shipping the resulting weights are used: the Bundestag
debates of SpkAtt Task 1 (CC BY-SA 4.0) and the UD training files. No labels are read,
and neither the news set (non-commercial) nor the held-out GSD dev file is touched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from models.corpus import read_conllu

DEBATES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "spkatt-debates"


def debate_sentences(folder: Path = DEBATES) -> Iterator[str]:
    for path in sorted(folder.glob("*/*.json")):
        for sentence in json.loads(path.read_text(encoding="utf-8"))["Sentences"]:
            yield " ".join(sentence["Tokens"])


def ud_sentences(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        for sentence in read_conllu(path):
            yield "".join(r.form + (" " if r.space_after else "") for r in sentence.rows).strip()


def write_raw_text(target: Path, ud_files: list[Path], debates: Path = DEBATES) -> int:
    """Write one ``{"text": ...}`` line per sentence; returns the number of lines."""
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with target.open("w", encoding="utf-8") as out:
        for text in [*debate_sentences(debates), *ud_sentences(ud_files)]:
            out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            count += 1
    return count
