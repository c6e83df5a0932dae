"""Convert UD German CoNLL-U files to spaCy's binary training format.

Multiword tokens ("im" = "in dem") are merged into one token, as spaCy's German
tokenizer leaves them whole in real text: the merged token keeps the preposition's
POS, lemma, head and relation and takes Case/Gender/Number from the article.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

SENTENCES_PER_DOC = 10  # several sentences per Doc so the parser learns boundaries


@dataclass
class Row:
    """One CoNLL-U word line (ids are 1-based, head 0 = root)."""

    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    space_after: bool = True


@dataclass
class Sentence:
    rows: list[Row] = field(default_factory=list)
    # (first id, last id, surface form, space after) per multiword token
    multiwords: list[tuple[int, int, str, bool]] = field(default_factory=list)


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U file."""
    sentence = Sentence()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentence.rows:
                yield sentence
            sentence = Sentence()
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        space_after = "SpaceAfter=No" not in cols[9]
        if "-" in cols[0]:
            first, last = (int(x) for x in cols[0].split("-"))
            sentence.multiwords.append((first, last, cols[1], space_after))
        elif "." not in cols[0]:
            sentence.rows.append(
                Row(int(cols[0]), cols[1], cols[2], cols[3], cols[4], _blank(cols[5]),
                    int(cols[6]), cols[7], space_after)
            )
    if sentence.rows:
        yield sentence


# PUD writes relation subtypes that GSD (and so the held-out file) does not use
PUD_TO_GSD_DEPREL = {
    "acl:relcl": "acl",
    "flat:name": "flat",
    "obl:tmod": "obl",
    "nmod:poss": "nmod",
    "cc:preconj": "cc",
    "csubj:pass": "csubj",
}


def harmonise_pud(sentence: Sentence) -> Sentence:
    """Bring PUD's relations and verb features to GSD's conventions.

    PUD marks finite verbs without VerbForm, participles as "Tense=Past" and infinitives
    with no features (its XPOS are PTB-style VB/VBN); GSD writes VerbForm=Fin/Part/Inf.
    """
    for row in sentence.rows:
        row.deprel = PUD_TO_GSD_DEPREL.get(row.deprel, row.deprel)
        if row.upos in ("VERB", "AUX"):
            row.feats = _gsd_verb_feats(row)
    return sentence


def _gsd_verb_feats(row: Row) -> str:
    feats = dict(kv.split("=", 1) for kv in row.feats.split("|") if kv)
    if "Mood" in feats:
        feats["VerbForm"] = "Fin"
    elif row.xpos == "VBN":  # "gesagt": participle
        feats.pop("Tense", None)
        feats["VerbForm"] = "Part"
    elif row.xpos == "VB":  # "sagen": infinitive
        feats["VerbForm"] = "Inf"
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items(), key=lambda kv: kv[0].lower()))


def _blank(value: str) -> str:
    return "" if value == "_" else value


def merge_multiwords(sentence: Sentence) -> list[Row]:
    """Rows with each multiword token collapsed into its first word (ids renumbered)."""
    absorbed: dict[int, int] = {}  # word id -> id of the word it was merged into
    rows = {row.id: row for row in sentence.rows}
    for first, last, form, space_after in sentence.multiwords:
        keep = rows[first]
        article_feats = [rows[i].feats for i in range(first + 1, last + 1) if rows[i].feats]
        keep.form = form
        keep.space_after = space_after
        if keep.upos == "ADP" and article_feats:
            keep.xpos = "APPRART"  # "im", "zum": preposition fused with article (STTS)
            keep.feats = article_feats[0]
        for i in range(first + 1, last + 1):
            absorbed[i] = first
    kept = [row for row in sentence.rows if row.id not in absorbed]
    new_id = {row.id: n for n, row in enumerate(kept, start=1)}
    for row_id, target in absorbed.items():
        new_id[row_id] = new_id[target]
    merged = []
    for row in kept:
        head = new_id[row.head] if row.head else 0
        if head == new_id[row.id]:  # the head was absorbed into this very token
            head = new_id[rows[row.head].head] if rows[row.head].head else 0
        merged.append(Row(new_id[row.id], row.form, row.lemma, row.upos, row.xpos,
                          row.feats, head, row.deprel, row.space_after))
    return merged


def sentences_to_doc(vocab: Vocab, sentences: list[list[Row]]) -> Doc:
    """One Doc holding several gold-annotated sentences."""
    words, spaces, tags, pos, morphs, lemmas, heads, deps, starts = ([] for _ in range(9))
    for rows in sentences:
        offset = len(words)
        for n, row in enumerate(rows):
            words.append(row.form)
            spaces.append(row.space_after)
            tags.append(row.upos)  # the tagger predicts UPOS: PUD's XPOS are PTB, GSD's STTS
            pos.append(row.upos)
            morphs.append(row.feats)
            lemmas.append(row.lemma)
            heads.append(offset + row.head - 1 if row.head else offset + n)
            deps.append("ROOT" if row.deprel == "root" else row.deprel)
            starts.append(n == 0)
        spaces[-1] = True
    return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs,
               lemmas=lemmas, heads=heads, deps=deps, sent_starts=starts)


