"""What a batch costs as the store grows: new real articles added to a store of 1k, 10k, 100k.

    PYTHONPATH=src python benchmarks/bench_stream.py [--sizes 1000,10000,100000]
        [--batch 1000] [--small 10] [--keep DIR] [--out stream.jsonl]

Measured, at each size of ``--sizes`` (stored articles): the wall time, CPU time and peak
memory of adding a batch of ``--batch`` new real articles — ``Pipeline.ingest`` of a JSON Lines
file, then ``Pipeline.build`` (annotation included) — and then of adding ``--small`` more. Each
batch is added in a child process of its own (``workers=1``: annotation runs in that process),
so that its peak memory is the build's own: the child's ``VmHWM`` (its own peak resident set),
not its ``ru_maxrss``, which on Linux starts from the peak of the parent that forked it (the
parent holds the filling's memory; see :func:`peak_mb`). In the same run,
spaCy's parse alone (``nlp.pipe``, the same model and the same batching as the pipeline's
annotator: runs of ``batch_size`` texts cut by ``pipe_batches``) times the texts of the first
measured batch, as stored, in a child process too (model load not counted), so that the
build's articles per second can be set against it. It is timed twice, run by run: the pipeline
as spaCy ships it (``spacy.load``; the ratio's goal is set against this one) and as storyline
loads it (the attribute ruler given a faster matcher that finds the same matches, see
``storyline.language.attribute_rules``).

Real texts
----------
Distinct real news texts (no two equal after folding case and blanks; none under 200
characters): the FNC-1 training bodies, PolNeAR (train and dev) and BASIL, shuffled together
with a fixed seed; ECB+ documents (tokenised text) are added only when those run out. The
first ``--batch`` texts are the *seed* (the fillers are made from them, below), the next
``--batch`` the measured batch, the next ``--small`` the small batch. Measured articles get
their dataset's outlet where it names one, a URL of their own and a publication time at the
feed's current end (the feed goes on at ``PER_DAY`` articles a day); nothing else of them is
changed.

The same batch at every size
----------------------------
The store is grown once, but every size is measured on a copy of it (SQLite's backup), into
which the *same* batch of real articles is added: so the ratio between two sizes compares one
batch with itself, not three batches of other texts whose mix differs (a 1,000-article batch
of news costs several minutes of parsing, and its cost follows its length). The batch is
therefore never stored before its measurement (the store that is grown never holds it), so it
is annotated for real each time: no stored article has its text, so nothing is re-addressed
as a verbatim copy. The largest size is measured in the grown store itself.

How the store is filled (not measured)
--------------------------------------
1. The seed (real articles) is ingested and built into a store of its own, annotated for real,
   in a child process like the measured batches: its timing is reported as the batch at an
   empty store (other texts than the measured batch).
2. Filler ``k`` is seed article ``k mod N`` (N seed articles whose annotations can be
   re-addressed) in *group* ``k div N``: its text, title and dateline go through a word cipher
   keyed by the group (:class:`WordCipher`: every word, ``\\w+``, replaced by a pseudo-word of
   the same length and character classes, upper-case letters staying upper-case and digits
   digits; the same word gives the same pseudo-word within a group), so that every offset is
   the seed article's, fillers of two groups share no words (so no reuse link, no story
   between them), and a group keeps the reuse and story structure of the seed among its own
   articles. It gets a new id (made as ingest makes ids, from its URL, outlet and text), one of
   ``OUTLETS`` outlets (``Filler Outlet NN``), a URL of its own, no byline, and the publication
   time ``feed_time(k)``: ``PER_DAY`` fillers a day from ``FEED_START``, in the order of
   ``k``. Its annotations are the seed article's, re-addressed to the new id with
   :meth:`storyline.pipeline.copies.Readdress.renamed` (span ids replaced, record ids
   re-derived). The annotations' few literal strings (titles beside names, claim subjects,
   normalised time values) stay the seed's: no step measured here reads them for a filler.
3. Fillers are stored ``FILL_CHUNK`` at a time, in the order of ``k``, with
   ``store.add_articles`` and ``store.save_annotations`` (the default chain's version), and
   each chunk is placed by a real ``Pipeline.build`` whose group stages are the default
   ``"new"`` stages (sources, provenance, stories): the provenance index and the story index
   hold every filler, as they would had the fillers been built.
4. The fillers' stories are not rebuilt (their story-stage results — entities, timeline,
   claims, positions — are not needed: a measured build rebuilds only the stories its own
   articles change, and those are made of real articles). The filling store's
   ``dirty_stories`` answers none (:class:`FillerStore`), then :func:`mark_filler_stories_done`
   clears the waiting marks the chunk left and stores the default story-stage chain version,
   so that the measured build, run with the default stages on a plain store, does not rebuild
   every story.

Reported
--------
A table (one row per measured batch), spaCy's parse alone, the build's articles per second
against it (goal: at least 0.8; also estimated within the build's own run, from the time the
build spent parsing its articles, scaled by the stock-to-storyline parse ratio measured side by
side: this machine's speed drifts by about a tenth between runs minutes apart, which the ratio
of two runs carries and this estimate does not), the peak memory at the largest size (goal:
under 2 GB), the ratio of the batch's wall time at the largest size to the smallest (goal: at
most 1.5), where the time goes (the pipeline's steps, store calls and stage runs, each timed in
the child with the rise of the peak memory during it), the stages' carried state and the
filling. ``--out`` gets one JSON line per measurement. Last line:
``STREAM_COST_RATIO_100K=<wall time of the batch at the largest size / at the smallest>``
(under that name whatever the sizes are; the table says which were used).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import gzip
import hashlib
import inspect
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storyline.config import Settings
from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets import (
    DatasetMissing,
    ecbplus_files,
    read_basil,
    read_cat,
    read_polnear,
)
from storyline.model import Article, ArticleAnnotations, Corpus, Rejection, content_id
from storyline.pipeline import Pipeline
from storyline.pipeline.annotate import LANGUAGE_STAGE
from storyline.pipeline.build import CHAIN_KEY, NEW_BATCH
from storyline.pipeline.copies import Readdress
from storyline.pipeline.doc_stages import default_doc_stages
from storyline.pipeline.group_stages import default_group_stages
from storyline.pipeline.stage import chain_version, state_key
from storyline.store.sqlite import SqliteStore

DEFAULT_DATA = datasets_dir(__file__)
FEED_START = datetime(2021, 1, 4, tzinfo=UTC)
PER_DAY = 300  # articles a day on the feed (fillers, then the measured batches)
FILL_CHUNK = NEW_BATCH  # fillers stored and placed per filler build
OUTLETS = 60  # filler outlets
MIN_CHARS = 200  # shorter texts are not taken
SHUFFLE_SEED = 17
GOAL_RATIO, GOAL_PEAK_MB, GOAL_SPACY = 1.5, 2048.0, 0.8
_T0 = time.perf_counter()


def say(message: str) -> None:
    """Progress on stderr, with the time since the start."""
    minutes, seconds = divmod(int(time.perf_counter() - _T0), 60)
    print(f"[{minutes:3d}:{seconds:02d}] {message}", file=sys.stderr, flush=True)


def feed_time(k: int) -> str:
    """The publication time of the feed's ``k``-th article (``PER_DAY`` a day)."""
    return (FEED_START + timedelta(days=k / PER_DAY)).isoformat(timespec="seconds")


