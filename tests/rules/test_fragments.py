"""Fragments the parser split off mid-clause are attached back (claimx.rules.fragments)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from claimx.rules.fragments import Attachment, attach_fragments, fragment_attachments

GERMAN = spacy.blank("de").vocab

# "Jan Roth | vom Institut für Physik | in Kiel erklärte , die Messung sei korrekt ." as the small parser splits it
WORDS = ["Jan", "Roth", "vom", "Institut", "für", "Physik", "in", "Kiel", "erklärte", ",", "die", "Messung", "sei",
         "korrekt", "."]
SPLIT_HEADS = [0, 0, 3, 3, 5, 3, 7, 8, 8, 13, 11, 13, 13, 8, 8]
SPLIT_DEPS = ["ROOT", "flat", "case", "ROOT", "case", "nmod", "case", "obl", "ROOT", "punct", "det", "nsubj", "cop",
              "ccomp", "punct"]
POS = ["PROPN", "PROPN", "ADP", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "VERB", "PUNCT", "DET", "NOUN", "AUX", "ADJ",
       "PUNCT"]


def split_doc(words=WORDS, heads=SPLIT_HEADS, deps=SPLIT_DEPS, pos=POS) -> Doc:
    return Doc(GERMAN, words=words, heads=heads, deps=deps, pos=pos)


def test_the_split_clause_is_one_sentence_again_with_the_name_as_subject():
    doc = split_doc()
    assert [s.text for s in doc.sents] == ["Jan Roth", "vom Institut für Physik", "in Kiel erklärte , die Messung sei korrekt ."]
    attachments = fragment_attachments(doc)
    assert attachments == [Attachment(3, 0, "nmod", 2), Attachment(0, 8, "nsubj", 6)]
    attach_fragments(doc, attachments)
    assert len(list(doc.sents)) == 1
    assert (doc[0].head.text, doc[0].dep_) == ("erklärte", "nsubj")
    assert doc[3].head.text == "Jan" and [t.text for t in doc[0].subtree][:6] == ["Jan", "Roth", "vom", "Institut", "für", "Physik"]


def test_a_sentence_after_a_full_stop_or_starting_in_capitals_stays_apart():
    words = ["Jan", "Roth", "kam", ".", "dann", "ging", "er", "."]  # a full stop ends a sentence, whatever follows
    doc = Doc(GERMAN, words=words, heads=[1, 2, 2, 2, 5, 5, 5, 5],
              deps=["flat", "nsubj", "ROOT", "punct", "advmod", "ROOT", "nsubj", "punct"],
              pos=["PROPN", "PROPN", "VERB", "PUNCT", "ADV", "VERB", "PRON", "PUNCT"])
    assert fragment_attachments(doc) == []
    words = ["Bayern", "fordert", "mehr", "Geld", "Der", "Minister", "sagte", "das"]  # a headline glued to the text
    doc = Doc(GERMAN, words=words, heads=[1, 1, 3, 1, 5, 6, 6, 6],
              deps=["nsubj", "ROOT", "amod", "obj", "det", "nsubj", "ROOT", "obj"],
              pos=["PROPN", "VERB", "ADJ", "NOUN", "DET", "NOUN", "VERB", "PRON"])
    assert fragment_attachments(doc) == []


def test_a_verb_with_its_own_subject_takes_no_fragment_as_subject():
    words = ["Jan", "Roth", "heute", "erklärte", "sie", "es"]
    doc = Doc(GERMAN, words=words, heads=[1, 1, 3, 3, 3, 3], deps=["flat", "ROOT", "advmod", "ROOT", "nsubj", "obj"],
              pos=["PROPN", "PROPN", "ADV", "VERB", "PRON", "PRON"])
    assert fragment_attachments(doc) == []


def test_in_the_pipeline_the_name_before_its_institute_is_the_source(nlp):
    [claim] = nlp("Jan Roth vom Institut für Physik in Kiel erklärte, die Messung sei korrekt.")._.claims
    assert (claim.text, claim.source.name) == ("die Messung sei korrekt", "Jan Roth")
