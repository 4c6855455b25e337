"""``Pipeline``: ingest inputs into the store, then build the dossiers.

Ingest reads and cleans inputs in batches, removes the furniture learned over a window of up
to ``LEARN_WINDOW`` cleaned articles (lines recurring across an outlet's articles) and stores
each window in one transaction, so an interrupted ingest keeps the windows it stored and a
rerun of the same inputs adds nothing twice. Build annotates the articles that lack this
chain's annotations (the completion markers), then runs the cross-document stages and replaces
all results in one transaction. Verbatim copies (equal in all the chain reads but the id) are
annotated once and the copies re-addressed (:mod:`storyline.pipeline.copies`), also against
articles annotated by an earlier build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.config import Settings, load_settings
from storyline.errors import InputError
from storyline.executors.dask import make_executor
from storyline.executors.local import LocalExecutor
from storyline.io.fetch import FetchOptions
from storyline.io.raw import RawDocument
from storyline.language.gate import ANNOTATED_LANGUAGES
from storyline.language.nlp import MAX_PARSE_CHARS
from storyline.model import Article, ArticleAnnotations, Corpus, Rejection
from storyline.pipeline.stage import chain_version, check_plan
from storyline.pipeline.stages import (
    ClaimsStage,
    EntitiesStage,
    EventsStage,
    ProvenanceStage,
    ProvenanceState,
    QuotesStage,
    TimesStage,
    default_doc_stages,
    default_group_stages,
)
from storyline.store import Store

if TYPE_CHECKING:
    from storyline.pipeline.copies import ReuseStats

LANGUAGE_STAGE = "language"
# per-article annotation reads at most this many characters of the text (see annotated_part);
# the same as the parse cap, so that every annotated character was also parsed
MAX_ANNOTATED_CHARS = MAX_PARSE_CHARS
# cleaned articles are held back until this many are known, so that furniture can be learned
# from the lines they share (storyline.clean.learned); each window is stored in one go
LEARN_WINDOW = 1000  # with their raw bytes: a few hundred MB of HTML at most

# the built-in per-article stages that read storyline.language.nlp.parse
_PARSING_STAGES = (EntitiesStage, QuotesStage, TimesStage, EventsStage, ClaimsStage)

# progress(task, done, total): total is None while unknown
Progress = Callable[[str, int, int | None], None]


@dataclass
class RunReport:
    """What a run did."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    annotated: int = 0
    already_annotated: int = 0
    stories: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # inputs read with a repair or a doubt

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "read": self.read,
            "added": self.added,
            "duplicates": self.duplicates,
            "annotated": self.annotated,
            "already_annotated": self.already_annotated,
            "stories": self.stories,
            "rejected": len(self.rejected),
        }


Cleaned = tuple[Article, bytes, tuple[int, ...]]


def _clean_batch(raws: Sequence[RawDocument]) -> list[Cleaned | Rejection]:
    """Clean a batch of raw documents (runs in a worker): article, bytes, paragraph lines."""
    from storyline.clean.article import clean_document

    out: list[Cleaned | Rejection] = []
    for raw in raws:
        try:
            article, line_nos = clean_document(raw)
            out.append((article, raw.data, line_nos))
        except InputError as exc:
            out.append(Rejection("clean", raw.source_path, exc.reason))
        except Exception as exc:  # noqa: BLE001 - a bad document must not stop the run
            out.append(Rejection("clean", raw.source_path, f"{type(exc).__name__}: {exc}"))
    return out


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


def _on_crash(executor: Any, handler: Callable[[Any, str], list[Rejection]]) -> dict[str, Any]:
    """``on_crash`` for executors that can rerun the items of a dead worker apart (local ones)."""
    return {"on_crash": handler} if isinstance(executor, LocalExecutor) else {}


def _clean_crashed(raw: RawDocument, reason: str) -> list[Rejection]:
    """The rejection of a document whose cleaning killed its worker process."""
    return [Rejection("clean", raw.source_path, f"worker process died: {reason}")]


