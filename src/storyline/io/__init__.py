"""Input: files, folders, archives, feeds, JSON records, WARC and URLs as raw documents.

- :func:`iter_inputs` (:mod:`~storyline.io.readers`): every raw document found under the
  given paths (and URLs), or a rejection naming the input and the reason.
- :class:`RawDocument` (:mod:`~storyline.io.raw`): bytes with their source and hints.
- :class:`FetchOptions` (:mod:`~storyline.io.fetch`): how URLs are fetched.
"""

from __future__ import annotations

from storyline.io.fetch import FetchOptions
from storyline.io.raw import RawDocument
from storyline.io.readers import iter_inputs

__all__ = ["FetchOptions", "RawDocument", "iter_inputs"]