def maxrss_mb() -> float:
    """``ru_maxrss`` of this process, in MB (in a child process, see :func:`peak_mb`)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    """This process's own peak resident memory so far, in MB: ``VmHWM``, the high-water mark
    of the address space it runs in since it started its program.

    Not ``ru_maxrss``: Linux carries into a process the peak of the address space it had
    before ``exec`` (that of its parent, forked), so a child of a parent holding 1.5 GB
    reports at least 1.5 GB whatever it does itself. Where there is no ``/proc``,
    ``ru_maxrss`` is given all the same.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return maxrss_mb()


# --------------------------------------------------------------------------- real texts


@dataclass(frozen=True, slots=True)
class RealText:
    """A real news text and what its dataset says of it."""

    dataset: str
    key: str
    text: str
    title: str | None = None
    outlet: str | None = None

    @property
    def url(self) -> str:
        return f"https://{self.dataset}.example/{self.key}"


def _natural_texts(data: Path) -> Iterator[RealText]:
    """FNC-1 training bodies, PolNeAR (train, dev), BASIL; absent datasets are skipped."""
    fnc = data / "fnc1-stance" / "train_bodies.csv.gz"
    if fnc.exists():
        with gzip.open(fnc, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield RealText("fnc1", row["Body ID"], row["articleBody"])
    for split in ("train", "dev"):
        with contextlib.suppress(DatasetMissing):
            for a in read_polnear(data / "polnear-attribution", split)[1]:
                yield RealText("polnear", a.filename, a.text,
                               outlet=str(a.metadata.get("publisher") or "") or None)
    with contextlib.suppress(DatasetMissing):
        for b in read_basil(data / "basil-media-bias"):
            body = "\n\n".join(" ".join(p) for p in b.paragraphs)
            yield RealText("basil", b.file_key, body, b.title.strip() or None, b.source or None)


def _ecbplus_texts(data: Path) -> Iterator[RealText]:
    with contextlib.suppress(DatasetMissing):
        for path in ecbplus_files(data / "ecbplus"):
            doc = read_cat(path)
            yield RealText("ecbplus", doc.name, doc.text)


def load_pool(data: Path, need: int) -> list[RealText]:
    """At least ``need`` distinct real texts when there are so many: the natural ones shuffled
    together, then ECB+ documents shuffled, when more are needed."""
    seen: set[str] = set()
    pool: list[RealText] = []
    for source in (_natural_texts, _ecbplus_texts):
        if len(pool) >= need:
            break
        found = []
        for t in source(data):
            folded = " ".join(t.text.split()).casefold()
            if len(folded) >= MIN_CHARS and folded not in seen:
                seen.add(folded)
                found.append(t)
        random.Random(SHUFFLE_SEED).shuffle(found)
        pool.extend(found)
    return pool


def write_batch(texts: Sequence[RealText], first: int, path: Path) -> Path:
    """The texts as a JSON Lines file for ingest, dated ``feed_time(first)`` onwards."""
    with path.open("w", encoding="utf-8") as fh:
        for j, t in enumerate(texts):
            record = {"text": t.text, "url": t.url, "date": feed_time(first + j)}
            record.update({k: v for k, v in (("title", t.title), ("outlet", t.outlet)) if v})
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def built_pile(data: Path, n: int, folder: Path, name: str) -> Path:
    """The first ``n`` texts of the pool (:func:`load_pool`) ingested and built for real, with
    the default settings and one worker, into ``folder/<name>.db``; a pile built before is
    reused. Built under another name first, so that a build cut short is not taken for one."""
    db = folder / f"{name}.db"
    if db.exists():
        return db
    texts = load_pool(data, n)[:n]
    if len(texts) < n:
        raise FileNotFoundError(f"only {len(texts)} real texts under {data}")
    feed = write_batch(texts, 0, folder / f"{name}.jsonl")
    partial = folder / f"{name}.partial.db"
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    pipe = Pipeline(settings=Settings(db=str(partial), workers=1))
    try:
        pipe.run([str(feed)])
    finally:
        pipe.close()
    partial.rename(db)
    say(f"{name}: {n} real articles ingested and built in {time.perf_counter() - started:.0f} s")
    return db


# --------------------------------------------------------------------------- fillers

_WORDS = re.compile(r"(\w+)")  # split: separators at even places, words at odd ones
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class WordCipher:
    """Words replaced by pseudo-words of the same length and character classes (letters by
    ASCII letters of the same case, digits by digits, the rest kept), the same word by the
    same pseudo-word; the mapping is keyed by ``key``."""

    def __init__(self, key: str) -> None:
        self.key = key.encode() + b"\x00"
        self._folded: dict[str, str] = {}
        self.words: dict[str, str] = {}

    def word(self, word: str) -> str:
        fake = self.words.get(word)
        if fake is not None:
            return fake
        low = word.lower()
        if len(low) != len(word):
            low = word
        base = self._folded.get(low)
        if base is None:
            noise = hashlib.shake_128(self.key + low.encode("utf-8", "surrogatepass")
                                      ).digest(len(low))
            base = "".join(_LETTERS[b % 26] if c.isalpha() else str(b % 10) if c.isdigit()
                           else c for c, b in zip(low, noise, strict=True))
            self._folded[low] = base
        fake = "".join(f.upper() if c.isupper() else f for c, f in zip(word, base, strict=True))
        self.words[word] = fake
        return fake

    def __call__(self, text: str) -> str:
        return self.apply(_WORDS.split(text))

    def apply(self, parts: list[str]) -> str:
        """The text of ``_WORDS.split(text)`` with its words replaced."""
        out = parts.copy()
        out[1::2] = [self.words.get(w) or self.word(w) for w in parts[1::2]]
        return "".join(out)


class Fillers:
    """Stand-in articles made from annotated real ones (see the module's docstring, step 2)."""

    def __init__(self, sources: Iterable[tuple[Article, ArticleAnnotations]]) -> None:
        self.sources: list[tuple[Article, Readdress]] = []
        self.refused = 0
        for article, found in sources:
            move = Readdress(found, article)
            if move.renamed(content_id("a", "probe", article.id)) is None:
                self.refused += 1
            else:
                self.sources.append((article, move))
        self._split = [tuple(None if t is None else _WORDS.split(t)
                             for t in (a.text, a.title, a.dateline)) for a, _ in self.sources]
        self._vocabulary = {w for parts in self._split for p in parts if p for w in p[1::2]}
        self._cipher: tuple[int, WordCipher] | None = None

    def cipher(self, group: int) -> WordCipher:
        """The group's cipher, every word of the seed mapped at once."""
        if self._cipher is None or self._cipher[0] != group:
            cipher = WordCipher(f"filler group {group}")
            for w in self._vocabulary:
                cipher.word(w)
            self._cipher = (group, cipher)
        return self._cipher[1]

    def make(self, k: int) -> tuple[Article, ArticleAnnotations]:
        """Filler ``k`` and its annotations."""
        group, i = divmod(k, len(self.sources))
        source, move = self.sources[i]
        cipher = self.cipher(group)
        text, title, dateline = (None if p is None else cipher.apply(p) for p in self._split[i])
        assert text is not None
        outlet = f"Filler Outlet {k % OUTLETS:02d}"
        url = f"https://filler-{k % OUTLETS:02d}.example/{group}/{i}"
        article = dataclasses.replace(
            source, id=content_id("a", url, outlet, text), text=text,
            source_path=f"filler/{group}/{i}", url=url, outlet=outlet, title=title,
            byline=None, published=feed_time(k), published_source="metadata",
            dateline=dateline, removed=(), raw_sha256="", notes=())
        annotations = move.renamed(article.id)
        if annotations is None or len(text) != len(source.text):
            raise AssertionError(f"filler {k} cannot stand in for {source.id}")
        return article, annotations


class FillerStore(SqliteStore):
    """The store being filled: its builds place new articles but rebuild no story.

    ``dirty_stories`` answers none, so a filler build's second step has nothing to do, and a
    changed story-stage chain marks nothing; :func:`mark_filler_stories_done` clears the marks.
    Benchmark only: the measured builds open the store as a plain :class:`SqliteStore`.
    """

    def dirty_stories(self) -> list[str]:
        return []

    def mark_all_dirty(self) -> int:
        return 0

    def waiting_stories(self) -> list[str]:
        """The stories really marked as waiting."""
        return super().dirty_stories()


def mark_filler_stories_done(store: FillerStore) -> int:
    """Benchmark only: mark the stories the fillers changed as built without building them
    (their story records are kept, their waiting marks cleared), and store the default
    story-stage chain version, so that the next measured build rebuilds only the stories its
    own articles change. How many stories were marked."""
    waiting = store.waiting_stories()
    for start in range(0, len(waiting), 500):
        part = waiting[start:start + 500]
        stories = tuple(store.stories_by_id(part))
        store.save_story_results(part, Corpus(articles=(), stories=stories))
    story_stages = [s for s in default_group_stages() if s.scope == "story"]
    store.save_state({CHAIN_KEY: chain_version(story_stages).encode()})
    return len(waiting)


def fill(store: FillerStore, start: int, end: int, fillers: Fillers) -> list[list[float]]:
    """Store fillers ``start`` to ``end - 1`` and place them, ``FILL_CHUNK`` at a time; for
    each chunk, the articles stored before it, its size and the seconds its placing took (its
    ``Pipeline.build``)."""
    version = chain_version(default_doc_stages())
    new_stages = [s for s in default_group_stages() if s.scope == "new"]
    settings = Settings(db=str(store.path), workers=1)
    pipeline = Pipeline(store, settings=settings, group_stages=new_stages)
    placing = []
    for lo in range(start, end, FILL_CHUNK):
        made = [fillers.make(k) for k in range(lo, min(end, lo + FILL_CHUNK))]
        store.add_articles((a, None) for a, _ in made)
        store.save_annotations(LANGUAGE_STAGE, version, [n for _, n in made])
        started = time.perf_counter()
        pipeline.build()
        placing.append([lo, len(made), round(time.perf_counter() - started, 1)])
        mark_filler_stories_done(store)
        say(f"fill: {lo + len(made)} of {end} stored and placed ({placing[-1][2]:.0f} s "
            "placing)")
    return placing


def snapshot(source: Path, target: Path) -> None:
    """A copy of a store (SQLite's online backup)."""
    with contextlib.closing(sqlite3.connect(source)) as a, \
            contextlib.closing(sqlite3.connect(target)) as b:
        a.backup(b)


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


# --------------------------------------------------------------------------- child processes


class CallTimes:
    """Seconds, calls and the rise of the peak memory (MB) during each call of the functions
    it wraps (nested calls are counted in each)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[float]] = {}

    def wrap(self, name: str, fn: Callable[..., Any], memory: bool = True
             ) -> Callable[..., Any]:
        row = self.rows.setdefault(name, [0.0, 0, 0.0])
        peak = peak_mb if memory else (lambda: 0.0)

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, before = time.perf_counter(), peak()
            try:
                return fn(*args, **kwargs)
            finally:
                row[0] += time.perf_counter() - start
                row[1] += 1
                row[2] += peak() - before

        return timed

    def patch(self, owner: Any, attr: str, name: str, memory: bool = True) -> None:
        """Time ``owner.attr`` (a function of a module or class) under ``name`` (and the rise
        of the peak memory during it, unless ``memory`` is false: calls made per article)."""
        raw = inspect.getattr_static(owner, attr)
        if isinstance(raw, classmethod):
            setattr(owner, attr, classmethod(self.wrap(name, raw.__func__, memory)))
        else:
            setattr(owner, attr, self.wrap(name, raw, memory))

    def install(self) -> None:
        """Time the store's calls, the stages, the parser and the carried states."""
        import storyline.claims.positions as positions
        import storyline.language.nlp as nlp
        import storyline.pipeline.annotate as annotate
        import storyline.pipeline.build as build
        import storyline.pipeline.runner as runner
        import storyline.provenance.incremental as incremental
        import storyline.stories.describe as describe
        from storyline.stories.online import StoryIndex

        for attr in ("add_articles", "save_annotations", "unannotated_article_ids",
                     "annotated_with_text", "annotations_of", "articles_by_id", "stories_of",
                     "mark_dirty", "unassigned_article_ids", "load_state", "save_state",
                     "save_increment", "dirty_stories", "stories_by_id", "cross_results_of",
                     "save_story_results", "story_members", "article_count", "story_count",
                     "add_rejections", "start_run", "finish_run", "mark_all_dirty",
                     "signature_docs", "signature_hits"):
            self.patch(SqliteStore, attr, f"store.{attr}")
        for stage in default_group_stages():
            self.patch(type(stage), "run", f"stage {stage.name} ({stage.scope})")
        for doc_stage in default_doc_stages():
            self.patch(type(doc_stage), "process", f"annotate: {doc_stage.name}", False)
        self.patch(nlp, "parse_many", PARSE)
        self.patch(nlp, "parse_text", "spaCy parse of one text (sentences, fallbacks)",
                   False)
        self.patch(positions, "parse_many_kept", CUE_PARSE)
        self.patch(annotate.Annotator, "setup", "annotate: load models")
        self.patch(annotate, "_copy_annotated", "annotate._copy_annotated")
        for attr in ("_place", "_rebuild"):
            self.patch(build, attr, f"build.{attr}")
        for attr in ("ingest", "annotate_missing", "build_results"):  # as the runner calls them
            self.patch(runner, attr, f"pipeline.{attr}")
        for attr in ("unpack_state", "pack_state", "detect_new", "origin_groups",
                     "update_stored"):
            self.patch(incremental, attr, f"provenance.{attr}")
        for attr in ("from_bytes", "to_bytes", "assign"):
            self.patch(StoryIndex, attr, f"StoryIndex.{attr}")
        self.patch(describe, "describe", "stories.describe")


PARSE = "annotate: spaCy parse (parse_many)"
CUE_PARSE = "positions: cue-sentence parse (parse_many_kept)"  # calls parse_many too


def child_build(spec: dict[str, Any]) -> dict[str, Any]:
    """Ingest and build one batch into a store; what it cost."""
    times = CallTimes()
    times.install()
    marks: dict[str, list[float]] = {}
    start = time.perf_counter()

    def progress(task: str, done: int, total: int | None) -> None:
        now, peak = time.perf_counter() - start, peak_mb()
        if task not in marks:
            marks[task] = [now, now, peak, peak]
        marks[task][1], marks[task][3] = now, peak

    cpu = time.process_time()
    settings = Settings(db=spec["db"], workers=spec["workers"])
    pipeline = Pipeline(spec["db"], settings=settings, progress=progress)
    ingested = pipeline.ingest([spec["batch"]])
    ingest_s, ingest_peak = time.perf_counter() - start, peak_mb()
    built = pipeline.build()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak, inherited = peak_mb(), maxrss_mb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    calls = {k: [round(v[0], 3), int(v[1]), round(v[2], 1)] for k, v in times.rows.items()
             if v[1]}
    pipeline.close()
    with SqliteStore(spec["db"], readonly=True) as store:
        states = {state_key(s): len(store.load_state(state_key(s)) or b"")
                  for s in default_group_stages() if s.scope == "new"}
        stored, stories = store.article_count(), store.story_count()
    return {
        "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "ingest_s": round(ingest_s, 3),
        "peak_mb": round(peak, 1), "ingest_peak_mb": round(ingest_peak, 1),
        "ru_maxrss_mb": round(inherited, 1),
        "children_peak_mb": round(children, 1), "read": ingested.read,
        "added": ingested.added, "annotated": built.annotated,
        "rejected": len(ingested.rejected) + len(built.rejected),
        "stored_after": stored, "stories_after": stories,
        "db_mb": round(Path(spec["db"]).stat().st_size / 2**20, 1),
        "phases": {k: [round(x, 3) if i < 2 else round(x, 1) for i, x in enumerate(v)]
                   for k, v in marks.items()},
        "calls": calls, "state_bytes": states,
    }


def child_spacy(spec: dict[str, Any]) -> dict[str, Any]:
    """spaCy's parse alone over the texts a build parsed for a batch (as stored), with the
    annotator's batching: the pipeline as spaCy ships it (``spacy.load``, with storyline's
    quotation-mark split so that the tokens are the same), and the pipeline as storyline loads
    it (:func:`storyline.language.nlp.get_nlp`: the attribute ruler's faster matcher, the same
    parses). The two take turns by run of texts, each going first every other run, so that
    both meet the same machine; the model loads are timed apart."""
    import spacy

    from storyline.io.readers import iter_inputs
    from storyline.language import nlp
    from storyline.pipeline.annotate import annotated, annotated_part
    from storyline.pipeline.ingest import clean_batch

    raws = [r for r in iter_inputs([spec["batch"]]) if not isinstance(r, Rejection)]
    ids = [c[0].id for c in clean_batch(raws) if not isinstance(c, Rejection)]
    with SqliteStore(spec["db"], readonly=True) as store:
        articles = store.articles_by_id(ids)  # ordered by id, as the build annotates them
    texts = list(dict.fromkeys(annotated_part(a).text for a in articles if annotated(a)))
    with nlp.using_model(Settings().spacy_model):
        load = time.perf_counter()
        models = {"stock": spacy.load(nlp.model_name()), "storyline": nlp.get_nlp(nlp.model_name())}
        nlp._split_quote_marks(models["stock"])
        load = time.perf_counter() - load
        spent = {k: [0.0, 0.0] for k in models}
        tokens = 0
        size = spec["batch_size"]
        turn = 0
        for lo in range(0, len(texts), size):
            for run in nlp.pipe_batches(texts[lo:lo + size]):
                tamed = [nlp.tame(t[:nlp.MAX_PARSE_CHARS]) for t in run]
                # each goes first every other run (the second meets the texts in the caches)
                order = list(models.items())
                turn += 1
                for name, model in order if turn % 2 else order[::-1]:
                    start, cpu = time.perf_counter(), time.process_time()
                    docs = list(model.pipe(tamed, batch_size=len(run)))
                    spent[name][0] += time.perf_counter() - start
                    spent[name][1] += time.process_time() - cpu
                tokens += sum(len(doc) for doc in docs)
    (wall, cpu), (own_wall, own_cpu) = spent["stock"], spent["storyline"]
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "load_s": round(load, 3),
            "own_wall_s": round(own_wall, 3), "own_cpu_s": round(own_cpu, 3),
            "texts": len(texts), "found": len(articles), "asked": len(ids), "tokens": tokens,
            "peak_mb": round(peak_mb(), 1)}


