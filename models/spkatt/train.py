"""Train claimx's learned cue and role taggers on SpkAtt debates: ``python -m models.spkatt.train``.

Data: ``../shared/data/spkatt-debates/train`` (CC BY-SA 4.0) for the weights, ``dev`` for choosing
the best epoch (score = mean of the dev cue F1 (soft) and roles F1, full-task setting).
Two phases: (1) ``cues.cfg``: tok2vec + ``claimx_cue_tagger`` on sentences (best dev cue F1);
(2) ``roles.cfg``: ``claimx_role_labeller`` (own tok2vec) on one marked sentence per gold cue (best
dev roles F1 + Message F1, with the phase-1 cues).  The result (``models/spkatt/pipeline``) holds
``claimx_learned_tok2vec``, ``claimx_cue_tagger``, ``claimx_role_labeller`` and
``claimx_learned_events``; it is CC BY-SA 4.0 like its training data.
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
    from claimx.learned.tags import runs

    tags = ["O"] * n
    for role, label in (("Message", "MSG"), ("Source", "SRC"), ("Addr", "ADR")):
        for event in sorted(events, key=lambda e: -len(e.get(role, []))):
            tokens = sorted(index[t] for t in event.get(role, []) if t in index)
            free = [t for t in tokens if tags[t] == "O"]
            for start, end in runs(free):
                if end - start == 1:
                    tags[start] = f"U-{label}"
                    continue
                tags[start] = f"B-{label}"
                for t in range(start + 1, end - 1):
                    tags[t] = f"I-{label}"
                tags[end - 1] = f"L-{label}"
    return tags


def gold_sentences(path_dir: Path):
    """Per sentence: (words, cue tags, per-event (cue, role tags)) from a directory of debate documents."""
    from claimx.spkatt.documents import read_directory
    from claimx.spkatt.predict import token_ids

    for document in read_directory(path_dir).values():
        ids = token_ids(document)
        index = {tid: i for i, tid in enumerate(ids)}
        cues = cue_tags(len(ids), document.annotations, index)
        offset = 0
        for tokens in document.sentences:
            end = offset + len(tokens)
            local = {tid: i - offset for tid, i in index.items() if offset <= i < end}
            events = []
            for event in document.annotations:
                cue = sorted(local[t] for t in event.get("Cue", []) if t in local)
                if cue:
                    events.append((cue, role_tags(len(tokens), [event], local)))
            if tokens:
                yield [t if t.strip() else "_" for t in tokens], cues[offset:end], events
            offset = end


def cue_examples(nlp, path_dir: Path):
    """One Example per sentence with its gold cue tags."""
    from spacy.tokens import Doc
    from spacy.training import Example

    examples = []
    for words, cues, _ in gold_sentences(path_dir):
        reference = Doc(nlp.vocab, words=words)
        reference.user_data["claimx_gold"] = {"cue": cues}
        examples.append(Example(Doc(nlp.vocab, words=words), reference))
    return examples


def role_examples(nlp, path_dir: Path):
    """One Example per gold cue: its sentence with the cue marked, and that event's role tags."""
    from spacy.tokens import Doc
    from spacy.training import Example

    from claimx.learned.taggers import mark_cue

    examples = []
    for words, _, events in gold_sentences(path_dir):
        for cue, roles in events:
            marked, positions = mark_cue(words, cue)
            tags: list[str | None] = ["O"] * len(marked)
            for i, p in enumerate(positions):
                tags[p] = roles[i]
            reference = Doc(nlp.vocab, words=marked)
            reference.user_data["claimx_gold"] = {"event_role": tags}
            examples.append(Example(Doc(nlp.vocab, words=marked), reference))
    return examples


def score_dev(docs: dict, gold: dict) -> dict:
    """Full-task scores of the learned events on already processed dev Docs."""
    from claimx.spkatt.score import score_corpus
    from claimx.spkatt.predict import learned_annotations

    pred = {name: type(g)(g.name, g.sentences, learned_annotations(docs[name], g, debates=True)) for name, g in gold.items()}
    return score_corpus(gold, pred, setting="full")


def summary(epoch: int, started: float, losses: dict, scores: dict) -> dict:
    return {"epoch": epoch, "minutes": round((time.time() - started) / 60, 1),
            "loss": {k: round(v) for k, v in losses.items()}, "cue_soft_f1": round(scores["cue_soft"]["f1"], 4),
            "cue_exact_f1": round(scores["cue_exact"]["f1"], 4), "message_f1": round(scores["message"]["f1"], 4),
            "roles_f1": round(scores["roles"]["f1"], 4), "joint_f1": round(scores["joint"]["f1"], 4)}


