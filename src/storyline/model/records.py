"""The records every stage reads and writes: frozen, slotted dataclasses.

Annotations are spans (``article_id``, ``start``, ``end``) into an article's clean ``text``,
never copied strings. Ids are content hashes (see :func:`storyline.model.ids.content_id`), so
that processing the same thing twice yields the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A character range ``[start, end)`` in the clean text of one article."""

    article_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end} in {self.article_id}")

    def text(self, article_text: str) -> str:
        """The text this span covers."""
        return article_text[self.start : self.end]


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line cut from the input as site furniture, kept so a user can see what was removed."""

    line_no: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: clean text plus metadata. ``text`` starts with the title when known."""

    id: str
    text: str
    source_path: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, with offset where known
    published_source: str = "none"  # text | html | url | metadata | inferred | none
    language: str | None = None
    agencies: tuple[str, ...] = ()
    dateline: str | None = None
    body_start: int = 0  # offset where the body starts (after the title line)
    removed: tuple[RemovedLine, ...] = ()
    raw_sha256: str = ""
    notes: tuple[str, ...] = ()  # what reading it repaired or doubts ("1 invalid UTF-8 byte …")


@dataclass(frozen=True, slots=True)
class Source:
    """An outlet, agency or aggregator that articles come from."""

    id: str
    name: str
    kind: str = "outlet"  # outlet | agency | aggregator
    domain: str | None = None


# --------------------------------------------------------------------------- provenance


@dataclass(frozen=True, slots=True)
class Passage:
    """A unit of text (a sentence or paragraph) considered for reuse."""

    id: str
    span: Span


@dataclass(frozen=True, slots=True)
class Alignment:
    """One passage of ``a`` aligned with one passage of ``b``."""

    a: Span
    b: Span
    similarity: float


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """Two articles that share reporting text; ``direction`` says who copied whom."""

    id: str
    a: str
    b: str
    alignments: tuple[Alignment, ...]
    direction: str = "unknown"  # a->b (b copied a) | b->a | unknown
    direction_reason: str = ""
    score: float = 0.0  # share of the shorter article's body that is aligned
    shared_chars_a: int = 0
    shared_chars_b: int = 0


@dataclass(frozen=True, slots=True)
class OriginMember:
    """An article's role inside its origin group."""

    article_id: str
    role: str  # origin | copy | partial_copy | independent
    reused_share: float = 0.0


