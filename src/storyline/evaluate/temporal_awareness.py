"""Temporal awareness (UzZaman and Allen 2011) of entity timelines, as SemEval-2015 Task 4 scores
them.

A timeline is turned into a graph: every event mention on an ordered position (position 0 means
"not orderable") is SIMULTANEOUS with the TIMEX3 of its anchor value (anchors with no known
year, ``XXXX-XX-XX``, make no TIMEX3), with every mention on the same position, and BEFORE every
mention on a later position. Precision is the share of the system graph's reduced relations that
the closure of the gold graph implies; recall the share of the gold graph's reduced relations
that the closure of the system graph implies.

Not handled: the other TimeML relations (INCLUDES, DURING, ...), which these graphs never hold.
The reduction keeps, per SIMULTANEOUS class, a chain over its members in sorted order (event
mentions first), and BEFORE edges between the classes' first members, only between classes with
no path between them through a third (the transitive reduction); the official tool reduces
relation by relation, so counts on inconsistent graphs can differ. Position-0 mentions take
part in no relation (the official tool's handling of them is not documented).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["TimelineLine", "TimelineGraph", "awareness_counts", "timeline_graph"]

TIMEX = "TIMEX:"  # the node name of an anchor value


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One line of a timeline: its position, anchor value and coreferent event mentions."""

    position: int
    anchor: str
    mentions: tuple[str, ...]


@dataclass(slots=True)
class TimelineGraph:
    """Nodes in SIMULTANEOUS classes and the BEFORE order between classes (closed)."""

    cls: dict[str, int]
    after: dict[int, set[int]]  # class -> every class it is BEFORE, transitively
    edges: set[tuple[int, int]]  # the transitive reduction of BEFORE between classes

    def implies(self, a: str, rel: str, b: str) -> bool:
        """Whether the closure holds ``a rel b``."""
        if a not in self.cls or b not in self.cls:
            return False
        ca, cb = self.cls[a], self.cls[b]
        return ca == cb if rel == "SIMULTANEOUS" else cb in self.after.get(ca, set())

    def reduced(self) -> list[tuple[str, str, str]]:
        """A minimal relation set whose closure is the graph's."""
        members: dict[int, list[str]] = {}
        for node, c in self.cls.items():
            members.setdefault(c, []).append(node)
        out = []
        for group in members.values():
            group.sort(key=lambda n: (n.startswith(TIMEX), n))  # events stand for their class
            out += [(a, "SIMULTANEOUS", b) for a, b in zip(group, group[1:], strict=False)]
        out += [(members[a][0], "BEFORE", members[b][0]) for a, b in sorted(self.edges)]
        return out


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def timeline_graph(lines: Iterable[TimelineLine]) -> TimelineGraph:
    """The relation graph of a timeline (see the module docstring)."""
    ordered = [ln for ln in lines if ln.position > 0 and ln.mentions]
    parent: dict[str, str] = {}
    by_pos: dict[int, list[str]] = {}
    for ln in ordered:
        nodes = list(ln.mentions)
        if any(ch.isdigit() for ch in ln.anchor):
            nodes.append(TIMEX + ln.anchor)
        for n in nodes:
            parent.setdefault(n, n)
        for n in nodes[1:]:
            parent[_find(parent, n)] = _find(parent, nodes[0])
        by_pos.setdefault(ln.position, []).append(nodes[0])
    for firsts in by_pos.values():
        for n in firsts[1:]:
            parent[_find(parent, n)] = _find(parent, firsts[0])
    roots = sorted({_find(parent, n) for n in parent})
    index = {r: i for i, r in enumerate(roots)}
    cls = {n: index[_find(parent, n)] for n in parent}
    positions = sorted(by_pos)
    direct: dict[int, set[int]] = {}
    for i, p in enumerate(positions):
        ca = cls[by_pos[p][0]]
        for q in positions[i + 1 :]:
            cb = cls[by_pos[q][0]]
            if ca != cb:  # two positions tied by one anchor: the BEFORE is inconsistent, dropped
                direct.setdefault(ca, set()).add(cb)
    after = {c: _reach(c, direct) for c in direct}
    edges = {(a, b) for a, bs in direct.items() for b in bs
             if not any(b in after.get(m, set()) for m in bs if m != b)}
    return TimelineGraph(cls, after, edges)


def _reach(start: int, direct: dict[int, set[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(direct.get(start, ()))
    while stack:
        c = stack.pop()
        if c not in seen and c != start:
            seen.add(c)
            stack += direct.get(c, ())
    return seen


def awareness_counts(system: Sequence[TimelineLine],
                     gold: Sequence[TimelineLine]) -> tuple[int, int, int, int]:
    """(verified system relations, system relations, verified gold relations, gold relations)."""
    gs, gg = timeline_graph(system), timeline_graph(gold)
    rs, rg = gs.reduced(), gg.reduced()
    return (sum(gg.implies(*r) for r in rs), len(rs), sum(gs.implies(*r) for r in rg), len(rg))
