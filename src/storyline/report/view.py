"""Per-story views of a dossier document, shared by the Markdown, HTML and web renderers.

A view only arranges what the dossier holds (groups, sorts, pivots); it never formats or
escapes, so every renderer escapes the same text in its own way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Item = dict[str, Any]
UNDATED = "undated"


@dataclass(frozen=True)
class DossierIndex:
    """Lookups into one dossier document: articles by id and their texts."""

    articles: dict[str, Item]

    @classmethod
    def of(cls, dossier: Item) -> DossierIndex:
        """Index a dossier's articles."""
        return cls({a["id"]: a for a in dossier["articles"]})

    def text(self, ev: Item) -> str:
        """The text an evidence item points at (empty when its article is absent)."""
        art = self.articles.get(ev["article_id"])
        return str(art["text"][ev["start"] : ev["end"]]) if art else ""

    def excerpt(self, ev: Item, limit: int = 240) -> str:
        """The evidence text on one line, shortened to ``limit`` characters."""
        return shorten(self.text(ev), limit)

    def label(self, article_id: str) -> str:
        """A short name for an article: its outlet, else its title, else its id."""
        art = self.articles.get(article_id) or {}
        return str(art.get("outlet") or art.get("title") or article_id)


@dataclass
class QuoteBoardEntry:
    """One utterance with every article's version of it."""

    speaker: str
    text: str
    quotes: list[Item]
    independent_origins: int


@dataclass
class PositionsMatrix:
    """Actors × issues, each cell holding the positions that show the actor's stance."""

    actors: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], list[Item]] = field(default_factory=dict)

    def cell(self, actor: str, issue: str) -> list[Item]:
        """The positions of one actor on one issue."""
        return self.cells.get((actor, issue), [])


@dataclass
class StoryView:
    """Everything a report shows for one story, arranged for display."""

    story: Item
    articles: list[Item]
    origins: list[Item]
    reuse: list[Item]
    entities: list[Item]
    quote_board: list[QuoteBoardEntry]
    days: list[tuple[str, list[Item]]]
    claims: list[Item]
    discrepancies: list[Item]
    positions: PositionsMatrix


def shorten(text: str, limit: int = 240) -> str:
    """Collapse whitespace and cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _of_story(items: Iterable[Item], story_id: str) -> list[Item]:
    """The items that belong to one story."""
    return [i for i in items if i.get("story_id") == story_id]


def quote_board(dossier: Item, story_id: str) -> list[QuoteBoardEntry]:
    """The story's quotes grouped by utterance, in order of first appearance."""
    groups = {g["id"]: g for g in dossier.get("quote_groups", [])}
    board: dict[str, QuoteBoardEntry] = {}
    for quote in _of_story(dossier["quotes"], story_id):
        key = quote["group_id"] if quote["group_id"] in groups else quote["id"]
        entry = board.get(key)
        if entry is None:
            group = groups.get(key, {})
            speaker = (
                group.get("speaker_label")
                or quote["speaker_label"]
                or quote["speaker_text"]
                or "unattributed"
            )
            origins = int(group.get("independent_origins", 1))
            entry = board[key] = QuoteBoardEntry(speaker, quote["text"], [], origins)
        entry.quotes.append(quote)
    return list(board.values())


def timeline_days(events: Iterable[Item]) -> list[tuple[str, list[Item]]]:
    """Events grouped by day in date order; undated events last."""
    days: dict[str, list[Item]] = {}
    for event in sorted(events, key=lambda e: (e["day"] is None, e["date"] or "", e["id"])):
        days.setdefault(event["day"] or UNDATED, []).append(event)
    return list(days.items())


def positions_matrix(positions: Iterable[Item]) -> PositionsMatrix:
    """Pivot positions into actors × issues."""
    matrix = PositionsMatrix()
    for pos in positions:
        actor, issue = pos["actor_name"] or pos["actor"], pos["issue"]
        if actor not in matrix.actors:
            matrix.actors.append(actor)
        if issue not in matrix.issues:
            matrix.issues.append(issue)
        matrix.cells.setdefault((actor, issue), []).append(pos)
    matrix.issues.sort()
    return matrix


def story_view(dossier: Item, story: Item) -> StoryView:
    """Arrange one story's part of the dossier for display."""
    sid = story["id"]
    members = set(story["article_ids"])
    articles = [a for a in dossier["articles"] if a["id"] in members]
    articles.sort(key=lambda a: (a["published"] or "~", a["outlet"] or "", a["id"]))
    entities = sorted(
        _of_story(dossier["entities"], sid),
        key=lambda e: (e["is_descriptor"], -e["mention_count"], e["name"]),
    )
    return StoryView(
        story=story,
        articles=articles,
        origins=[g for g in dossier["origins"] if members.intersection(g["article_ids"])],
        reuse=_of_story(dossier["reuse"], sid),
        entities=entities,
        quote_board=quote_board(dossier, sid),
        days=timeline_days(_of_story(dossier["timeline"], sid)),
        claims=sorted(
            _of_story(dossier["claims"], sid),
            key=lambda c: (-c["independent_origins"], -len(c["outlets"]), c["id"]),
        ),
        discrepancies=_of_story(dossier["discrepancies"], sid),
        positions=positions_matrix(_of_story(dossier["positions"], sid)),
    )


def story_views(dossier: Item) -> list[StoryView]:
    """One view per story of the dossier, in the dossier's order."""
    return [story_view(dossier, s) for s in dossier["stories"]]
