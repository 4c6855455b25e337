"""Cleaning: a raw document (HTML, text, feed item, record) into an article's clean text.

- :func:`clean_document` (:mod:`~storyline.clean.article`): the article with its metadata and
  the raw line of each paragraph; bytes are decoded by :mod:`~storyline.clean.decode`, pages
  extracted by :mod:`~storyline.clean.html_page`, furniture removed by
  :mod:`~storyline.clean.furniture` and :mod:`~storyline.clean.text`.
- :func:`learn_furniture` (:mod:`~storyline.clean.learned`): lines recurring across an
  outlet's articles removed, learned over a window of cleaned articles.
"""

from __future__ import annotations

from storyline.clean.article import clean_document
from storyline.clean.learned import learn_furniture

__all__ = ["clean_document", "learn_furniture"]
