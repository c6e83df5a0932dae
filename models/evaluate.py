"""Evaluate a pipeline on the held-out UD German GSD dev file: ``python -m models.evaluate``.

Gold tokenisation (multiword tokens merged as in training), spaCy's Scorer. Prints UPOS,
lemma accuracy, Mood F1, LAS, UAS and sentence-boundary F1. With ``--ner``: entity
precision, recall and F1 per label (PER, ORG, LOC) on the held-out GermEval 2014 dev file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from models.paths import CORPUS, EVAL_FILE, GERMEVAL, GERMEVAL_EVAL_FILE, UD

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


NER_LABELS = ("PER", "ORG", "LOC")


def ner_reference_docs(nlp: Language, germeval_dir: Path = GERMEVAL) -> list[Doc]:
    """GermEval dev sentences with their (mapped) entities: the held-out NER reference."""
    from models.ner.germeval import docs_from_file

    return docs_from_file(germeval_dir / GERMEVAL_EVAL_FILE, nlp.vocab)


def ner_counts(predicted: list[Doc], reference: list[Doc], labels=NER_LABELS) -> dict[str, list[int]]:
    """[true positives, predicted, gold] per label; a hit needs the same span and label."""
    counts = {label: [0, 0, 0] for label in labels}
    for pred, gold in zip(predicted, reference):
        found = {(e.start, e.end, e.label_) for e in pred.ents if e.label_ in counts}
        wanted = {(e.start, e.end, e.label_) for e in gold.ents if e.label_ in counts}
        for label in counts:
            mine = {s for s in found if s[2] == label}
            theirs = {s for s in wanted if s[2] == label}
            counts[label][0] += len(mine & theirs)
            counts[label][1] += len(mine)
            counts[label][2] += len(theirs)
    return counts


def prf(hits: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f": f1, "n": gold}


def evaluate_ner(nlp: Language, germeval_dir: Path = GERMEVAL) -> dict[str, dict[str, float]]:
    """P/R/F1 per label and over PER+ORG+LOC (micro) on GermEval dev, gold tokenisation."""
    reference = ner_reference_docs(nlp, germeval_dir)
    predicted = list(nlp.pipe(_gold_tokens(nlp, doc) for doc in reference))
    counts = ner_counts(predicted, reference)
    figures = {label: prf(*values) for label, values in counts.items()}
    figures["PER+ORG+LOC"] = prf(*(sum(values[i] for values in counts.values()) for i in range(3)))
    return figures


def print_ner(figures: dict[str, dict[str, float]], germeval_dir: Path) -> None:
    print(f"held-out: {germeval_dir / GERMEVAL_EVAL_FILE} (gold tokenisation, exact spans)")
    print(f"{'label':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s}")
    for label, value in figures.items():
        print(f"{label:12s} {value['p']:6.3f} {value['r']:6.3f} {value['f']:6.3f} {value['n']:6d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=None, help="pipeline path (default: shipped)")
    parser.add_argument("--ud", type=Path, default=UD)
    parser.add_argument("--exclude", nargs="*", default=[], help="components to leave out")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--ner", action="store_true", help="entities on GermEval 2014 dev instead of UD")
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    args = parser.parse_args()

    from claimx.model import load_base

    nlp = load_base(args.model, exclude=args.exclude)
    if args.ner:
        ner_figures = evaluate_ner(nlp, args.germeval)
        if args.json:
            print(json.dumps(ner_figures, indent=2))
        else:
            print_ner(ner_figures, args.germeval)
        return
    figures = evaluate(nlp, args.ud)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"held-out: {args.ud / EVAL_FILE} (gold tokenisation)")
    for label, value in figures.items():
        print(f"{label:12s} {value:.4f}")


if __name__ == "__main__":
    main()
