"""Score SpkAtt-2023 predictions against gold (GermEval 2023 shared task on speaker attribution).

Every annotation (speech event) names its roles as lists of ``"sentence:token"`` ids (documents:
``claimx.spkatt.documents``).  The scorer follows the task's metric (see ``score_corpus``):

* per document, every speech event is a *group* (its Message token set plus role token sets);
* gold and system groups are paired one-to-one by a maximum-weight assignment on the F1 of
  their Message token sets (+0.01 for the same Form, +0.001 for the same STWR as tie-breakers);
  only pairs whose Message sets overlap count as pairs, all other groups stay unpaired;
* per pair and role, token TP/FP/FN give P = TP/(TP+FP) and R = TP/(TP+FN), each left out
  when its denominator is 0; an unpaired system group scores all its tokens as FP, an
  unpaired gold group all its tokens as FN;
* Message / roles / joint P and R are macro averages over the collected values of all groups
  of the corpus, and each F1 is the harmonic mean of the averaged P and R.

Debate documents (GePaDe, Task 1) have events without a Message, so they are paired on their
**Cue** token sets instead ("cue alignment": the same assignment, weight = F1 of the cue token
sets, a pair needs at least one shared cue token).  Cue detection is then reported as
``cue_soft`` (P = sum of the paired cues' token-set F1 / number of system cues, R = the same sum /
number of gold cues) and ``cue_exact`` (a paired cue counts only when its token set is identical).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from claimx.spkatt.documents import SpkAttDocument, SpkAttFormatError, read_directory

ROLE_KEYS_NEWS = ("Cue", "Source", "Message", "Addr", "Frame")
ROLE_KEYS_DEBATES = ("Cue", "Source", "Message", "Addr", "Topic", "Evidence", "Medium", "PTC")
FORM_BONUS = 0.01
STWR_BONUS = 0.001
SETTINGS = ("subtask2", "full")


@dataclass(frozen=True)
class Group:
    """A speech event reduced to what the metric sees: role token sets, Form, STWR."""

    roles: Mapping[str, frozenset[str]]
    form: str | None = None
    stwr: str | None = None

    def tokens(self, role: str) -> frozenset[str]:
        return self.roles.get(role, frozenset())


def is_debate(document: SpkAttDocument) -> bool:
    """Debate documents (Task 1) carry no Form on their events; news documents do."""
    return bool(document.annotations) and all("Form" not in a for a in document.annotations)


def roles_for(setting: str, documents: Iterable[SpkAttDocument]) -> tuple[str, ...]:
    """The non-Message roles scored in a setting (full task: every role present in the gold data)."""
    if setting == "subtask2":
        return ("Source",)
    present: set[str] = set()
    for doc in documents:
        for ann in doc.annotations:
            present.update(k for k, v in ann.items() if isinstance(v, list))
    ordered = [r for r in ("Source", "Addr", "Cue", "Frame", *ROLE_KEYS_DEBATES) if r in present]
    return tuple(dict.fromkeys(r for r in ordered if r != "Message"))


def groups_of(document: SpkAttDocument, setting: str, roles: Sequence[str]) -> list[Group]:
    """The document's events as groups; subtask 2 keeps only events with ``IsNested: false``."""
    groups = []
    for ann in document.annotations:
        if setting == "subtask2" and ann.get("IsNested") is True:
            continue
        sets = {r: frozenset(map(str, ann.get(r) or [])) for r in ("Message", "Cue", *roles)}
        groups.append(Group(sets, ann.get("Form"), ann.get("STWR")))
    return groups


def set_f1(a: frozenset[str], b: frozenset[str]) -> float:
    """F1 of two token sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return 2 * common / (len(a) + len(b))


def pair_groups(gold: Sequence[Group], pred: Sequence[Group], align_on: str) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) by maximum-weight assignment on ``align_on`` overlap."""
    if not gold or not pred:
        return []
    weights = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            overlap = set_f1(g.tokens(align_on), p.tokens(align_on))
            if overlap == 0.0:
                continue
            weights[i, j] = overlap + FORM_BONUS * (g.form is not None and g.form == p.form) + STWR_BONUS * (
                g.stwr is not None and g.stwr == p.stwr
            )
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if weights[i, j] > 0]


@dataclass
class Values:
    """Collected per-group precision and recall values of one role family."""

    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)

    def add(self, tp: int, fp: int, fn: int) -> None:
        if tp + fp:
            self.precision.append(tp / (tp + fp))
        if tp + fn:
            self.recall.append(tp / (tp + fn))

    def extend(self, other: Values) -> None:
        self.precision.extend(other.precision)
        self.recall.extend(other.recall)

    def prf(self) -> dict[str, float]:
        p = sum(self.precision) / len(self.precision) if self.precision else 0.0
        r = sum(self.recall) / len(self.recall) if self.recall else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f1": f}


