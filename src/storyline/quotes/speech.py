"""Speech cues on a spaCy parse: cue verbs, their speakers, channels and reported content.

Used by :mod:`storyline.quotes.find`. Everything here works on tokens of the shared parse;
``inside`` arguments are predicates telling whether a character offset lies in a direct
quotation, so that words of a quotation are never taken for its frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from storyline.language.entities import (
    DESCRIPTOR_HEADS,
    FEMALE_NAMES,
    HONORIFICS,
    MALE_NAMES,
    TITLE_HEADS,
)
from storyline.language.nlp import doc_text
from storyline.model.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "DIRECT_CUES",
    "REPORT_CUES",
    "SPEECH_NOUNS",
    "channel_range",
    "cue_range",
    "is_cue",
    "is_place",
    "may_speak",
    "according_channel",
    "as_quoted_object",
    "relative_antecedent",
    "mention_for",
    "name_before",
    "nearest_mention_token",
    "only_modifiers",
    "reported_content",
    "speaker_of",
]

Inside = Callable[[int], bool]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce reported (indirect) speech with a clause: "X said (that) ...".
REPORT_CUES = _words("""
say tell add state declare announce warn insist stress emphasize emphasise note explain argue
claim assert contend maintain reiterate repeat acknowledge admit concede confirm deny report
reveal write tweet post suggest predict promise vow pledge threaten caution complain allege
charge conclude observe indicate disclose estimate testify recall assure signal hint agree
underline underscore point believe think fear expect hope learn show find feel know anticipate
imply
""")
# Verbs whose content is an object and an infinitive ("urged Carvossa to reconsider") ...
REQUEST_CUES = _words("""
urge ask tell call encourage warn advise implore instruct invite challenge press demand order
beg appeal want refuse vow pledge promise plan exhort entreat beseech prod
""")
# Verbs of blame and praise: their object with a quoted fragment is what was said ("decried
# the council for “turning its back”"), and they frame quotations.
JUDGING_CUES = _words("""
criticize criticise praise decry denounce condemn bemoan lament tout hail laud commend fault
chide rebuke scold ridicule deride lambaste castigate blast slam applaud
""")
# ... or a noun phrase ("denied the report", "accused the ministry of lying").
OBJECT_CUES = JUDGING_CUES | _words("""
announce deny confirm cite defend question mention propose promise accuse blame describe dismiss
reject endorse recommend demand predict reveal acknowledge admit support back prefer discuss
express mock thank offer share outline highlight portray recite
""")
# Verbs whose content is a prepositional object: "called for X", "talked about X".
PREP_CUES = {"call": "for", "talk": "about", "speak": "about", "ask": "about", "point": "to",
             "complain": "about", "worry": "about", "argue": "for", "push": "for"}
# Verbs that may frame a direct quotation ("... ,” he added.); a looser set.
DIRECT_CUES = REPORT_CUES | JUDGING_CUES | _words("""
ask answer reply respond comment remark speak continue call describe quip joke exclaim shout
counter retort urge demand accuse protest boast muse recount begin conclude put quote chant sing
yell scream cry whisper read text email dub label term brand title echo bark snap fire shoot
gush rant scoff sneer laugh marvel opine plead interject chime thank credit proclaim affirm
attack hammer question react wonder press start beam ponder sigh elaborate fume remember
blare
""")
# Nouns for what was said, as objects of a verb that frames a quotation ("issued a statement:")
SPEECH_NOUNS = _words("""
statement tweet message remark comment response reply answer letter email e-mail post note
memo warning announcement declaration plea appeal question retort quip release
""")
# Words after "in"/"during"/"at" that make the phrase a channel ("in an interview with ...").
CHANNEL_NOUNS = _words("""
interview conversation call phone telephone statement briefing conference post tweet message
speech address article op-ed column letter remarks broadcast appearance session podcast video
blog email e-mail communique communiqué note readout
""")
MEDIA_NOUNS = _words("""
television tv radio show channel twitter facebook telegram instagram x website air program
programme broadcast reporter reporters journalist journalists press media newspaper paper agency
broadcaster daily weekly magazine outlet network
""")
# Non-person sources an "according to" may name.
SOURCE_NOUNS = _words("""
official officials source sources spokesman spokeswoman spokesperson representative diplomat
aide adviser analyst expert report reports statement statements poll polls survey study data
document documents ministry government agency office police witness witnesses people newspaper
media estimate estimates figures complaint filing indictment lawsuit memo letter reporter
result results count tally law rule rules filings record records analysis findings research
review investigation article release transcript account accounts testimony authorities aides
campaign organizers organisers prosecutors investigators court judge
""")
# nouns that can head a speaker: sources, roles, descriptors and groups
_SPEAKER_NOUNS = SOURCE_NOUNS | TITLE_HEADS | DESCRIPTOR_HEADS | _words("""
chair group committee party team board council staff crowd union coalition panel
man woman men women boy girl guy lady someone somebody audience fan fans
""")
_RELATIVES = _words("who which that")
_ASKING_OR_SAYING = REQUEST_CUES | REPORT_CUES
_PLACE_PREPS = _words("in at from near outside inside across")
_RECORDINGS = _words("footage video videotape clip recording audio tape film")
_SENDING_VERBS = _words("email e-mail text message write tell tweet call phone")
_NOT_SPEAKERS = _words("it this that which who what there something everything nothing")


def is_cue(tok: Token, cues: frozenset[str]) -> bool:
    """Whether a token is a cue of the given set (a verb form, or "according to")."""
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    if writers_aside(tok):
        return False
    if tok.lemma_.lower() == "go" and "continue" in cues and tok.pos_ == "VERB" and any(
            c.dep_ == "prt" and c.lower_ == "on" for c in tok.children):
        return True  # “…,” Lee went on
    return tok.lemma_.lower() in cues and tok.pos_ in {"VERB", "AUX"} and tok.tag_ != "VBN" or (
        tok.lemma_.lower() in cues and tok.tag_ == "VBN" and (
            tok.dep_ in {"ROOT", "relcl"}
            or any(c.dep_ == "nsubj" for c in tok.children)  # a past tense tagged VBN
            or _past_after_apposition(tok))
    )


def writers_aside(tok: Token) -> bool:
    """"…, and I quote, “…”": the writer announcing a quotation, not a speaker."""
    return tok.lemma_.lower() == "quote" and any(
        c.dep_ == "nsubj" and c.lower_ in {"i", "we"} for c in tok.children) and not any(
        c.dep_ == "dobj" for c in tok.children)


def _past_after_apposition(tok: Token) -> bool:
    """"Ann Lee, the party's nominee, tweeted …": a past tense the parse hung on the name."""
    if tok.dep_ != "acl" or tok.i == 0 or any(c.dep_ == "agent" for c in tok.children):
        return False
    head, comma = tok.head, tok.doc[tok.i - 1].text == ","
    if head.pos_ == "PROPN":
        return comma
    # "the party's nominee, Ann Lee, tweeted" / "Ann Lee, the guru who founded it tweeted"
    return head.pos_ == "NOUN" and tok.tag_ in {"VBD", "VBN"} and (
        comma and _named_apposition(head) is not None
        or head.dep_ == "appos" and head.head.pos_ == "PROPN")


def _named_apposition(noun: Token) -> Token | None:
    """The name set off beside a noun: "the nominee, Ann Lee," -> Lee."""
    return next((c for c in noun.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"),
                None)


def is_place(tok: Token) -> bool:
    """Whether a token names where something happened ("the delay in Ohio"), not who spoke."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS


