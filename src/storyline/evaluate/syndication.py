"""A synthetic syndication benchmark built on real text: republications with the edits outlets make.

Given real article bodies (lists of paragraphs), :func:`make_syndication_set` derives copies with
trims, paragraph reorders, inserted site furniture, headline rewrites, merges of two wires, light
paraphrase and word-level translation noise, each copy published after its source. The gold
origin groups are a source with all its copies; a copy merged from two wires joins the group of
the wire it takes more text from, and the wires stay apart. Bodies that are not republished stay
independent.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyline.evaluate.datasets.pages import AebPage
from storyline.model import Article, content_id

# Lines outlets insert between or after the paragraphs they republish.
FURNITURE = (
    "Read more: our full coverage of the story",
    "Share this article",
    "Sign up for our morning newsletter",
    "Advertisement",
    "Related articles",
    "Comments (14)",
    "Follow us on social media for the latest updates",
)

# Small word substitutions that model light paraphrase and translation variation.
SUBSTITUTES = {
    "said": "stated", "says": "states", "told": "informed", "about": "around",
    "also": "additionally", "but": "however", "big": "large", "large": "big",
    "help": "assist", "show": "demonstrate", "start": "begin", "began": "started",
    "before": "prior to", "after": "following", "many": "numerous", "more": "further",
    "people": "persons", "buy": "purchase", "get": "obtain", "important": "significant",
    "new": "fresh", "want": "wish", "need": "require", "try": "attempt", "use": "employ",
    "because": "since", "so": "therefore", "very": "highly", "quickly": "rapidly",
    "country": "nation", "government": "administration", "officials": "authorities",
}

EDITS = ("trim", "reorder", "furniture", "headline", "paraphrase", "noise")


@dataclass(frozen=True)
class BaseText:
    """A real article body to republish: id, title, paragraphs."""

    id: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass
class SyndicationSet:
    """Articles, and the gold: each article's origin group and each copy's source(s)."""

    articles: list[Article] = field(default_factory=list)
    group_of: dict[str, str] = field(default_factory=dict)
    sources_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    edits_of: dict[str, tuple[str, ...]] = field(default_factory=dict)


def aeb_bases(pages: Iterable[AebPage]) -> list[BaseText]:
    """Bases from the Article Extraction Benchmark's gold bodies: one per page whose body has
    two paragraphs or more (its lines), titled by the first ten words of the first."""
    out = []
    for page in pages:
        paras = tuple(p.strip() for p in page.gold.split("\n") if p.strip())
        if len(paras) >= 2:
            out.append(BaseText(page.id, " ".join(paras[0].split()[:10]), paras))
    return out


def distinct_bases(bases: Sequence[BaseText], min_words: int = 6) -> list[BaseText]:
    """The bases that share no paragraph of ``min_words`` or more words with an earlier one.

    Real pages sometimes share text already (two pages of one site, one tour's dates); such
    pairs would be real reuse that the gold calls independent, so only the first is kept.
    """
    seen: set[str] = set()
    kept = []
    for base in bases:
        keys = {" ".join(p.casefold().split()) for p in base.paragraphs
                if len(p.split()) >= min_words}
        if keys & seen:
            continue
        seen |= keys
        kept.append(base)
    return kept


def _trim(paras: list[str], rng: random.Random) -> list[str]:
    keep = max(2, round(len(paras) * rng.uniform(0.5, 0.85)))
    return paras[:keep]


def _reorder(paras: list[str], rng: random.Random) -> list[str]:
    if len(paras) < 4:
        return paras
    out = list(paras)
    i = rng.randrange(1, len(out) - 1)
    j = rng.randrange(1, len(out))
    out[i], out[j] = out[j], out[i]
    return out


def _furniture(paras: list[str], rng: random.Random) -> list[str]:
    out = list(paras)
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randrange(1, len(out) + 1), rng.choice(FURNITURE))
    return out


def _substitute(paras: list[str], rng: random.Random, rate: float, drop: float) -> list[str]:
    out = []
    for para in paras:
        words = []
        for word in para.split(" "):
            if rng.random() < drop:
                continue
            key = word.lower()
            words.append(SUBSTITUTES[key] if key in SUBSTITUTES and rng.random() < rate else word)
        out.append(" ".join(words))
    return out


def _headline(title: str, rng: random.Random) -> str:
    words = title.split()
    if len(words) > 3:
        rng.shuffle(words)
    return " ".join(words) + rng.choice(("", " - update", ": what we know"))


def republish(base: BaseText, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    """A copy of ``base``: (title, paragraphs, edits applied)."""
    edits = tuple(e for e in EDITS if rng.random() < 0.5) or (rng.choice(EDITS),)
    paras = list(base.paragraphs)
    title = base.title
    if "trim" in edits:
        paras = _trim(paras, rng)
    if "reorder" in edits:
        paras = _reorder(paras, rng)
    if "paraphrase" in edits:
        paras = _substitute(paras, rng, rate=0.6, drop=0.0)
    if "noise" in edits:
        paras = _substitute(paras, rng, rate=0.3, drop=0.04)
    if "furniture" in edits:
        paras = _furniture(paras, rng)
    if "headline" in edits:
        title = _headline(title, rng)
    return title, paras, edits


def _copy_id(kind: str, *parts: object) -> str:
    """A copy's id: the hex digest of a content id, with no prefix that sorts copies after
    (or before) the originals -- a detector breaking ties by id must not find the origin."""
    return content_id(kind, *parts).rsplit("-", 1)[1]


def _article(art_id: str, title: str, paras: Sequence[str], day: date, outlet: str) -> Article:
    head = f"{title}\n\n"
    return Article(
        id=art_id,
        text=head + "\n\n".join(paras),
        source_path=f"synthetic/{art_id}",
        outlet=outlet,
        title=title,
        published=day.isoformat(),
        body_start=len(head),
    )


def make_syndication_set(
    bases: Sequence[BaseText], *, seed: int = 13, copy_share: float = 0.6, merge_share: float = 0.1
) -> SyndicationSet:
    """Articles for every base, copies of a share of them, and merged two-wire copies."""
    rng = random.Random(seed)
    out = SyndicationSet()
    start = date(2024, 1, 1)
    published: dict[str, date] = {}
    for n, base in enumerate(bases):
        day = start + timedelta(days=n)
        out.articles.append(_article(base.id, base.title, base.paragraphs, day, f"outlet-{n % 7}"))
        out.group_of[base.id] = base.id
        published[base.id] = day
    usable = [b for b in bases if len(b.paragraphs) >= 3]
    for base in usable:
        if rng.random() >= copy_share:
            continue
        for k in range(rng.randint(1, 4)):
            title, paras, edits = republish(base, rng)
            cid = _copy_id("syn", base.id, k)
            day = published[base.id] + timedelta(days=rng.choice((0, 1, 2)))
            out.articles.append(_article(cid, title, paras, day, f"outlet-{rng.randrange(12)}"))
            out.group_of[cid] = base.id
            out.sources_of[cid] = (base.id,)
            out.edits_of[cid] = edits
    _merge_wires(out, usable, published, rng, merge_share)
    return out


def _merge_wires(
    out: SyndicationSet,
    usable: Sequence[BaseText],
    published: dict[str, date],
    rng: random.Random,
    share: float,
) -> None:
    """Copies that join the first paragraphs of two wires.

    A merged copy belongs to the origin group of the wire it takes more text from; the two
    wires stay separate origins (a report compiled from two agencies does not make them one).
    """
    for k in range(int(len(usable) * share)):
        first, second = rng.sample(list(usable), 2)
        head_a = list(first.paragraphs[: max(2, len(first.paragraphs) // 2)])
        head_b = list(second.paragraphs[: max(2, len(second.paragraphs) // 2)])
        cid = _copy_id("syn-merge", first.id, second.id, k)
        day = max(published[first.id], published[second.id]) + timedelta(days=1)
        out.articles.append(_article(cid, first.title, head_a + head_b, day, "outlet-merge"))
        out.sources_of[cid] = (first.id, second.id)
        out.edits_of[cid] = ("merge",)
        main = first if sum(map(len, head_a)) >= sum(map(len, head_b)) else second
        out.group_of[cid] = out.group_of[main.id]
