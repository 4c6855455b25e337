"""The web UI: story list, dossier pages, articles with highlighted evidence, search, JSON.

``create_app(store)`` takes any object with ``load_corpus()``, ``search(query, limit)`` and
``rejects()`` (and optionally ``version()``, used to reload only when the data changed). Pages
are Jinja2 templates with autoescaping; the dossier sections come from
:func:`storyline.report.html.render_story_sections`, which escapes every piece of article text.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

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
    """Loads the corpus once and again only when the store's ``version()`` changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: object = None
        self._loaded: Loaded | None = None

    def get(self) -> Loaded:
        """The current corpus (loaded per call when the store cannot tell its version)."""
        version_of = getattr(self.store, "version", None)
        if version_of is None:
            return Loaded.of(self.store.load_corpus())
        with self._lock:
            version = version_of()
            if self._loaded is None or version != self._version:
                self._loaded = Loaded.of(self.store.load_corpus())
                self._version = version
            return self._loaded


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
    app.state.cache.get()  # load once at startup; fail early on a broken store
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


def _not_found(what: str, ident: str) -> Exception:
    from fastapi import HTTPException

    return HTTPException(404, f"There is no {what} with id '{ident[:100]}'.")


def _add_pages(app: FastAPI, env: Any, store: Store, markup: Any) -> None:
    """The HTML pages."""
    from fastapi.responses import HTMLResponse

    def page(name: str, **context: Any) -> HTMLResponse:
        context.setdefault("query", "")
        return HTMLResponse(env.get_template(name).render(**context))

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        data = app.state.cache.get()
        return page(
            "index.html",
            stories=data.dossier["stories"],
            article_count=len(data.dossier["articles"]),
        )

    @app.get("/story/{story_id}", response_class=HTMLResponse)
    def story(story_id: str) -> HTMLResponse:
        data = app.state.cache.get()
        if story_id not in data.stories:
            raise _not_found("story", story_id)
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
    def article(article_id: str, hl: str | None = None) -> HTMLResponse:
        data = app.state.cache.get()
        art = data.index.articles.get(article_id)
        if art is None:
            raise _not_found("article", article_id)
        anchor = parse_span(hl[:40] if hl else None, len(art["text"]))
        body = markup(highlight_html(art["text"], data.article_marks(article_id), anchor))
        return page(
            "article.html", article=art, body=body, story=data.stories.get(art["story_id"] or "")
        )

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = "") -> HTMLResponse:
        query = " ".join(q[:MAX_QUERY].split())
        hits = store.search(query, limit=SEARCH_LIMIT) if query else []
        results = [
            {
                "article_id": str(h["article_id"]),
                "title": str(h.get("title") or ""),
                "snippet": markup(snippet_html(str(h.get("snippet") or ""))),
            }
            for h in hits
        ]
        return page("search.html", query=query, results=results)

    @app.get("/rejects", response_class=HTMLResponse)
    def rejects() -> HTMLResponse:
        return page("rejects.html", rejects=store.rejects())


def _add_api(app: FastAPI) -> None:
    """The JSON endpoints."""
    from fastapi import Response

    def as_json(text: str) -> Response:
        return Response(text, media_type="application/json")

    @app.get("/api/dossier.json")
    def dossier() -> Response:
        return as_json(dossier_to_json(app.state.cache.get().dossier))

    @app.get("/api/story/{story_id}.json")
    def story_json(story_id: str) -> Response:
        data = app.state.cache.get()
        if story_id not in data.stories:
            raise _not_found("story", story_id)
        if story_id not in data.story_json:
            data.story_json[story_id] = dossier_to_json(build_dossier(data.corpus, [story_id]))
        return as_json(data.story_json[story_id])

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        data = app.state.cache.get()
        return {"status": "ok", "stories": len(data.stories), "articles": len(data.index.articles)}
