"""Fragments the parser left as sentences of their own, attached back into the clause they belong to.

The small parser sometimes ends a tree in the middle of a clause and starts a new one at a
lowercase word: "Jan Roth | vom Institut für Physik | in Kiel erklärte, …" comes out as three
sentences, so the speech verb has no subject and the claim no source. A German sentence does
not start with a lowercase word after a word without a final mark, so such a split is the
parser's: the fragment is attached where German grammar puts it (a name before a verb without a
subject is that subject; a prepositional phrase after a noun modifies it).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP, HEAD, SENT_START
from spacy.tokens import Doc, Span, Token

from claimx.resources import GRAMMAR


@dataclass(frozen=True, slots=True)
class Attachment:
    """A fragment's root (``child``) made a dependent of a word of the neighbouring fragment."""

    child: int
    head: int
    dep: str
    joins: int  # the first token of the sentence that is joined to the one before it


def fragment_attachments(doc: Doc) -> list[Attachment]:
    """The attachments that re-join the parser's split clauses, in document order."""
    attachments: list[Attachment] = []
    group_root: Token | None = None  # the root of the re-joined clause so far (None before the first sentence)
    previous: Span | None = None
    for sent in doc.sents:
        attachment = _attachment(group_root, sent) if group_root is not None and splits_a_clause(previous, sent) else None
        if attachment is None:
            group_root = sent.root
        else:
            attachments.append(attachment)
            if attachment.child == group_root.i:
                group_root = sent.root
        previous = sent
    return attachments


def splits_a_clause(previous: Span, sent: Span) -> bool:
    """Whether the parser started ``sent`` in the middle of a clause: a lowercase word after a word, same line."""
    last, first = previous[-1], sent[0]
    if last.is_punct or last.is_space or "\n" in last.whitespace_ or not last.whitespace_:
        return False
    return first.text.isalpha() and first.text[:1].islower()


def _attachment(group_root: Token, sent: Span) -> Attachment | None:
    nominal, verbal = GRAMMAR.fragment_nominal_pos, GRAMMAR.fragment_verbal_pos
    root = sent.root
    if root.pos_ in nominal and sent[0].pos_ == "ADP":
        if group_root.pos_ in nominal:
            return Attachment(root.i, group_root.i, "nmod", sent.start)  # "Jan Roth | vom Institut für Physik"
        if group_root.pos_ in verbal:
            return Attachment(root.i, group_root.i, "obl", sent.start)  # "Sie sagte am Montag | in Kiel"
        return None
    if group_root.pos_ in nominal and root.pos_ in verbal and not _has_subject(root):
        return Attachment(group_root.i, root.i, "nsubj", sent.start)  # "Jan Roth vom Institut | in Kiel erklärte, …"
    return None


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ in GRAMMAR.subject_deps for child in verb.children)


def attach_fragments(doc: Doc, attachments: list[Attachment]) -> None:
    """Write the attachments into the parse; each re-joined clause becomes one sentence."""
    if not attachments:
        return
    table = doc.to_array([HEAD, DEP, SENT_START]).astype("int64")
    for attachment in attachments:
        table[attachment.child, 0] = attachment.head - attachment.child  # HEAD is relative
        table[attachment.child, 1] = doc.vocab.strings.add(attachment.dep)
        table[attachment.joins, 2] = -1
    doc.from_array([HEAD, DEP, SENT_START], table.astype("uint64"))
