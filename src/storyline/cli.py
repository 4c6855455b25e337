"""The ``storyline`` command-line tool: a thin layer over :class:`storyline.Pipeline`.

Exit codes: 0 done, 1 error, 2 usage, 3 done but some inputs or records were rejected.
"""

from __future__ import annotations

import contextlib
import socket
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from storyline.config import Settings, load_settings
from storyline.errors import StorylineError
from storyline.io.fetch import FetchOptions, read_url_list
from storyline.model import Rejection
from storyline.pipeline import Pipeline, RunReport

EXIT_REJECTED = 3

app = typer.Typer(
    name="storyline",
    help="Turn overlapping news articles into sourced story dossiers.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="The database: an SQLite file (default: ./storyline.db), or a "
                 "PostgreSQL URL such as postgresql://user@host/dbname (needs the 'postgres' "
                 "extra). Default: the STORYLINE_DB environment variable, if set."),
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: 1).")
]
SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", metavar="<address>",
                 help="Run the batch work (cleaning, annotation) on a Dask cluster: the "
                 "address of its scheduler, such as tcp://10.0.0.5:8786, or 'local' to start "
                 "a local cluster of --workers processes. Needs the 'dask' extra here and, on "
                 "every worker, the same storyline version and the spaCy model. Default: "
                 "local processes (--workers)."),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="A storyline.toml settings file.")
]
HostOption = Annotated[str, typer.Option("--host", help="Address to listen on.")]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535,
                                         help="Port to listen on (a free one if taken).")]


def _settings(db: str | None, workers: int | None, config: Path | None,
              max_bytes: int | None = None, scheduler: str | None = None) -> Settings:
    """The settings, or a one-line error naming the file or setting at fault."""
    try:
        return load_settings(config, db=db or None, workers=workers,
                             max_bytes=max_bytes, scheduler=scheduler)
    except StorylineError as exc:
        _fail(exc)
        raise  # unreachable: _fail exits


