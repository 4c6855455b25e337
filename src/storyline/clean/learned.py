"""Learned furniture: lines that recur across many articles but carry no reporting.

Rules (:mod:`storyline.clean.furniture`) know furniture by its wording; this pass knows it by
recurrence. Over a batch of articles it counts, for every body paragraph, in how many
*independent* articles it occurs, per outlet and over the whole batch. A paragraph is removed
when all of these hold:

- it recurs in at least ``min_outlet_articles`` independent articles of one outlet, or in at
  least ``min_corpus_articles`` independent articles from ``min_corpus_outlets`` outlets;
- articles are independent when they share no long paragraph (``LONG_WORDS`` words or more):
  wire copy reprinted by several outlets, or an updated version of a story, counts once, so a
  line that recurs only because one article copied another is never learned;
- it has the shape of furniture, not of reporting: at most ``MAX_WORDS`` words and
  ``MAX_CHARS`` characters, not a sentence (a run of four or more words ending in ``.``,
  ``!`` or ``?``) and no quotation marks;
- removing it leaves the article some text.

Lines are compared after case folding, with punctuation and spacing neutralised, but with their
numbers: a short line whose figures change from article to article ("Death toll: 45") is data,
not furniture (counters such as "Comments (12)" are left to the rules). The headline is not
a body paragraph and is never considered. Each removal carries the reason
``learned: recurs in N articles of <outlet>`` (or ``... from M outlets``).

Not handled yet: learning across runs (only the articles of one batch are counted, so an outlet
seen once per run teaches nothing), paragraphs that are furniture glued to reporting, and
recurring short subheadings, which are removed like furniture (they are not reporting sentences
but they do structure a text).
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence

from storyline.common.unionfind import UnionFind
from storyline.model.records import Article, RemovedLine

__all__ = [
    "LearnedSettings",
    "apply_learned",
    "body_paragraphs",
    "find_learned",
    "furniture_shaped",
    "learn_furniture",
]

MAX_WORDS = 12
MAX_CHARS = 120
LONG_WORDS = 12  # articles sharing a paragraph this long are copies of one another
_SENTENCE = re.compile(r"[.!?…][)\]]*$")
_QUOTES = re.compile(r"[\"“”«»„]")
_NON_WORD = re.compile(r"[\W_]+")


@dataclasses.dataclass(frozen=True, slots=True)
class LearnedSettings:
    """How much recurrence makes a line furniture."""

    min_outlet_articles: int = 3
    min_corpus_articles: int = 5
    min_corpus_outlets: int = 3


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def furniture_shaped(text: str) -> bool:
    """Whether a line could be furniture by its shape: short, not a sentence, no quotation."""
    words = text.split()
    if not words or len(words) > MAX_WORDS or len(text) > MAX_CHARS:
        return False
    if _QUOTES.search(text):
        return False
    return not (len(words) >= 4 and _SENTENCE.search(text))


def _independent_groups(docs: Sequence[Sequence[str]]) -> list[int]:
    """For each article, the id of its group of copies (articles sharing a long paragraph)."""
    groups = UnionFind(range(len(docs)))
    first_seen: dict[str, int] = {}
    for i, paragraphs in enumerate(docs):
        for text in paragraphs:
            if len(text.split()) < LONG_WORDS:
                continue
            key = _key(text)
            if key in first_seen:
                groups.union(first_seen[key], i)
            else:
                first_seen[key] = i
    return [groups.find(i) for i in range(len(docs))]


def find_learned(
    docs: Sequence[tuple[str | None, Sequence[str]]],
    settings: LearnedSettings | None = None,
) -> list[dict[int, str]]:
    """For each ``(outlet, body paragraphs)``, the paragraphs to remove: ``{index: reason}``."""
    cfg = settings or LearnedSettings()
    group_of = _independent_groups([paras for _, paras in docs])
    by_outlet: dict[tuple[str, str], set[int]] = defaultdict(set)  # (outlet, key) -> groups
    by_corpus: dict[str, set[int]] = defaultdict(set)  # key -> groups
    outlets_of: dict[str, set[str]] = defaultdict(set)
    for i, (outlet, paragraphs) in enumerate(docs):
        for text in paragraphs:
            if not furniture_shaped(text):
                continue
            key = _key(text)
            if not key:
                continue
            by_corpus[key].add(group_of[i])
            if outlet:
                by_outlet[(outlet.casefold(), key)].add(group_of[i])
                outlets_of[key].add(outlet.casefold())
    out: list[dict[int, str]] = []
    for outlet, paragraphs in docs:
        drops: dict[int, str] = {}
        for j, text in enumerate(paragraphs):
            if furniture_shaped(text) and (key := _key(text)):
                reason = _reason(outlet, key, by_outlet, by_corpus, outlets_of, cfg)
                if reason:
                    drops[j] = reason
        if len(drops) == len(paragraphs) or not any(
            any(c.isalpha() for c in text) for j, text in enumerate(paragraphs) if j not in drops
        ):
            drops = {}  # never empty an article
        out.append(drops)
    return out


def _reason(
    outlet: str | None,
    key: str,
    by_outlet: dict[tuple[str, str], set[int]],
    by_corpus: dict[str, set[int]],
    outlets_of: dict[str, set[str]],
    cfg: LearnedSettings,
) -> str | None:
    if outlet:
        n = len(by_outlet.get((outlet.casefold(), key), ()))
        if n >= cfg.min_outlet_articles:
            return f"learned: recurs in {n} articles of {outlet}"
    n = len(by_corpus.get(key, ()))
    outlets = len(outlets_of.get(key, ()))
    if n >= cfg.min_corpus_articles and outlets >= cfg.min_corpus_outlets:
        return f"learned: recurs in {n} articles from {outlets} outlets"
    return None


def body_paragraphs(article: Article) -> list[str]:
    """The body paragraphs of an article's clean text (title line left out)."""
    body = article.text[article.body_start :]
    return [p for p in body.split("\n\n") if p] if body else []


def apply_learned(article: Article, line_nos: Sequence[int], drops: dict[int, str]) -> Article:
    """The article without the dropped body paragraphs, which join its removed lines.

    ``line_nos`` are the input line numbers of the body paragraphs, in order. The id stays the
    one the rule-based cleaning gave: what is learned depends on which articles were ingested
    together, and an article's identity must not (the same article ingested alone and in a
    batch is one article, stored once). The metadata found when the article was cleaned is
    kept.
    """
    if not drops:
        return article
    paragraphs = body_paragraphs(article)
    removed = [RemovedLine(line_nos[j] if j < len(line_nos) else 0, paragraphs[j], reason)
               for j, reason in sorted(drops.items())]
    kept = [p for j, p in enumerate(paragraphs) if j not in drops]
    head = article.text[: article.body_start]
    text = head + "\n\n".join(kept)
    return dataclasses.replace(
        article,
        text=text,
        removed=tuple(sorted([*article.removed, *removed], key=lambda r: r.line_no)),
    )


def learn_furniture(
    items: Sequence[tuple[Article, Sequence[int]]], settings: LearnedSettings | None = None
) -> list[Article]:
    """Remove learned furniture from a batch of articles (each with its paragraph line numbers)."""
    docs = [(article.outlet, body_paragraphs(article)) for article, _ in items]
    found = find_learned(docs, settings)
    return [apply_learned(article, line_nos, drops)
            for (article, line_nos), drops in zip(items, found, strict=True)]