def only_modifiers(cue: Token, toks: list[Token]) -> bool:
    """Whether every word after ``cue`` in ``toks`` hangs from it (…saying last week, “…”)."""
    sub = {t.i for t in cue.subtree}
    return all(t.i in sub or t.is_punct for t in toks if t.i > cue.i)


def cue_range(cue: Token) -> tuple[int, int]:
    """The characters of a cue: the verb with its particle ("pointed out"), "according to"."""
    start, end = cue.idx, cue.idx + len(cue.text)
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        if to is not None:
            end = to.idx + len(to.text)
    for child in cue.children:
        if child.dep_ == "prt" and child.i == cue.i + 1:
            end = child.idx + len(child.text)
    return start, end


def speaker_of(cue: Token, inside: Inside) -> tuple[Token | None, Token | None]:
    """The speaker token of a cue and, for "X quoted him as saying", the channel token X."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        return (pobj if pobj is not None and not inside(pobj.idx) else None), None
    verb = cue
    if cue.dep_ == "pcomp" and cue.head.head.lemma_ == "quote":
        verb = cue.head.head  # "Reuters quoted him as saying"
    if verb.lemma_ == "quote":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if obj is not None and not inside(obj.idx):
            return obj, subj
    recorded = _recorded(cue)
    if recorded is not None:
        return recorded, None
    if _passive(cue):
        return _agent_of(cue, inside), None
    for _ in range(5):  # up through clauses of the quotation itself
        subj = _subject(verb, inside)
        if subj is not None:
            if subj.lower_ == "it" and verb.i != cue.i and not is_cue(verb, DIRECT_CUES) and (
                    relative_antecedent(subj) is None):
                if verb.dep_ == "ccomp" and verb.head.pos_ in {"VERB", "AUX"}:
                    verb = verb.head  # "Lee insisted it was … while adding, “…”": Lee adds
                    continue
                return None, None  # "It was a punch, as Lee echoed it, saying": not "it"
            return _from_subject(verb, subj), None
        found, verb = _up_from(verb, cue, inside)
        if found is not None or verb is None:
            return found, None
    return None, None


def _passive(cue: Token) -> bool:
    """"Lee was asked whether …", "Asked whether …, most said yes": the cue's subject is the
    one spoken to or about, never the speaker ("Lee was quoted as saying" is Lee's, above)."""
    if cue.lemma_ == "quote":
        return False
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in cue.children):
        return True
    return cue.tag_ == "VBN" and cue.dep_ in {"advcl", "acl"} and not any(
        c.dep_ in {"aux", "nsubj"} for c in cue.children)


