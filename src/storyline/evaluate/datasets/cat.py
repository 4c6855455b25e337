"""CAT XML (the Content Annotation Tool's format): MEANTIME and ECB+.

A document is its tokens (``<token t_id sentence>``), then ``<Markables>`` (entity, event and
time mentions anchored to tokens by ``<token_anchor t_id>``, and entity instances with no
anchor) and ``<Relations>`` (``<source m_id>`` elements pointing at a ``<target m_id>``). The
text is made from the tokens as both corpora are read here: tokens joined by spaces, a newline
where the sentence changes, so every token has a character span.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from storyline.evaluate.datasets.files import DatasetMissing, require

__all__ = [
    "CatDoc",
    "CatToken",
    "Markable",
    "Relation",
    "ecbplus_files",
    "read_cat",
]


@dataclass(frozen=True, slots=True)
class CatToken:
    """A token: its id, sentence number (as written), text and character span in the text."""

    t_id: str
    sentence: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Markable:
    """An annotated item (``ENTITY_MENTION``, ``TIMEX3``, ``ENTITY`` ...): its attributes, the
    token ids it is anchored to and the spans of those of them the document holds."""

    tag: str
    attrs: Mapping[str, str]
    token_ids: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @property
    def m_id(self) -> str:
        """The markable's id (empty when it has none)."""
        return self.attrs.get("m_id", "")

    @property
    def extent(self) -> tuple[int, int] | None:
        """From the first anchored character to the last; ``None`` when nothing is anchored."""
        if not self.spans:
            return None
        return min(s for s, _ in self.spans), max(e for _, e in self.spans)


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation (``REFERS_TO``, ``TLINK`` ...): source markable ids and the target's id
    (``None`` when it has no target element, empty when the target names none)."""

    tag: str
    attrs: Mapping[str, str]
    sources: tuple[str, ...]
    target: str | None


@dataclass(frozen=True)
class CatDoc:
    """One CAT document: its name (the file name without ``.xml``), text, tokens, markables
    in document order and relations."""

    name: str
    text: str
    tokens: tuple[CatToken, ...]
    markables: tuple[Markable, ...]
    relations: tuple[Relation, ...]

    @cached_property
    def spans(self) -> dict[str, tuple[int, int]]:
        """Token id -> character span."""
        return {t.t_id: (t.start, t.end) for t in self.tokens}

    def of(self, tag: str) -> list[Markable]:
        """The markables of one kind, in document order."""
        return [m for m in self.markables if m.tag == tag]


def read_cat(path: Path) -> CatDoc:
    """A CAT XML document (``.xml`` or ``.xml.gz``)."""
    require(path)
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as fh:
            root = ET.parse(fh).getroot()
    else:
        root = ET.parse(path).getroot()
    tokens: list[CatToken] = []
    parts: list[str] = []
    pos = 0
    for tok in root.iter("token"):
        sentence = tok.get("sentence", "")
        sep = "" if not tokens else ("\n" if sentence != tokens[-1].sentence else " ")
        word = tok.text or ""
        start = pos + len(sep)
        tokens.append(CatToken(tok.get("t_id", ""), sentence, word, start, start + len(word)))
        parts.append(sep + word)
        pos = start + len(word)
    text = "".join(parts)
    spans = {t.t_id: (t.start, t.end) for t in tokens}
    markables = []
    for group in root.iter("Markables"):
        for el in group:
            ids = tuple(a.get("t_id", "") for a in el.iter("token_anchor"))
            markables.append(Markable(el.tag, dict(el.attrib), ids,
                                      tuple(spans[t] for t in ids if t in spans)))
    relations = []
    for group in root.iter("Relations"):
        for el in group:
            target = el.find("target")
            relations.append(Relation(el.tag, dict(el.attrib),
                                      tuple(s.get("m_id", "") for s in el.findall("source")),
                                      None if target is None else target.get("m_id", "")))
    name = path.name.removesuffix(".gz").removesuffix(".xml")
    return CatDoc(name, text, tuple(tokens), tuple(markables), tuple(relations))


def ecbplus_files(folder: Path) -> list[Path]:
    """The documents of an ``ecbplus`` folder (``ECB+/<topic>/*.xml.gz``), sorted; raises
    :class:`~storyline.evaluate.datasets.files.DatasetMissing` without an ``ECB+`` folder."""
    if not (folder / "ECB+").is_dir():
        raise DatasetMissing(f"{folder}: no ECB+ folder")
    return sorted((folder / "ECB+").glob("*/*.xml.gz"))