def _annotate_crashed(group: Sequence[Article], reason: str) -> list[Rejection]:
    """The rejections of a group of same-text articles whose annotation killed its worker."""
    return [Rejection(LANGUAGE_STAGE, f"{a.source_path} ({a.id})", f"worker process died: {reason}")
            for a in group]


class _Annotate:
    """The per-article chain as one picklable batch function over groups of same-text articles.

    Each group is annotated with :func:`storyline.pipeline.copies.annotate_group`: one article per
    annotation key, its verbatim copies re-addressed; results come flat, in the groups' order.
    When the chain reads spaCy parses (a built-in language stage is in it), the texts of up to
    :data:`storyline.language.nlp.PREPARSE_TEXTS` groups are parsed together with ``nlp.pipe``
    before those groups are annotated, so that every stage finds its parse in the cache.
    """

    def __init__(self, stages: Sequence[Any]) -> None:
        self.stages = list(stages)
        self.parses = any(isinstance(stage, _PARSING_STAGES) for stage in self.stages)

    def setup(self) -> None:
        """Load every stage's models (once per worker)."""
        for stage in self.stages:
            stage.setup()

    def __call__(
        self, groups: Sequence[Sequence[Article]], stats: ReuseStats | None = None
    ) -> list[ArticleAnnotations | Rejection]:
        from storyline.language.nlp import PREPARSE_TEXTS, preparse
        from storyline.pipeline.copies import annotate_group

        out: list[ArticleAnnotations | Rejection] = []
        for start in range(0, len(groups), PREPARSE_TEXTS):
            chunk = groups[start:start + PREPARSE_TEXTS]
            if self.parses:
                preparse(annotated_part(g[0]).text for g in chunk
                         if any(map(self.annotated, g)))
            out.extend(r for group in chunk for r in annotate_group(group, self.one, stats))
        return out

    @staticmethod
    def annotated(article: Article) -> bool:
        """Whether the chain runs on the article (else it is passed through with a note)."""
        return not article.language or article.language in ANNOTATED_LANGUAGES

    def one(self, article: Article) -> ArticleAnnotations | Rejection:
        """Annotate one article, or reject it naming the failing stage."""
        ann = ArticleAnnotations(article_id=article.id)
        if not self.annotated(article):
            note = f"language '{article.language}' is not annotated; text passed through"
            return ArticleAnnotations(article_id=article.id, notes=(note,))
        part = annotated_part(article)
        for stage in self.stages:
            try:
                ann = stage.process(part, ann)
            except Exception as exc:  # noqa: BLE001 - becomes a rejection
                item = f"{article.source_path} ({article.id})"
                return Rejection(stage.name, item, f"{type(exc).__name__}: {exc}")
        if part is not article:
            note = (f"text beyond character {len(part.text)} (of {len(article.text)}) was not "
                    f"annotated: annotation stops at {MAX_ANNOTATED_CHARS} characters")
            ann = dataclasses.replace(ann, notes=(*ann.notes, note))
        return ann


