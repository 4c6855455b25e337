"""What the store backends share: the result kinds, how records become rows, how one story's
rows become a corpus, and the integrity checks; so SQLite and PostgreSQL store alike."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from storyline.errors import StoreError
from storyline.model import (
    Article,
    Claim,
    ClaimGroup,
    Discrepancy,
    Entity,
    Event,
    OriginGroup,
    Position,
    Quote,
    QuoteGroup,
    ReuseLink,
    Source,
    Story,
    to_dict,
)
from storyline.model.ids import content_id

# Corpus field -> (result kind, record type)
RESULT_KINDS: dict[str, tuple[str, type]] = {
    "reuse": ("reuse", ReuseLink),
    "origins": ("origin", OriginGroup),
    "stories": ("story", Story),
    "entities": ("entity", Entity),
    "quotes": ("quote", Quote),
    "quote_groups": ("quote_group", QuoteGroup),
    "events": ("event", Event),
    "claims": ("claim", Claim),
    "claim_groups": ("claim_group", ClaimGroup),
    "discrepancies": ("discrepancy", Discrepancy),
    "positions": ("position", Position),
    "sources": ("source", Source),
}
# the results that belong to one story, replaced story by story (quotes and claims are filed
# under their article's story); the others span stories and are updated record by record
STORY_FIELDS = ("stories", "entities", "quotes", "quote_groups", "events", "claims",
                "claim_groups", "discrepancies", "positions")
GLOBAL_FIELDS = ("reuse", "origins", "sources")
BY_KIND: dict[str, tuple[str, type]] = {kind: (name, cls)
                                        for name, (kind, cls) in RESULT_KINDS.items()}
# what is rendered from a story's results for the web UI and kept among them (report.page):
# the story's page (id: the story's), each article's evidence marks (id: the article's) and each
# page of the story's sections (id: story id/section/page) and each entity's part of its page
# (id: the entity's)
VIEW_KINDS = ("page", "marks", "section", "entity_page")
ViewRow = tuple[str, str, str, str]  # (kind, id, story id, JSON text)

Query = Callable[[str], Sequence[tuple[Any, ...]]]


def dumps(value: Any) -> str:
    """A record as the JSON text the stores keep (sorted keys, characters kept)."""
    return json.dumps(to_dict(value), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def process_alive(pid: int) -> bool:
    """Whether a process of this host is still running (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def story_id_of(field_name: str, rec: Any, story_of: Mapping[str, str]) -> str | None:
    """The story a per-story result belongs to."""
    if field_name == "stories":
        return str(rec.id)
    if field_name == "quotes":
        return story_of.get(rec.content.article_id)
    if field_name == "claims":
        return story_of.get(rec.span.article_id)
    return getattr(rec, "story_id", None)


def story_result_rows(story_ids: Iterable[str], corpus: Any,
                      views: Iterable[ViewRow] = ()) -> list[tuple[str, str, str, str]]:
    """``(kind, id, story_id, json)`` of the corpus's per-story results of these stories, and
    the rendered ``views`` of these stories."""
    wanted = set(story_ids)
    story_of = {a: s.id for s in corpus.stories for a in s.article_ids}
    rows = []
    for field_name in STORY_FIELDS:
        kind = RESULT_KINDS[field_name][0]
        for rec in getattr(corpus, field_name):
            sid = story_id_of(field_name, rec, story_of)
            if sid in wanted:
                rows.append((kind, rec.id, str(sid), dumps(rec)))
    rows.extend(view_rows(views, wanted))
    return rows


def view_rows(views: Iterable[ViewRow], stories: Iterable[str]) -> list[ViewRow]:
    """The view rows of these stories (a row of another kind is refused: StoreError)."""
    wanted = set(stories)
    rows = [row for row in views if row[2] in wanted]
    odd = [row[0] for row in rows if row[0] not in VIEW_KINDS]
    if odd:
        raise StoreError(f"'{odd[0]}' is no kind of view (choose {', '.join(VIEW_KINDS)})")
    return rows


def follow_redirects(story_id: str, next_id: Callable[[str], str | None]) -> str:
    """Where a story id's redirects lead (itself when there are none)."""
    seen = {story_id}
    current = story_id
    while (following := next_id(current)) is not None:
        current = following
        if current in seen:
            raise StoreError(f"story redirects loop at {current!r}")
        seen.add(current)
    return current


def source_ids(articles: Iterable[Article]) -> set[str]:
    """The ids of the sources (outlets and agencies) of these articles."""
    return {content_id("src", n.casefold()) for a in articles
            for n in (a.outlet, *a.agencies) if n}


def summaries_from_rows(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """The story list's rows from the summary query both backends run: ``(id, title, first
    published, last published, keywords JSON, members, outlets JSON, origins, updated,
    discrepancies, listed articles)``; largest story first."""
    out = []
    for (sid, title, first, last, keywords, members, outlets, origins, updated,
         discrepancies, listed) in rows:
        out.append({
            "id": sid, "title": title, "article_count": int(members or listed or 0),
            "first_published": first, "last_published": last,
            "keywords": json.loads(keywords) if keywords else [],
            "outlets": sorted(json.loads(outlets) if outlets else [], key=str.casefold),
            "independent_origins": int(origins or 0),
            "updated": updated, "discrepancies": int(discrepancies or 0),
        })
    out.sort(key=lambda s: (-s["article_count"], s["first_published"] or "~", s["id"]))
    return out


def _missing(table: str, alias: str, condition: str) -> str:
    return f"NOT EXISTS (SELECT 1 FROM {table} {alias} WHERE {condition})"


def _no_story(column: str) -> str:
    return _missing("results", "s", f"s.kind = 'story' AND s.id = {column}")


# (problem, SQL selecting one key per offending row): plain SQL both backends read alike
INTEGRITY_CHECKS: tuple[tuple[str, str], ...] = (
    ("the same original bytes stored as several articles",
     "SELECT min(id) FROM articles WHERE raw_sha256 != '' "
     "GROUP BY raw_sha256, coalesce(url, '') HAVING count(*) > 1"),
    ("annotations of an article that is not stored",
     "SELECT n.article_id FROM annotations n WHERE "
     + _missing("articles", "a", "a.id = n.article_id")),
    ("a story member that is not a stored article",
     "SELECT m.article_id FROM story_members m WHERE "
     + _missing("articles", "a", "a.id = m.article_id")),
    ("a story member whose story has no record",
     "SELECT m.article_id FROM story_members m WHERE "
     + _no_story("m.story_id")),
    ("a redirect that leads to no story",
     "SELECT r.old_id FROM story_redirects r WHERE "
     + _no_story("r.new_id")),
    ("a redirected story id that still has a record",
     "SELECT r.old_id FROM story_redirects r JOIN results s ON s.kind = 'story' "
     "AND s.id = r.old_id"),
    ("a story's result whose story is not stored",
     "SELECT r.kind || ' ' || r.id FROM results r WHERE r.story_id IS NOT NULL AND "
     "r.kind != 'story' AND " + _no_story("r.story_id")),
    ("a waiting mark of a story that is not stored",
     "SELECT d.story_id FROM story_dirty d WHERE "
     + _no_story("d.story_id")),
    ("an article index entry of a result that is not stored",
     "SELECT x.kind || ' ' || x.id FROM result_articles x WHERE "
     + _missing("results", "r", "r.kind = x.kind AND r.id = x.id")),
    ("a result naming an article that is not stored",
     "SELECT x.kind || ' ' || x.id FROM result_articles x WHERE "
     + _missing("articles", "a", "a.id = x.article_id")),
    ("an article in several origin groups",
     "SELECT article_id FROM result_articles WHERE kind = 'origin' "
     "GROUP BY article_id HAVING count(*) > 1"),
    ("a placed article in no origin group",
     "SELECT m.article_id FROM story_members m WHERE "
     + _missing("result_articles", "x", "x.kind = 'origin' AND x.article_id = m.article_id")),
    ("original bytes no stored article was read from",
     "SELECT r.sha256 FROM raw r WHERE " + _missing("articles", "a", "a.raw_sha256 = r.sha256")),
)


def integrity_problems(query: Query, stories: Iterable[Story],
                       members: Mapping[str, str]) -> list[str]:
    """One line per kind of inconsistency found (none: the store is whole): the checks above,
    and each story record listing exactly the articles placed in it."""
    problems = [_problem(what, [str(r[0]) for r in query(sql)])
                for what, sql in INTEGRITY_CHECKS]
    listed: dict[str, str] = {}
    for story in stories:
        for article_id in story.article_ids:
            listed[article_id] = story.id
    unlisted = sorted(a for a, s in members.items() if listed.get(a) != s)
    wrong = sorted(a for a, s in listed.items() if members.get(a) != s)
    problems.append(_problem("a placed article its story's record does not list", unlisted))
    problems.append(_problem("a story record listing an article not placed in it", wrong))
    return [p for p in problems if p]


def _problem(what: str, keys: Sequence[str]) -> str:
    if not keys:
        return ""
    shown = ", ".join(sorted(keys)[:3]) + (", ..." if len(keys) > 3 else "")
    return f"{len(keys)} × {what}: {shown}"
