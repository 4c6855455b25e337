"""Per-story views of a dossier document, shared by the Markdown, HTML and web renderers.

A view only arranges what the dossier holds (groups, sorts, pivots); it never formats or
escapes, so every renderer escapes the same text in its own way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from storyline.report.when import When, when

Item = dict[str, Any]
ROLES = {"origin": "original", "copy": "copy", "partial_copy": "partial copy",
         "independent": "independent"}
_QUOTE_MARKS = "\"“”„«»‘’‚‹›'"


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

    def label(self, article_id: str, limit: int = 48) -> str:
        """The one name of an article everywhere: ``outlet · date · short title``."""
        art = self.articles.get(article_id)
        return article_label(art, limit) if art else "an article outside this dossier"

    def outlet(self, article_id: str) -> str:
        """The outlet an article is from, as shown (never empty)."""
        art = self.articles.get(article_id)
        return outlet_name(art) if art else "another outlet"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 story``, ``2 stories``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def short_title(art: Item, limit: int = 60) -> str:
    """An article's title, else the first sentence of its first line, shortened."""
    title = one_line(str(art.get("title") or ""))
    if not title:
        text = str(art.get("text") or "")
        first = next((line for line in text.splitlines() if line.strip()), "")
        match = re.match(r"(.+?[.!?])(?:\s|$)", first.strip())
        title = match.group(1) if match else first
    return shorten(title, limit) or "(empty article)"


def outlet_name(art: Item) -> str:
    """The outlet of an article; else the site of its URL; else the agencies it credits."""
    if art.get("outlet"):
        return one_line(str(art["outlet"])) or "Unknown outlet"
    host = urlsplit(str(art.get("url") or "")).hostname or ""
    if host:
        return host.removeprefix("www.")
    agencies = ", ".join(art.get("agencies") or ())
    return f"Unknown outlet ({agencies})" if agencies else "Unknown outlet"


def article_day(art: Item) -> str:
    """The publication day of an article, or ``undated``."""
    return str(art.get("published") or "")[:10] or "undated"


def article_label(art: Item, limit: int = 60) -> str:
    """``outlet · date · short title``: the label of an article in every list and citation."""
    return f"{outlet_name(art)} · {article_day(art)} · {short_title(art, limit)}"


def role_name(role: str) -> str:
    """A provenance role in words (``partial_copy`` → ``partial copy``)."""
    return ROLES.get(role, role.replace("_", " "))


def clean_summary(text: str) -> str:
    """An event summary on one line without the stray quotation mark a sentence split left at
    its start (a closing mark of the previous sentence, or an opening one never closed)."""
    flat = " ".join(text.split())
    marks = sum(flat.count(m) for m in _QUOTE_MARKS if m != "'")
    if flat and flat[0] in _QUOTE_MARKS and flat[0] != "'" and (
            marks % 2 == 1 or (len(flat) > 1 and flat[1] == " ")):
        flat = flat[1:].lstrip()
    return flat


@dataclass
class QuoteBoardEntry:
    """One utterance with every article's version of it."""

    speaker: str
    text: str
    quotes: list[Item]
    independent_origins: int
    speaker_entity_id: str | None = None

    @property
    def outlets(self) -> list[str]:
        """The distinct outlets that carry this utterance."""
        return sorted({q["outlet"] for q in self.quotes if q.get("outlet")}, key=str.casefold)

    @property
    def unknown_outlet_articles(self) -> int:
        """How many of the articles that carry it name no outlet."""
        return len({q["article_id"] for q in self.quotes if not q.get("outlet")})

    @property
    def article_count(self) -> int:
        """How many articles carry it."""
        return len({q["article_id"] for q in self.quotes})

    @property
    def variants(self) -> list[tuple[str, list[Item]]]:
        """The distinct wordings, each with the quotes that use it, most used first."""
        found: dict[str, tuple[str, list[Item]]] = {}
        for q in self.quotes:
            key = re.sub(r"\W+", " ", q["text"].casefold()).strip()
            found.setdefault(key, (q["text"], []))[1].append(q)
        return sorted(found.values(), key=lambda v: -len(v[1]))


@dataclass
class SpeakerQuotes:
    """Everything one speaker is quoted saying in a story."""

    speaker: str
    entity_id: str | None
    entries: list[QuoteBoardEntry]

    @property
    def quote_count(self) -> int:
        return sum(len(e.quotes) for e in self.entries)


@dataclass
class TimelineSlot:
    """The events listed under one heading of the time axis (a day, a week, a month …)."""

    when: When
    events: list[Item]

    @property
    def heading(self) -> str:
        return self.when.heading