def sentence_groups(paths: Iterable[Path]) -> list[list[list[Row]]]:
    """Groups of SENTENCES_PER_DOC sentences (one future Doc each), read from CoNLL-U files."""
    groups = []
    for path in paths:
        raw = read_conllu(path)
        if "pud" in path.name:
            raw = (harmonise_pud(s) for s in raw)
        sentences = [merge_multiwords(s) for s in raw]
        groups += [sentences[i : i + SENTENCES_PER_DOC] for i in range(0, len(sentences), SENTENCES_PER_DOC)]
    return groups


def docs_from_files(paths: Iterable[Path], vocab: Vocab) -> list[Doc]:
    """Docs of SENTENCES_PER_DOC sentences each, read from CoNLL-U files."""
    return [sentences_to_doc(vocab, group) for group in sentence_groups(paths)]


def konjunktiv_variant(rows: list[Row], verbs: dict) -> list[Row] | None:
    """The sentence with its 3rd person present indicative verbs put into Konjunktiv I.

    The treebank has few Konjunktiv I forms, news has many: "Die Lage ist ernst" ->
    "Die Lage sei ernst" (Mood=Sub). Only forms that differ from the indicative change;
    None when nothing changed.
    """
    changed = False
    variant = []
    for row in rows:
        feats = dict(kv.split("=", 1) for kv in row.feats.split("|") if kv)
        form = _konjunktiv_i_form(row, feats, verbs)
        if form is not None:
            feats["Mood"] = "Sub"
            row = Row(row.id, form, row.lemma, row.upos, row.xpos,
                      "|".join(f"{k}={v}" for k, v in sorted(feats.items(), key=lambda kv: kv[0].lower())),
                      row.head, row.deprel, row.space_after)
            changed = True
        variant.append(row)
    return variant if changed else None


def _konjunktiv_i_form(row: Row, feats: dict[str, str], verbs: dict) -> str | None:
    if row.upos not in ("VERB", "AUX") or feats.get("Mood") != "Ind" or feats.get("Tense") != "Pres":
        return None
    if feats.get("Person") != "3" or feats.get("Number") not in ("Sing", "Plur"):
        return None
    entry = verbs.get(row.lemma)
    number = "S" if feats["Number"] == "Sing" else "P"
    try:
        subjunctive, indicative = entry["KJ1"][number]["3"], entry["PRÄ"][number]["3"]
    except (KeyError, TypeError):
        return None
    subjunctive = subjunctive if isinstance(subjunctive, str) else subjunctive[0]
    indicative = indicative if isinstance(indicative, str) else indicative[0]
    if subjunctive == indicative or row.form.lower() != indicative.lower():
        return None
    return subjunctive[:1].upper() + subjunctive[1:] if row.form[:1].isupper() else subjunctive


def augment_with_konjunktiv(groups: list[list[list[Row]]], verbs: dict) -> list[list[list[Row]]]:
    """Extra groups made of the Konjunktiv I variants of the given sentences."""
    statements = [rows for group in groups for rows in group if rows[-1].form != "?"]
    variants = [v for rows in statements if (v := konjunktiv_variant(rows, verbs))]
    return [variants[i : i + SENTENCES_PER_DOC] for i in range(0, len(variants), SENTENCES_PER_DOC)]


def write_corpus(train_files: list[Path], eval_file: Path, out_dir: Path,
                 dev_fraction: float = 0.1, seed: int = 0, verbs: dict | None = None) -> dict[str, Path]:
    """Write train/dev (split from the training files) and the held-out eval set.

    With ``verbs`` (the morph lexicon's verbs.json), the training part gets Konjunktiv I
    variants of its sentences in addition (the dev part stays as annotated).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    groups = sentence_groups(train_files)
    random.Random(seed).shuffle(groups)
    n_dev = max(1, int(len(groups) * dev_fraction))
    train_groups, dev_groups = groups[n_dev:], groups[:n_dev]
    if verbs is not None:
        train_groups = train_groups + augment_with_konjunktiv(train_groups, verbs)
    parts = {
        "train": [sentences_to_doc(vocab, g) for g in train_groups],
        "dev": [sentences_to_doc(vocab, g) for g in dev_groups],
        "eval": docs_from_files([eval_file], vocab),
    }
    paths = {}
    for name, docs in parts.items():
        paths[name] = out_dir / f"{name}.spacy"
        DocBin(docs=docs, store_user_data=False).to_disk(paths[name])
    return paths
