"""Evaluate a pipeline on the held-out UD German GSD dev file: ``python -m models.evaluate``.

Gold tokenisation (multiword tokens merged as in training), spaCy's Scorer. Prints UPOS,
lemma accuracy, Mood F1, LAS, UAS and sentence-boundary F1.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from models.train import CORPUS, EVAL_FILE, UD

REPORTED = {
    "UPOS": ("pos_acc", None),
    "lemma acc": ("lemma_acc", None),
    "Mood F1": ("morph_per_feat", "Mood"),
    "morph acc": ("morph_acc", None),
    "UAS": ("dep_uas", None),
    "LAS": ("dep_las", None),
    "sentence F1": ("sents_f", None),
}


def eval_examples(nlp: Language, ud_dir: Path = UD) -> list[Example]:
    """Held-out GSD dev as Examples (converted on the fly if models/corpus is missing)."""
    path = CORPUS / "eval.spacy"
    if not path.exists():
        from models.corpus import docs_from_files

        docs = docs_from_files([ud_dir / EVAL_FILE], nlp.vocab)
    else:
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    return [Example(_gold_tokens(nlp, doc), doc) for doc in docs]


def _gold_tokens(nlp: Language, reference: Doc) -> Doc:
    """An unannotated Doc with the reference's tokens (gold tokenisation)."""
    words = [t.text for t in reference]
    return Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in reference])


def evaluate(nlp: Language, ud_dir: Path = UD) -> dict[str, float]:
    scores = nlp.evaluate(eval_examples(nlp, ud_dir))
    figures = {}
    for label, (key, feature) in REPORTED.items():
        value = scores.get(key)
        if feature is not None:
            value = (value or {}).get(feature, {}).get("f")
        figures[label] = float(value) if value is not None else float("nan")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=None, help="pipeline path (default: shipped)")
    parser.add_argument("--ud", type=Path, default=UD)
    parser.add_argument("--exclude", nargs="*", default=[], help="components to leave out")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    from claimx.model import load_base

    nlp = load_base(args.model, exclude=args.exclude)
    figures = evaluate(nlp, args.ud)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"held-out: {args.ud / EVAL_FILE} (gold tokenisation)")
    for label, value in figures.items():
        print(f"{label:12s} {value:.4f}")


if __name__ == "__main__":
    main()
