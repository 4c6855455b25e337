"""Origin groups: connected bodies of shared reporting, with an origin, roles and a label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from storyline.model.ids import content_id
from storyline.model.records import Article, OriginGroup, OriginMember, ReuseLink
from storyline.provenance.direction import parse_published
from storyline.provenance.links import covered_chars

__all__ = ["COPY_SHARE", "build_origin_groups", "reused_shares"]

COPY_SHARE = 0.6  # a non-origin member with at least this share of reused text is a copy


def _components(ids: Sequence[str], links: Sequence[ReuseLink]) -> list[list[str]]:
    """Connected components of the link graph (union-find), each sorted, ordered by first id."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in sorted(ids):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


def reused_shares(
    links: Sequence[ReuseLink], body_chars: Mapping[str, int]
) -> dict[str, float]:
    """Per article: the share of its body covered by passages it shares with any other article."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for link in links:
        for al in link.alignments:
            ranges.setdefault(al.a.article_id, []).append((al.a.start, al.a.end))
            ranges.setdefault(al.b.article_id, []).append((al.b.start, al.b.end))
    out = {}
    for art_id, spans in ranges.items():
        total = body_chars.get(art_id, 0)
        out[art_id] = round(min(1.0, covered_chars(spans) / total), 4) if total else 0.0
    return out


def _rank(article: Article, out_degree: int) -> tuple[object, ...]:
    """Sort key for origin candidates: earliest, agency-credited, most copied, then id."""
    parsed = parse_published(article.published)
    when = parsed[0].replace(tzinfo=None).isoformat() if parsed else "9999"
    return (when, not article.agencies, -out_degree, article.id)


def _origin(
    members: list[str], links: Sequence[ReuseLink], by_id: Mapping[str, Article]
) -> str | None:
    """The member that others copied and that copied no one, where directions say so."""
    indeg: Counter[str] = Counter()
    outdeg: Counter[str] = Counter()
    for link in links:
        if link.direction == "a->b":
            outdeg[link.a] += 1
            indeg[link.b] += 1
        elif link.direction == "b->a":
            outdeg[link.b] += 1
            indeg[link.a] += 1
    roots = [m for m in members if outdeg[m] and not indeg[m]]
    if not roots:
        return None
    return min(roots, key=lambda m: _rank(by_id[m], outdeg[m]))


def _label(members: list[str], origin: str | None, by_id: Mapping[str, Article]) -> str | None:
    """The agency credited by most members, else the origin's outlet."""
    credits: Counter[str] = Counter()
    for m in members:
        credits.update(set(by_id[m].agencies))
    if credits:
        return min(credits.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return by_id[origin].outlet if origin else None


def _group(
    members: list[str],
    links: Sequence[ReuseLink],
    by_id: Mapping[str, Article],
    shares: Mapping[str, float],
) -> OriginGroup:
    """One origin group from its sorted member ids and the links among them."""
    if len(members) == 1:
        only = members[0]
        member = OriginMember(only, "independent", 0.0)
        return OriginGroup(content_id("og", only), (member,), only, _label(members, only, by_id))
    origin = _origin(members, links, by_id)
    out = []
    for m in members:
        share = shares.get(m, 0.0)
        role = "origin" if m == origin else ("copy" if share >= COPY_SHARE else "partial_copy")
        out.append(OriginMember(m, role, share))
    label = _label(members, origin, by_id)
    return OriginGroup(content_id("og", *members), tuple(out), origin, label)


def build_origin_groups(
    articles: Sequence[Article], links: Sequence[ReuseLink], body_chars: Mapping[str, int]
) -> tuple[OriginGroup, ...]:
    """Every article in exactly one origin group; groups sorted by id."""
    by_id = {a.id: a for a in articles}
    shares = reused_shares(links, body_chars)
    by_member: dict[str, list[ReuseLink]] = {}
    for link in links:
        by_member.setdefault(link.a, []).append(link)
    groups = []
    for members in _components(list(by_id), links):
        inside = [lk for m in members for lk in by_member.get(m, ())]
        groups.append(_group(members, inside, by_id, shares))
    return tuple(sorted(groups, key=lambda g: g.id))
