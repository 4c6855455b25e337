"""The web UI: what is happening (story list), dossier pages, entities, articles with highlighted
evidence, search, JSON, CSV and Markdown.

``create_app(store)`` takes any :class:`~storyline.store.base.Store`. Pages are Jinja2 templates
with autoescaping; the dossier sections and pictures come from :mod:`storyline.report` (HTML
sections from :func:`~storyline.report.html.render_story_sections`, inline SVG from
:mod:`storyline.report.svg`), which escape every piece of article text. Pages work without
JavaScript; one same-origin script (``static/live.js``) reloads an open story page when the
story changes.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from storyline.errors import NotFound, require
from storyline.model.records import Corpus
from storyline.report.dossier import build_dossier, dossier_to_json
from storyline.report.highlight import (
    Mark,
    evidence_marks,
    highlight_html,
    parse_span,
    snippet_html,
)
from storyline.report.html import (
    CSS,
    SECTION_KEYS,
    SECTIONS,
    render_entity_story,
)
from storyline.report.links import (
    article_url,
    entity_url,
    section_url,
    story_links,
    story_url,
)
from storyline.report.page import (
    COPIES,
    entity_part,
    page_parts,
    read_entity,
    read_marks,
    read_page,
    read_section,
    section_page,
    section_view_id,
)
from storyline.report.view import (
    DossierIndex,
    StoryView,
    article_label,
    outlet_name,
    plural,
    role_name,
    short_title,
    story_view,
)
from storyline.store.base import Store
from storyline.web.http import install_http

if TYPE_CHECKING:
    from fastapi import FastAPI

MAX_QUERY = 200
SEARCH_LIMIT = 50
MAX_SEARCH_PAGE = 10_000  # pages of search hits one can ask for
STORIES_PER_PAGE = 20
STORY_JSON_PER_PAGE = 500  # items of each list on a page of a story's JSON (?page=N)
STORY_JSON_MAX_PER_PAGE = 5_000
WHOLE_LISTS = ("stories", "sources", "story_changes")  # given whole on every page
ENTITY_STORIES_PER_PAGE = 10
LIVE_SECONDS = 10
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
        "script-src 'self'; font-src 'none'; connect-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@dataclass
class Loaded:
    """One loaded corpus with its dossier and the views built from it so far."""

    corpus: Corpus
    dossier: dict[str, Any]
    index: DossierIndex
    stories: dict[str, dict[str, Any]]
    views: dict[str, StoryView] = field(default_factory=dict)
    marks: dict[str, list[Mark]] | None = None

    @classmethod
    def of(cls, corpus: Corpus, story_id: str | None = None) -> Loaded:
        """Build the dossier of a corpus (``story_id``: of that story, as the export and the
        pages the build stores have it: items of other stories left out)."""
        dossier = build_dossier(corpus, [story_id] if story_id else None)
        stories = {s["id"]: s for s in dossier["stories"]}
        return cls(corpus, dossier, DossierIndex.of(dossier), stories)

    def view(self, story_id: str) -> StoryView:
        """The display view of one story (built once)."""
        if story_id not in self.views:
            self.views[story_id] = story_view(self.dossier, self.stories[story_id])
        return self.views[story_id]

    def article_marks(self, article_id: str) -> list[Mark]:
        """The evidence spans in one article."""
        if self.marks is None:
            self.marks = evidence_marks(self.dossier)
        return self.marks.get(article_id, [])


class CorpusCache:
    """Reads the store one story at a time, and again only when its ``version()`` changes:
    the story list from the store's summaries, each story's dossier from that story's rows
    (the last ``STORIES`` kept, with no more than ``ARTICLES`` articles in all, the one read
    last always kept: a story of 5,000 articles takes about 2 GB once its dossier is built)."""

    STORIES = 32
    ARTICLES = 5_000

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: object = None
        self._summaries: list[dict[str, Any]] | None = None
        self._dirty: frozenset[str] = frozenset()
        self._stories: OrderedDict[str, Loaded] = OrderedDict()
        self._pages: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def _fresh(self) -> None:
        version = self.store.version()
        if version != self._version:
            self._version, self._summaries = version, None
            self._stories.clear()
            self._pages.clear()

    def summaries(self) -> list[dict[str, Any]]:
        """Every story's summary for the list page."""
        with self._lock:
            self._fresh()
            if self._summaries is None:
                self._summaries = self.store.story_summaries()
                self._dirty = frozenset(self.store.dirty_stories())
            return self._summaries

    def summary(self, story_id: str) -> dict[str, Any] | None:
        """One story's summary (None when it has none yet)."""
        return next((s for s in self.summaries() if s["id"] == story_id), None)

    def version_of(self, story_id: str) -> dict[str, Any]:
        """What changes when a story's page would: its newest update, size, discrepancies,
        and whether its results are waiting to be rebuilt (cheap: from the summaries)."""
        s = self.summary(story_id) or {}
        waiting = story_id in self._dirty
        stamp = f"{s.get('updated')}|{s.get('article_count')}|{s.get('discrepancies')}|{waiting}"
        return {"story_id": story_id, "version": stamp, "updated": s.get("updated"),
                "waiting": waiting}

    def page(self, story_id: str) -> dict[str, Any]:
        """A story page's parts (:func:`~storyline.report.page.page_parts`): the ones the
        build stored with the story's results when they are current, else rendered from the
        story's dossier (kept like it)."""
        with self._lock:
            self._fresh()
            parts = self._pages.get(story_id)
        if parts is None:
            parts = read_page(self.store.view("page", story_id))
            if parts is None:
                data = self.story(story_id)
                parts = page_parts(data.view(story_id), data.index)
            with self._lock:
                self._pages[story_id] = parts
                if len(self._pages) > self.STORIES:
                    self._pages.popitem(last=False)
        return parts

    def record(self, story_id: str) -> dict[str, Any]:
        """A story's dossier record (as its page shows it)."""
        return dict(self.page(story_id)["story"])

    def section(self, story_id: str, key: str, page: int) -> dict[str, Any]:
        """One page of a section's own pages (:func:`~storyline.report.page.section_page`): the
        one the build stored with a big story's results when current (past the last page: the
        last), else rendered from the story's dossier (kept)."""
        with self._lock:
            self._fresh()
        stored = read_section(self.store.view("section", section_view_id(story_id, key, page)))
        if stored is None and page > 1:
            first = read_section(self.store.view("section", section_view_id(story_id, key, 1)))
            if first is not None and page > first["pages"]:
                stored = read_section(self.store.view(
                    "section", section_view_id(story_id, key, first["pages"])))
        if stored is not None:
            return stored
        data = self.story(story_id)
        return section_page(data.view(story_id), data.index, key, page)

    def story(self, story_id: str) -> Loaded:
        """One story's dossier (NotFound if the id is no story's now)."""
        with self._lock:
            self._fresh()
            if story_id not in self._stories:
                self._stories[story_id] = Loaded.of(self.store.load_story(story_id, None),
                                                    story_id)
            self._stories.move_to_end(story_id)
            kept = sum(len(d.corpus.articles) for d in self._stories.values())
            while len(self._stories) > 1 and (len(self._stories) > self.STORIES
                                              or kept > self.ARTICLES):
                _, gone = self._stories.popitem(last=False)
                kept -= len(gone.corpus.articles)
            return self._stories[story_id]

    def article_page(self, article_id: str) -> tuple[dict[str, Any], list[Mark],
                                                     dict[str, Any] | None] | None:
        """What an article's page shows: the article (as the dossier gives it), its evidence
        marks and its story's record; None when there is no such article. The marks the build
        stored with a big story's results are used when current (the article and its story's
        record are then read alone); otherwise the story's dossier is read (kept)."""
        placed = self.store.stories_of([article_id])
        sid = placed.get(article_id)
        marks = read_marks(self.store.view("marks", article_id)) if sid else None
        if sid is not None and marks is not None:
            arts = self.store.articles_by_id([article_id])
            stories = self.store.stories_by_id([sid])
            if arts and stories:
                _, origins = self.store.cross_results_of([article_id])
                doc = build_dossier(Corpus(articles=tuple(arts), stories=tuple(stories),
                                           origins=origins), [sid])
                return doc["articles"][0], marks, doc["stories"][0]
        data = self.article(article_id)
        art = data.index.articles.get(article_id) if data is not None else None
        if data is None or art is None:
            return None
        return art, data.article_marks(article_id), data.stories.get(art["story_id"] or "")

    def article(self, article_id: str) -> Loaded | None:
        """The dossier of the story an article is in (or of the article alone when no build
        has placed it yet); None when there is no such article."""
        placed = self.store.stories_of([article_id])
        if article_id in placed:
            return self.story(placed[article_id])
        found = self.store.articles_by_id([article_id])
        return Loaded.of(Corpus(articles=tuple(found))) if found else None


