"""Canonical entities per story: names, variants, titles, pronouns and descriptors resolved.

Entities:

- names are grouped by a comparison key (case, articles, possessives, accents and common
  transliteration variants folded: "Odalyn" = "Odalin"), per label; a name written with
  several labels by the tagger goes to its most frequent label;
- a surname alone joins the one full name it ends ("Odalyn" -> "Sefa Odalyn"); when several
  people share it, the one its article has named most often before it wins (the one named
  last on a tie), and when none is, it stays an entity of its own (homonyms are kept apart);
  a surname with an honorific ("Mrs. Odalyn") joins only a person of that gender, as their
  names and honorifics tell it;
- light misspellings ("Vostrl") join a person whose surname is close (edit similarity at least
  0.8 on the folded key, same initial), only when first names, where given, agree;
- acronyms join their organisations ("DUL"), and a few country aliases are folded ("USA");
- titled references ("the minister", "the Lessarian Labour Minister") join the person who
  carries that title or whom they point back to; pronouns join their antecedent's entity,
  never "she" a person the story names as a man, nor "he" a woman;
- descriptors ("a senior union official") are entities of their own (``is_descriptor``), with
  later definite references in the same article ("the official") joined to them; they are
  never merged into a named person.


Quote groups are in :mod:`storyline.quotes.groups`.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from storyline.language.coreference import antecedent, honorific_gender
from storyline.language.entities import (
    FEMALE_NAMES,
    MALE_NAMES,
    PRONOUNS,
    TITLE_HEADS,
    TITLE_WORDS,
)
from storyline.model.ids import content_id
from storyline.model.records import (
    Article,
    ArticleAnnotations,
    Entity,
    Mention,
)

__all__ = [
    "descriptor_words", "fold_name", "name_key", "name_variants_match", "resolve_entities",
]


def _split(text: str) -> list[str]:
    return text.split()


NAMED_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
_LABEL_RANK = {label: k for k, label in enumerate(NAMED_LABELS)}
_COUNTRY_ALIASES = {
    "us": "united states", "u s": "united states", "usa": "united states",
    "u s a": "united states", "america": "united states", "united states of america":
    "united states", "uk": "united kingdom", "u k": "united kingdom", "britain":
    "united kingdom", "great britain": "united kingdom", "russian federation": "russia",
    "kyiv": "kiev", "the netherlands": "netherlands", "holland": "netherlands",
}
_LEGAL_FORMS = frozenset(_split("""
inc incorporated corp corporation co company cos llc plc ltd limited spa nv ag sa se gmbh bv
ab asa oyj group holding holdings
"""))
_ACRONYM_SKIP = frozenset({"of", "for", "and", "the", "in", "on", "de", "des", "du", "la", "&"})
_DETERMINERS = frozenset({"a", "an", "the", "another", "one", "some", "that", "this", "these",
                          "those", "both"})
FUZZY_NAME = 0.8


# --------------------------------------------------------------------------- keys


@functools.lru_cache(maxsize=1 << 16)
def fold_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’']s\b", "", text)
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)  # "co-operation" = "cooperation"
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _translit(word: str) -> str:
    """A transliteration-tolerant key for one word of a name."""
    w = word
    for a, b in (("ph", "f"), ("kh", "h"), ("ck", "k"), ("x", "ks"), ("w", "v"), ("j", "y"),
                 ("iy", "y"), ("yy", "y"), ("ii", "i"), ("y", "i")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


def name_key(surface: str, label: str) -> str:
    key = fold_name(surface) or surface.casefold()
    key = re.sub(r"^(the|a|an)\s+", "", key)
    if label in {"GPE", "LOC", "ORG"}:
        key = _COUNTRY_ALIASES.get(key, key)
    if label == "ORG":
        words = key.split()
        while len(words) > 1 and words[-1] in _LEGAL_FORMS:
            words.pop()  # "Apple Inc", "Chrysler Group LLC" name the company "Apple", "Chrysler"
        key = " ".join(words)
    if label == "PERSON":
        words = [w for w in key.split() if w not in TITLE_WORDS or len(key.split()) == 1]
        key = " ".join(_translit(w) for w in words) or key
    return key


def _acronym(key: str) -> str:
    words = [w for w in key.split() if w not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


# --------------------------------------------------------------------------- entities


@dataclasses.dataclass
class _Cluster:
    label: str
    key: str
    mentions: list[tuple[Article, Mention]] = dataclasses.field(default_factory=list)
    descriptor: bool = False


def _surface(article: Article, mention: Mention) -> str:
    return " ".join(mention.span.text(article.text).split())


def _mention_gender(article: Article, mention: Mention) -> str | None:
    """"m", "f" or None for one name mention: its honorific or gendered title ("Mrs.
    Clinton", "spokeswoman Ann Lee"), else a common given name it starts with."""
    gender = honorific_gender(article.text, mention)
    if gender:
        return gender
    words = _surface(article, mention).split()
    if len(words) > 1:
        first = words[0].casefold()
        if first in FEMALE_NAMES:
            return "f"
        if first in MALE_NAMES:
            return "m"
    return None


def _cluster_gender(cluster: _Cluster, cache: dict[int, str | None]) -> str | None:
    """The gender a person's name mentions agree on, None when they give none or disagree
    (``cache``: by cluster, for clusters that no longer gain name mentions)."""
    key = id(cluster)
    if key not in cache:
        found = {g for a, m in cluster.mentions if m.kind == "name"
                 and (g := _mention_gender(a, m)) is not None}
        cache[key] = found.pop() if len(found) == 1 else None
    return cache[key]


def resolve_entities(
    articles: Sequence[Article], annotations: dict[str, ArticleAnnotations], story_id: str
) -> tuple[Entity, ...]:
    """The story's canonical entities, each with its mentions (``entity_id`` set)."""
    arts = sorted((a for a in articles if a.id in annotations), key=lambda a: a.id)
    named: list[tuple[Article, Mention]] = []
    others: list[tuple[Article, Mention]] = []
    for art in arts:
        for m in sorted(annotations[art.id].mentions, key=lambda m: (m.span.start, m.span.end)):
            if m.kind == "name" and m.label in _LABEL_RANK:
                named.append((art, m))
            elif m.kind in {"descriptor", "title", "pronoun"}:
                others.append((art, m))
    clusters = _named_clusters(named, _outlet_names(arts))
    home: dict[tuple[str, int, int], _Cluster] = {
        (a.id, m.span.start, m.span.end): c for c in clusters for a, m in c.mentions
    }
    descriptors = _descriptor_clusters([(a, m) for a, m in others if m.kind == "descriptor"])
    for c in descriptors:
        for a, m in c.mentions:
            home[(a.id, m.span.start, m.span.end)] = c
    titles = _TitleIndex([c for c in clusters if c.label == "PERSON"])
    genders: dict[str, dict[str, str | None]] = {}
    cluster_genders: dict[int, str | None] = {}
    for art, m in others:
        if m.kind == "descriptor":
            continue
        target = _referent(art, m, annotations[art.id], home, titles, genders,
                           cluster_genders)
        if target is None and m.kind == "title":
            target = _Cluster("DESCRIPTOR", "title:" + fold_name(_surface(art, m)), descriptor=True)
            descriptors.append(target)
        if target is not None:
            target.mentions.append((art, m))
            titles.add(target, m)
            home[(art.id, m.span.start, m.span.end)] = target
    merged = [c for c in _merge_descriptor_keys(descriptors) if c.mentions]
    return _entities(clusters + merged, story_id)


def _outlet_names(articles: Sequence[Article]) -> frozenset[str]:
    """The folded names of the outlets the story's articles come from ("the harbor daily" and
    "harbor daily"; "herald" for a two-word masthead ending in it)."""
    names = {fold_name(a.outlet) for a in articles if a.outlet}
    short = {n.split()[-1] for n in names if len(n.split()) > 1 and n.split()[-1] in _MASTHEADS}
    return frozenset(names | short | {n.removeprefix("the ") for n in names} - {""})


_MASTHEADS = frozenset((  # "the Herald" for the Northgate Herald
    "herald", "ledger", "times", "post", "tribune", "observer", "courier", "sentinel", "gazette",
    "journal", "chronicle", "telegraph", "guardian", "independent", "mail", "mirror", "express",
    "standard", "record", "register", "dispatch", "bulletin", "examiner", "inquirer", "monitor",
    "globe", "star", "sun", "daily",
))


def _named_clusters(named: list[tuple[Article, Mention]],
                    outlets: frozenset[str] = frozenset()) -> list[_Cluster]:
    # the label a name is most often given wins across labels; an outlet's name is an ORG
    by_fold: dict[str, Counter[str]] = defaultdict(Counter)
    for art, m in named:
        by_fold[fold_name(_surface(art, m))][m.label] += 1
    best = {k: "ORG" if k in outlets or k.removeprefix("the ") in outlets else
            min(c, key=lambda lab: (-c[lab], _LABEL_RANK[lab])) for k, c in by_fold.items()}
    exact: dict[tuple[str, str], _Cluster] = {}
    singles: list[tuple[Article, Mention, str]] = []
    for art, m in named:
        label = best[fold_name(_surface(art, m))]
        key = name_key(_surface(art, m), label)
        if label == "PERSON" and len(key.split()) == 1:
            singles.append((art, m, key))
            continue
        exact.setdefault((label, key), _Cluster(label, key)).mentions.append((art, m))
    clusters = list(exact.values())
    clusters = _merge_persons(clusters)
    clusters = _merge_acronyms(clusters)
    return _attach_surnames(clusters, singles)


T = TypeVar("T")


class _ByLastWord(Generic[T]):
    """Items by the last word of their name, found again by a word they may be ``_close`` to:
    the same first letter and a length that can reach the bar (or the same length), in the
    order they were added (the buckets that keep name matching from comparing every pair)."""

    def __init__(self) -> None:
        self._by: dict[tuple[str, int], list[tuple[int, T]]] = defaultdict(list)
        self._added = 0

    def add(self, word: str, item: T) -> None:
        self._by[(word[:1], len(word))].append((self._added, item))
        self._added += 1

    def near(self, word: str) -> list[T]:
        """The items whose word may be ``_close`` to ``word``, in the order added."""
        found = [x for n in _close_lengths(len(word)) for x in self._by.get((word[:1], n), ())]
        return [item for _, item in sorted(found, key=lambda x: x[0])]


@functools.lru_cache(maxsize=256)
def _close_lengths(n: int) -> tuple[int, ...]:
    """The lengths a word ``_close`` to one of ``n`` letters may have: its own, and where both
    have five letters or more, those the similarity bar allows."""
    if n < 5:
        return (n,)
    return tuple(m for m in range(5, 4 * n + 1)
                 if m == n or 2 * min(n, m) >= FUZZY_NAME * (n + m))


def _last_word(key: str) -> str:
    words = key.split()
    return words[-1] if words else ""


def _merge_persons(clusters: list[_Cluster]) -> list[_Cluster]:
    """Full names that differ by a misspelling or transliteration of a compatible name."""
    persons = sorted((c for c in clusters if c.label == "PERSON"),
                     key=lambda c: (-len(c.mentions), c.key))
    kept: list[_Cluster] = []
    by_surname: _ByLastWord[_Cluster] = _ByLastWord()
    for c in persons:
        candidates = by_surname.near(_last_word(c.key))
        target = next((k for k in candidates if _same_person(k.key, c.key)), None)
        if target is None:
            kept.append(c)
            by_surname.add(_last_word(c.key), c)
        else:
            target.mentions.extend(c.mentions)
    return [c for c in clusters if c.label != "PERSON"] + kept


def _same_person(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2:
        return False
    if not _close(wa[-1], wb[-1]):
        return False
    fa, fb = wa[0], wb[0]
    return fa == fb or fa[0] == fb[0] and (len(fa) <= 2 or len(fb) <= 2 or _close(fa, fb))


@functools.lru_cache(maxsize=1 << 16)
def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if la < 5 or lb < 5 or a[0] != b[0] or 2 * min(la, lb) < FUZZY_NAME * (la + lb):
        return False  # the last: the similarity cannot reach FUZZY_NAME at these lengths
    if 2 * sum((_letters(a) & _letters(b)).values()) < FUZZY_NAME * (la + lb):
        return False  # nor with fewer letters in common than that (difflib's quick_ratio)
    return _similar(a, b) >= FUZZY_NAME


@functools.lru_cache(maxsize=1 << 16)
def _letters(word: str) -> Counter[str]:
    return Counter(word)


def _merge_acronyms(clusters: list[_Cluster]) -> list[_Cluster]:
    orgs = {c.key: c for c in clusters if c.label == "ORG"}
    drop: set[int] = set()
    for c in list(orgs.values()):
        acro = _acronym(c.key)
        short = orgs.get(acro)
        if acro and short is not None and short is not c:
            c.mentions.extend(short.mentions)
            drop.add(id(short))
    return [c for c in clusters if id(c) not in drop]


def _attach_surnames(clusters: list[_Cluster], singles: list[tuple[Article, Mention, str]]
                     ) -> list[_Cluster]:
    """A surname alone joins the one person it names; ambiguous ones look at their article."""
    persons = [c for c in clusters if c.label == "PERSON"]
    by_surname: _ByLastWord[_Cluster] = _ByLastWord()
    for c in persons:
        by_surname.add(_last_word(c.key), c)
    owners_of: dict[str, list[_Cluster]] = {}  # surname key -> the persons it may name
    spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)  # see _likeliest_owner
    for c in persons:
        for a, om in c.mentions:
            spans[(id(c), a.id)].append((om.span.start, om.span.end))
    full_genders: dict[int, str | None] = {}  # by their full names alone
    alone: dict[str, _Cluster] = {}
    alone_by_surname: _ByLastWord[tuple[str, _Cluster]] = _ByLastWord()
    for art, m, key in singles:
        if key not in owners_of:
            found = [c for c in by_surname.near(key) if _close(c.key.split()[-1], key)]
            exact = [c for c in found if c.key.split()[-1] == key]
            owners_of[key] = exact or found
        owners = owners_of[key]
        gender = _mention_gender(art, m)
        if gender is not None:  # "Mrs. Clinton" is not Bill Clinton
            owners = [o for o in owners if _cluster_gender(o, full_genders) in (None, gender)]
        if len(owners) > 1:
            owners = _likeliest_owner(art, m, owners, spans)
        if len(owners) == 1:
            owners[0].mentions.append((art, m))
            spans[(id(owners[0]), art.id)].append((m.span.start, m.span.end))
            continue
        target = alone.get(key)
        if target is None and not owners:
            target = next((c for k, c in alone_by_surname.near(key) if _close(k, key)), None)
        if target is None:
            target = alone[key] = _Cluster("PERSON", key)
            alone_by_surname.add(key, (key, target))
        target.mentions.append((art, m))
    return clusters + list(alone.values())


def _likeliest_owner(art: Article, m: Mention, owners: list[_Cluster],
                     spans: dict[tuple[int, str], list[tuple[int, int]]]) -> list[_Cluster]:
    """The owner the article has named most often before the mention, the one named last on
    a tie (``spans``: each person's mention spans per article, in mention order): a passing
    mention of a relative ("his wife, Michelle Obama") does not take "Obama said" from the
    person the article is about; all owners when none is named before it."""
    best: tuple[int, int, _Cluster] | None = None
    for c in owners:
        before = [start for start, end in spans.get((id(c), art.id), ()) if end <= m.span.start]
        if before and (best is None or (len(before), max(before)) > best[:2]):
            best = (len(before), max(before), c)
    return [best[2]] if best else owners


def descriptor_words(text: str) -> list[str]:
    return [w for w in fold_name(text).split() if w not in _DETERMINERS]


def _descriptor_clusters(items: list[tuple[Article, Mention]]) -> list[_Cluster]:
    """Descriptors by their words; "the official" joins the fuller one before it."""
    clusters: list[_Cluster] = []
    by_key: dict[str, _Cluster] = {}
    index: dict[int, int] = {}  # id(cluster) -> its place in ``clusters``
    first_end: dict[str, dict[int, int]] = defaultdict(dict)  # article -> place -> min end
    for art, m in items:
        surface = _surface(art, m)
        words = descriptor_words(surface)
        if not words:
            continue
        key = " ".join(words)
        definite = surface.split()[0].casefold() in {"the", "that", "this"}
        target: _Cluster | None = None
        if definite:  # the clusters with a mention in this article ending before this one
            ends = first_end[art.id]
            earlier = [clusters[k] for k in sorted(ends) if ends[k] <= m.span.start]
            for c in reversed(earlier):
                cw = c.key.split()
                if cw and cw[-1] == words[-1] and set(words) <= set(cw):
                    target = c
                    break
        if target is None:
            target = by_key.get(key)
        if target is None:
            target = by_key[key] = _Cluster("DESCRIPTOR", key, descriptor=True)
            index[id(target)] = len(clusters)
            clusters.append(target)
        target.mentions.append((art, m))
        place = index[id(target)]
        ends = first_end[art.id]
        ends[place] = min(ends.get(place, m.span.end), m.span.end)
    return clusters


def _merge_descriptor_keys(clusters: list[_Cluster]) -> list[_Cluster]:
    by_key: dict[str, _Cluster] = {}
    out = []
    for c in clusters:
        if c.key in by_key:
            by_key[c.key].mentions.extend(c.mentions)
        else:
            by_key[c.key] = c
            out.append(c)
    return out


def _title_words(text: str) -> set[str]:
    return {w for w in fold_name(text).split()
            if w in TITLE_WORDS and w not in {"the", "of", "for"}}


class _TitleIndex:
    """The title words each person carries (the titles written beside their mentions),
    indexed by word, kept up to date as mentions join them."""

    def __init__(self, persons: list[_Cluster]) -> None:
        self.persons = persons
        self.place = {id(c): k for k, c in enumerate(persons)}
        self.titles: list[set[frozenset[str]]] = [set() for _ in persons]
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for c in persons:
            for _, m in c.mentions:
                self.add(c, m)

    def add(self, cluster: _Cluster, mention: Mention) -> None:
        """Note a mention that joined a cluster (only persons' titles count)."""
        k = self.place.get(id(cluster))
        words = frozenset(_title_words(mention.title or ""))
        if k is not None and words:
            self.titles[k].add(words)
            for w in words:
                self.by_word[w].add(k)

    def carriers(self, words: set[str]) -> list[_Cluster]:
        """The persons with a title containing all these words, in their order."""
        places = sorted(self.by_word.get(min(words), ())) if words else []
        return [self.persons[k] for k in places if any(words <= t for t in self.titles[k])]


def _referent(
    art: Article, m: Mention, ann: ArticleAnnotations,
    home: dict[tuple[str, int, int], _Cluster], titles: _TitleIndex,
    genders: dict[str, dict[str, str | None]], cluster_genders: dict[int, str | None],
) -> _Cluster | None:
    """The cluster a titled reference or a pronoun stands for (``genders``: the genders
    found so far, per article, by name; ``cluster_genders``: per cluster, over the story)."""
    if m.kind == "title":
        words = _title_words(_surface(art, m))
        if words & TITLE_HEADS:
            carriers = titles.carriers(words)
            if len(carriers) == 1:
                return carriers[0]
    quoted = [(q.content.start, q.content.end) for q in ann.quotes]
    ante = antecedent(m, ann.mentions, art.text, ann.sentences, exclude=quoted,
                      genders=genders.setdefault(art.id, {}))
    if ante is None:
        return None
    target = home.get((art.id, ante.span.start, ante.span.end))
    want = PRONOUNS.get(_surface(art, m).casefold()) if m.kind == "pronoun" else None
    if target is not None and want in ("m", "f") and target.label == "PERSON" and \
            _cluster_gender(target, cluster_genders) not in (None, want):
        return None  # "she" is not the man the story names so: leave it unresolved
    return target


def _entities(clusters: Iterable[_Cluster], story_id: str) -> tuple[Entity, ...]:
    out: dict[str, Entity] = {}
    for c in clusters:
        named = [(a, m) for a, m in c.mentions if m.kind in {"name", "descriptor"}]
        surfaces = Counter(_surface(a, m) for a, m in (named or c.mentions))
        name = _canonical(surfaces, c)
        label = c.label
        eid = content_id("e", story_id, label, name)
        titles = Counter(" ".join(m.title.split()) for _, m in c.mentions if m.title)
        titles.update(_strip_det(_surface(a, m)) for a, m in c.mentions
                      if m.kind == "title" and not c.descriptor)
        mentions = tuple(sorted(
            (dataclasses.replace(m, entity_id=eid) for _, m in c.mentions), key=_mention_order))
        aliases = sorted({s for s in surfaces if s != name} | (
            {_surface(a, m) for a, m in c.mentions if m.kind == "title"} - {name}
            if c.descriptor else set()))
        prev = out.get(eid)
        if prev is not None:  # two clusters that ended with the same name and label
            mentions = tuple(sorted(set(prev.mentions) | set(mentions), key=_mention_order))
            aliases = sorted(set(prev.aliases) | set(aliases))
            titles.update(prev.titles)
        out[eid] = Entity(
            id=eid, name=name, label=label, story_id=story_id, aliases=tuple(aliases),
            titles=tuple(_dedupe(t for t, _ in sorted(titles.items(),
                                                      key=lambda kv: (-kv[1], kv[0])))),
            mentions=mentions, is_descriptor=c.descriptor,
        )
    return tuple(sorted(out.values(), key=lambda e: (e.is_descriptor, e.label, e.name, e.id)))


def _mention_order(m: Mention) -> tuple[str, int, int, str, str, str]:
    """An entity's mentions in text order, every field breaking ties (two clusters merged by
    name come from sets, whose order would otherwise decide)."""
    return m.span.article_id, m.span.start, m.span.end, m.label, m.kind, m.title or ""


def _canonical(surfaces: Counter[str], c: _Cluster) -> str:
    def rank(s: str) -> tuple[int, int, int, str]:
        multi = len(s.split()) > 1 if c.label == "PERSON" else True
        return (-int(multi), -surfaces[s], -len(s), s)

    name = min(surfaces, key=rank)
    return _strip_det(name) if c.descriptor else name


def _strip_det(text: str) -> str:
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].casefold() in _DETERMINERS else text


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def name_variants_match(a: str, b: str, label: str = "PERSON") -> bool:
    """Whether two written names are variants of one name (same key or a close misspelling)."""
    ka, kb = name_key(a, label), name_key(b, label)
    if ka == kb:
        return True
    if label == "PERSON":
        return _same_person(ka, kb) or (
            min(len(ka.split()), len(kb.split())) == 1 and _close(ka.split()[-1], kb.split()[-1])
        )
    return _acronym(ka) == kb or _acronym(kb) == ka
