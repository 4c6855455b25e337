"""The built-in per-article stages: thin wrappers over the analytic functions.

Each receives the article, the annotations so far and its spaCy parse (all of them ``parses``)
and returns the annotations extended with the fields it ``provides`` (see
:mod:`storyline.pipeline.stage`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.model import Article, ArticleAnnotations
from storyline.pipeline.stage import DocStage, parsed

if TYPE_CHECKING:
    from spacy.tokens import Doc

@dataclass(frozen=True)
class _Parsing:
    """What the built-in per-article stages share: each reads the article's parse, loads
    nothing else, and extends the annotations in :meth:`annotate`."""

    extra: str | None = None
    parses: bool = True

    def setup(self) -> None:
        """Nothing to load beyond the parser."""

    def process(
        self, article: Article, annotations: ArticleAnnotations, doc: Doc | None
    ) -> ArticleAnnotations:
        """The annotations extended by :meth:`annotate` (StageError without a parse)."""
        return self.annotate(article, annotations, parsed(self, doc))  # type: ignore[arg-type]

    def annotate(self, article: Article, annotations: ArticleAnnotations,
                 doc: Doc) -> ArticleAnnotations:
        """The stage's own work."""
        raise NotImplementedError


@dataclass(frozen=True)
class EntitiesStage(_Parsing):
    """Sentences and mentions of people, organisations, places and descriptors."""

    name: str = "entities"
    version: str = "1"
    requires: frozenset[str] = frozenset({"text"})
    provides: frozenset[str] = frozenset({"sentences", "mentions"})

    def annotate(self, article: Article, annotations: ArticleAnnotations,
                 doc: Doc) -> ArticleAnnotations:
        from storyline.language import find_mentions

        sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
        return dataclasses.replace(
            annotations, sentences=sentences, mentions=find_mentions(article, doc)
        )


@dataclass(frozen=True)
class QuotesStage(_Parsing):
    """Direct and reported quotations with speaker, cue and channel."""

    name: str = "quotes"
    version: str = "2"  # 2: passive cues, paraphrases not carried over, speakerless kept
    requires: frozenset[str] = frozenset({"mentions"})
    provides: frozenset[str] = frozenset({"quotes"})

    def annotate(self, article: Article, annotations: ArticleAnnotations,
                 doc: Doc) -> ArticleAnnotations:
        from storyline.quotes import find_quotes

        quotes = find_quotes(article, doc, annotations.mentions, unattributed=True)
        return dataclasses.replace(annotations, quotes=quotes)


@dataclass(frozen=True)
class TimesStage(_Parsing):
    """Time expressions normalised against the publication time."""

    name: str = "times"
    version: str = "1"
    requires: frozenset[str] = frozenset({"text"})
    provides: frozenset[str] = frozenset({"times"})

    def annotate(self, article: Article, annotations: ArticleAnnotations,
                 doc: Doc) -> ArticleAnnotations:
        from storyline.timeline import find_times

        return dataclasses.replace(annotations, times=find_times(article, doc))


@dataclass(frozen=True)
class EventsStage(_Parsing):
    """Events (meetings, statements, deployments…) with dates, places and participants."""

    name: str = "events"
    version: str = "2"  # 2: no place from a dateline under a headline, nor where words were said
    requires: frozenset[str] = frozenset({"times", "mentions"})
    provides: frozenset[str] = frozenset({"events"})

    def annotate(self, article: Article, annotations: ArticleAnnotations,
                 doc: Doc) -> ArticleAnnotations:
        from storyline.timeline import find_events

        events = find_events(article, doc, annotations.times, annotations.mentions)
        return dataclasses.replace(annotations, events=events)


@dataclass(frozen=True)
class ClaimsStage(_Parsing):
    """The factual statements of each article."""

    name: str = "claims"
    version: str = "1"
    requires: frozenset[str] = frozenset({"mentions", "quotes", "times"})
    provides: frozenset[str] = frozenset({"claims"})

    def annotate(self, article: Article, annotations: ArticleAnnotations,
                 doc: Doc) -> ArticleAnnotations:
        from storyline.claims import find_claims

        claims = find_claims(
            article, doc, annotations.mentions, annotations.quotes, annotations.times
        )
        return dataclasses.replace(annotations, claims=claims)


@dataclass(frozen=True)
class StanceSentencesStage(_Parsing):
    """The parses of the sentences that state a stance, kept for the positions of the
    article's story: read within the whole text, and not parsed a second time."""

    name: str = "stance_sentences"
    version: str = "1"
    requires: frozenset[str] = frozenset({"sentences"})
    provides: frozenset[str] = frozenset({"stance_parses"})

    def annotate(self, article: Article, annotations: ArticleAnnotations,
                 doc: Doc) -> ArticleAnnotations:
        from storyline.claims.positions import stance_parses

        return dataclasses.replace(
            annotations, stance_parses=stance_parses(article, annotations, doc)
        )


def default_doc_stages() -> list[DocStage]:
    """The per-article chain, in order."""
    return [EntitiesStage(), QuotesStage(), TimesStage(), EventsStage(), ClaimsStage(),
            StanceSentencesStage()]


__all__ = [
    "ClaimsStage",
    "EntitiesStage",
    "EventsStage",
    "QuotesStage",
    "StanceSentencesStage",
    "TimesStage",
    "default_doc_stages",
]
