"""Which texts the language stage annotates: English only, others pass through with a note.

The small English pipeline mis-tags other languages (every capitalised German noun becomes a
name, French guillemets around every title become quotations), so quotations and mentions are
only looked for in English text. The language is the article's own when the cleaner set it,
else a stop-word guess (:func:`storyline.clean.language_guess.guess_language`, dependency-free).
Not handled: mixed-language articles (judged by their first words) and English texts too short
to judge (taken as English).
"""

from __future__ import annotations

from storyline.clean.language_guess import guess_language
from storyline.model.records import Article

__all__ = ["ANNOTATED_LANGUAGES", "article_language", "skip_note"]

ANNOTATED_LANGUAGES = frozenset({"en"})


def article_language(article: Article) -> str:
    """The article's language code: the one it carries, else a guess from its text."""
    return article.language or guess_language(article.text)


def skip_note(article: Article) -> str | None:
    """Why the article is not annotated (a note to show), or None when it is."""
    lang = article_language(article)
    if lang in ANNOTATED_LANGUAGES:
        return None
    return f"language '{lang}' is not annotated; text passed through"