def _agent_of(cue: Token, inside: Inside) -> Token | None:
    """The speaker a passive cue names after "by" ("was asked by the moderator"), if any."""
    by = next((c for c in cue.children if c.dep_ == "agent"), None)
    obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    return obj if obj is not None and not inside(obj.idx) else None


def _subject(verb: Token, inside: Inside) -> Token | None:
    """A verb's subject outside the quotation; of two the parse gave ("in Salem, New
    Hampshire, Trump went"), the nearest before the verb."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}
                and not inside(c.idx) and not _newline_between(c, verb)
                and any(ch.isalnum() for ch in c.text)]  # not a dash taken for one
    if not subjects and verb.tag_ in {"VBD", "VBZ"} and verb.i > 0:
        prev = verb.doc[verb.i - 1]  # “…,” Beck joked -- a name the parse made a compound
        if prev.dep_ == "compound" and prev.head.i == verb.i and prev.pos_ == "PROPN" and (
                not inside(prev.idx)):
            return prev
    return max((c for c in subjects if c.i < verb.i), key=lambda c: c.i,
               default=subjects[0] if subjects else None)


def _from_subject(verb: Token, subj: Token) -> Token | None:
    """The speaker a verb's subject stands for."""
    if relative_antecedent(subj) is not None:
        return subj  # "X, who said …": the relative pronoun, standing for X
    if subj.lower_ in _NOT_SPEAKERS and not (subj.lower_ == "it" and subj.dep_ == "nsubj"):
        return None  # "it" said, read or added: the statement, email or ad
    return _reporter(verb, subj) or _apposed_person(subj) or subj


def _up_from(verb: Token, cue: Token, inside: Inside) -> tuple[Token | None, Token | None]:
    """For a verb without a subject: the speaker found on the way up (first), or the verb to
    look at next (second); both None when the parse gives nothing more."""
    if inside(verb.idx) and verb.head.i != verb.i:
        return None, verb.head  # a clause of the quotation the parse hung the frame on
    participle = _coordinated_participle(verb)
    if participle is not None:
        return None, participle  # "…, saying that A had … and arguing that …": both X's
    if verb.dep_ == "conj" and (_in_that_clause(verb.head) or _thing_reported(verb.head)) and (
            verb.lemma_.lower() in _ASKING_OR_SAYING):
        return None, verb.head.head  # "X said that Y was “…” and urged …": X urged
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.pos_ in {"VERB", "AUX"}:
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REQUEST_CUES and any(
                c.dep_ in {"dobj", "prep"} for c in verb.head.children if c.i < verb.i):
            return None, None  # "called on the West to say": the West would speak
        obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i),
                   None) if verb.dep_ == "xcomp" else None
        if obj is not None and may_speak(obj) and not inside(obj.idx):
            return obj, None  # "the record prompted the Atlas to state": the Atlas states
        return None, verb.head
    if verb.dep_ in {"advcl", "xcomp"} and verb.head.pos_ in {"ADV", "ADJ"} and (
            verb.head.head.pos_ in {"VERB", "AUX"}):
        return None, verb.head.head  # "X went so far as to say", "X was quick to say"
    if verb.dep_ == "pcomp" and verb.head.lower_ in {"by", "before", "after", "while"} and (
            verb.head.head.pos_ in {"VERB", "AUX"}):
        up = verb.head.head  # "X continued by saying"
        if up.dep_ == "ccomp" and is_cue(up.head, REPORT_CUES) and is_cue(cue, DIRECT_CUES):
            up = up.head  # "X said A has “…” before claiming": X claims, not A
        return None, up
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in SPEECH_NOUNS and (
            verb.head.dep_ == "dobj" and verb.head.head.pos_ == "VERB"):
        return None, verb.head.head  # "X issued a statement saying": X speaks
    sent = _sent_to(verb)
    if sent is not None:
        return None, sent  # "X sent a message to supporters saying": X speaks
    if verb.dep_ == "acl" and _past_after_apposition(verb):
        head = verb.head  # "the nominee, Ann Lee, tweeted": Lee tweeted
        named = head if head.pos_ == "PROPN" else _named_apposition(head)
        return (named or head.head), None
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ in {"dobj", "dative"} and (
            verb.head.head.lemma_.lower() in _SENDING_VERBS):
        return None, verb.head.head  # "X emailed supporters saying": X speaks, not them
    if verb.dep_ in {"acl", "relcl"} and may_speak(verb.head):
        return verb.head, None  # "an official speaking on condition of anonymity"
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.head.pos_ == "VERB" and (
            verb.head.dep_ in {"dobj", "pobj"}):
        return None, verb.head.head  # "X rejected the notion that …, saying": X speaks
    return None, None


def _coordinated_participle(verb: Token) -> Token | None:
    """The participle a participle the parse coordinated with a finite verb goes with: in
    "X spoke, saying that the bill had … and arguing that …" the parse hangs "arguing" on
    "had"; it goes with "saying"."""
    if verb.tag_ != "VBG" or verb.dep_ != "conj" or verb.head.tag_ == "VBG":
        return None
    for up in verb.head.ancestors:
        if up.tag_ == "VBG" and up.dep_ in {"advcl", "conj", "xcomp"}:
            return up
        if up.dep_ not in {"conj", "ccomp"}:
            return None
    return None


