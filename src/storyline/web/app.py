"""The web UI: story list, dossier pages, articles with highlighted evidence, search, JSON.

``create_app(store)`` takes any object with ``load_corpus()``, ``search(query, limit)`` and
``rejects()`` (and optionally ``version()``, used to reload only when the data changed). Pages
are Jinja2 templates with autoescaping; the dossier sections come from
:func:`storyline.report.html.render_story_sections`, which escapes every piece of article text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from storyline.errors import require
from storyline.model.records import Corpus
from storyline.report.dossier import build_dossier, dossier_to_json
from storyline.report.highlight import (
    Mark,
    evidence_marks,
    highlight_html,
    parse_span,
    snippet_html,
)
from storyline.report.html import CSS, SECTIONS, render_story_sections, story_summary
from storyline.report.view import DossierIndex, StoryView, story_view
from storyline.store.base import Store

if TYPE_CHECKING:
    from fastapi import FastAPI

MAX_QUERY = 200
SEARCH_LIMIT = 50
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'none'; "
        "script-src 'none'; font-src 'none'; connect-src 'none'; form-action 'self'; "
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
    story_json: dict[str, str] = field(default_factory=dict)
    marks: dict[str, list[Mark]] | None = None

    @classmethod
    def of(cls, corpus: Corpus) -> Loaded:
        """Build the dossier of a corpus."""
        dossier = build_dossier(corpus)
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
    (the last ``STORIES`` kept)."""

    STORIES = 32

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: object = None
        self._summaries: list[dict[str, Any]] | None = None
        self._stories: OrderedDict[str, Loaded] = OrderedDict()

    def _fresh(self) -> None:
        version = self.store.version()
        if version != self._version:
            self._version, self._summaries = version, None
            self._stories.clear()

    def summaries(self) -> list[dict[str, Any]]:
        """Every story's summary for the list page."""
        with self._lock:
            self._fresh()
            if self._summaries is None:
                self._summaries = self.store.story_summaries()
            return self._summaries

    def story(self, story_id: str) -> Loaded:
        """One story's dossier (NotFound if the id is no story's now)."""
        with self._lock:
            self._fresh()
            if story_id not in self._stories:
                self._stories[story_id] = Loaded.of(self.store.load_story(story_id))
                if len(self._stories) > self.STORIES:
                    self._stories.popitem(last=False)
            self._stories.move_to_end(story_id)
            return self._stories[story_id]

    def article(self, article_id: str) -> Loaded | None:
        """The dossier of the story an article is in (or of the article alone when no build
        has placed it yet); None when there is no such article."""
        placed = self.store.stories_of([article_id])
        if article_id in placed:
            return self.story(placed[article_id])
        found = self.store.articles_by_id([article_id])
        return Loaded.of(Corpus(articles=tuple(found))) if found else None


def story_url(story_id: str) -> str:
    """The dossier page of a story."""
    return f"/story/{quote(story_id, safe='')}"


def article_url(article_id: str, ev: dict[str, Any] | None = None) -> str:
    """An article page, with the given evidence span highlighted and scrolled to."""
    base = f"/article/{quote(article_id, safe='')}"
    return f"{base}?hl={ev['start']}-{ev['end']}#hl" if ev else base


def _evidence_link(ev: dict[str, Any]) -> str:
    return article_url(ev["article_id"], ev)


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
    )
    app = fastapi.FastAPI(title="storyline", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.cache = CorpusCache(store)
    app.state.store = store
    app.state.cache.summaries()  # read once at startup; fail early on a broken store
    app.state.env = env
    if allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    _install_security(app)
    _install_errors(app, env)
    _mount_static(app)
    _add_pages(app, env, store, Markup)
    _add_api(app)
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
    from fastapi.responses import HTMLResponse, JSONResponse
    from starlette.exceptions import HTTPException

    titles = {404: "Not found", 405: "Method not allowed", 422: "Bad request"}

    @app.exception_handler(HTTPException)
    async def http_error(request: Any, exc: HTTPException) -> Any:
        message = str(exc.detail)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=exc.status_code)
        page = env.get_template("error.html").render(
            status=exc.status_code,
            title=titles.get(exc.status_code, "Error"),
            message=message,
            query="",
        )
        return HTMLResponse(page, status_code=exc.status_code)


def _mount_static(app: FastAPI) -> None:
    """Serve the stylesheet."""
    from importlib import resources

    from fastapi.staticfiles import StaticFiles

    static = resources.files("storyline.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")


