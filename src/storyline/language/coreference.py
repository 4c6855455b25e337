"""Pronouns and titled references pointed back to the mention they stand for.

:func:`antecedent` finds, for "he", "she", "they", "the minister" or "the official", the nearest
earlier compatible mention (gender from honorifics, given names and the pronouns that follow a
name; number; person or body), preferring sentence subjects. :func:`gender_of` gives the
gender evidence for one name. Not handled: cataphora ("Before he left, Novak said …"), and
pronouns whose antecedent is an event or a clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from storyline.language.entities import (
    DESCRIPTOR_HEADS,
    FEMALE_NAMES,
    HONORIFICS,
    MALE_NAMES,
    PERSON_DESCRIPTOR_HEADS,
    PLURAL_BODY_HEADS,
    PRONOUNS,
)
from storyline.model.records import Mention

__all__ = ["antecedent", "gender_of", "honorific_gender"]

_PRONOUN_EVIDENCE = {"he": "m", "his": "m", "him": "m", "himself": "m",
                     "she": "f", "her": "f", "hers": "f", "herself": "f"}


def honorific_gender(text: str, mention: Mention) -> str | None:
    """"m", "f" or None from the honorific in front of a name or its gendered title ("Mrs.
    Clinton", "spokeswoman Ann Lee")."""
    before = text[max(0, mention.span.start - 6) : mention.span.start].split()
    for word in [*before[-1:], *(mention.title or "").split()]:
        gender = HONORIFICS.get(word.casefold())
        if gender:
            return gender
    return None


def gender_of(name: str, text: str, mentions: Sequence[Mention]) -> str | None:
    """"m", "f" or None for a person named in a text.

    Evidence in order of strength: an honorific or gendered title ("Mrs.", "spokeswoman"), a
    common given name, then the pronouns that follow the name in sentences naming no one else.
    """
    words = name.split()
    if not words:
        return None
    last = words[-1].casefold()
    strong = {"m": 0, "f": 0}
    votes = {"m": 0, "f": 0}
    people = [m for m in mentions if m.label == "PERSON" and m.kind == "name"]
    for m in people:
        mtext = m.span.text(text)
        if mtext.split()[-1].casefold() != last:
            continue
        honorific = honorific_gender(text, m)
        if honorific:
            strong[honorific] += 1
        if len(mtext.split()) > 1 and not words[0:1]:
            words = mtext.split()
        s_start, s_end = _sentence_start(text, m.span.start), _sentence_end(text, m.span.end)
        if any(o is not m and s_start <= o.span.start < s_end for o in people):
            continue
        window = re.sub(r"[“\"«„].*?[”\"»“]", " ", text[m.span.end : s_end])
        for word in re.findall(r"[A-Za-z]+", window):
            g = _PRONOUN_EVIDENCE.get(word.casefold())
            if g:
                votes[g] += 1
                break
    if strong["m"] != strong["f"]:
        return "m" if strong["m"] > strong["f"] else "f"
    firsts = {m.span.text(text).split()[0].casefold() for m in people
              if m.span.text(text).split()[-1].casefold() == last
              and len(m.span.text(text).split()) > 1}
    firsts.add(words[0].casefold())
    if firsts & FEMALE_NAMES and not firsts & MALE_NAMES:
        return "f"
    if firsts & MALE_NAMES and not firsts & FEMALE_NAMES:
        return "m"
    if votes["m"] != votes["f"]:
        return "m" if votes["m"] > votes["f"] else "f"
    return None


def _sentence_start(text: str, pos: int) -> int:
    k = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    return k + 1 if k >= 0 else 0


def _sentence_end(text: str, pos: int) -> int:
    m = re.compile(r"[.!?](?=\s)|\n").search(text, pos)
    return m.end() if m else len(text)


def _is_person_descriptor(mention: Mention, text: str) -> tuple[bool, bool]:
    """(is a person-like descriptor, is plural)."""
    words = re.findall(r"[\w-]+", mention.span.text(text).casefold())
    if not words:
        return False, False
    heads = [w for w in words if w in DESCRIPTOR_HEADS]
    head = heads[-1] if heads else words[-1]
    plural = head.endswith("s") and head not in {"authorities"} or head in {"people"}
    person = head in PERSON_DESCRIPTOR_HEADS or head in PLURAL_BODY_HEADS
    return person, plural or head in PLURAL_BODY_HEADS


def antecedent(
    mention: Mention,
    mentions: Sequence[Mention],
    text: str,
    sentences: Sequence[tuple[int, int]] = (),
    subjects: frozenset[int] = frozenset(),
    exclude: Sequence[tuple[int, int]] = (),
    _depth: int = 0,
    genders: dict[str, str | None] | None = None,
) -> Mention | None:
    """The earlier name or descriptor a pronoun or titled reference points to, if any.

    The nearest compatible candidate wins: in the mention's own sentence the closest one before
    it, in earlier sentences a grammatical subject (token starts in ``subjects``) first, then the
    leftmost. He/she need a singular person whose gender does not clash; they a plural person
    descriptor or group; a titled reference a named person, preferably one with that title. An
    earlier pronoun or title that is nearer is followed to its own antecedent. Mentions inside
    the ``exclude`` ranges (quoted words) are not candidates, and sentences opening inside them
    do not count toward the window of sentences searched. ``genders``: a cache of
    :func:`gender_of` by name, shared by calls on the same text and mentions.
    """
    if mention.kind not in {"pronoun", "title"} or _depth > 4:
        return None
    start = mention.span.start
    word = mention.span.text(text).casefold()
    want = PRONOUNS.get(word) if mention.kind == "pronoun" else None
    genders = {} if genders is None else genders
    head = word.split()[-1] if mention.kind == "title" else ""

    quoted = _Ranges(exclude)

    def compatible(c: Mention) -> bool:
        if c.span.start >= start or c.span.start in quoted:
            return False
        if c.kind == "pronoun":
            return want is not None and PRONOUNS.get(c.span.text(text).casefold()) == want
        if c.kind == "title":
            return want in {"m", "f"}
        if c.kind not in {"name", "descriptor"}:
            return False
        if mention.kind == "title":
            return c.label == "PERSON" and c.kind == "name"
        if want == "p":
            c_text = c.span.text(text)
            if c.label == "NORP":
                return c_text.endswith("s") and c_text[:1].isupper()
            person, plural = _is_person_descriptor(c, text) if c.kind == "descriptor" else (0, 0)
            return bool(person and plural)
        if c.label == "PERSON":
            name = c.span.text(text)
            if name not in genders:
                genders[name] = gender_of(name, text, mentions)
            return genders[name] in {None, want}
        if c.kind == "descriptor":
            person, plural = _is_person_descriptor(c, text)
            c_text = c.span.text(text).casefold()
            if want == "m" and "spokeswoman" in c_text or want == "f" and "spokesman" in c_text:
                return False
            return person and not plural
        return False

    bounds = _sentence_bounds(text, sentences)
    own = _sentence_of(bounds, start)
    limit = 12 if mention.kind == "title" else 6
    first = bounds[_window_start(bounds, own, limit, exclude)]
    found: Mention | None = None
    if mention.kind == "title" and head:
        titled = [c for c in mentions if c.span.start < start and c.kind == "name"
                  and head in (c.title or "").casefold() and compatible(c)]
        if titled:
            found = titled[-1]
    if found is None:
        lo, hi = _between(mentions, first, start)
        cands = [c for c in mentions[lo:hi] if first <= c.span.start < start and compatible(c)]
        found = _nearest(cands, bounds, own, subjects) if cands else None
    if found is not None and found.kind in {"pronoun", "title"}:
        return antecedent(found, mentions, text, sentences, subjects, exclude, _depth + 1,
                          genders)
    return found


class _Ranges:
    """Half-open ranges ``[start, end)``, asked whether a position is inside one of them (by
    bisection over the starts and the furthest end reached so far)."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        pairs = sorted(ranges)
        self.starts = [s for s, _ in pairs]
        self.reach: list[int] = []
        for _, end in pairs:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos)
        return k > 0 and pos < self.reach[k - 1]


# the mentions (a tuple) last searched, their starts, and whether those are in order: a text's
# pronouns are resolved one after another over the same mentions
_last: list[tuple[Sequence[Mention], list[int], bool]] = []


def _between(mentions: Sequence[Mention], first: int, start: int) -> tuple[int, int]:
    """Bounds of a slice of ``mentions`` holding every one that starts in [first, start): found
    by bisection when the mentions are in order of their starts, else the whole sequence."""
    memo = _last[0] if _last else None
    if memo is None or memo[0] is not mentions:
        starts = [m.span.start for m in mentions]
        memo = (mentions, starts, all(a <= b for a, b in zip(starts, starts[1:], strict=False)))
        if isinstance(mentions, tuple):  # kept only when it cannot change
            _last[:] = [memo]
    _, starts, ordered = memo
    if not ordered:
        return 0, len(mentions)
    return bisect.bisect_left(starts, first), bisect.bisect_left(starts, start)


def _nearest(
    cands: list[Mention], bounds: list[int], own: int, subjects: frozenset[int]
) -> Mention | None:
    by_sentence: dict[int, list[Mention]] = {}
    for c in cands:
        by_sentence.setdefault(_sentence_of(bounds, c.span.start), []).append(c)
    for k in range(own, -1, -1):
        group = by_sentence.get(k)
        if not group:
            continue
        if k == own:
            return group[-1]
        subj = [c for c in group if any(i in subjects for i in range(c.span.start, c.span.end))]
        names = [c for c in (subj or group) if c.kind != "pronoun"]
        return (subj or names or group)[0]
    return None


def _sentence_bounds(text: str, sentences: Sequence[tuple[int, int]]) -> list[int]:
    if sentences:
        return sorted(s for s, _ in sentences)
    return [0] + [m.end() for m in re.finditer(r"[.!?][”\"’]?\s+|\n+", text)]


def _window_start(bounds: list[int], own: int, limit: int,
                  exclude: Sequence[tuple[int, int]]) -> int:
    """The first of ``limit`` sentences ending with sentence ``own``; sentences opening inside
    quoted words do not count (a long quotation does not push the narrative out of reach)."""
    k, counted = own, 1
    while k > 0 and counted < limit:
        k -= 1
        if not any(s <= bounds[k] < e for s, e in exclude):
            counted += 1
    return k


def _sentence_of(bounds: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(bounds, pos) - 1)