def _reporter(verb: Token, pronoun: Token) -> Token | None:
    """The named person whose report holds a pronoun's saying: in "Lee said he responded: “…”"
    and "Lee said he … and added, “…”" Lee speaks (the report is Lee's, of Lee's own words)."""
    if pronoun.lower_ not in {"he", "she"}:
        return None
    clause = verb.head if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" else verb
    if clause.dep_ != "ccomp" or not is_cue(clause.head, REPORT_CUES):
        return None
    outer = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if outer is None or not (outer.i < clause.head.i < pronoun.i) or _newline_between(
            outer, pronoun):
        return None
    if outer.lower_ == pronoun.lower_:
        return outer  # "He says he respects her and calls her “…”": the reporter's span
    if outer.ent_type_ != "PERSON" or outer.pos_ != "PROPN":
        return None
    words = [t.lower_ for t in outer.subtree if t.i <= outer.i]
    female = any(w in FEMALE_NAMES or HONORIFICS.get(w) == "f" for w in words)
    male = any(w in MALE_NAMES or HONORIFICS.get(w) == "m" for w in words)
    if female and pronoun.lower_ == "he" or male and pronoun.lower_ == "she":
        return None  # "Ann Lee said he responded": his words, as she reports them
    return outer


def _recorded(cue: Token) -> Token | None:
    """The person a recording shows speaking: "footage of X saying", "a video of X asking"."""
    if cue.tag_ != "VBG" or cue.i == 0 or any(c.dep_ in {"nsubj", "nsubjpass"}
                                              for c in cue.children):
        return None
    prev = cue.doc[cue.i - 1]
    if prev.dep_ == "pobj" and prev.head.lower_ == "of" and (
            prev.head.head.lemma_.lower() in _RECORDINGS) and prev.pos_ in {"PROPN", "PRON"}:
        return prev
    return None


def _sent_to(verb: Token) -> Token | None:
    """The sending verb when a participle hangs on the addressee of a message: "sent a text
    message to supporters saying …" (the supporters receive it; the sender speaks)."""
    head = verb.head
    if verb.dep_ != "acl" or head.dep_ != "pobj" or head.head.lower_ != "to":
        return None
    governor = head.head.head  # "a message to X" or "sent … to X"
    if governor.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS
                                       for c in governor.children):
        return governor
    if governor.lemma_.lower() in SPEECH_NOUNS and governor.dep_ == "dobj" and (
            governor.head.pos_ == "VERB"):
        return governor.head
    return None


def _thing_reported(verb: Token) -> bool:
    """A clause reported by a speech verb whose subject is a thing, which cannot go on to
    speak: "X said the plan would give …, and called him …" (X called him)."""
    if verb.dep_ != "ccomp" or not is_cue(verb.head, REPORT_CUES):
        return False
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and subj.pos_ == "NOUN" and not may_speak(subj)


def _in_that_clause(verb: Token) -> bool:
    """A verb heading the "that" clause of a reporting verb ("said that Y was …")."""
    return (verb.dep_ in {"ccomp", "advcl"} and verb.head.lemma_.lower() in REPORT_CUES
            and any(c.lower_ == "that" and c.dep_ in {"mark", "advmod"} for c in verb.children))


def may_speak(noun: Token) -> bool:
    """A noun that can be a speaker: a name, a group, a source ("an official", "the report"),
    not an idea ("the notion that …, saying", "a reference …, remarking")."""
    return noun.pos_ == "PROPN" or noun.pos_ == "NOUN" and (
        noun.ent_type_ in {"PERSON", "ORG", "NORP"}
        or noun.lemma_.lower() in _SPEAKER_NOUNS
        or noun.lemma_.lower().endswith(("er", "or", "ist", "ian", "ant", "ent")))


def _apposed_person(subj: Token) -> Token | None:
    """A person the parse hung as apposition on a subject that is a thing ("With 50 days until
    the election, Ann Lee, an adviser, called …" read with "election" as the subject)."""
    appos = [c for c in subj.children if c.dep_ == "appos"]
    if subj.i + 1 < len(subj.doc) and subj.nbor(1).text in {"--", "—", "–"} and appos:
        return appos[0]  # a dateline taken for the subject: "WASHINGTON -- Ann Lee said"
    if subj.pos_ != "NOUN" or subj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return None
    return next((c for c in appos if c.ent_type_ == "PERSON"), None)


def _newline_between(a: Token, b: Token) -> bool:
    lo, hi = (a, b) if a.i < b.i else (b, a)
    return "\n" in lo.doc[lo.i : hi.i].text


def relative_antecedent(tok: Token) -> Token | None:
    """What a relative pronoun subject stands for ("Barkley, who said …" -> Barkley)."""
    if tok.lower_ in _RELATIVES and tok.dep_ in {"nsubj", "nsubjpass"} and (
            tok.head.dep_ == "relcl"):
        return tok.head.head
    return None


