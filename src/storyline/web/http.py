"""HTTP around the pages: gzip compression, and ``HEAD`` answered wherever ``GET`` is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

GZIP_MINIMUM_BYTES = 1024  # smaller answers are sent as they are (gzip would not pay)

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Message, Receive, Send], Awaitable[None]]


class HeadAsGet:
    """Answer ``HEAD`` as the ``GET`` of the same address would be answered, without the body
    (FastAPI routes declared with ``GET`` refuse ``HEAD`` with 405 otherwise)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def install_http(app: FastAPI) -> None:
    """Compress answers of ``GZIP_MINIMUM_BYTES`` or more for clients that accept gzip, and
    answer ``HEAD`` on every ``GET`` route (with the ``GET``'s headers: its length and
    encoding). Install it before any middleware that streams the answer on (as Starlette's
    ``BaseHTTPMiddleware`` does), so that compression sees whole answers."""
    from starlette.middleware.gzip import GZipMiddleware

    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES)
    app.add_middleware(HeadAsGet)