@dataclass
class OriginCard:
    """One real origin (an agency or first publisher): its origin groups (one per dispatch)
    and every article behind them."""

    label: str
    groups: list[Item]

    @property
    def article_ids(self) -> list[str]:
        return [m["article_id"] for g in self.groups for m in g["members"]]


# what a reader of the positions section is told of them: measured on real news read by hand
# that no rule was written looking at (docs/benchmarks.md, "Real coverage, labelled by hand")
POSITIONS_NOTE = ("Read from the text by rules: on news the rules were not written on, about "
                  "seven in ten are right in actor, issue and stance on older newswire, about "
                  "six in ten on recent news and under half on partisan sites, and most "
                  "positions a story holds are not found. Those marked less sure fall below "
                  "a learned confidence threshold; on fresh news about three in four of the "
                  "others were right, about one in two of them. Check the evidence.")


@dataclass
class PositionsMatrix:
    """Actors × issues, each cell holding the positions that show the actor's stance."""

    actors: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], list[Item]] = field(default_factory=dict)
    actor_ids: dict[str, str] = field(default_factory=dict)

    def cell(self, actor: str, issue: str) -> list[Item]:
        """The positions of one actor on one issue."""
        return self.cells.get((actor, issue), [])

    @property
    def transposed(self) -> bool:
        """Whether the issues should run down the rows (there are more issues than actors),
        so that the table grows down, not across."""
        return len(self.issues) > len(self.actors)


