"""Train claimx's learned cue and role taggers on SpkAtt debates: ``python -m models.spkatt.train``.

Data: ``../shared/data/spkatt-debates/train`` (CC BY-SA 4.0) for the weights, ``dev`` for choosing
the best epoch (score = mean of the dev cue F1 (soft) and roles F1, full-task setting).
The result (``models/spkatt/pipeline``) holds ``claimx_learned_tok2vec``, ``claimx_cue_tagger``,
``claimx_role_tagger`` and ``claimx_learned_events``; it is CC BY-SA 4.0 like its training data.
News data (non-commercial) is never used here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEBATES = REPO.parent / "shared" / "data" / "spkatt-debates"
CONFIG = HERE / "config.cfg"
OUTPUT = HERE / "pipeline"


def cue_tags(n: int, events: list[dict], index: dict[str, int]) -> list[str]:
    """O/B/I/P cue tags of a document's tokens (P = detached piece: "teilte ... **mit**")."""
    tags = ["O"] * n
    for event in events:
        tokens = sorted(index[t] for t in event.get("Cue", []) if t in index)
        for k, t in enumerate(tokens):
            if tags[t] != "O":
                continue
            tags[t] = "B-CUE" if k == 0 else ("I-CUE" if tokens[k - 1] == t - 1 else "P-CUE")
    return tags


def role_tags(n: int, events: list[dict], index: dict[str, int]) -> list[str]:
    """BILOU tags for Message > Source > Addr runs (a token keeps the first role it gets; longer messages first).

    Last tokens are tagged (L-/U-) so that a message can be decoded from its two ends even where
    the middle is far from any evidence the tagger can see."""
    tags = ["O"] * n
    for role, label in (("Message", "MSG"), ("Source", "SRC"), ("Addr", "ADR")):
        for event in sorted(events, key=lambda e: -len(e.get(role, []))):
            tokens = sorted(index[t] for t in event.get(role, []) if t in index)
            free = [t for t in tokens if tags[t] == "O"]
            for start, end in _runs(free):
                if end - start == 1:
                    tags[start] = f"U-{label}"
                    continue
                tags[start] = f"B-{label}"
                for t in range(start + 1, end - 1):
                    tags[t] = f"I-{label}"
                tags[end - 1] = f"L-{label}"
    return tags


def _runs(tokens: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for t in tokens:
        if out and out[-1][1] == t:
            out[-1] = (out[-1][0], t + 1)
        else:
            out.append((t, t + 1))
    return out


def sentence_examples(nlp, path_dir: Path):
    """One training Example per sentence, gold tags in ``reference.user_data["claimx_gold"]``."""
    from spacy.tokens import Doc
    from spacy.training import Example

    from claimx.spkatt import read_directory
    from claimx.spkatt_predict import token_ids

    examples = []
    for document in read_directory(path_dir).values():
        ids = token_ids(document)
        index = {tid: i for i, tid in enumerate(ids)}
        cues = cue_tags(len(ids), document.annotations, index)
        roles = role_tags(len(ids), document.annotations, index)
        offset = 0
        for tokens in document.sentences:
            end = offset + len(tokens)
            if tokens:
                words = [t if t.strip() else "_" for t in tokens]
                predicted = Doc(nlp.vocab, words=words)
                reference = Doc(nlp.vocab, words=words)
                reference.user_data["claimx_gold"] = {"cue": cues[offset:end], "role": roles[offset:end]}
                examples.append(Example(predicted, reference))
            offset = end
    return examples


def evaluate(nlp, dev_dir: Path) -> dict:
    """Full-task scores of the learned events on a directory of debate documents."""
    from claimx.spkatt import read_directory, score_corpus
    from claimx.spkatt_predict import document_to_doc, learned_annotations

    gold = read_directory(dev_dir)
    pred = {}
    for name, document in gold.items():
        doc = nlp(document_to_doc(nlp.vocab, document))
        pred[name] = type(document)(document.name, document.sentences, learned_annotations(doc, document, debates=True))
    return score_corpus(gold, pred, setting="full")


def train(epochs: int, seed: int, max_minutes: float, output: Path) -> dict:
    import spacy
    from spacy.util import minibatch, compounding

    import claimx.learned  # noqa: F401  (registers the factories)

    spacy.util.fix_random_seed(seed)
    config = spacy.util.load_config(CONFIG)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    train_examples = sentence_examples(nlp, DEBATES / "train")
    print(f"{len(train_examples)} training sentences", flush=True)
    optimizer = nlp.initialize(lambda: train_examples[:500])
    best: dict = {"score": -1.0}
    started = time.time()
    rng = random.Random(seed)
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in minibatch(train_examples, size=compounding(8.0, 64.0, 1.01)):
            nlp.update(batch, sgd=optimizer, drop=0.15, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = evaluate(nlp, DEBATES / "dev")
            score = (scores["cue_soft"]["f1"] + scores["roles"]["f1"]) / 2
            line = {"epoch": epoch, "minutes": round((time.time() - started) / 60, 1),
                    "loss": {k: round(v) for k, v in losses.items()}, "cue_soft_f1": round(scores["cue_soft"]["f1"], 4),
                    "cue_exact_f1": round(scores["cue_exact"]["f1"], 4), "message_f1": round(scores["message"]["f1"], 4),
                    "roles_f1": round(scores["roles"]["f1"], 4), "joint_f1": round(scores["joint"]["f1"], 4)}
            print(json.dumps(line), flush=True)
            if score > best["score"]:
                best = {"score": score, **line}
                nlp.to_disk(output)
        if (time.time() - started) / 60 > max_minutes:
            print("time budget reached", flush=True)
            break
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-minutes", type=float, default=22.0)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not (DEBATES / "train").is_dir():
        print(f"error: {DEBATES} not found", file=sys.stderr)
        return 1
    best = train(args.epochs, args.seed, args.max_minutes, args.output)
    print("best:", json.dumps(best))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