@dataclass
class Tally:
    """Everything the scorer accumulates over a corpus (or over one Form's groups)."""

    message: Values = field(default_factory=Values)
    roles: Values = field(default_factory=Values)
    per_role: dict[str, Values] = field(default_factory=lambda: defaultdict(Values))
    gold_groups: int = 0
    pred_groups: int = 0
    pairs: int = 0
    form_hits: int = 0
    stwr_hits: int = 0
    form_pairs: int = 0  # pairs whose gold event has a Form (debates have none)
    cue_soft: float = 0.0
    cue_exact: int = 0
    gold_cues: int = 0
    pred_cues: int = 0

    def add_group(self, gold: Group | None, pred: Group | None, roles: Sequence[str]) -> None:
        """Score one pair (or one unpaired group) role by role."""
        for role in ("Message", *roles):
            g = gold.tokens(role) if gold else frozenset()
            p = pred.tokens(role) if pred else frozenset()
            tp, fp, fn = len(g & p), len(p - g), len(g - p)
            values = Values()
            values.add(tp, fp, fn)
            (self.message if role == "Message" else self.roles).extend(values)
            self.per_role[role].extend(values)

    def summary(self) -> dict[str, Any]:
        joint = Values()
        joint.extend(self.message)
        joint.extend(self.roles)
        out: dict[str, Any] = {
            "message": self.message.prf(),
            "roles": self.roles.prf(),
            "joint": joint.prf(),
            "per_role": {r: v.prf() for r, v in sorted(self.per_role.items())},
            "gold_events": self.gold_groups,
            "system_events": self.pred_groups,
            "pairs": self.pairs,
            "form_accuracy": self.form_hits / self.form_pairs if self.form_pairs else None,
            "stwr_accuracy": self.stwr_hits / self.form_pairs if self.form_pairs else None,
        }
        if self.gold_cues or self.pred_cues:
            out["cue_soft"] = _prf(self.cue_soft, self.pred_cues, self.gold_cues)
            out["cue_exact"] = _prf(float(self.cue_exact), self.pred_cues, self.gold_cues)
        return out


def _prf(hits: float, n_pred: int, n_gold: int) -> dict[str, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score_document(
    gold: SpkAttDocument,
    pred: SpkAttDocument,
    *,
    setting: str,
    roles: Sequence[str],
    align_on: str,
    tally: Tally,
    per_form: dict[str, Tally],
) -> None:
    """Add one document's pairs and unpaired groups to the corpus tallies."""
    gold_groups = groups_of(gold, setting, roles)
    pred_groups = groups_of(pred, setting, roles)
    pairs = pair_groups(gold_groups, pred_groups, align_on)
    paired_gold = {i for i, _ in pairs}
    paired_pred = {j for _, j in pairs}
    scored: list[tuple[Group | None, Group | None]] = [(gold_groups[i], pred_groups[j]) for i, j in pairs]
    scored += [(g, None) for i, g in enumerate(gold_groups) if i not in paired_gold]
    scored += [(None, p) for j, p in enumerate(pred_groups) if j not in paired_pred]
    for g, p in scored:
        form = (g or p).form or "-"  # type: ignore[union-attr]
        for t in (tally, per_form[form]):
            t.add_group(g, p, roles)
            t.gold_groups += g is not None
            t.pred_groups += p is not None
            if g is not None and p is not None:
                t.pairs += 1
                if g.form is not None:
                    t.form_pairs += 1
                    t.form_hits += g.form == p.form
                    t.stwr_hits += g.stwr == p.stwr
    if align_on == "Cue":
        _tally_cues(gold_groups, pred_groups, pairs, tally)


def _tally_cues(gold: Sequence[Group], pred: Sequence[Group], pairs: Sequence[tuple[int, int]], tally: Tally) -> None:
    tally.gold_cues += sum(1 for g in gold if g.tokens("Cue"))
    tally.pred_cues += sum(1 for p in pred if p.tokens("Cue"))
    for i, j in pairs:
        g, p = gold[i].tokens("Cue"), pred[j].tokens("Cue")
        tally.cue_soft += set_f1(g, p)
        tally.cue_exact += g == p


def score_corpus(
    gold: Mapping[str, SpkAttDocument],
    pred: Mapping[str, SpkAttDocument],
    *,
    setting: str = "subtask2",
    align_on: str | None = None,
) -> dict[str, Any]:
    """Score system documents against gold documents matched by key (file name).

    A gold document without a system file counts as a system that found nothing.
    ``align_on`` defaults to "Cue" for debate data (events without Form) and "Message" otherwise.
    """
    if setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r} (choose from {', '.join(SETTINGS)})")
    debates = any(is_debate(d) for d in gold.values())
    align = align_on or ("Cue" if debates else "Message")
    roles = roles_for(setting, gold.values())
    tally = Tally()
    per_form: dict[str, Tally] = defaultdict(Tally)
    missing = []
    for name, gold_doc in gold.items():
        pred_doc = pred.get(name)
        if pred_doc is None:
            missing.append(name)
            pred_doc = SpkAttDocument(gold_doc.name, gold_doc.sentences, [])
        score_document(gold_doc, pred_doc, setting=setting, roles=roles, align_on=align, tally=tally, per_form=per_form)
    result = tally.summary()
    result.update(
        setting=setting,
        align_on=align,
        roles_scored=list(roles),
        documents=len(gold),
        missing_predictions=missing,
        per_form={form: t.summary() for form, t in sorted(per_form.items()) if not debates},
    )
    return result


def score_directories(gold_dir: Path | str, pred_dir: Path | str, *, setting: str = "subtask2") -> dict[str, Any]:
    """Score every gold ``*.json`` in ``gold_dir`` against the same-named file in ``pred_dir``."""
    gold = read_directory(gold_dir)
    if not gold:
        raise SpkAttFormatError(f"{gold_dir}: no *.json documents")
    pred = read_directory(pred_dir)
    return score_corpus(gold, pred, setting=setting)
