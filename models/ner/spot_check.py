"""Spot check of the rule-based entities on SpkAtt news (evaluation use only).

``python -m models.ner.spot_check [--model PATH] [--sample N]`` prints
(1) how many annotated Source spans that contain a proper noun overlap an entity, and of
which label, and (2) a random sample of entities in context for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

NEWS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "spkatt-news" / "train"


def article_docs(nlp, folder: Path, limit: int):
    """(Doc, source spans as (start, end) token offsets) per article, gold tokens."""
    for path in sorted(folder.glob("*.json"))[:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        words, offsets = [], {}
        for sentence in data["Sentences"]:
            for i, token in enumerate(sentence["Tokens"]):
                offsets[f"{sentence['SentenceId']}:{i}"] = len(words)
                words.append(token)
        doc = Doc(nlp.vocab, words=words)
        for name, proc in nlp.pipeline:
            doc = proc(doc)
        sources = []
        for annotation in data["Annotations"]:
            ids = sorted(offsets[t] for t in annotation.get("Source", []) if t in offsets)
            if ids:
                sources.append((ids[0], ids[-1] + 1))
        yield doc, sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--sample", type=int, default=40)
    args = parser.parse_args()
    from claimx.model import load_base

    nlp = load_base(args.model)
    covered, named, labels, entities = 0, 0, Counter(), []
    for doc, sources in article_docs(nlp, NEWS, args.articles):
        entities += [(e, e.sent.text) for e in doc.ents]
        for start, end in sources:
            span = doc[start:end]
            if not any(t.pos_ == "PROPN" for t in span):
                continue
            named += 1
            hits = [e for e in doc.ents if e.start < end and e.end > start]
            if hits:
                covered += 1
                labels[hits[0].label_] += 1
    print(f"named Source spans overlapping an entity: {covered}/{named} = {covered / max(named, 1):.2f}")
    print(f"labels of the overlapping entities: {dict(labels)}")
    print(f"entities found: {len(entities)}; random sample:")
    for entity, sentence in random.Random(0).sample(entities, min(args.sample, len(entities))):
        print(f"  {entity.label_:3s} {entity.text!r:40s} | {sentence[:110]}")


if __name__ == "__main__":
    main()