def dossier_page(dossier: dict[str, Any], page: int, per_page: int
                 ) -> tuple[dict[str, Any], int, int]:
    """Page ``page`` (past the last: the last) of a story's dossier, in the export's schema:
    its story record and sources whole, and items ``per_page`` * (page - 1) onwards of each
    other list (articles, entities, quotes, claims …); with the page and the page count."""
    lists = [k for k, v in dossier.items() if isinstance(v, list) and k not in WHOLE_LISTS]
    pages = max(1, *(-(-len(dossier[k]) // per_page) for k in lists)) if lists else 1
    page = min(max(page, 1), pages)
    lo = (page - 1) * per_page
    return ({k: dossier[k][lo:lo + per_page] if k in lists else v for k, v in dossier.items()},
            page, pages)


def article_document(corpus: Corpus, article_id: str, story_id: str | None) -> dict[str, Any]:
    """The dossier restricted to one article: that article, its story (counted over this
    article only) and the items with evidence in it, every span inside it."""
    arts = tuple(a for a in corpus.articles if a.id == article_id)
    doc = build_dossier(dataclasses.replace(corpus, articles=arts),
                        [story_id] if story_id else None)
    keep = ("schema_version", "generated_by", "stories", "sources", "articles", "story_changes")
    return {k: (v if k in keep else [i for i in v if i.get("evidence")]) for k, v in doc.items()}


def create_app(store: Store, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The FastAPI application serving one store.

    ``allowed_hosts``: the host names a request's ``Host`` header may carry (others get 400),
    so that a web page elsewhere cannot read the dossier through DNS rebinding; ``storyline
    serve`` passes the address it listens on and the loopback names. None accepts any host."""
    fastapi = require("fastapi", "web")
    jinja2 = require("jinja2", "web")
    from markupsafe import Markup

    from storyline.version import __version__

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storyline.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        report_css=Markup(CSS),
        version=__version__,
        max_query=MAX_QUERY,
        story_url=story_url,
        article_url=article_url,
        entity_url=entity_url,
        article_label=article_label,
        outlet_name=outlet_name,
        short_title=short_title,
        role_name=role_name,
        plural=plural,
    )
    app = fastapi.FastAPI(title="storyline", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.cache = CorpusCache(store)
    app.state.store = store
    app.state.cache.summaries()  # read once at startup; fail early on a broken store
    app.state.env = env
    if allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    install_http(app)  # inside the security headers: gzip sees each whole answer
    _install_security(app)
    _install_errors(app, env)
    _mount_static(app)
    _add_downloads(app, store)
    _add_pages(app, env, store, Markup)
    _add_api(app, store)
    return app


def _install_security(app: FastAPI) -> None:
    """Send the security headers with every response."""

    @app.middleware("http")
    async def security_headers(request: Any, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _install_errors(app: FastAPI, env: Any) -> None:
    """Errors as JSON under /api/ and as a page everywhere else."""
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse
    from starlette.exceptions import HTTPException

    titles = {400: "Bad request", 404: "Not found", 405: "Method not allowed"}

    def answer(request: Any, status: int, message: str,
               headers: Mapping[str, str] | None = None) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        page = env.get_template("error.html").render(
            status=status, title=titles.get(status, "Error"), message=message, query="")
        return HTMLResponse(page, status_code=status, headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Any, exc: HTTPException) -> Any:
        # the headers the error carries are kept (a 405 names the methods allowed: Allow)
        return answer(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Any, exc: RequestValidationError) -> Any:
        where = ", ".join(".".join(str(x) for x in e.get("loc", ())) for e in exc.errors())
        return answer(request, 400, f"a value of this request is not valid ({where})"[:300])


def _mount_static(app: FastAPI) -> None:
    """Serve the stylesheet and the live-update script."""
    from importlib import resources

    from fastapi.staticfiles import StaticFiles

    static = resources.files("storyline.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")


def _resolved(store: Store, story_id: str) -> str:
    """The id a story shows under now, or a 404."""
    try:
        return store.resolve_story(story_id)
    except NotFound:
        raise _not_found("story", story_id) from None


def _not_found(what: str, ident: str) -> Exception:
    from fastapi import HTTPException

    return HTTPException(404, f"There is no {what} with id '{ident[:100]}'.")


def _page_number(value: str | None) -> int:
    """A page number from a query value (1 when absent or not a positive number)."""
    try:
        return max(1, min(int(str(value or "1")[:9]), 10**6))
    except ValueError:
        return 1


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10]) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class StoryFilters:
    """The front page's filters, read from the query string (bad values are ignored)."""

    since: date | None = None
    until: date | None = None
    outlet: str = ""
    entity: str = ""
    discrepancies: bool = False

    @classmethod
    def of(cls, params: dict[str, str]) -> StoryFilters:
        return cls(
            since=_day(params.get("from")),
            until=_day(params.get("to")),
            outlet=" ".join(str(params.get("outlet") or "").split())[:200],
            entity=" ".join(str(params.get("entity") or "").split())[:200],
            discrepancies=str(params.get("disc") or "") in ("1", "on", "true", "yes"),
        )

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.outlet or self.entity or self.discrepancies)

    def query(self, **extra: object) -> str:
        """The filters (and ``extra``) as a query string."""
        params = {"from": self.since.isoformat() if self.since else "",
                  "to": self.until.isoformat() if self.until else "",
                  "outlet": self.outlet, "entity": self.entity,
                  "disc": "1" if self.discrepancies else "", **extra}
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})

    def apply(self, stories: list[dict[str, Any]], store: Store) -> list[dict[str, Any]]:
        out = stories
        if self.since:
            out = [s for s in out if (_day(s["last_published"] or s["first_published"])
                                      or date.max) >= self.since]
        if self.until:
            out = [s for s in out if (_day(s["first_published"] or s["last_published"])
                                      or date.min) <= self.until]
        if self.outlet:
            wanted = self.outlet.casefold()
            out = [s for s in out if any(o.casefold() == wanted for o in s["outlets"])]
        if self.discrepancies:
            out = [s for s in out if s.get("discrepancies")]
        if self.entity:
            ids = {e.story_id for e in store.find_entities(self.entity, limit=5000)}
            out = [s for s in out if s["id"] in ids]
        return out


def newest_first(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stories by their newest update, then their newest article, then size."""
    def key(s: dict[str, Any]) -> tuple[str, str, int, str]:
        return (str(s.get("updated") or ""), str(s.get("last_published") or ""),
                int(s["article_count"]), s["id"])
    return sorted(stories, key=key, reverse=True)


def story_list(store: Store, stories: list[dict[str, Any]], params: dict[str, str],
               per_page: int = STORIES_PER_PAGE) -> dict[str, Any]:
    """One page of the story list, filtered and newest first."""
    filters = StoryFilters.of(params)
    found = newest_first(filters.apply(stories, store))
    pages = max(1, math.ceil(len(found) / per_page))
    page = min(_page_number(params.get("page")), pages)
    return {"filters": filters, "stories": found[(page - 1) * per_page: page * per_page],
            "total": len(found), "page": page, "pages": pages}


def _add_downloads(app: FastAPI, store: Store) -> None:
    """A story as CSV and as Markdown (declared before the story pages, whose path they share)."""
    from fastapi import Response
    from fastapi.responses import RedirectResponse

    from storyline.report.export import render

    def download(story_id: str, fmt: str, media: str) -> Any:
        now = _resolved(store, story_id)
        if now != story_id:
            return RedirectResponse(story_url(now, f".{fmt}"), status_code=308)
        data = app.state.cache.story(now)
        text = render(data.dossier, fmt)  # the story's own, as `export --story` writes it
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in now)[:80]
        return Response(text, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})

    @app.get("/story/{story_id}.csv")
    def story_csv(story_id: str) -> Any:
        return download(story_id, "csv", "text/csv; charset=utf-8")

    @app.get("/story/{story_id}.md")
    def story_md(story_id: str) -> Any:
        return download(story_id, "md", "text/markdown; charset=utf-8")


def _add_pages(app: FastAPI, env: Any, store: Store, markup: Any) -> None:
    """The HTML pages."""
    from fastapi import Query
    from fastapi.responses import HTMLResponse, RedirectResponse

    def page(name: str, **context: Any) -> HTMLResponse:
        context.setdefault("query", "")
        return HTMLResponse(env.get_template(name).render(**context))

    @app.get("/", response_class=HTMLResponse)
    def index(page_: str = Query("", alias="page"), since: str = Query("", alias="from"),
              to: str = "", outlet: str = "", entity: str = "", disc: str = "") -> HTMLResponse:
        summaries = app.state.cache.summaries()
        params = {"page": page_, "from": since, "to": to, "outlet": outlet, "entity": entity,
                  "disc": disc}
        listing = story_list(store, summaries, params)
        outlets = sorted({o for s in summaries for o in s["outlets"]}, key=str.casefold)
        return page("index.html", all_count=len(summaries), outlets=outlets,
                    article_count=store.article_count(), **listing)

    @app.get("/story/{story_id}", response_class=HTMLResponse)
    def story(story_id: str) -> Any:
        now = _resolved(store, story_id)
        if now != story_id:  # merged into another story: its id leads there for good
            return RedirectResponse(story_url(now), status_code=308)
        parts = app.state.cache.page(now)
        return page(
            "story.html",
            story=parts["story"],
            block=parts["block"],
            summary=markup(parts["summary"]),
            coverage=markup(parts["coverage"]),
            graph=markup(parts["graph"]),
            body=markup(parts["body"]),
            sections=[(k, t) for k, t, _ in SECTIONS],
            json_url=f"/api/story/{quote(now, safe='')}.json",
            live=app.state.cache.version_of(now),
            live_url=f"/api/story/{quote(now, safe='')}/version",
            live_seconds=LIVE_SECONDS,
        )

    def paged(story_id: str, key: str, page_: str, title: str, intro: str) -> Any:
        """One page of a section's own pages (or of the shared text page)."""
        now = _resolved(store, story_id)
        if now != story_id:  # merged into another story: its id leads there for good
            suffix = f"/{key}" + (f"?page={_page_number(page_)}" if page_ else "")
            return RedirectResponse(story_url(now, suffix), status_code=308)
        part = app.state.cache.section(now, key, _page_number(page_))
        n, pages = int(part["page"]), int(part["pages"])
        return page("section.html", story=app.state.cache.record(now), title=title,
                    intro=intro, body=markup(part["html"]), page=n, pages=pages,
                    prev_url=section_url(now, key, n - 1) if n > 1 else None,
                    next_url=section_url(now, key, n + 1) if n < pages else None)

    @app.get("/story/{story_id}/copies", response_class=HTMLResponse)
    def copies(story_id: str, page_: str = Query("", alias="page")) -> Any:
        return paged(story_id, COPIES, page_, "Shared text",
                     "Each pair of articles that share text, with the aligned passages side by "
                     "side; the origins they belong to are listed first.")

    @app.get("/story/{story_id}/{section}", response_class=HTMLResponse)
    def section(story_id: str, section: str, page_: str = Query("", alias="page")) -> Any:
        if section not in SECTION_KEYS:
            raise _not_found("section", section)
        title = next(t for k, t, _ in SECTIONS if k == section)
        return paged(story_id, section, page_, title, "")

    @app.get("/entity/{entity_id}", response_class=HTMLResponse)
    def entity(entity_id: str, page_: str = Query("", alias="page")) -> Any:
        found = _entity_pages(app, store, entity_id, {"page": page_}, stored=True)
        parts = [{**item, "body": markup(item["body"])} for item in found["stories"]]
        return page("entity.html", **{**found, "stories": parts})

    @app.get("/article/{article_id}", response_class=HTMLResponse)
    def article(article_id: str, hl: str | None = None, q: str | None = None) -> HTMLResponse:
        found = app.state.cache.article_page(article_id)
        if found is None:
            raise _not_found("article", article_id)
        art, marks, story = found
        anchor = parse_span(hl[:40] if hl else None, len(art["text"]))
        marks = list(marks)
        if q:  # the words of the search this page was opened from
            hits = [Mark(s, e, "found")
                    for s, e in store.match_spans(article_id, q[:MAX_QUERY])]
            marks += hits
            if anchor is None and hits:
                anchor = hits[0]
        body = markup(highlight_html(art["text"], marks, anchor))
        return page(
            "article.html", article=art, body=body, story=story,
            json_url=f"/api/article/{quote(article_id, safe='')}.json",
        )

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = "", page_: str = Query("", alias="page")) -> HTMLResponse:
        query, found, page_no = _search(store, q, page_)
        titles = {s["id"]: s["title"] for s in app.state.cache.summaries()}
        results = [
            {
                "hit": h,
                "label": label,
                "url": article_url(h.article_id) + "?" + urlencode({"q": query}),
                "story_url": story_url(h.story_id) if h.story_id else None,
                "story_title": titles.get(h.story_id or "") or "its story",
                "snippet": markup(snippet_html(h.snippet, h.marks)),
            }
            for h, label in zip(found.hits, _hit_labels(store, found.hits), strict=True)
        ]
        pages = max(1, -(-found.total // SEARCH_LIMIT))
        return page("search.html", query=query, results=results, total=found.total,
                    message=found.message if query else None, page_no=page_no, pages=pages,
                    first=(page_no - 1) * SEARCH_LIMIT + 1,
                    page_url=lambda n: "/search?" + urlencode({"q": query, "page": n}))

    @app.get("/rejects", response_class=HTMLResponse)
    def rejects() -> HTMLResponse:
        return page("rejects.html", rejects=store.rejects())


def _search(store: Store, q: str, page: str, per_page: int = SEARCH_LIMIT
            ) -> tuple[str, Any, int]:
    """The query as searched (one line, capped), one page of its hits and that page's number
    (a page number that is no positive number: 1; past the last page: the last)."""
    query = " ".join(q[:MAX_QUERY].split())
    page_no = min(_page_number(page), MAX_SEARCH_PAGE)
    found = store.search(query, limit=per_page, offset=(page_no - 1) * per_page)
    last = max(1, -(-found.total // per_page))
    if page_no > last:
        page_no = last
        found = store.search(query, limit=per_page, offset=(page_no - 1) * per_page)
    return query, found, page_no


def _hit_labels(store: Store, hits: Sequence[Any]) -> list[str]:
    """Each hit's article label (outlet · date · short title); an untitled article is named by
    its first line, read for those hits only."""
    untitled = [h.article_id for h in hits if not h.title]
    firsts = {a.id: a.text for a in store.articles_by_id(untitled)} if untitled else {}
    return [article_label({"outlet": h.outlet or None, "published": h.published,
                           "title": h.title, "text": firsts.get(h.article_id, h.snippet)})
            for h in hits]


def _entity_pages(app: FastAPI, store: Store, entity_id: str, params: dict[str, str],
                  stored: bool = False) -> dict[str, Any]:
    """A person or organisation across stories: the entity, its namesakes in other stories
    (one page of them), and in each story its part of the page (:func:`entity_part`) with its
    dossier item, quotes, positions and events. ``stored``: take the part the build stored
    with a big story's results instead when current (it has no items)."""
    try:
        entity = store.get_entity(entity_id)
    except NotFound:
        raise _not_found("entity", entity_id) from None
    namesakes = [entity] + [e for e in store.find_entities(entity.name, exact=True)
                            if e.id != entity.id and e.label == entity.label]
    pages = max(1, math.ceil(len(namesakes) / ENTITY_STORIES_PER_PAGE))
    page = min(_page_number(params.get("page")), pages)
    stories = []
    for e in namesakes[(page - 1) * ENTITY_STORIES_PER_PAGE: page * ENTITY_STORIES_PER_PAGE]:
        if not e.story_id:
            continue
        try:
            sid = store.resolve_story(e.story_id)
            part = read_entity(store.view("entity_page", e.id)) if stored else None
            if part is not None and part["story_id"] == sid:
                stories.append({"story": app.state.cache.record(sid), **part})
                continue
            data = app.state.cache.story(sid)
        except NotFound:
            continue
        item = next((x for x in data.dossier["entities"] if x["id"] == e.id), None)
        if item is None or sid not in data.stories:
            continue
        view = data.view(sid)
        events = [ev for ev in data.dossier["timeline"] if e.id in ev["participants"]]
        body = render_entity_story(view, data.index, e.id, story_links(sid, None))
        stories.append({
            "story": data.stories[sid], "entity": item, **entity_part(sid, item, len(events), body),
            "quotes": [q for q in data.dossier["quotes"] if q["speaker_entity_id"] == e.id],
            "positions": [p for p in data.dossier["positions"] if p["actor"] == e.id],
            "timeline": events,
        })
    titles = list(dict.fromkeys(t for e in namesakes for t in e.titles))
    aliases = list(dict.fromkeys(a for e in namesakes for a in e.aliases if a != entity.name))
    return {"entity": entity, "titles": titles, "aliases": aliases,
            "story_count": len(namesakes), "stories": stories, "page": page, "pages": pages}


def _add_api(app: FastAPI, store: Store) -> None:
    """The JSON endpoints: the same items as the export, lists paginated."""
    from fastapi import Query, Response
    from fastapi.responses import JSONResponse, RedirectResponse

    def as_json(text: str) -> Response:
        return Response(text, media_type="application/json")

    @app.get("/api/dossier.json")
    def dossier() -> Response:  # the whole store: a full export
        return as_json(dossier_to_json(build_dossier(app.state.store.load_corpus())))

    @app.get("/api/stories.json")
    def stories(page: str = "", per_page: str = "", since: str = Query("", alias="from"),
                to: str = "", outlet: str = "", entity: str = "", disc: str = "") -> Any:
        params = {"page": page, "per_page": per_page, "from": since, "to": to,
                  "outlet": outlet, "entity": entity, "disc": disc}
        per_page = max(1, min(_page_number(params.get("per_page") or "50"), 500))
        listing = story_list(store, app.state.cache.summaries(), params, per_page)
        return JSONResponse({"stories": listing["stories"], "total": listing["total"],
                             "page": listing["page"], "pages": listing["pages"],
                             "per_page": per_page})

    @app.get("/api/story/{story_id}/version")
    def story_version(story_id: str) -> Any:
        now = _resolved(store, story_id)
        out = app.state.cache.version_of(now)
        if now != story_id:
            out["moved_to"] = story_url(now)
        return JSONResponse(out, headers={"Cache-Control": "no-store"})

    @app.get("/api/story/{story_id}.json")
    def story_json(story_id: str, page: str = "", per_page: str = "") -> Any:
        now = _resolved(app.state.store, story_id)
        base = f"/api/story/{quote(now, safe='')}.json"
        if now != story_id:
            query = urlencode({k: v for k, v in (("page", page), ("per_page", per_page)) if v})
            return RedirectResponse(base + (f"?{query}" if query else ""), status_code=308)
        data = app.state.cache.story(now)
        if not page and not per_page:  # the whole story, as `export --story` writes it
            return as_json(dossier_to_json(data.dossier))
        size = max(1, min(_page_number(per_page or str(STORY_JSON_PER_PAGE)),
                          STORY_JSON_MAX_PER_PAGE))
        part, n, pages = dossier_page(data.dossier, _page_number(page), size)
        links = [f'<{base}?{urlencode({"page": k, "per_page": size})}>; rel="{rel}"'
                 for k, rel in ((n - 1, "prev"), (n + 1, "next")) if 1 <= k <= pages]
        headers = {"X-Page": str(n), "X-Pages": str(pages)}
        if links:
            headers["Link"] = ", ".join(links)
        return Response(dossier_to_json(part), media_type="application/json", headers=headers)

    @app.get("/api/article/{article_id}.json")
    def article_json(article_id: str) -> Any:
        data = app.state.cache.article(article_id)
        art = data.index.articles.get(article_id) if data is not None else None
        if data is None or art is None:
            raise _not_found("article", article_id)
        return as_json(dossier_to_json(article_document(data.corpus, article_id,
                                                        art["story_id"])))

    @app.get("/api/entity/{entity_id}.json")
    def entity_json(entity_id: str, page: str = "") -> Any:
        found = _entity_pages(app, store, entity_id, {"page": page})
        ent = found["entity"]
        return JSONResponse({
            "id": ent.id, "name": ent.name, "label": ent.label, "titles": found["titles"],
            "aliases": found["aliases"], "story_count": found["story_count"],
            "page": found["page"], "pages": found["pages"],
            "stories": [{
                "story": {k: v for k, v in x["story"].items() if k != "article_ids"},
                "entity": x["entity"], "quotes": x["quotes"], "positions": x["positions"],
                "timeline": x["timeline"],
            } for x in found["stories"]],
        })

    @app.get("/api/search.json")
    def search_json(q: str = "", page: str = "", per_page: str = "") -> Any:
        # a size that is no number: the default; else kept within 1-100
        size = min(_page_number(per_page), 100) if per_page.strip().isdigit() else 20
        query, found, page_no = _search(store, q, page, size)
        hits = [{**dataclasses.asdict(h), "label": label, "marks": [list(m) for m in h.marks],
                 "terms": list(h.terms)}
                for h, label in zip(found.hits, _hit_labels(store, found.hits), strict=True)]
        return JSONResponse({"query": query, "total": found.total, "page": page_no,
                             "per_page": size, "pages": max(1, -(-found.total // size)),
                             "message": found.message, "hits": hits})

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        s = app.state.store
        return {"status": "ok", "stories": s.story_count(), "articles": s.article_count()}