def mention_for(tok: Token, mentions: Sequence[Mention]) -> Mention | None:
    """The mention that stands for a speaker token (the longest one covering it)."""
    tok = relative_antecedent(tok) or tok
    pos = tok.idx
    best: Mention | None = None
    for m in mentions:
        if m.span.start <= pos < m.span.end and (
            best is None or (m.span.end - m.span.start) > (best.span.end - best.span.start)
        ):
            best = m
    if best is None:
        # a speaker token beside its mention ("Lessarian counterpart Adela Korvin": the head
        # may be any token of the name)
        for m in mentions:
            if m.kind == "name" and tok.head.idx == m.span.start and tok.dep_ == "compound":
                return m
    return best


def name_before(cue: Token, mentions: Sequence[Mention]) -> Token | None:
    """A named or titled person right before a cue the parse left without a subject ("…
    convention Sen. Ann Lee (D-MA) said …", with the name hung on the convention; "…, the
    candidate stated …" with the title hung as apposition on a name before it)."""
    k = cue.i - 1
    doc = cue.doc
    if k > 0 and doc[k].text == ")":
        while k > 0 and doc[k].text != "(":
            k -= 1
        k -= 1
    if k < 0 or cue.i - k > 8:
        return None
    m = mention_for(doc[k], mentions)
    if m is None:
        return _apposed_name_before(cue, mentions) or _before_aside(cue, mentions)
    if m.label != "PERSON" or m.kind not in {"name", "title"}:
        return None
    return doc[k] if m.kind == "name" or cue.tag_ in {"VBD", "VBZ"} else None


def _before_aside(cue: Token, mentions: Sequence[Mention]) -> Token | None:
    """A name before a participle set off by commas up to the cue: "Ann Lee, asked about the
    deaths under Mr. Putin, had said" (the names inside the aside do not speak)."""
    doc = cue.doc
    k = cue.i - 1
    while k > 0 and doc[k].pos_ == "AUX":
        k -= 1  # "had said"
    if doc[k].text != ",":
        return None
    j = k - 1
    while j > 0 and k - j < 20 and doc[j].text != ",":
        if "\n" in doc[j].text_with_ws or doc[j].pos_ == "AUX":
            return None
        j -= 1
    if j < 1 or doc[j].text != "," or doc[j + 1].tag_ not in {"VBN", "VBG", "VBD"}:
        return None
    m = mention_for(doc[j - 1], mentions)
    return doc[j - 1] if m is not None and m.kind == "name" and m.label == "PERSON" else None


def _apposed_name_before(cue: Token, mentions: Sequence[Mention]) -> Token | None:
    """A name whose apposition runs up to the cue: "…, Col. Ann Lee, a spokesman in Baghdad,
    said" with the name hung on a date before it."""
    doc = cue.doc
    for j in range(cue.i - 2, max(-1, cue.i - 14), -1):
        tok = doc[j]
        if tok.pos_ in {"VERB", "AUX"} or "\n" in tok.text_with_ws:
            return None
        m = mention_for(tok, mentions)
        if m is None or m.kind != "name" or m.label != "PERSON" or tok.i != tok.head.i and (
                mention_for(tok.head, mentions) is m):
            continue
        sub = {t.i for t in tok.subtree}
        if all(k in sub or doc[k].is_punct for k in range(j + 1, cue.i)):
            return tok
        return None
    return None


def nearest_mention_token(toks: list[Token], cue: Token, mentions: Sequence[Mention]
                          ) -> Token | None:
    """A speaker the parse missed: the closest name, descriptor or pronoun beside the cue.

    The cue's objects and prepositional phrases ("told CNS", "said on Harbor Daily") are
    addressees or channels, never the speaker.
    """
    heard = {t.i for c in cue.children if c.dep_ in {"dobj", "dative", "iobj", "prep", "agent"}
             for t in c.subtree}
    cands = [t for t in toks if t.i != cue.i and t.i not in heard
             and mention_for(t, mentions) is not None
             and not is_place(t)]
    after = [t for t in cands if 0 < t.i - cue.i <= 5]
    before = [t for t in cands if 0 < cue.i - t.i <= 5]
    if after:
        first = mention_for(after[0], mentions)
        return after[-1] if first == mention_for(after[-1], mentions) else after[0]
    return before[-1] if before else None


def according_channel(cue: Token, inside: Inside) -> tuple[int, int] | None:
    """"…, said Korvin, according to Meridian Press": the agency is the channel."""
    for tok in cue.sent:
        if tok.lower_ == "according" and not inside(tok.idx) and tok.head.i == cue.i:
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is not None:
                last = max(t.idx + len(t.text) for t in to.subtree if not t.is_punct)
                return tok.idx, last
    return None


def speaker_range(tok: Token, inside: Inside) -> tuple[int, int]:
    """Characters of a speaker that is not a known mention: its head with left modifiers."""
    left = [t for t in tok.lefts if t.dep_ in {"det", "amod", "compound", "poss", "nummod",
                                               "nmod", "punct", "case", "npadvmod"}]
    start = min([tok.idx, *[t.left_edge.idx for t in left]])
    text = doc_text(tok.doc)
    while start < tok.idx and (inside(start) or not text[start].isalnum()):
        start += 1  # no quotation mark, space or dash the parse hung on the speaker
    return start, tok.idx + len(tok.text)