@contextlib.contextmanager
def _pipeline(settings: Settings, *, existing: bool = False) -> Iterator[Pipeline]:
    """A pipeline with a Rich progress display on stderr; errors become one-line messages.

    ``existing``: the command only reads, so the database must already exist (it is not
    created, and neither is its folder).
    """
    if existing:
        _require_db(settings.db)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    # drawn on a terminal only: in a log or a pipe a bar is noise (and it left an empty line)
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, Any] = {}

        def progress(task: str, done: int, total: int | None) -> None:
            if task not in tasks:
                tasks[task] = bar.add_task(task, total=total)
            bar.update(tasks[task], completed=done, total=total)

        def notify(message: str) -> None:
            err.print(message, markup=False, highlight=False, soft_wrap=True)

        try:
            pipe = Pipeline(settings=settings, progress=progress, readonly=existing,
                            notify=notify)
        except StorylineError as exc:
            _fail(exc)
        try:
            yield pipe
        except StorylineError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            bar.stop()
            err.print("stopped (Ctrl+C)" + ("" if existing else
                      "; what was stored is kept, and the next build goes on from there"),
                      markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(130) from None
        finally:
            pipe.close()


def _require_db(db: str) -> None:
    from storyline.store import is_server_url

    if not is_server_url(db) and not Path(db).is_file():
        err.print(f"error: {db}: no such database (build one with 'storyline build PATH')",
                  markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def _fail(exc: Exception) -> None:
    # one line, never wrapped, so that logs and scripts can read it
    err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _report(report: RunReport) -> None:
    for note in report.notes:
        err.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
    for rej in report.rejected:
        _print_rejection(rej)
    parts = [f"{k} {v}" for k, v in report.summary().items() if v]
    out.print("; ".join(parts) or "nothing to do", markup=False, highlight=False)
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _print_rejection(rej: Rejection) -> None:
    # one line per rejection, never wrapped, so that logs and scripts can read it
    err.print(f"rejected [{rej.stage}] {rej.item}: {rej.reason}", markup=False, highlight=False,
              soft_wrap=True)


UrlsOption = Annotated[
    Path | None,
    typer.Option("--urls", help="A file of URLs to fetch, one per line (# comments allowed)."),
]
ConcurrencyOption = Annotated[
    int, typer.Option("--concurrency", min=1, help="URL fetching: requests in flight at most.")
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.01,
                        help="URL fetching: seconds to wait for a connection or for data.")
]
DeadlineOption = Annotated[
    float, typer.Option("--deadline", min=0.01,
                        help="URL fetching: seconds for a whole response (slow senders cut off).")
]
PrivateOption = Annotated[
    bool, typer.Option("--allow-private-redirects",
                       help="URL fetching: follow redirects to loopback or private addresses "
                            "(refused by default).")
]
RedirectsOption = Annotated[
    int, typer.Option("--max-redirects", min=0, help="URL fetching: redirects followed at most.")
]
MaxBytesOption = Annotated[
    int | None, typer.Option("--max-bytes", min=1,
                             help="Largest input, page or record in bytes (default: 50000000).")
]
_FETCH = FetchOptions()


def _inputs(paths: list[str] | None, urls: Path | None) -> tuple[list[str], Iterable[Any]]:
    """The paths and the URLs of the ``--urls`` file; neither given is a usage error."""
    if not paths and urls is None:
        err.print("error: give files, directories, - (stdin), URLs or --urls FILE",
                  markup=False, highlight=False)
        raise typer.Exit(2)
    return list(paths or []), (read_url_list(urls) if urls is not None else ())


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories, .gz, URLs, or - for stdin."),
    ] = None,
    urls: UrlsOption = None,
    db: DbOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    config: ConfigOption = None,
    max_bytes: MaxBytesOption = None,
    concurrency: ConcurrencyOption = _FETCH.concurrency,
    timeout: TimeoutOption = _FETCH.timeout,
    deadline: DeadlineOption = _FETCH.deadline,
    max_redirects: RedirectsOption = _FETCH.max_redirects,
    allow_private_redirects: PrivateOption = False,
) -> None:
    """Read and clean articles into the database.

    Pages that cannot be fetched (unreachable, slow, redirect loop, wrong content type, too
    big) go to the rejects log with the reason, and the run goes on.

    Example: storyline ingest feeds/ today.jsonl.gz --urls reading-list.txt --db news.db
    """
    paths, listed = _inputs(paths, urls)
    fetch = FetchOptions(concurrency=concurrency, timeout=timeout, deadline=deadline,
                         max_redirects=max_redirects,
                         allow_private_redirects=allow_private_redirects)
    with _pipeline(_settings(db, workers, config, max_bytes, scheduler)) as pipe:
        _report(pipe.ingest(paths, urls=listed, fetch=fetch))


@app.command()
def build(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Optional inputs to ingest first.")
    ] = None,
    urls: UrlsOption = None,
    db: DbOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    config: ConfigOption = None,
    max_bytes: MaxBytesOption = None,
    concurrency: ConcurrencyOption = _FETCH.concurrency,
    timeout: TimeoutOption = _FETCH.timeout,
    deadline: DeadlineOption = _FETCH.deadline,
    max_redirects: RedirectsOption = _FETCH.max_redirects,
    allow_private_redirects: PrivateOption = False,
) -> None:
    """Annotate the stored articles and build every story's dossier.

    With paths or --urls, those are ingested first (see 'storyline ingest --help').

    With --scheduler, the cleaning and annotation batches run on a Dask cluster; a worker
    that dies mid-batch has its batch rerun elsewhere, and an article that kills every worker
    that annotates it is rejected. The stored results are the same as a local build's.

    Example: storyline build articles/ --urls reading-list.txt --db news.db --workers 2
    """
    fetch = FetchOptions(concurrency=concurrency, timeout=timeout, deadline=deadline,
                         max_redirects=max_redirects,
                         allow_private_redirects=allow_private_redirects)
    settings = _settings(db, workers, config, max_bytes, scheduler)
    if not paths and urls is None:
        _require_db(settings.db)  # nothing to read into a store that does not exist: a typo
    with _pipeline(settings) as pipe:
        if paths or urls is not None:
            listed_paths, listed = _inputs(paths, urls)
            _report(pipe.run(listed_paths, urls=listed, fetch=fetch))
        else:
            _report(pipe.build())