def fit(nlp, examples, evaluate, *, epochs: int, seed: int, max_minutes: float, output: Path, key) -> dict:
    """Train ``nlp`` on examples; keep the epoch with the best ``key(scores)`` at ``output``."""
    from spacy.util import compounding, minibatch

    optimizer = nlp.initialize(lambda: examples[:500])
    best: dict = {"score": -1.0}
    started = time.time()
    rng = random.Random(seed)
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=compounding(8.0, 64.0, 1.01)):
            nlp.update(batch, sgd=optimizer, drop=0.15, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = evaluate(nlp)
            line = summary(epoch, started, losses, scores)
            print(json.dumps(line), flush=True)
            if key(scores) > best["score"]:
                best = {"score": key(scores), **line}
                nlp.to_disk(output)
        if (time.time() - started) / 60 > max_minutes:
            print("time budget reached", flush=True)
            break
    print("best:", json.dumps(best), flush=True)
    return best


def load_config_nlp(path: Path):
    import spacy

    import claimx.learned  # noqa: F401  (registers the factories)

    return spacy.util.load_model_from_config(spacy.util.load_config(path), auto_fill=True, validate=True)


def train_cues(args) -> Path:
    from claimx.spkatt.documents import read_directory
    from claimx.spkatt.predict import document_to_doc

    nlp = load_config_nlp(args.configs / "cues.cfg")
    gold = read_directory(DEBATES / "dev")

    def evaluate(nlp):
        return score_dev({n: nlp(document_to_doc(nlp.vocab, d)) for n, d in gold.items()}, gold)

    out = args.work / "cues"
    args.work.mkdir(parents=True, exist_ok=True)
    fit(nlp, cue_examples(nlp, DEBATES / "train"), evaluate, epochs=args.cue_epochs, seed=args.seed,
        max_minutes=args.max_minutes, output=out, key=lambda s: s["cue_soft"]["f1"])
    return out


def train_roles(args, cue_model: Path) -> Path:
    import spacy

    from claimx.spkatt.documents import read_directory
    from claimx.spkatt.predict import document_to_doc

    cue_nlp = spacy.load(cue_model)
    gold = read_directory(DEBATES / "dev")
    dev_docs = {n: cue_nlp(document_to_doc(cue_nlp.vocab, d)) for n, d in gold.items()}
    events = cue_nlp.get_pipe("claimx_learned_events")
    nlp = load_config_nlp(args.configs / "roles.cfg")

    def evaluate(nlp):
        labeller = nlp.get_pipe("claimx_role_labeller")
        return score_dev({n: events(labeller(doc)) for n, doc in dev_docs.items()}, gold)

    out = args.work / "roles"
    fit(nlp, role_examples(nlp, DEBATES / "train"), evaluate, epochs=args.role_epochs, seed=args.seed,
        max_minutes=args.max_minutes, output=out, key=lambda s: s["roles"]["f1"] + s["message"]["f1"])
    return out


def assemble(cue_model: Path, role_model: Path, output: Path) -> None:
    """The shipped pipeline: cue tagger + role labeller + event assembler, with licence."""
    import shutil

    import spacy

    import claimx.learned  # noqa: F401

    nlp = spacy.load(cue_model)
    nlp.add_pipe("claimx_role_labeller", source=spacy.load(role_model), before="claimx_learned_events")
    nlp.meta.update(name="claimx_spkatt", version="0.1.0", license="CC BY-SA 4.0",
                    sources=[{"name": "SpkAtt-2023 Task 1 (GePaDe) debates train", "license": "CC BY-SA 4.0"}])
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    gold = {}
    from claimx.spkatt.documents import read_directory
    from claimx.spkatt.predict import document_to_doc

    gold = read_directory(DEBATES / "dev")
    scores = score_dev({n: nlp(document_to_doc(nlp.vocab, d)) for n, d in gold.items()}, gold)
    print("assembled:", json.dumps(summary(0, time.time(), {}, scores)), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cue-epochs", type=int, default=15)
    parser.add_argument("--role-epochs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-minutes", type=float, default=12.0, help="per phase")
    parser.add_argument("--work", type=Path, default=HERE / "training")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--configs", type=Path, default=HERE, help="directory with cues.cfg and roles.cfg")
    parser.add_argument("--only", choices=("cues", "roles", "assemble"), default=None)
    args = parser.parse_args(argv)
    if not (DEBATES / "train").is_dir():
        print(f"error: {DEBATES} not found", file=sys.stderr)
        return 1
    import spacy

    spacy.util.fix_random_seed(args.seed)
    cue_model, role_model = args.work / "cues", args.work / "roles"
    if args.only in (None, "cues"):
        cue_model = train_cues(args)
    if args.only in (None, "roles"):
        role_model = train_roles(args, cue_model)
    if args.only in (None, "assemble"):
        assemble(cue_model, role_model, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