def _span_of(tokens: Iterable[Token]) -> tuple[int, int]:
    toks = [t for t in tokens if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text not in ")”\"’»":
        toks = toks[:-1]
    if not toks:
        return 0, 0
    doc, last = toks[0].doc, toks[-1]
    while (last.i + 2 < len(doc) and not last.whitespace_ and doc[last.i + 1].text == "-"
           and not doc[last.i + 1].whitespace_ and doc[last.i + 2].is_alpha):
        last = doc[last.i + 2]  # a hyphenated word the parse cut ("re-open")
    return toks[0].idx, last.idx + len(last.text)


def channel_range(cue: Token, speaker: Token | None, inside: Inside) -> tuple[int, int] | None:
    """The channel or addressee of a cue: "told CNS", "on CNS", "in an interview with X"."""
    if cue.lemma_ == "tell":
        obj = next((c for c in cue.children if c.dep_ in {"dobj", "dative", "iobj"}
                    and c.i > cue.i), None)
        if obj is not None and not inside(obj.idx):
            return cue.idx, _span_of(_np(obj))[1]
    heads = [cue] + ([speaker] if speaker is not None else [])
    for head in heads:
        for child in head.children:
            if child.dep_ != "prep" or inside(child.idx):
                continue
            if _is_channel(child):
                start, end = _span_of(child.subtree)
                if end > start and not inside(end - 1):
                    return start, end
    return None


def _np(tok: Token) -> list[Token]:
    """A noun phrase without its clauses or trailing comma parts."""
    out = []
    for t in tok.subtree:
        if t.text in {",", ";"} or t.dep_ in {"relcl", "acl"}:
            break
        out.append(t)
    return out


def _is_channel(prep: Token) -> bool:
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return False
    word = prep.lower_
    lemma = pobj.lemma_.lower()
    if pobj.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL"}:
        return False
    named = pobj.ent_type_ in {"ORG", "PERSON", "NORP"} or (
        pobj.pos_ == "PROPN" and pobj.text[:1].isupper()
    )
    if word in {"in", "during", "at", "via", "through"}:
        return lemma in CHANNEL_NOUNS or any(t.lemma_.lower() in CHANNEL_NOUNS
                                            for t in pobj.lefts)
    if word == "on":
        return named or lemma in MEDIA_NOUNS
    if word in {"to", "with"}:
        return (named and pobj.ent_type_ != "PERSON") or lemma in MEDIA_NOUNS or (
            lemma in CHANNEL_NOUNS
        )
    if word == "of":
        return lemma in {"agency", "newspaper", "daily", "broadcaster", "channel"}
    return False


def reported_content(cue: Token, inside: Inside) -> tuple[int, int] | None:
    """The content clause of a reported-speech cue ("said [that] CONTENT")."""
    comps = [c for c in cue.children if c.dep_ == "ccomp" or c.dep_ in {"advcl", "relcl"}
             and c.i > cue.i and c.left_edge.lower_ == "that"]  # "tweeted … that X was …"
    # the clause after the cue ("…, X remarked that …"), else a fronted one ("…, X said."); a
    # clause opening outside the quotation its verb is in ("that he “would win”") counts
    comp = next((c for c in comps if c.i > cue.i and not (inside(c.idx)
                 and inside(c.left_edge.idx)) and not _newline_between(cue, c.left_edge)),
                comps[0] if comps else None)
    if comp is None:
        comp = _clause_in_phrase(cue)
    if comp is None and cue.dep_ == "pcomp" and cue.lower_ == "saying":
        comp = next((c for c in cue.children if c.dep_ in {"ccomp", "dobj"}), None)
    if comp is None and cue.dep_ == "parataxis" and cue.head.pos_ in {"VERB", "AUX"} and not any(
            c.dep_ in {"dobj", "xcomp"} for c in cue.children) and not _frames_after(cue, inside):
        # "Many of them, he said, have closed": the sentence around the parenthetical cue
        head = cue.head
        toks = [t for t in head.subtree if t.dep_ != "parataxis" or t.head.i != head.i
                or t.i == cue.i]
        toks = list(cue.doc[toks[0].i : toks[-1].i + 1])
    elif comp is None:
        toks = _object_content(cue)
        if not toks:
            return None
    else:
        toks = _from_mark(comp, list(comp.subtree)) + _second_that_clause(cue, comp)
    if (any(t.i == cue.i for t in toks) and cue.dep_ != "parataxis") or any(
            "\n" in t.text_with_ws for t in toks[:-1]):
        return None
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]  # "that", "if" and "whether" stay: they open the reported clause
    toks = _without_trailing_participle(_without_second_report(toks))
    start, end = _span_of(toks)
    if end - start < 8 or sum(1 for t in toks if t.is_alpha) < 3:
        return None
    return start, end