class Pipeline:
    """Ingest articles and build story dossiers into a store."""

    def __init__(
        self,
        db: str | Path | Store | None = None,
        *,
        settings: Settings | None = None,
        progress: Progress | None = None,
        doc_stages: Sequence[Any] | None = None,
        group_stages: Sequence[Any] | None = None,
        readonly: bool = False,
    ) -> None:
        """``readonly``: open an existing store only to read it (no ingest or build)."""
        self.settings = settings or load_settings()
        if isinstance(db, Store):
            self.store = db
        else:
            self.store = Store(db if db is not None else self.settings.db, readonly=readonly)
        self.progress: Progress = progress or (lambda task, done, total: None)
        self.doc_stages = list(doc_stages) if doc_stages is not None else default_doc_stages()
        self.group_stages = (
            list(group_stages) if group_stages is not None
            else default_group_stages(self.settings.slots())
        )
        check_plan([*self.doc_stages, *self.group_stages])
        os.environ.setdefault("STORYLINE_SPACY_MODEL", self.settings.spacy_model)

    # ------------------------------------------------------------------ ingest

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        urls: Iterable[str | Rejection] = (),
        fetch: FetchOptions | None = None,
    ) -> RunReport:
        """Read, clean and store the inputs; bad inputs are rejected and the run goes on.

        ``urls`` are fetched after the paths (a rejection among them is logged as it is), with
        ``fetch`` options (concurrency, time limits, redirects).
        """
        with self._recorded("ingest") as report:
            self._ingest(paths, urls, fetch, report)
        return report

    @contextlib.contextmanager
    def _recorded(self, command: str) -> Iterator[RunReport]:
        """A run row for ``command``: finished "ok" with the summary, or "failed" with the error."""
        report = RunReport()
        run_id = self.store.start_run(command)
        try:
            yield report
        except BaseException as exc:
            summary = {**report.summary(), "error": f"{type(exc).__name__}: {exc}"}
            self.store.finish_run(run_id, "failed", summary)
            raise
        self.store.finish_run(run_id, "ok", report.summary())

    def _ingest(self, paths: Iterable[str | Path], urls: Iterable[str | Rejection],
                fetch: FetchOptions | None, report: RunReport) -> None:
        from storyline.io.readers import iter_inputs

        def documents() -> Iterable[RawDocument]:
            found = iter_inputs(paths, max_bytes=self.settings.max_bytes, urls=urls, fetch=fetch)
            for item in found:
                if isinstance(item, Rejection):
                    self._reject(report, [item])
                else:
                    yield item

        executor = make_executor(self.settings.scheduler, self.settings.workers)
        window: list[Cleaned] = []
        for batch in executor.map_batches(
            _clean_batch, documents(), batch_size=self.settings.batch_size,
            **_on_crash(executor, _clean_crashed),
        ):
            report.read += len(batch)
            self._reject(report, [r for r in batch if isinstance(r, Rejection)])
            window.extend(r for r in batch if not isinstance(r, Rejection))
            if len(window) >= LEARN_WINDOW:
                self._store_cleaned(window, report)
                window = []
            self.progress("ingest", report.read, None)
        self._store_cleaned(window, report)

    def _store_cleaned(self, window: list[Cleaned], report: RunReport) -> None:
        """Remove the furniture learned over the window's articles, then store them."""
        from storyline.clean.learned import learn_furniture

        if not window:
            return
        try:
            articles = learn_furniture([(article, lines) for article, _, lines in window])
        except Exception as exc:  # noqa: BLE001 - keep the cleaned articles, say what failed
            articles = [article for article, _, _ in window]
            self._reject(report, [Rejection(
                "learn", f"{len(window)} articles from {window[0][0].source_path}",
                f"learned furniture not applied: {type(exc).__name__}: {exc}")])
        good = [(article, data) for article, (_, data, _) in zip(articles, window, strict=True)]
        report.notes.extend(f"{article.source_path}: {note}" for article, _ in good
                            for note in article.notes)
        added = self.store.add_articles(good)
        report.added += added
        report.duplicates += len(good) - added

    def _reject(self, report: RunReport, rejected: list[Rejection]) -> None:
        if rejected:
            self.store.add_rejections(rejected)
            report.rejected.extend(rejected)

    # ------------------------------------------------------------------ build

    def build(self) -> RunReport:
        """Annotate what is not yet annotated, then rebuild every story's dossier."""
        with self._recorded("build") as report:
            self._build(report)
        return report

    def _build(self, report: RunReport) -> None:
        articles = self.store.articles()
        self._annotate(articles, report)
        corpus = Corpus(
            articles=tuple(articles), annotations=self.store.annotations(LANGUAGE_STAGE)
        )
        stages, carried = self._with_state(self.group_stages)
        for stage in stages:
            self.progress(f"build: {stage.name}", 0, 1)
            corpus, rejected = stage.run(corpus)
            self._reject(report, rejected)
            self.progress(f"build: {stage.name}", 1, 1)
        state = {key: holder.index.to_bytes() for key, holder in carried.items()
                 if holder.index is not None}
        self.store.save_results(corpus, state=state)
        report.stories = len(corpus.stories)

    def _with_state(self, stages: Sequence[Any]) -> tuple[list[Any], dict[str, ProvenanceState]]:
        """The group stages, provenance given what the last build stored for it."""
        out, carried = [], {}
        for stage in stages:
            if isinstance(stage, ProvenanceStage):
                holder = ProvenanceState(self.store.load_state(stage.state_key),
                                         self.store.reuse_links())
                carried[stage.state_key] = holder
                stage = dataclasses.replace(stage, state=holder)
            out.append(stage)
        return out, carried

    def _annotate(self, articles: Sequence[Article], report: RunReport) -> None:
        version = chain_version(self.doc_stages)
        done = self.store.done_article_ids(LANGUAGE_STAGE, version)
        todo = [a for a in articles if a.id not in done]
        report.already_annotated = len(articles) - len(todo)
        if not todo:
            return
        from storyline.pipeline.copies import text_groups

        finished = 0
        self.progress("annotate", 0, len(todo))
        copied, todo = self._copy_annotated(articles, done, todo)
        if copied:
            self.store.save_annotations(LANGUAGE_STAGE, version, copied)
            report.annotated += len(copied)
            finished += len(copied)
            self.progress("annotate", finished, finished + len(todo))
        if not todo:
            return
        groups = text_groups(todo)
        annotate = _Annotate(self.doc_stages)
        executor = make_executor(
            self.settings.scheduler, min(self.settings.workers, max(1, len(groups) // 4))
        )
        for batch in executor.map_batches(
            annotate, groups, batch_size=self.settings.batch_size, setup=annotate.setup,
            **_on_crash(executor, _annotate_crashed),
        ):
            good = [r for r in batch if isinstance(r, ArticleAnnotations)]
            self.store.save_annotations(LANGUAGE_STAGE, version, good)
            self._reject(report, [r for r in batch if isinstance(r, Rejection)])
            report.annotated += len(good)
            finished += len(batch)
            self.progress("annotate", finished, len(articles) - report.already_annotated)

    def _copy_annotated(
        self, articles: Sequence[Article], done: set[str], todo: list[Article]
    ) -> tuple[list[ArticleAnnotations], list[Article]]:
        """Annotations re-addressed from verbatim copies an earlier build annotated; the rest."""
        from storyline.pipeline.copies import Readdress, annotation_key

        earlier = {annotation_key(a): a for a in articles if a.id in done}
        wanted = {a.id: earlier.get(annotation_key(a)) for a in todo}
        if not any(wanted.values()):
            return [], todo
        stored = self.store.annotations(LANGUAGE_STAGE)
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

    # ------------------------------------------------------------------ reading back

    def run(
        self,
        paths: Iterable[str | Path],
        *,
        urls: Iterable[str | Rejection] = (),
        fetch: FetchOptions | None = None,
    ) -> RunReport:
        """Ingest the inputs (and ``urls``) and build: the whole job."""
        first = self.ingest(paths, urls=urls, fetch=fetch)
        second = self.build()
        second.read, second.added, second.duplicates = first.read, first.added, first.duplicates
        second.rejected = first.rejected + second.rejected
        second.notes = first.notes + second.notes
        return second

    def corpus(self) -> Corpus:
        """Everything stored, as one Corpus."""
        return self.store.load_corpus(LANGUAGE_STAGE)

    def dossier(self, story_ids: Sequence[str] | None = None) -> dict[str, Any]:
        """The dossier JSON document (all stories, or the given ones)."""
        from storyline.report.dossier import build_dossier

        return build_dossier(self.corpus(), story_ids)

    def export(self, fmt: str, story_ids: Sequence[str] | None = None) -> str:
        """The dossier as ``json``, ``md`` or ``html`` text."""
        from storyline.report.dossier import dossier_to_json
        from storyline.report.html import render_html
        from storyline.report.markdown import render_markdown

        renderers: dict[str, Callable[[dict[str, Any]], str]] = {
            "json": dossier_to_json,
            "md": render_markdown,
            "html": render_html,
        }
        if fmt not in renderers:
            from storyline.errors import ConfigError

            raise ConfigError(f"unknown export format '{fmt}' (choose json, md or html)")
        return renderers[fmt](self.dossier(story_ids))

    def close(self) -> None:
        """Close the store."""
        self.store.close()
