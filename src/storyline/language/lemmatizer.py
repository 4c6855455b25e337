"""A faster loop for spaCy's rule lemmatizer, with the same lemmas.

spaCy's ``Lemmatizer`` in ``rule`` mode walks a doc token by token, makes a ``Token`` and its
``MorphAnalysis`` for each and works out its lemma: from its cache (keyed by the token's form,
coarse part of speech and morphology), else from its tables. Base forms (a singular noun, a
positive adjective, an infinitive…) skip the tables and the cache both, and are worked out
again each time. That is about a twentieth of the parse.

In ``rule`` mode, with spaCy's own rules and the base-form test of spaCy's lemmatizer or of its
English one, a token's lemma depends only on those three keys. :func:`speed_up` gives such a
lemmatizer a ``__call__`` that reads the keys of all tokens at once (``Doc.to_array``), takes
the lemma it found before for the same keys, asks spaCy's ``lemmatize`` for a token whose keys
are new (which fills spaCy's cache, or not, as before), and writes the lemmas back at once
(``Doc.from_array``). A token with no part of speech is always asked (spaCy warns about it).
Tokens that already have a lemma keep it unless the lemmatizer overwrites. Any other
lemmatizer keeps spaCy's loop. At most ``MAX_KEYS`` keys are remembered, for long-lived
processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["speed_up"]


MAX_KEYS = 500_000


def _fast_call(self: Any, doc: Doc) -> Doc:
    """The lemmatizer's ``__call__``, done for all tokens at once (the same lemmas)."""
    import numpy as np
    from spacy.attrs import LEMMA, MORPH, ORTH, POS
    from spacy.errors import Errors

    if not self._validated:
        self._validate_tables(Errors.E1004)
    error_handler = self.get_error_handler()
    try:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        known: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_storyline_known", {})
        if len(known) > MAX_KEYS:
            known.clear()
        add, overwrite, changed = self.vocab.strings.add, self.overwrite, False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma != 0 and not overwrite:
                continue
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = add(self.lemmatize(doc[i])[0])
                if pos != 0:
                    known[key] = found
            lemmas[i] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], lemmas.astype(np.uint64).reshape(-1, 1))
        return doc
    except Exception as e:  # noqa: BLE001 - handed to spaCy's error handler, as spaCy does
        error_handler(self.name, self, [doc], e)
        return doc


def speed_up(nlp: Language) -> bool:
    """Give the pipeline's rule lemmatizer (if any) the faster loop; whether it was given (not
    to a lemmatizer whose lemmas may depend on more than a token's form, part of speech and
    morphology)."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    kind = type(lemmatizer)
    pure = (isinstance(lemmatizer, Lemmatizer)
            and getattr(lemmatizer, "mode", None) == "rule"
            and kind.__call__ is Lemmatizer.__call__
            and kind.rule_lemmatize is Lemmatizer.rule_lemmatize
            and kind.is_base_form in (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form))
    if not pure:
        return False
    lemmatizer.__class__ = type(f"Fast{kind.__name__}", (kind,), {"__call__": _fast_call})
    return True