def _second_that_clause(cue: Token, comp: Token) -> list[Token]:
    """A second "that" clause the parse hung on the cue instead of the first one: "said that
    A ''…,'' and that B" reports both (the words between them included)."""
    if comp.i < cue.i:
        return []
    second = next((c for c in cue.children if c.dep_ == "conj" and c.i > comp.i and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if second is None or is_cue(second, REPORT_CUES):
        return []
    last = comp.right_edge.i
    return list(cue.doc[last + 1 : second.right_edge.i + 1])


def _clause_in_phrase(cue: Token) -> Token | None:
    """A "that" clause the parse hung inside a phrase after the cue: in 'said for the first
    time that X had …' the clause is the saying's, not the time's."""
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.i > cue.i):
        for tok in prep.subtree:
            if tok.dep_ in {"relcl", "acl"} and any(
                    c.dep_ == "mark" and c.lower_ == "that" and c.i == tok.left_edge.i
                    for c in tok.children):
                return tok
    return None


def _frames_after(cue: Token, inside: Inside) -> bool:
    """"Asked about X, Lee said, “…”": the question before the cue is someone else's, and the
    parse hung the cue on the quotation after it, which is what the cue frames."""
    head, first = cue.head, cue.doc[cue.sent.start]
    return head.i > cue.i and inside(head.idx) and first.lower_ in _ASKED and not any(
        inside(t.idx) for t in cue.doc[cue.sent.start : cue.i])


_ASKED = _words("asked pressed questioned")


def _from_mark(comp: Token, toks: list[Token]) -> list[Token]:
    """The clause from its "that" on, or without a date the parse hung on it before its
    subject: in "said in the early hours that X …" and "said this weekend X …" the time is
    the saying's."""
    mark = next((c for c in comp.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if mark is not None:
        return [t for t in toks if t.i >= mark.i]
    subj = next((c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    lead = [c for c in comp.children if c.dep_ == "npadvmod" and subj is not None
            and c.i < subj.i and all(t.ent_type_ in {"DATE", "TIME"} for t in c.subtree)]
    if lead and lead[0].left_edge.i == toks[0].i:
        first = subj.left_edge.i
        return [t for t in toks if t.i >= first]
    return toks


def _without_second_report(toks: list[Token]) -> list[Token]:
    """The content without a second report the parse hung inside it.

    "… party,” claiming that he …", "… nominee but did not suggest it would …": a participle
    after a comma or dash, or a coordinated verb without a subject of its own, that is itself
    a speech verb reports something else (the speaker's next statement).
    """
    for k, tok in enumerate(toks[3:], 3):
        if not is_cue(tok, DIRECT_CUES | REQUEST_CUES) or tok.pos_ not in {"VERB", "AUX"}:
            continue
        prev = toks[k - 1]
        participle = tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "conj", "acl"} and (
            prev.text in {",", "—", "–", "-", "--"} or prev.text in _CLOSING and k >= 2
            and toks[k - 2].text == ",")
        coordinated = tok.dep_ == "conj" and prev.dep_ in {"cc", "aux", "neg"} and not any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
        then = tok.tag_ == "VBG" and tok.dep_ == "pcomp" and prev.lower_ in _THEN_WORDS and (
            prev.head.i < prev.i)  # "… “kept us safe” before claiming that …"
        if _own_frame(tok, toks[k + 1 : k + 3]):
            cut = next(j for j, t in enumerate(toks) if t.i >= tok.left_edge.i) - 1
            while cut > 0 and (toks[cut].dep_ == "cc" or toks[cut].is_punct):
                cut -= 1
            return toks[: cut + 1]
        if participle or coordinated or then:
            cut = k - 1 - then
            while cut > 0 and (toks[cut].dep_ in {"cc", "aux", "neg"} or toks[cut].is_punct
                               and toks[cut].text not in _CLOSING):
                cut -= 1
            return toks[: cut + 1]
    return toks


def _own_frame(tok: Token, after: list[Token]) -> bool:
    """A coordinated clause with a subject of its own whose speech verb frames the quotation
    right after it: "She said A, and when pressed, the mother replied, “…”"."""
    return tok.dep_ == "conj" and any(c.dep_ == "nsubj" for c in tok.children) and (
        len(after) == 2 and after[0].text == "," and after[1].text in _OPENING)


_OPENING = frozenset({"“", '"', "‘", "``", "''"})


def _without_trailing_participle(toks: list[Token]) -> list[Token]:
    """A clause holding a quoted fragment stops before a participle the writer adds after a
    comma: 'declared that he “would certainly act” on it, drawing a fresh round of criticism'
    (the drawing is the writer's account, not what was said)."""
    for k, tok in enumerate(toks[3:], 3):
        after_comma = toks[k - 1].text == "," or toks[k - 1].text in _CLOSING and (
            toks[k - 2].text == ",")  # 'was “incognito,” sparking …'
        if tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp"} and after_comma \
                and not any(t.is_quote for t in toks[k:]) and tok.head.i < tok.i \
                and any(t.is_quote for t in toks[:k]):
            return toks[: k - 1] if toks[k - 1].text == "," else toks[:k]
    return toks


# prepositions that make a participle the speaker's next act ("before claiming that …")
_THEN_WORDS = frozenset({"before", "after", "while", "then"})
# closing quotation marks as the tokenizer gives them
_CLOSING = frozenset({"”", '"', "’", "''", "'"})


def _object_content(cue: Token) -> list[Token]:
    """"urged X to Y", "accused X of Y", "denied the report": what a cue's object says."""
    lemma = cue.lemma_.lower()
    rights = [c for c in cue.rights if not c.is_punct and c.dep_ not in {"prt", "cc", "conj"}]
    xcomp = next((c for c in rights if c.dep_ == "xcomp"), None)
    if lemma in REQUEST_CUES and xcomp is not None:
        last = xcomp
    elif lemma in OBJECT_CUES and any(c.dep_ == "dobj" for c in rights):
        obj = next(c for c in rights if c.dep_ == "dobj")
        after = [c for c in rights if c.i > obj.i and (
            c.dep_ in {"oprd", "xcomp"} or c.dep_ == "prep" and c.lower_ in {"of", "as", "for"})]
        last = after[0] if after else obj
    elif PREP_CUES.get(lemma) and any(c.dep_ == "prep" and c.lower_ == PREP_CUES[lemma]
                                       for c in rights):
        last = next(c for c in rights if c.dep_ == "prep" and c.lower_ == PREP_CUES[lemma])
        rights = [c for c in rights if c.i >= last.i]
        rights = [next(c for c in last.children if c.dep_ in {"pobj", "pcomp"}), *rights[1:]] \
            if any(c.dep_ in {"pobj", "pcomp"} for c in last.children) else []
        if not rights:
            return []
        last = rights[0]
    else:
        return []
    first = rights[0]
    if first.dep_ in {"npadvmod", "advmod"} or first.i > last.i:
        return []
    doc = cue.doc
    return _circumstance_cut(list(doc[first.left_edge.i : last.right_edge.i + 1]))


# prepositions a verb takes its object with before casting it "as" something ("went after X as")
_CAST_PREPS = _words("to after at on against")


def as_quoted_object(verb: Token) -> tuple[int, int] | None:
    """Any verb whose object is cast "as" something quoted ("admires Putin as a “strong
    leader”", "rated 32% of claims as “false”", "referred to Lee as “a bright leader”"): the
    object and the "as" phrase."""
    if verb.pos_ != "VERB":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in _CAST_PREPS
               and c.i == verb.i + 1), None)
    if obj is None and to is not None:  # "referred to Rubio as “a bright leader”"
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                and obj is not None and c.i > obj.i), None)
    if obj is None or as_ is None or not any(t.is_quote for t in as_.subtree):
        return None
    toks = _circumstance_cut(list(verb.doc[obj.left_edge.i : as_.right_edge.i + 1]))
    if not toks or any("\n" in t.text_with_ws for t in toks[:-1]):
        return None
    return _span_of(toks)