@app.command()
def watch(
    paths: Annotated[list[str], typer.Argument(
        help="Files and directories to watch (feeds, JSON Lines, HTML, text, URL lists).")],
    interval: Annotated[float, typer.Option(
        "--interval", "-i", min=0.1, help="Seconds between two looks (default: 60).")] = 60.0,
    once: Annotated[bool, typer.Option(
        "--once", help="Look once, build, print the changes and stop.")] = False,
    db: DbOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    config: ConfigOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Follow inputs as they grow: read new or changed files, build, print what changed.

    Every look reads only the files that are new or changed since they were last read, adds
    their new articles, builds what they touch and prints one line per change: a new story, a
    story grown (with its independent origins), stories merged, articles split off as a story
    of their own or moved to another story, a new discrepancy. Ctrl+C stops
    cleanly; a restart goes on where the last watch stopped (what was read is in the database).
    With --once, the exit status is 3 when inputs were rejected, as for build.

    Example: storyline watch feeds/ wire.jsonl --interval 300 --db news.db
    """
    import time

    from storyline.io.watch import changed_files, dump_signatures, load_signatures

    missing = [p for p in paths if not Path(p).exists()]
    if once and len(missing) == len(paths):
        err.print(f"error: nothing to watch: no such file or directory: {', '.join(missing)}",
                  markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    for p in missing:
        err.print(f"note: {p}: no such file or directory (yet); watched in case it appears",
                  markup=False, highlight=False, soft_wrap=True)
    rejected = 0
    with _pipeline(_settings(db, workers, config, max_bytes, scheduler)) as pipe:
        key = "watch:" + "|".join(sorted(str(Path(p).resolve()) for p in paths))
        seen = load_signatures(pipe.store.load_state(key))
        try:
            while True:
                files, now = changed_files(paths, seen)
                if files or pipe.store.unassigned_article_ids() or pipe.store.dirty_stories():
                    before = _discrepancy_ids(pipe)
                    report = pipe.run([str(f) for f in files]) if files else pipe.build()
                    for rej in report.rejected:
                        _print_rejection(rej)
                    rejected += len(report.rejected)
                    pipe.store.save_state({key: dump_signatures(now)})
                    seen = now
                    for line in _change_lines(pipe, report.run_id, before):
                        out.print(line, markup=False, highlight=False, soft_wrap=True)
                if once:
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            err.print("stopped; the next watch goes on from here", markup=False,
                      highlight=False)
            return
    if rejected:  # --once, as build: inputs were rejected (the rest was stored)
        raise typer.Exit(EXIT_REJECTED)


def _discrepancy_ids(pipe: Pipeline) -> set[str]:
    return {d.id for d in pipe.store.discrepancies()}


def _change_lines(pipe: Pipeline, run_id: int | None, before: set[str]) -> list[str]:
    """One line per story change of the run, and per new discrepancy."""
    lines = []
    logged = pipe.store.story_changes(run_id=run_id) if run_id is not None else []
    for change in logged:
        kind, sid, other, count, reason = (change.kind, change.story_id, change.other_id,
                                           change.articles, change.reason)
        story = next(iter(pipe.store.stories_by_id([pipe.resolve(sid)])), None)
        title = story.title if story else ""
        origins = _origin_count(pipe, story.article_ids) if story else 0
        if kind == "new":
            lines.append(f"new story {sid} ({count} article(s), {origins} independent "
                         f"origin(s)): {title}")
        elif kind == "grew":
            lines.append(f"story {sid} grew by {count} article(s) to "
                         f"{len(story.article_ids) if story else '?'} ({origins} independent "
                         f"origin(s)): {title}")
        elif kind == "merged":
            lines.append(f"story {other} merged into {sid}: {reason}")
        elif kind == "split":
            lines.append(f"{count} article(s) of story {sid} split off as story {other}: "
                         f"{reason}")
        elif kind == "moved":
            lines.append(f"{count} article(s) moved from story {other} to story {sid}: "
                         f"{reason}")
        else:
            lines.append(f"story {sid} {kind} ({other or ''}): {reason}")
    for d in pipe.store.discrepancies():
        if d.id not in before:
            values = " vs ".join(side.value for side in d.sides)
            lines.append(f"new discrepancy in story {d.story_id}: {d.slot}: {values}")
    return lines


def _origin_count(pipe: Pipeline, article_ids: Sequence[str]) -> int:
    from storyline.provenance.origins import count_origins, origin_index

    _, origins = pipe.store.cross_results_of(article_ids)
    return count_origins(article_ids, origin_index(origins))


@app.command()
def stories(
    changes: Annotated[bool, typer.Option(
        "--changes", help="List how stories changed instead: new, grew, merged (the absorbed "
        "id now leads to the survivor), split (articles regrouped as a new story; the rest "
        "keeps the id), moved (articles regrouped into another story); with the time and the "
        "reason.")] = False,
    story: Annotated[str | None, typer.Option(
        "--story", "-s", help="With --changes: only this story's changes.")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List the stories with their article counts and dates, or how they changed.

    Example: storyline stories --db news.db;  storyline stories --changes --db news.db
    """
    with _pipeline(_settings(db, None, config), existing=True) as pipe:
        if changes:
            _print_changes(pipe, story)
            return
        found = pipe.store.stories()
        if not found:
            out.print("no stories yet: run 'storyline build PATH' first")
            return
        _print_stories(found)


@app.command()
def show(
    story: Annotated[str, typer.Argument(help="A story id (see 'storyline stories').")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Print one story's dossier as Markdown.

    On a terminal the Markdown is rendered; piped or redirected, the output is the Markdown
    document itself (storyline show ID > story.md).

    Example: storyline show s-1a2b3c4d5e6f7a8b
    """
    with _pipeline(_settings(db, None, config), existing=True) as pipe:
        ids = _require_stories(pipe, [story])
        text = pipe.export("md", ids)
    if _is_terminal():
        from rich.markdown import Markdown

        out.print(Markdown(_terminal_safe(text)))
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _is_terminal() -> bool:
    """Whether standard output is a terminal (else a pipe or a file: write plain text)."""
    return sys.stdout.isatty()


_CONTROLS = dict.fromkeys([*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0)])


def _terminal_safe(text: str) -> str:
    """The text without control characters (but new lines and tabs): article text must not
    drive the terminal (escape sequences can move the cursor, retitle or rewrite the screen)."""
    return text.translate(_CONTROLS)


def _print_stories(found: Sequence[Any]) -> None:
    """The stories, the newest first (by first publication; undated last), as a table on a
    terminal (ids never cut, titles whole, wrapped in their column, the day of first
    publication); piped, one tab-separated line each (the full time) under a header line,
    never wrapped."""
    from storyline.report.view import one_line
    from storyline.stories.terms import days

    def newest_first(s: Any) -> tuple[bool, float, str]:
        day = days(s.first_published)
        return (day is None, -(day or 0.0), s.id)

    rows = [(s.id, str(len(s.article_ids)), s.first_published or "", one_line(s.title))
            for s in sorted(found, key=newest_first)]
    if not _is_terminal():
        for row in [("id", "articles", "first published", "title"), *rows]:
            sys.stdout.write("\t".join(row) + "\n")
        return
    table = Table(box=None, pad_edge=False, expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("first published", no_wrap=True)
    table.add_column("title", overflow="fold")
    for sid, count, first, title in rows:  # Text: a headline is never read as Rich markup
        table.add_row(Text(sid), count, Text(_terminal_safe(first[:10])),
                      Text(_terminal_safe(title)))
    out.print(table)


def _print_changes(pipe: Pipeline, story: str | None) -> None:
    found = pipe.changes(story)
    if not found:
        out.print("no story changes yet: run 'storyline build PATH' first")
        return
    for c in found:  # one line each, never cut: ids are copied from here
        other = f" {c.other_id}" if c.other_id else ""
        out.print(f"{c.at or '-'}  {c.kind:<6}  {c.story_id}{other}  {c.articles} article(s)  "
                  f"{c.reason}", markup=False, highlight=False, soft_wrap=True)


def _require_stories(pipe: Pipeline, ids: list[str]) -> list[str]:
    """The stories' ids as they show now (a merged id leads to the survivor, with a note)."""
    from storyline.errors import NotFound

    resolved = []
    for sid in ids:
        try:
            now = pipe.resolve(sid)
        except NotFound:
            err.print(f"error: no story with id {sid!r} (see 'storyline stories')",
                      markup=False, highlight=False)
            raise typer.Exit(1) from None
        if now != sid:
            err.print(f"note: story {sid} was merged into {now}; showing {now}",
                      markup=False, highlight=False, soft_wrap=True)
        resolved.append(now)
    return resolved


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="json, md, html or csv (one row per item).")] = "json",
    story: Annotated[
        list[str] | None, typer.Option("--story", "-s", help="Only this story (repeatable).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Export the dossiers as JSON (with a published schema), Markdown, HTML or CSV.

    Example: storyline export --format html -o dossier.html
    """
    if fmt not in ("json", "md", "html", "csv"):
        err.print(f"error: unknown format '{fmt}' (choose json, md, html or csv)")
        raise typer.Exit(2)
    with _pipeline(_settings(db, None, config), existing=True) as pipe:
        ids = _require_stories(pipe, story) if story else None
        text = pipe.export(fmt, ids)
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(StorylineError(f"{output}: cannot write the export: {exc.strerror or exc}"))
        err.print(f"wrote {output}", markup=False, highlight=False)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def search(
    query: Annotated[str, typer.Argument(
        help='Words that must all occur (inflected forms match); word* for a prefix, '
             '"an exact phrase", A OR B, -word to leave out.')],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits.")] = 0,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Full-text search over the stored articles.

    Example: storyline search "ceasefire talk*" --limit 5

    A query that starts with -word goes after -- (else it reads as an option):
    storyline search -- "-strike" port
    """
    with _pipeline(_settings(db, None, config), existing=True) as pipe:
        found = pipe.store.search(query, limit, offset)
    if found.message:
        err.print(found.message, markup=False, highlight=False)
    if not found.hits:
        out.print("no matches")
        return
    first, last = offset + 1, offset + len(found.hits)
    shown = f"{first}-{last} of {found.total} matches" if last > first else \
        f"{first} of {found.total} {'match' if found.total == 1 else 'matches'}"
    out.print(shown, markup=False, highlight=False)
    for hit in found.hits:
        where = " · ".join(x for x in (hit.outlet, (hit.published or "")[:10]) if x)
        story = f"  story {hit.story_id}" if hit.story_id else ""
        out.print(f"{hit.article_id}  {hit.title}\n    {where}{story}\n    "
                  f"{' '.join(hit.snippet.split())}", markup=False, highlight=False)


@app.command()
def rejects(db: DbOption = None, config: ConfigOption = None) -> None:
    """List the rejects log: every input or record that could not be processed, and why.

    Example: storyline rejects --db news.db
    """
    with _pipeline(_settings(db, None, config), existing=True) as pipe:
        logged = pipe.store.rejects()
    if not logged:
        out.print("no rejects")
    for rej in logged:
        out.print(f"[{rej.stage}] {rej.item}: {rej.reason}", markup=False, highlight=False)


@app.command()
def check(db: DbOption = None, config: ConfigOption = None) -> None:
    """Check the store's integrity: every article stored once, annotations and story members
    only of stored articles, each story's record listing its members, redirects that lead to
    a story, no orphaned results. Exit code 0 when the store is whole, 1 with one line per
    kind of problem.

    Example: storyline check --db postgresql://storyline@db.example.org/news
    """
    with _pipeline(_settings(db, None, config), existing=True) as pipe:
        problems = pipe.store.check()
        articles, stories = pipe.store.article_count(), pipe.store.story_count()
    for problem in problems:
        err.print(f"problem: {problem}", markup=False, highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)
    from storyline.report.view import plural

    out.print(f"ok: {plural(articles, 'article')}, {plural(stories, 'story', 'stories')}, "
              "nothing inconsistent", markup=False, highlight=False)


def _free_port(host: str, port: int) -> int:
    """``port`` if it can be bound on ``host`` (an IPv4 or IPv6 address or a name), else a
    free one when it is taken; a ConfigError when ``host`` cannot be listened on at all."""
    import errno

    from storyline.errors import ConfigError

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError(f"cannot listen on host {host!r}: {getattr(exc, 'strerror', exc)}"
                          ) from None
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
            return port
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise ConfigError(f"cannot listen on host {host!r}, port {port}: "
                                  f"{exc.strerror or exc}") from None
            sock.bind((host, 0))
            free = int(sock.getsockname()[1])
    err.print(f"note: port {port} is taken; using port {free}", markup=False, highlight=False)
    return free


def _serve(settings: Settings, host: str, port: int, allow_hosts: Sequence[str] = ()) -> None:
    from storyline.errors import require
    from storyline.store import open_store

    uvicorn = require("uvicorn", "web")
    from storyline.web.app import create_app

    _require_db(settings.db)
    try:
        port = _free_port(host, port)
        store = open_store(settings.db, readonly=True)
    except StorylineError as exc:
        _fail(exc)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"Serving storyline at http://{shown}:{port}/  (Ctrl+C to stop)",
              markup=False, highlight=False)
    hosts = sorted({host, "localhost", "127.0.0.1", "::1", "[::1]", *allow_hosts})
    uvicorn.run(create_app(store, allowed_hosts=hosts), host=host, port=port,
                log_level="warning")


@app.command()
def serve(
    db: DbOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8765,
    config: ConfigOption = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Another host name the browser may use to reach the "
                     "server (e.g. behind a proxy); by default only the listening address and "
                     "localhost are answered."),
    ] = None,
) -> None:
    """Serve the web UI: story list, dossier pages, articles with evidence, search.

    Example: storyline serve --db news.db --port 8765
    """
    settings = _settings(db, None, config)
    try:
        _serve(settings, host, port, allow_host or ())
    except StorylineError as exc:
        _fail(exc)


@app.command()
def demo(
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Build and write the reports, then stop.")
    ] = False,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Where the demo database and reports go.")
    ] = Path("storyline-demo"),
    workers: WorkersOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8765,
) -> None:
    """Build the bundled demo corpus, write its reports, and serve the web UI.

    Example: storyline demo --no-serve --out demo-output
    """
    from storyline.demo import corpus_dir

    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        settings = load_settings(db=str(out_dir / "storyline.db"), workers=workers)
    except StorylineError as exc:
        _fail(exc)
    with _pipeline(settings) as pipe:
        report = pipe.run([str(corpus_dir())])
        for fmt, name in (("json", "dossier.json"), ("md", "dossier.md"), ("html", "dossier.html")):
            (out_dir / name).write_text(pipe.export(fmt), encoding="utf-8")
    for rej in report.rejected:
        _print_rejection(rej)
    out.print(f"{report.stories} stories from {report.read} inputs; reports written to "
              f"{out_dir}/dossier.{{json,md,html}}", markup=False, highlight=False)
    if not no_serve:
        try:
            _serve(settings, host, port)
        except StorylineError as exc:
            _fail(exc)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