def child_main(argv: Sequence[str]) -> int:
    kind, spec = argv[0], json.loads(argv[1])
    result = child_build(spec) if kind == "build" else child_spacy(spec)
    print(json.dumps(result))
    return 0


def run_child(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run a measurement in a fresh Python process; its result with the load average."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(spec)],
        stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"the {kind} child failed (exit code {proc.returncode})")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = round(time.perf_counter() - started, 3)
    result["load_before"], result["load_after"] = round(load, 2), round(os.getloadavg()[0], 2)
    return result


# --------------------------------------------------------------------------- the run


def measure(kind: str, stored: int, db: Path, batch: Path, n: int,
            args: Any) -> dict[str, Any]:
    say(f"measure: {kind} of {n} at {stored} stored articles")
    result = run_child("build", {"db": str(db), "batch": str(batch), "workers": args.workers})
    row = {"kind": kind, "stored": stored, "articles": n, **result}
    say(f"measure: {kind} of {n} at {stored}: {row['wall_s']:.1f} s wall, "
        f"{row['peak_mb']:.0f} MB peak, {row['added']} added, {row['annotated']} annotated")
    return row


def run(args: Any) -> int:
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < 0 or args.batch < 1 or args.small < 1:
        return fail("--sizes, --batch and --small must be positive")
    need = 2 * args.batch + args.small
    pool = load_pool(args.data, need)
    if len(pool) < need:
        return fail(f"{args.data}: {len(pool)} distinct real texts, {need} needed")
    seed = pool[:args.batch]
    batch = pool[args.batch:2 * args.batch]
    small = pool[2 * args.batch:need]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bst_stream_"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    fills: list[dict[str, Any]] = []
    try:
        seed_db = work / "seed.db"
        remove_db(seed_db)
        rows.append(measure("seed", 0, seed_db, write_batch(seed, 0, work / "seed.jsonl"),
                            len(seed), args))
        with SqliteStore(seed_db, readonly=True) as store:
            made = store.annotations(LANGUAGE_STAGE)
            fillers = Fillers((a, made[a.id]) for a in store.articles() if a.id in made)
        if not fillers.sources:
            return fail("no seed article's annotations can be re-addressed")
        grown = work / "grown.db"
        remove_db(grown)
        stored = 0
        for size in sizes:
            started, parent_cpu = time.perf_counter(), time.process_time()
            with FillerStore(grown) as store:
                placing = fill(store, stored, size, fillers)
            fills.append({"kind": "fill", "stored": size, "from": stored, "placing_s": placing,
                          "wall_s": round(time.perf_counter() - started, 1),
                          "cpu_s": round(time.process_time() - parent_cpu, 1),
                          "parent_peak_mb": round(maxrss_mb(), 1)})
            stored = size
            db = grown
            if size != sizes[-1]:
                db = work / f"store-{size}.db"
                remove_db(db)
                snapshot(grown, db)
            batch_file = write_batch(batch, size, work / f"batch-{size}.jsonl")
            rows.append(measure("batch", size, db, batch_file, len(batch), args))
            if size == sizes[0]:
                say("measure: spaCy's parse alone on the same texts")
                parse = run_child("spacy", {"db": str(db), "batch": str(batch_file),
                                            "batch_size": Settings().batch_size})
                rows.append({"kind": "spacy", "stored": size, "articles": len(batch), **parse})
            rows.append(measure("small", size + len(batch), db,
                                write_batch(small, size + len(batch),
                                            work / f"small-{size}.jsonl"), len(small), args))
            if db != grown and not args.keep:
                remove_db(db)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for row in [*rows, *fills]:
                fh.write(json.dumps(row, sort_keys=True) + "\n")
    report(rows, fills, sizes, pool, fillers, args)
    return 0