# words opening the saying's time ("called it a “crazy system” during a stop in …")
_CIRCUMSTANCE_WORDS = _words("during after before amid while when")


def _circumstance_cut(toks: list[Token]) -> list[Token]:
    """An object ending with a quoted fragment stops there when the time or place of the saying
    follows it: 'described the act as a “crazy system” during a campaign stop', '… as a
    “disgrace” Wednesday on The Show'; not 'for “turning its back” on workers'."""
    for k, tok in enumerate(toks[1:], 1):
        if toks[k - 1].text not in {"”", '"', "’", "''"}:
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        named = tok.lower_ in {"on", "in", "at"} and pobj is not None and (
            pobj.pos_ == "PROPN" or pobj.ent_type_ in {"DATE", "TIME", "GPE"})
        if tok.lower_ in _CIRCUMSTANCE_WORDS or named or tok.ent_type_ in {"DATE", "TIME"}:
            return toks[:k]
    return toks


def according_content(cue: Token, doc: Doc) -> tuple[int, int] | None:
    """The clause an "according to X" phrase attributes: the rest of its sentence."""
    to = next((c for c in cue.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.pos_ not in {"NOUN", "PROPN", "PRON"} or pobj.ent_type_ in {
            "DATE", "TIME"} or pobj.lemma_.lower() in {"plan", "schedule", "rule", "law"}:
        return None
    phrase = sorted([cue, *to.subtree], key=lambda t: t.i)
    last = [t for t in phrase if not t.is_punct]
    words = [t for t in cue.sent if not t.is_punct and not t.is_space]
    if last and last[-1].i == words[-1].i and cue.i == cue.sent.start:
        # "According to X, the move reeks …" misparsed as X's apposition: X ends at the comma
        comma = next((t.i for t in phrase if t.i > pobj.i and t.text == ","), None)
        if comma is not None:
            phrase = [t for t in phrase if t.i < comma]
    return _beside(phrase)


def _beside(phrase: list[Token]) -> tuple[int, int] | None:
    """The longer side of a sentence around an attributing phrase, when it has three words."""
    sent = phrase[0].sent
    before = [t for t in sent if t.i < phrase[0].i]
    after = [t for t in sent if t.i > phrase[-1].i]
    side = after if sum(t.is_alpha for t in after) >= sum(t.is_alpha for t in before) else before
    while side and (side[0].is_punct or side[0].is_space):
        side = side[1:]
    side = _without_trailing_participle(side)
    start, end = _span_of(side)
    if sum(1 for t in side if t.is_alpha) < 3:
        return None
    return start, end
