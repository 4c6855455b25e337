"""Annotate: the per-article chain over the articles that lack its annotations.

The chain runs in worker processes over groups of same-text articles (:class:`Annotator`):
each group's text is parsed once with the pipeline the settings name, handed to every stage
that ``parses``, and verbatim copies get the representative's annotations re-addressed
(:mod:`storyline.pipeline.copies`), also from articles an earlier build annotated. Each batch
of annotations is stored in one transaction with its completion markers, so a rerun goes on
where an interrupted one stopped.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.executors import make_executor
from storyline.language.gate import ANNOTATED_LANGUAGES
from storyline.language.nlp import MAX_PARSE_CHARS
from storyline.model import Article, ArticleAnnotations, Rejection
from storyline.pipeline.copies import ReuseStats
from storyline.pipeline.run_report import Progress, RunReport
from storyline.pipeline.stage import DocStage, chain_version, check_writes
from storyline.store.base import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

LANGUAGE_STAGE = "language"  # the name the chain's annotations are stored under
# per-article annotation reads at most this many characters of the text (see annotated_part);
# the same as the parse cap, so that every annotated character was also parsed
MAX_ANNOTATED_CHARS = MAX_PARSE_CHARS


def annotated_part(article: Article) -> Article:
    """The article itself, or, when its text is longer than ``MAX_ANNOTATED_CHARS``, a copy
    whose text is a prefix of it, cut at the last paragraph break before the cap (else the last
    sentence end, else the last blank, in the cap's second half; else at the cap), without
    the blanks before the cut.

    The language stages run on that copy: their spans stay valid offsets into the full text and
    none crosses the cut. Text past the cut is not annotated (spaCy parses no more than
    :data:`storyline.language.nlp.MAX_PARSE_CHARS` anyway, and the pattern scanners' time must
    stay bounded on hostile text).
    """
    text = article.text
    if len(text) <= MAX_ANNOTATED_CHARS:
        return article
    head = text[:MAX_ANNOTATED_CHARS]
    floor = MAX_ANNOTATED_CHARS // 2
    cut = head.rfind("\n", floor)
    if cut < 0:
        cut = max(head.rfind(end, floor) for end in (". ", "! ", "? ", ".\t"))
        cut = cut + 1 if cut >= 0 else max(head.rfind(" ", floor), head.rfind("\t", floor))
    part = text[: cut if cut > 0 else MAX_ANNOTATED_CHARS].rstrip()
    return dataclasses.replace(article, text=part, body_start=min(article.body_start, len(part)))


def annotated(article: Article) -> bool:
    """Whether the chain runs on the article (else it is passed through with a note)."""
    return not article.language or article.language in ANNOTATED_LANGUAGES


class Annotator:
    """The per-article chain as one picklable batch function over groups of same-text articles.

    Each group is annotated with :func:`storyline.pipeline.copies.annotate_group`: one article
    per annotation key, its verbatim copies re-addressed; results come flat, in the groups'
    order. When a stage ``parses``, the texts of up to ``PARSE_GROUPS`` groups are parsed
    together with ``nlp.pipe`` and each parse is handed to the stages. ``model`` is the spaCy
    pipeline to parse with (``None``: the default), carried to every worker with the chain.
    """

    PARSE_GROUPS = 32

    def __init__(self, stages: Sequence[DocStage], model: str | None = None) -> None:
        self.stages = list(stages)
        self.model = model
        self.parses = any(stage.parses for stage in self.stages)

    def setup(self) -> None:
        """Load the parser and every stage's models (once per worker); a worker collects
        garbage as a build does (see :mod:`storyline.pipeline.collection`)."""
        from storyline.language.nlp import get_nlp, model_name, using_model
        from storyline.pipeline.collection import for_workers

        for_workers()
        with using_model(self.model):
            if self.parses:
                get_nlp(model_name())
            for stage in self.stages:
                stage.setup()

    def __call__(
        self, groups: Sequence[Sequence[Article]], stats: ReuseStats | None = None
    ) -> list[ArticleAnnotations | Rejection]:
        from storyline.language.nlp import parse_many, using_model
        from storyline.pipeline.copies import annotate_group

        out: list[ArticleAnnotations | Rejection] = []
        with using_model(self.model):
            for start in range(0, len(groups), self.PARSE_GROUPS):
                chunk = groups[start:start + self.PARSE_GROUPS]
                docs = parse_many([annotated_part(g[0]).text for g in chunk
                                   if any(map(annotated, g))]) if self.parses else {}
                one = functools.partial(self.one, docs=docs)
                out.extend(r for group in chunk for r in annotate_group(group, one, stats))
        return out

    def one(
        self, article: Article, docs: Mapping[str, Doc] | None = None
    ) -> ArticleAnnotations | Rejection:
        """Annotate one article (its parse taken from ``docs`` by text, else made), or reject
        it naming the failing stage."""
        from storyline.language.nlp import parse, using_model

        if not annotated(article):
            note = f"language '{article.language}' is not annotated; text passed through"
            return ArticleAnnotations(article_id=article.id, notes=(note,))
        part = annotated_part(article)
        ann = ArticleAnnotations(article_id=article.id)
        doc: Doc | None = None
        with using_model(self.model):
            for stage in self.stages:
                before = ann
                try:
                    if stage.parses and doc is None:
                        doc = (docs or {}).get(part.text) or parse(part)
                    ann = stage.process(part, ann, doc if stage.parses else None)
                except Exception as exc:  # noqa: BLE001 - becomes a rejection
                    item = f"{article.source_path} ({article.id})"
                    return Rejection(stage.name, item, f"{type(exc).__name__}: {exc}")
                check_writes(stage, before, ann)
        if part is not article:
            note = (f"text beyond character {len(part.text)} (of {len(article.text)}) was not "
                    f"annotated: annotation stops at {MAX_ANNOTATED_CHARS} characters")
            ann = dataclasses.replace(ann, notes=(*ann.notes, note))
        return ann


def annotate_article(
    article: Article, stages: Sequence[DocStage] | None = None, model: str | None = None
) -> ArticleAnnotations:
    """One article's annotations from the chain (default: the built-in one); a stage's failure
    is raised as StageError naming the stage."""
    from storyline.errors import StageError
    from storyline.pipeline.doc_stages import default_doc_stages

    result = Annotator(default_doc_stages() if stages is None else stages, model).one(article)
    if isinstance(result, Rejection):
        raise StageError(f"stage '{result.stage}' failed on {result.item}: {result.reason}")
    return result


def annotate_crashed(group: Sequence[Article], reason: str) -> list[Rejection]:
    """The rejections of a group of same-text articles whose annotation killed its worker."""
    return [Rejection(LANGUAGE_STAGE, f"{a.source_path} ({a.id})", f"worker process died: {reason}")
            for a in group]


ANNOTATE_CHUNK = 5_000  # articles read from the store at a time


def annotate_missing(
    store: Store,
    settings: Settings,
    stages: Sequence[DocStage],
    report: RunReport,
    progress: Progress,
) -> None:
    """Annotate the articles that lack this chain's annotations, reading ``ANNOTATE_CHUNK``
    at a time and storing batch by batch; a placed article annotated now (its first attempt
    had failed) marks its story as waiting."""
    version = chain_version(stages)
    todo_ids = store.unannotated_article_ids(LANGUAGE_STAGE, version)
    report.already_annotated = store.article_count() - len(todo_ids)
    if not todo_ids:
        return
    progress("annotate", 0, len(todo_ids))
    finished = 0
    for start in range(0, len(todo_ids), ANNOTATE_CHUNK):
        chunk = store.articles_by_id(todo_ids[start:start + ANNOTATE_CHUNK])
        done = _annotate_chunk(store, settings, stages, version, chunk, report)
        placed = store.stories_of(done)
        if placed:
            store.mark_dirty(sorted(set(placed.values())))
        finished += len(chunk)
        progress("annotate", finished, len(todo_ids))


def _annotate_chunk(store: Store, settings: Settings, stages: Sequence[DocStage], version: str,
                    todo: list[Article], report: RunReport) -> list[str]:
    """Annotate one chunk (copies of earlier-annotated articles re-addressed); the ids done."""
    from storyline.pipeline.copies import text_groups

    copied, todo = _copy_annotated(store, version, todo)
    done = [a.article_id for a in copied]
    if copied:
        store.save_annotations(LANGUAGE_STAGE, version, copied)
        report.annotated += len(copied)
    if not todo:
        return done
    groups = text_groups(todo)
    annotate = Annotator(stages, settings.spacy_model)
    executor = make_executor(settings.scheduler, min(settings.workers, max(1, len(groups) // 4)))
    for batch in executor.map_batches(
        annotate, groups, batch_size=settings.batch_size, setup=annotate.setup,
        on_crash=annotate_crashed,
    ):
        good = [r for r in batch if isinstance(r, ArticleAnnotations)]
        store.save_annotations(LANGUAGE_STAGE, version, good)
        report.reject(store, [r for r in batch if isinstance(r, Rejection)])
        report.annotated += len(good)
        done.extend(a.article_id for a in good)
    return done


def _copy_annotated(
    store: Store, version: str, todo: list[Article]
) -> tuple[list[ArticleAnnotations], list[Article]]:
    """Annotations re-addressed from verbatim copies an earlier build annotated; the rest."""
    from storyline.pipeline.copies import Readdress, annotation_key

    earlier = {annotation_key(a): a for a in store.annotated_with_text(
        LANGUAGE_STAGE, version, (a.text for a in todo))}
    wanted = {a.id: earlier.get(annotation_key(a)) for a in todo}
    if not any(wanted.values()):
        return [], todo
    stored = store.annotations_of(LANGUAGE_STAGE, {s.id for s in wanted.values() if s})
    moves: dict[str, Readdress] = {}
    copied, rest = [], []
    for article in todo:
        source = wanted[article.id]
        copy = None
        if source is not None and source.id in stored:
            if source.id not in moves:
                moves[source.id] = Readdress(stored[source.id], source)
            copy = moves[source.id].to(article)
        if copy is None:
            rest.append(article)
        else:
            copied.append(copy)
    return copied, rest
