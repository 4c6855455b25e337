"""Origin groups: connected bodies of shared reporting, with an origin, roles and a label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from storyline.common.unionfind import UnionFind
from storyline.model.ids import content_id
from storyline.model.records import Article, OriginGroup, OriginMember, ReuseLink
from storyline.provenance.direction import SUBSET_COVERAGE, parse_published
from storyline.provenance.links import covered_chars

__all__ = [
    "COPY_SHARE",
    "build_origin_groups",
    "count_origins",
    "merged_source_links",
    "origin_index",
    "reused_shares",
]

COPY_SHARE = 0.6  # a non-origin member with at least this share of reused text is a copy
MERGE_OVERLAP = 0.5  # incoming links overlapping this much on the copy's side: one source


def origin_index(origins: Sequence[OriginGroup]) -> dict[str, str]:
    """Article id -> origin group id."""
    return {aid: g.id for g in origins for aid in g.article_ids}


def count_origins(article_ids: Iterable[str], index: Mapping[str, str]) -> int:
    """How many independent origins a set of articles stands on: the distinct origin groups
    they fall in (an article in no group is an origin of its own). The one count of
    independent origins that claims, discrepancies, stages and reports all use."""
    return len({index.get(a, a) for a in article_ids})


def _components(
    ids: Sequence[str], links: Sequence[ReuseLink], skip: frozenset[str] = frozenset()
) -> list[list[str]]:
    """Connected components of the link graph (union-find), each sorted, ordered by first id.

    Links whose id is in ``skip`` do not join components.
    """
    sets = UnionFind(ids)
    for link in links:
        if link.id not in skip:
            sets.union(link.a, link.b)
    return sets.groups()


def _own_spans(link: ReuseLink, article_id: str) -> list[tuple[int, int]]:
    """The aligned ranges of ``article_id``'s side of a link."""
    side = [al.a if al.a.article_id == article_id else al.b for al in link.alignments]
    return [(s.start, s.end) for s in side]


def _is_source_of(link: ReuseLink, copy: str, body_chars: Mapping[str, int]) -> bool:
    """Whether the other side of ``link`` is a source ``copy`` took text from.

    The direction says so; or, undecided, the other side is not (mostly) contained in ``copy``
    (a side that is, is more likely ``copy``'s own excerpt than its source).
    """
    other = link.b if link.a == copy else link.a
    if link.direction in ("a->b", "b->a"):
        return (link.direction == "a->b") == (link.a == other)
    shared = link.shared_chars_a if link.a == other else link.shared_chars_b
    total = body_chars.get(other, 0)
    return not total or shared / total < SUBSET_COVERAGE


def _source_clusters(
    copy: str, incoming: list[ReuseLink]
) -> list[tuple[int, list[ReuseLink], list[tuple[int, int]]]]:
    """Incoming links grouped by overlapping text on ``copy``'s side, biggest share first."""
    clusters: list[tuple[list[ReuseLink], list[tuple[int, int]]]] = []
    for link in sorted(incoming, key=lambda lk: lk.id):
        spans = _own_spans(link, copy)
        own = covered_chars(spans)
        for members, cl_spans in clusters:
            both = own + covered_chars(cl_spans) - covered_chars(cl_spans + spans)
            if both >= MERGE_OVERLAP * min(own, covered_chars(cl_spans)):
                members.append(link)
                cl_spans.extend(spans)
                break
        else:
            clusters.append(([link], list(spans)))
    ranked = [(covered_chars(sp), members, sp) for members, sp in clusters]
    return sorted(ranked, key=lambda c: (-c[0], c[1][0].id))


def _mostly_inside(
    link: ReuseLink, art: str, minor: list[tuple[int, int]], major: list[tuple[int, int]]
) -> bool:
    """Whether ``art``'s side of ``link`` lies more in the minor source's text than the main's."""
    own = _own_spans(link, art)
    size = covered_chars(own)
    in_minor = size + covered_chars(minor) - covered_chars(minor + own)
    in_major = size + covered_chars(major) - covered_chars(major + own)
    return in_minor > in_major and in_minor >= MERGE_OVERLAP * size


def merged_source_links(
    links: Sequence[ReuseLink], body_chars: Mapping[str, int]
) -> frozenset[str]:
    """Links that must not join origin groups: a compiled article's minor sources.

    An article that combines text from two sources sharing nothing with each other (two wires
    merged into one report) stays with the source it took most from; its links to the other
    source are kept as links but do not make the two sources one origin.
    """
    by_article: dict[str, list[ReuseLink]] = {}
    partners: dict[str, set[str]] = {}
    for link in links:
        by_article.setdefault(link.a, []).append(link)
        by_article.setdefault(link.b, []).append(link)
        partners.setdefault(link.a, set()).add(link.b)
        partners.setdefault(link.b, set()).add(link.a)
    skip: set[str] = set()
    for art, mine in by_article.items():
        incoming = [lk for lk in mine if _is_source_of(lk, art, body_chars)]
        clusters = _source_clusters(art, incoming)
        if len(clusters) < 2:
            continue
        main = {lk.b if lk.a == art else lk.a for lk in clusters[0][1]}
        for _, members, spans in clusters[1:]:
            others = {lk.b if lk.a == art else lk.a for lk in members}
            if any(partners.get(o, set()) & main for o in others):
                continue
            skip.update(lk.id for lk in members)
            skip.update(lk.id for lk in mine if _mostly_inside(lk, art, spans, clusters[0][2]))
    return frozenset(skip)


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


def _rank(article: Article, out_degree: int, body: int) -> tuple[object, ...]:
    """Sort key for origin candidates: earliest, agency-credited, most copied, longest body
    (copies are more often cut than extended), then id."""
    parsed = parse_published(article.published)
    when = parsed[0].replace(tzinfo=None).isoformat() if parsed else "9999"
    return (when, not article.agencies, -out_degree, -body, article.id)


def _origin(
    members: list[str],
    links: Sequence[ReuseLink],
    by_id: Mapping[str, Article],
    body_chars: Mapping[str, int],
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
    return min(roots, key=lambda m: _rank(by_id[m], outdeg[m], body_chars.get(m, 0)))


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
    body_chars: Mapping[str, int],
) -> OriginGroup:
    """One origin group from its sorted member ids and the links among them."""
    if len(members) == 1:
        only = members[0]
        member = OriginMember(only, "independent", 0.0)
        return OriginGroup(content_id("og", only), (member,), only, _label(members, only, by_id))
    origin = _origin(members, links, by_id, body_chars)
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
    skip = merged_source_links(links, body_chars)
    for members in _components(list(by_id), links, skip):
        inside = [lk for m in members for lk in by_member.get(m, ()) if lk.id not in skip]
        groups.append(_group(members, inside, by_id, shares, body_chars))
    return tuple(sorted(groups, key=lambda g: g.id))