@dataclass
class StoryView:
    """Everything a report shows for one story, arranged for display."""

    story: Item
    articles: list[Item]
    origins: list[Item]
    reuse: list[Item]
    entities: list[Item]
    quote_board: list[QuoteBoardEntry]
    timeline: list[TimelineSlot]
    claims: list[Item]
    discrepancies: list[Item]
    positions: PositionsMatrix

    @property
    def days(self) -> list[tuple[str, list[Item]]]:
        """The timeline as (heading, events) pairs."""
        return [(slot.heading, slot.events) for slot in self.timeline]

    @functools.cached_property
    def speakers(self) -> list[SpeakerQuotes]:
        """The quote board grouped by speaker, the most quoted first (made once)."""
        return speaker_board(self.quote_board)

    @functools.cached_property
    def speaker_entries(self) -> list[tuple[SpeakerQuotes, QuoteBoardEntry]]:
        """Every quote of the board with its speaker, in the order of :attr:`speakers`."""
        return [(sp, entry) for sp in self.speakers for entry in sp.entries]

    @functools.cached_property
    def timeline_events(self) -> list[tuple[TimelineSlot, Item]]:
        """Every event of the timeline with the slot it is listed under, in order."""
        return [(slot, ev) for slot in self.timeline for ev in slot.events]

    @functools.cached_property
    def origin_groups(self) -> list[tuple[OriginCard, Item]]:
        """Every origin group (dispatch) with the card it is shown on, in card order."""
        return [(card, group) for card in self.origin_cards for group in card.groups]

    def copy_pages(self, per_page: int) -> dict[str, int]:
        """The page (of ``per_page`` dispatches and pairs) of the shared text page each of its
        anchors is on: ``o-`` a dispatch, ``r-`` a pair of articles (made once per size)."""
        if per_page not in self._copy_pages:
            pages = {f"o-{group['id']}": i // per_page + 1
                     for i, (_, group) in enumerate(self.origin_groups)}
            pages.update((f"r-{reuse['id']}", i // per_page + 1)
                         for i, reuse in enumerate(self.reuse))
            self._copy_pages[per_page] = pages
        return self._copy_pages[per_page]

    @functools.cached_property
    def _copy_pages(self) -> dict[int, dict[str, int]]:
        return {}

    @functools.cached_property
    def origin_cards(self) -> list[OriginCard]:
        """One card per real origin (made once)."""
        return origin_cards(self.origins, self.articles)


# Directional embeddings, overrides and isolates (U+202A-202E, U+2066-2069): on a one-line
# label an unclosed one (or one whose closing mark the cut dropped) would reverse the text that
# follows it in the page; right-to-left scripts display without them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """A text on one line for a label: whitespace collapsed, directional controls dropped."""
    return " ".join(_BIDI_CONTROLS.sub("", text).split())


def shorten(text: str, limit: int = 240) -> str:
    """Collapse whitespace and cut to ``limit`` characters with an ellipsis (directional
    controls dropped, see :func:`one_line`)."""
    flat = one_line(text)
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
            entity = group.get("speaker_entity_id") or quote.get("speaker_entity_id")
            entry = board[key] = QuoteBoardEntry(speaker, quote["text"], [], origins, entity)
        entry.quotes.append(quote)
    return list(board.values())


def speaker_board(board: Iterable[QuoteBoardEntry]) -> list[SpeakerQuotes]:
    """Utterances grouped by speaker (the same entity, else the same name), most quoted first."""
    speakers: dict[str, SpeakerQuotes] = {}
    for entry in board:
        key = entry.speaker_entity_id or entry.speaker.casefold()
        found = speakers.setdefault(key, SpeakerQuotes(entry.speaker, entry.speaker_entity_id, []))
        found.entries.append(entry)
    for s in speakers.values():
        s.entries.sort(key=lambda e: (-e.independent_origins, -len(e.quotes)))
    unattributed = [s for s in speakers.values() if s.speaker == "unattributed"]
    named = [s for s in speakers.values() if s.speaker != "unattributed"]
    return sorted(named, key=lambda s: (-s.quote_count, s.speaker.casefold())) + unattributed


def _statement_key(event: Item) -> str:
    return re.sub(r"\W+", " ", clean_summary(event["summary"]).casefold()).strip()[:160]


def _merge_statements(events: list[Item]) -> list[Item]:
    """One statement reported on several days is listed once, on the earliest day it is dated
    to, with every report's evidence; the later dates are kept as ``also_dated``."""
    out: list[Item] = []
    seen: dict[str, Item] = {}
    for event in sorted(events, key=lambda e: (when(e["date"]).key, e["id"])):
        key = _statement_key(event) if event["kind"] == "statement" else ""
        first = seen.get(key) if key else None
        if first is None:
            item = {**event, "summary": clean_summary(event["summary"]), "also_dated": []}
            out.append(item)
            if key:
                seen[key] = item
            continue
        first["evidence"] = first["evidence"] + [
            e for e in event["evidence"] if e not in first["evidence"]]
        first["outlets"] = sorted(set(first["outlets"]) | set(event["outlets"]))
        first["article_ids"] = list(dict.fromkeys(first["article_ids"] + event["article_ids"]))
        first["independent_origins"] = max(first["independent_origins"],
                                           event["independent_origins"])
        if event["date"] and event["date"] != first["date"]:
            first["also_dated"].append(event["date"])
    return out


def timeline_slots(events: Iterable[Item]) -> list[TimelineSlot]:
    """Events on a time axis: grouped under their day (or week, month, range) in real date
    order — a week or month sits where it starts, before the days it spans — undated last.
    The same statement dated to several days is listed once, on its earliest day."""
    slots: dict[str, TimelineSlot] = {}
    for event in _merge_statements(list(events)):
        w = when(event["date"])
        slot = slots.setdefault(w.heading, TimelineSlot(w, []))
        slot.events.append({**event, "time": w.time})
    ordered = sorted(slots.values(), key=lambda s: s.when.key)
    for slot in ordered:
        slot.events.sort(key=lambda e: (e["time"] == "", e["time"], e["kind"], e["id"]))
    return ordered


def timeline_days(events: Iterable[Item]) -> list[tuple[str, list[Item]]]:
    """Events grouped by heading in real date order; undated events last."""
    return [(slot.heading, slot.events) for slot in timeline_slots(events)]


def origin_cards(origins: Iterable[Item], articles: Iterable[Item]) -> list[OriginCard]:
    """Origin groups gathered by the agency or first publisher behind them (the group's label,
    else its original article's outlet): one card per real origin, the largest first."""
    by_id = {a["id"]: a for a in articles}
    cards: dict[str, OriginCard] = {}
    for group in origins:
        first = by_id.get(group.get("origin_article_id") or "") or by_id.get(
            group["members"][0]["article_id"]) or {}
        label = group.get("label") or (first.get("outlet") if first else None)
        if label:
            key = label.casefold()
        else:  # an origin whose outlet is not known: a card of its own
            key, label = group["id"], article_label(first, 40) if first else "Unknown origin"
        cards.setdefault(key, OriginCard(label, [])).groups.append(group)
    return sorted(cards.values(), key=lambda c: (-len(c.article_ids), c.label.casefold()))


def positions_matrix(positions: Iterable[Item]) -> PositionsMatrix:
    """Pivot positions into actors × issues."""
    matrix = PositionsMatrix()
    for pos in positions:
        actor, issue = pos["actor_name"] or pos["actor"], pos["issue"]
        if actor not in matrix.actors:
            matrix.actors.append(actor)
            if str(pos["actor"]).startswith("e-"):
                matrix.actor_ids[actor] = pos["actor"]
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
        timeline=timeline_slots(_of_story(dossier["timeline"], sid)),
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