def _resolved(store: Store, story_id: str) -> str:
    """The id a story shows under now, or a 404."""
    from storyline.errors import NotFound

    try:
        return store.resolve_story(story_id)
    except NotFound:
        raise _not_found("story", story_id) from None


def _not_found(what: str, ident: str) -> Exception:
    from fastapi import HTTPException

    return HTTPException(404, f"There is no {what} with id '{ident[:100]}'.")


def _add_pages(app: FastAPI, env: Any, store: Store, markup: Any) -> None:
    """The HTML pages."""
    from fastapi import Query
    from fastapi.responses import HTMLResponse, RedirectResponse

    def page(name: str, **context: Any) -> HTMLResponse:
        context.setdefault("query", "")
        return HTMLResponse(env.get_template(name).render(**context))

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        return page("index.html", stories=app.state.cache.summaries(),
                    article_count=store.article_count())

    @app.get("/story/{story_id}", response_class=HTMLResponse)
    def story(story_id: str) -> Any:
        now = _resolved(store, story_id)
        if now != story_id:  # merged into another story: its id leads there for good
            return RedirectResponse(story_url(now), status_code=308)
        data = app.state.cache.story(now)
        view = data.view(story_id)
        body = markup(render_story_sections(view, data.index, _evidence_link))
        return page(
            "story.html",
            story=view.story,
            summary=markup(story_summary(view)),
            body=body,
            sections=[(k, t) for k, t, _ in SECTIONS],
            json_url=f"/api/story/{quote(story_id, safe='')}.json",
        )

    @app.get("/article/{article_id}", response_class=HTMLResponse)
    def article(article_id: str, hl: str | None = None, q: str | None = None) -> HTMLResponse:
        data = app.state.cache.article(article_id)
        art = data.index.articles.get(article_id) if data is not None else None
        if data is None or art is None:
            raise _not_found("article", article_id)
        anchor = parse_span(hl[:40] if hl else None, len(art["text"]))
        marks = list(data.article_marks(article_id))
        if q:  # the words of the search this page was opened from
            found = [Mark(s, e, "found")
                     for s, e in store.match_spans(article_id, q[:MAX_QUERY])]
            marks += found
            if anchor is None and found:
                anchor = found[0]
        body = markup(highlight_html(art["text"], marks, anchor))
        return page(
            "article.html", article=art, body=body, story=data.stories.get(art["story_id"] or "")
        )

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = "", page_no: int = Query(1, alias="page", ge=1, le=10_000)
               ) -> HTMLResponse:
        query = " ".join(q[:MAX_QUERY].split())
        found = store.search(query, limit=SEARCH_LIMIT, offset=(page_no - 1) * SEARCH_LIMIT)
        results = [
            {
                "hit": h,
                "url": article_url(h.article_id) + "?" + urlencode({"q": query}),
                "story_url": story_url(h.story_id) if h.story_id else None,
                "snippet": markup(snippet_html(h.snippet, h.marks)),
            }
            for h in found.hits
        ]
        pages = max(1, -(-found.total // SEARCH_LIMIT))
        return page("search.html", query=query, results=results, total=found.total,
                    message=found.message if query else None, page_no=page_no, pages=pages,
                    first=(page_no - 1) * SEARCH_LIMIT + 1,
                    page_url=lambda n: "/search?" + urlencode({"q": query, "page": n}))

    @app.get("/rejects", response_class=HTMLResponse)
    def rejects() -> HTMLResponse:
        return page("rejects.html", rejects=store.rejects())


def _add_api(app: FastAPI) -> None:
    """The JSON endpoints."""
    from fastapi import Response
    from fastapi.responses import RedirectResponse

    def as_json(text: str) -> Response:
        return Response(text, media_type="application/json")

    @app.get("/api/dossier.json")
    def dossier() -> Response:  # the whole store: a full export
        return as_json(dossier_to_json(build_dossier(app.state.store.load_corpus())))

    @app.get("/api/story/{story_id}.json")
    def story_json(story_id: str) -> Any:
        now = _resolved(app.state.store, story_id)
        if now != story_id:
            return RedirectResponse(f"/api/story/{quote(now, safe='')}.json", status_code=308)
        data = app.state.cache.story(now)
        if now not in data.story_json:
            data.story_json[now] = dossier_to_json(build_dossier(data.corpus, [now]))
        return as_json(data.story_json[now])

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        store = app.state.store
        return {"status": "ok", "stories": store.story_count(),
                "articles": store.article_count()}