# --------------------------------------------------------------------------- the report


PHASES = ("ingest", "scan", "annotate", "place", "stories", "finish")


def phases(row: dict[str, Any]) -> dict[str, float]:
    """Seconds of each step of an ingest and build, from the progress the pipeline reports:
    ingest; the build's scans before annotating; annotation; placing the new articles
    (sources, provenance, stories); rebuilding the stories they changed; the build's end."""
    marks = row["phases"]

    def first(task: str, i: int = 0) -> float | None:
        return marks[task][i] if task in marks else None

    edges = [("ingest", 0.0), ("scan", row["ingest_s"]), ("annotate", first("annotate")),
             ("place", first("build: place new articles")), ("stories", first("build: stories")),
             ("finish", first("build: stories", 1))]
    known = [(name, t) for name, t in edges if t is not None]
    ends = [t for _, t in known[1:]] + [row["wall_s"]]
    return {name: end - t for (name, t), end in zip(known, ends, strict=True)}


def report(rows: list[dict[str, Any]], fills: list[dict[str, Any]], sizes: Sequence[int],
           pool: Sequence[RealText], fillers: Fillers, args: Any) -> None:
    used: dict[str, int] = {}
    for t in pool[:2 * args.batch + args.small]:
        used[t.dataset] = used.get(t.dataset, 0) + 1
    print(f"real texts: {len(pool)} distinct in the pool; used "
          + ", ".join(f"{k} {v}" for k, v in sorted(used.items()))
          + f" (seed {args.batch}, batch {args.batch}, small {args.small})")
    groups = -(-sizes[-1] // len(fillers.sources)) if sizes[-1] else 0
    print(f"fillers: {len(fillers.sources)} seed articles re-addressable "
          f"({fillers.refused} not), {groups} cipher groups, {PER_DAY} a day from "
          f"{FEED_START.date()}; placed {FILL_CHUNK} per build")
    print(f"sizes used: {', '.join(map(str, sizes))} stored articles; workers {args.workers}")
    print()
    print(f"{'kind':<6}{'stored':>8}{'added':>7}{'wall s':>8}{'cpu s':>8}{'peak MB':>8}"
          f"{'art/s':>7}" + "".join(f"{p:>9}" for p in PHASES) + f"{'load':>6}")
    for row in rows:
        if row["kind"] == "spacy":
            continue
        ph = phases(row)
        print(f"{row['kind']:<6}{row['stored']:>8}{row['added']:>7}{row['wall_s']:>8.1f}"
              f"{row['cpu_s']:>8.1f}{row['peak_mb']:>8.0f}{row['added'] / row['wall_s']:>7.2f}"
              + "".join(f"{ph.get(p, 0.0):>9.2f}" for p in PHASES)
              + f"{row['load_after']:>6.1f}")
    print("(stored: articles before the batch; seed: other texts, into an empty store; the "
          "step columns are wall seconds; load: the 1-minute load average after the batch)")
    batches = [r for r in rows if r["kind"] == "batch"]
    smalls = [r for r in rows if r["kind"] == "small"]
    parse = next((r for r in rows if r["kind"] == "spacy"), None)
    print()
    if parse is not None:
        print(f"spaCy's parse alone, {parse['texts']} texts of the batch as stored "
              f"({parse['tokens']} tokens), the pipeline as spaCy ships it: "
              f"{parse['wall_s']:.1f} s wall, {parse['cpu_s']:.1f} s CPU, "
              f"{parse['texts'] / parse['wall_s']:.2f} art/s (model loads "
              f"{parse['load_s']:.1f} s, not counted); peak {parse['peak_mb']:.0f} MB")
        if "own_wall_s" in parse:
            print(f"  the same pipeline as storyline loads it (faster attribute matcher, the "
                  f"same parses): {parse['own_wall_s']:.1f} s wall, {parse['own_cpu_s']:.1f} s "
                  f"CPU")
        for row in batches:
            print(f"  build vs parse alone at {row['stored']}: "
                  f"{parse['wall_s'] / row['wall_s']:.2f} (wall; goal >= {GOAL_SPACY}), "
                  f"{parse['cpu_s'] / row['cpu_s']:.2f} (CPU)"
                  + (f"; vs storyline's own parse {parse['own_wall_s'] / row['wall_s']:.2f} "
                     f"(wall)" if "own_wall_s" in parse else ""))
            if "own_wall_s" in parse and PARSE in row["calls"]:
                own = row["calls"][PARSE][0] - row["calls"].get(CUE_PARSE, [0.0])[0]
                factor = parse["wall_s"] / parse["own_wall_s"]
                print(f"  the same, timed within the build's own run (free of the machine's "
                      f"drift between runs): its parse of the articles {own:.1f} s, as spaCy "
                      f"ships the pipeline {own * factor:.1f} s (x{factor:.3f}, measured side "
                      f"by side) -> {own * factor / row['wall_s']:.2f}")
    first, last = batches[0], batches[-1]
    print(f"peak memory, batch of {last['articles']} at {last['stored']}: "
          f"{last['peak_mb']:.0f} MB; of {smalls[-1]['articles']}: "
          f"{smalls[-1]['peak_mb']:.0f} MB (goal < {GOAL_PEAK_MB:.0f} MB)")
    ratio = last["wall_s"] / first["wall_s"]
    print(f"batch of {last['articles']} at {last['stored']} / at {first['stored']}: wall "
          f"{ratio:.2f} (goal <= {GOAL_RATIO}), CPU {last['cpu_s'] / first['cpu_s']:.2f}; "
          f"batch of {smalls[-1]['articles']}: wall "
          f"{smalls[-1]['wall_s'] / smalls[0]['wall_s']:.2f}, "
          f"{smalls[0]['wall_s']:.1f} s -> {smalls[-1]['wall_s']:.1f} s")
    for label, row in (("batch", last), ("small", smalls[-1])):
        rises = sorted(((k, v[2]) for k, v in row["calls"].items() if v[2] >= 1),
                       key=lambda kv: -kv[1])[:8]
        print(f"peak memory rises, {label} of {row['articles']} at {row['stored']} (MB; "
              f"{row['ingest_peak_mb']:.0f} MB after ingest; nested calls count in each): "
              + (", ".join(f"{k} {v:.0f}" for k, v in rises) or "none"))
    print()
    for label, a, b in (("batch", first, last), ("small", smalls[0], smalls[-1])):
        print(f"where the time goes, {label} of {b['articles']} (seconds at {a['stored']} | at "
              f"{b['stored']}, calls at {b['stored']}, peak rise MB at {b['stored']}):")
        top = sorted(b["calls"].items(), key=lambda kv: -kv[1][0])[:args.top]
        for name, (seconds, count, rise) in top:
            before = a["calls"].get(name, [0.0])[0]
            print(f"  {name:<48}{before:>8.2f} |{seconds:>8.2f}{count:>7}{rise:>8.0f}")
    print()
    print("carried state (bytes after the batch): " + "; ".join(
        f"at {r['stored']}: " + ", ".join(f"{k} {v / 2**20:.1f} MB"
                                          for k, v in r["state_bytes"].items())
        for r in batches) + f"; store {last['db_mb']:.0f} MB at {last['stored_after']}")
    print("filling (not measured): " + "; ".join(
        f"{f['from']}->{f['stored']} in {f['wall_s']:.0f} s" for f in fills)
          + f"; parent peak {fills[-1]['parent_peak_mb']:.0f} MB")
    placed = [chunk for f in fills for chunk in f["placing_s"]]
    if placed:
        print("placing fillers (the new-article step, no annotation), ms per article at "
              + ", ".join(f"{int(at)}: {1000 * s / n:.0f}"
                          for at, n, s in placed[:: max(1, len(placed) // 8)]))
    headline("STREAM_COST_RATIO_100K", ratio)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    parser = bench_parser(__doc__, data=DEFAULT_DATA, out=Path("stream.jsonl"),
                          data_help="the shared datasets folder (FNC-1, PolNeAR, BASIL, ECB+)",
                          out_help="JSON Lines: one row per measurement and per filling")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="stored articles at which batches are measured")
    parser.add_argument("--batch", type=int, default=1000, help="articles in a measured batch")
    parser.add_argument("--small", type=int, default=10, help="articles in the small batch")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the stores and batch files in this folder")
    parser.add_argument("--workers", type=int, default=1, help="annotation workers")
    parser.add_argument("--top", type=int, default=14, help="timed calls listed")
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