@dataclass(frozen=True, slots=True)
class OriginGroup:
    """A connected body of shared reporting: all its articles count as one independent origin."""

    id: str
    members: tuple[OriginMember, ...]
    origin_article_id: str | None = None
    label: str | None = None  # agency or first publisher, where the evidence says so

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The ids of the articles in this group."""
        return tuple(m.article_id for m in self.members)


# --------------------------------------------------------------------------- language


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to a person, organisation, place or group in one article."""

    span: Span
    label: str  # PERSON | ORG | GPE | NORP | LOC | DESCRIPTOR
    kind: str = "name"  # name | title | descriptor | pronoun
    title: str | None = None  # role/title found beside the name ("Deputy Foreign Minister")
    entity_id: str | None = None  # set by entity resolution


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical person, organisation, place, group or descriptor within a story."""

    id: str
    name: str
    label: str
    story_id: str | None = None
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    is_descriptor: bool = False


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or reported quotation with its speaker, cue and channel."""

    id: str
    content: Span
    direct: bool
    speaker: Span | None = None
    speaker_label: str | None = None  # the speaker as written, or resolved name
    speaker_entity_id: str | None = None
    cue: Span | None = None
    channel: Span | None = None  # "on CNS", "told Meridian Press"
    group_id: str | None = None
    # the quoted pieces when the frame interrupts the quotation ("A," X said, "B."); empty when
    # the content is one piece. ``content`` then runs from the first piece to the last.
    parts: tuple[Span, ...] = ()

    def pieces(self) -> tuple[Span, ...]:
        """The quoted pieces: the parts when interrupted, else the content alone."""
        return self.parts or (self.content,)

    def quoted_text(self, text: str) -> str:
        """What was said, the pieces joined with " … " (frame words left out)."""
        return " … ".join(p.text(text) for p in self.pieces())


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same utterance across articles and translations."""

    id: str
    quote_ids: tuple[str, ...]
    story_id: str | None = None
    speaker_entity_id: str | None = None
    speaker_label: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression normalised to a TIMEX3-style value."""

    id: str
    span: Span
    kind: str  # DATE | TIME | DURATION | SET
    value: str | None  # 2022-01-12, 2021-12, 2022-W02, P2Y6M, or None when unresolved
    anchor: str = "publication"  # publication | mentioned | absolute | none
    confidence: float = 1.0
    alternative: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened or is scheduled, merged across articles."""

    id: str
    kind: str  # meeting | talks | statement | announcement | deployment | report | other
    evidence: tuple[Span, ...]
    date: str | None = None
    scheduled: bool = False
    place: str | None = None
    participants: tuple[str, ...] = ()  # entity ids
    story_id: str | None = None
    time_ids: tuple[str, ...] = ()
    summary: str = ""


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class Claim:
    """A factual statement made in one article."""

    id: str
    span: Span
    subject: str = ""
    predicate: str = ""
    object: str = ""
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    negated: bool = False
    hedged: bool = False
    asserted_by: str | None = None  # speaker label or entity id; None means the outlet
    quote_id: str | None = None
    group_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """The same claim across articles, with its independent support."""

    id: str
    claim_ids: tuple[str, ...]
    text: str
    story_id: str | None = None
    article_ids: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    independent_origins: int = 0
    first_reported: str | None = None
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class DiscrepancySide:
    """One version of a disputed slot, with its evidence and independent support."""

    value: str
    evidence: tuple[Span, ...]
    independent_origins: int = 0


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Sources that disagree on a slot: number, date, place, name, title, negation, attribution."""

    id: str
    slot: str
    sides: tuple[DiscrepancySide, ...]
    story_id: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Position:
    """An actor's stance on an issue, with the quotes and sentences that show it."""

    id: str
    actor: str  # entity id or descriptor label
    actor_name: str
    issue: str
    stance: str  # demand | offer | accept | reject | refuse | threaten | warn | deny | condition
    evidence: tuple[Span, ...]
    plover: str | None = None
    story_id: str | None = None
    confidence: float | None = None  # the confidence model's probability that it is right
    confident: bool | None = None  # whether that reaches the model's threshold


@dataclass(frozen=True, slots=True)
class Story:
    """A group of articles about one event or development."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_published: str | None = None
    last_published: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryChange:
    """A change of a story's membership: ``new``, ``grew``, ``merged`` (``other_id`` was
    absorbed into ``story_id`` and redirects to it) or ``split`` (``other_id`` left as a story
    of its own)."""

    kind: str
    story_id: str
    reason: str
    other_id: str | None = None
    articles: int = 0  # articles added (new, grew) or moved (merged, split)
    at: str | None = None  # when it was stored (UTC, ISO 8601)


# --------------------------------------------------------------------------- per-article results


@dataclass(frozen=True, slots=True)
class SentenceParses:
    """The parses of some of an article's sentences, as the parser read them within the whole
    text: their offsets and the parses, one per span, packed as base64 text (see
    :func:`storyline.language.nlp.pack_docs`)."""

    spans: tuple[tuple[int, int], ...] = ()
    data: str = ""


@dataclass(frozen=True, slots=True)
class ArticleAnnotations:
    """Everything the per-article (language) stages found in one article."""

    article_id: str
    sentences: tuple[tuple[int, int], ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    events: tuple[Event, ...] = ()  # per-article events, before merging across articles
    claims: tuple[Claim, ...] = ()
    # the parses of the sentences that state a stance, for the positions of its story
    stance_parses: SentenceParses | None = None
    notes: tuple[str, ...] = ()  # e.g. "language 'de' not annotated"


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input or record a stage could not process, and why."""

    stage: str
    item: str  # file path, URL or article id
    reason: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """The cross-document state the group stages read and extend."""

    articles: tuple[Article, ...]
    annotations: dict[str, ArticleAnnotations] = field(default_factory=dict)
    reuse: tuple[ReuseLink, ...] = ()
    origins: tuple[OriginGroup, ...] = ()
    stories: tuple[Story, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    positions: tuple[Position, ...] = ()
    sources: tuple[Source, ...] = ()
    story_changes: tuple[StoryChange, ...] = ()
