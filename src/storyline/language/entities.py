"""Mentions of people, organisations, places, groups and descriptors in one article.

spaCy's named entities (PERSON, ORG, GPE, NORP, LOC) are the base; rules add what the small
models miss or blur:

- titles before or beside names ("Labour Minister Adela Korvin", "Tomas Ferrand, chief
  executive of the harbour authority") go into :attr:`Mention.title`, the span stays on the
  name;
- news agencies and outlets named in running text ("Meridian Press", "the daily Portvale
  Courier");
- country demonyms the model leaves untagged; a surname repeated after a full name, and a
  common given name followed by capitalised words, are people whatever the tagger said;
- titled references without a name ("the minister", "the 61-year-old"): kind ``title``;
- descriptors that are not names ("a senior union official", "the government in Velmont"): label
  ``DESCRIPTOR``, kind ``descriptor``; they are never guessed into a named person here;
- personal pronouns (he, she, they and their object forms): kind ``pronoun``.

:func:`storyline.language.coreference.antecedent` resolves a pronoun or titled reference to
the nearest compatible earlier mention; quotes and entity resolution share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyline.common.quote_marks import find_quoted
from storyline.language.gate import skip_note
from storyline.language.nlp import tokens_among
from storyline.model.records import Article, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["find_mentions"]



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})

# Words that head a role or title ("minister", "spokesman") ...
TITLE_HEADS = _words("""
minister secretary president vice-president premier chancellor ambassador envoy general
lieutenant colonel colonel-general major-general admiral commander chief head director chairman
chairwoman chairperson spokesman spokeswoman spokesperson senator governor mayor king queen prince
princess pope leader adviser advisor counterpart negotiator judge attorney prosecutor sheikh emir
undersecretary secretary-general diplomat representative deputy mp lawmaker speaker captain
sergeant officer marshal ceo founder professor economist analyst coordinator commissioner
candidate nominee frontrunner front-runner hopeful contender challenger incumbent
""")
# ... and words that may precede the head inside a title ("Deputy Foreign", "Lt.").
TITLE_WORDS = TITLE_HEADS | _words("""
vice deputy foreign defense defence interior finance economy economic justice health national
security state affairs first prime acting former ex- top senior special assistant under press
trade energy home chief of for the lt. lt gen. gen col. col maj. capt. adm. sen. rep. gov. dr.
prof. mr. mrs. ms. mr mrs ms sir lady lord chief-of-staff joint staff general's white house
presidential military army navy air force executive high political principal
""")
HONORIFICS = {"mr": "m", "mr.": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
              "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "lady": "f", "queen": "f",
              "princess": "f", "madam": "f", "spokeswoman": "f", "chairwoman": "f",
              "spokesman": "m", "chairman": "m"}
# Heads of descriptors that stand for unnamed speakers or bodies.
DESCRIPTOR_HEADS = _words("""
official officials source sources spokesman spokeswoman spokesperson representative
representatives diplomat diplomats aide aides adviser advisers advisor advisors analyst analysts
expert experts observer observers insider insiders negotiator negotiators delegate delegates
officer officers government governments ministry administration side delegation embassy
authorities authority leadership office lawmaker lawmakers legislator legislators member
members politician politicians commander commanders military spokespeople witness witnesses
resident residents person people employee employees worker workers activist activists
""")
PERSON_DESCRIPTOR_HEADS = DESCRIPTOR_HEADS - _words(
    "government governments ministry administration side delegation embassy authorities "
    "authority leadership office military"
)
PLURAL_BODY_HEADS = frozenset({"authorities"})
AGENCIES = (
    "Agence France-Presse", "Associated Press", "Deutsche Presse-Agentur", "Press Association",
    "RIA Novosti", "ITAR-TASS", "Itar-Tass", "Interfax", "TASS", "Tass", "RIA", "Reuters",
    "AFP", "dpa", "DPA", "Xinhua", "Bloomberg", "Anadolu", "Kyodo", "Yonhap", "EFE", "ANSA",
    "Ukrinform", "UNIAN", "Sputnik", "PTI", "IRNA", "Belga", "APA", "KNA", "epd", "AP",
)
_AGENCY_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in AGENCIES) + r")(?![\w-])")
_OUTLET_RE = re.compile(
    r"\b(?:daily|newspaper|paper|agency|news agency|broadcaster|channel|magazine|weekly|"
    r"tabloid|website|outlet|station|network)\s+[\"“«„]?((?:[A-Z][\w&'-]*)(?: [A-Z][\w&'-]*){0,3})"
)
_AGE_RE = re.compile(r"\b[Tt]he\s+\d{1,3}(?:-|\s)year(?:-|\s)old\b")
DEMONYMS = _words("""
American Americans Russian Russians Ukrainian Ukrainians British German Germans French Chinese
European Europeans Western Soviet Polish Georgian Belarusian Kazakh Turkish Israeli Israelis
Palestinian Palestinians Iranian Iranians Syrian Syrians Japanese Korean Indian Canadian
Italian Spanish Swiss Austrian Dutch Belgian Swedish Finnish Norwegian Danish Baltic Lithuanian
Latvian Estonian Romanian Hungarian Czech Slovak Bulgarian Serbian Croatian Greek Arab Arabs
Democrat Democrats Republican Republicans Democratic
""")
PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "they": "p", "them": "p"}
# A few frequent given names, for pronoun agreement when the text itself gives no evidence.
FEMALE_NAMES = _words("""
wendy helena hillary angela ursula kamala nancy theresa elizabeth mary anna maria marie sarah emma
olga irina natalia natalya tatiana svetlana elena yelena maria victoria jen jennifer karine
liz condoleezza madeleine samantha linda susan julia yulia annalena christine kaja ngozi
jacinda sanna mette giorgia michelle melania nikki janet gina antje ivanka sophie
patricia barbara jessica karen lisa betty margaret sandra ashley kimberly emily donna carol
amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy shirley helen brenda
pamela nicole katherine catherine virginia debra rachel carolyn heather diane dianne ruth julie
joyce evelyn joan christina lauren judith olivia martha cheryl megan andrea hannah jacqueline
ann anne gloria teresa kathryn sara janice alice doris abigail judy grace denise marilyn
beverly danielle diana natalie charlotte rose debbie jane sheila loretta kellyanne carly
kirsten patty claire maxine golda benazir indira cristina dilma ellen jenny natasha tanya
joanne betsy penny louise caroline fiona alison kate emma harriet penelope priti yvette
""")
MALE_NAMES = _words("""
joe donald barack george bill john james michael robert david william richard thomas
vladimir sergei sergey dmitry dmitri alexander alexei alexey nikolai ivan yuri mikhail
antony anthony jens olaf emmanuel boris rishi volodymyr petro viktor recep xi jake lloyd mark
ned john jean pierre friedrich karl heinz wolfgang frank andrzej kurt
roger paul peter steven stephen kevin brian gary ronald kenneth edward jason jeffrey ryan jacob
eric larry scott justin brandon benjamin samuel gregory patrick jack dennis jerry aaron henry
douglas adam nathan walter harold carl jeremy keith gerald arthur sean lawrence jesse albert
bryan bruce wayne eugene randy louis russell vincent philip bobby johnny bradley ted mike
mitch chuck newt rand marco ben jeb tim ron dick hank harry charles daniel matthew andrew
joshua christopher jonathan nicholas martin tony mohammed muhammad ahmed hassan omar ariel
shimon yitzhak ehud yasser mahmoud hosni gordon malcolm kevin nigel neville winston howard
simon colin graham ian alastair philippe francois nicolas gerhard helmut silvio romano
""")
_ABBREVIATIONS = _words("lt gen col maj capt adm sen rep gov dr prof mr mrs ms sgt cpl brig")
_BARE_PLURALS = _words("""
officials sources diplomats analysts experts observers insiders witnesses lawmakers legislators
activists residents negotiators aides advisers authorities spokespeople representatives
""")
_INSTITUTIONS = frozenset({"white house", "kremlin", "pentagon", "elysee", "élysée",
                           "downing street", "blue house"})
_DETS = frozenset({"the", "a", "an", "another", "one", "some", "several", "two", "three",
                   "many", "other", "senior", "top", "that", "this", "these", "those", "both",
                   "each", "every", "most", "all", "few"})


def find_mentions(article: Article, doc: Doc) -> tuple[Mention, ...]:
    """Every mention in the article's text, in text order (``doc`` parses ``article.text``).

    Texts not in English give none (see :func:`storyline.language.gate.skip_note`).
    """
    if skip_note(article) is not None:
        return ()
    aid, text = article.id, article.text
    found: dict[tuple[int, int], Mention] = {}

    def add(start: int, end: int, label: str, kind: str = "name", title: str | None = None,
            replace: bool = False) -> None:
        start, end = _trim(text, start, end)
        if end <= start or (not replace and (start, end) in found):
            return
        found[(start, end)] = Mention(Span(aid, start, end), label, kind, title or None)

    names: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        label = ent.label_
        if label == "FAC" and re.sub(r"^the\s+", "", ent.text.casefold()) in _INSTITUTIONS:
            label = "ORG"  # "the White House said"
        if label not in NER_LABELS:
            continue
        for start, end, lab in _clean_entity(ent, label, text):
            names.append((start, end, lab))
    for m in _AGENCY_RE.finditer(text):
        names = [n for n in names if not (n[0] == m.start() and n[1] == m.end())]
        names.append((m.start(), m.end(), "ORG"))
    for m in _OUTLET_RE.finditer(text):
        s, e = m.span(1)
        if not any(n[0] <= s and e <= n[1] and n[2] == "ORG" for n in names):
            names = [n for n in names if not (s <= n[0] < e or n[0] <= s < n[1])]
            names.append((s, e, "ORG"))
    covered = _covered(names)
    surnames = {text[s:e].split()[-1] for s, e, lab in names
                if lab == "PERSON" and len(text[s:e].split()) > 1}
    names = [(st, e, "PERSON" if lab in {"ORG", "GPE", "NORP"} and text[st:e] in surnames else lab)
             for st, e, lab in names]  # the tagger's "Novak" ORG after "Peter Novak"
    for k in tokens_among(doc, "ORTH", DEMONYMS | surnames):
        tok = doc[k]
        if tok.idx in covered:
            continue
        if tok.text in DEMONYMS:
            names.append((tok.idx, tok.idx + len(tok.text), "NORP"))
        elif tok.text in surnames and tok.pos_ == "PROPN":
            names.append((tok.idx, tok.idx + len(tok.text), "PERSON"))  # a surname repeated
    names = [(st, e, _person_by_given_name(text[st:e], lab)) for st, e, lab in names]
    titles = {(st, e): _title_for(doc, st, e) for st, e, lab in names if lab == "PERSON"}
    zones = {i for t in titles.values() if t for i in range(t[1], t[2])}
    for start, end, label in sorted(set(names)):
        if text[start:end].casefold() in TITLE_WORDS:
            continue  # "State" in "Secretary of State"
        if label == "ORG" and start in zones:
            continue  # "Transport" in "Deputy Transport Minister"
        title = titles.get((start, end)) if label == "PERSON" else None
        add(start, end, label, "name", title[0] if title else None)
    named = _covered(names)
    quoted = [(q.open, q.close) for q in find_quoted(text)]
    for start, end, kind, label in _noun_phrases(doc, named, zones):
        if kind == "title" and any(s <= start < e for s, e in quoted):
            continue  # "the head of …" inside a quotation is rarely a person
        add(start, end, label, kind)
    for m in _AGE_RE.finditer(text):
        add(m.start(), m.end(), "PERSON", "title", replace=True)
    for k in tokens_among(doc, "LOWER", PRONOUNS):
        tok = doc[k]
        if tok.tag_ == "PRP":
            add(tok.idx, tok.idx + len(tok.text), "PERSON", "pronoun")
    return tuple(sorted(found.values(), key=lambda m: (m.span.start, m.span.end, m.label)))


# --------------------------------------------------------------------------- names


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip whitespace, quote marks, possessive endings and edge punctuation from a span."""
    while start < end and (text[start].isspace() or text[start] in "\"'“”‘’«»„(,.-–—:<"):
        start += 1  # "<" and ">": the wires' markup around a company's name, "<Acmex Ltd>"
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"“”‘«»„),:;–—->"):
        end -= 1
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    while end > start and text[end - 1] in "'’,. ":
        if text[end - 1] == "." and end - start <= 4 and text[start:end].isupper():
            break  # "U.S."
        end -= 1
    return start, end


_OPENERS = frozenset(("IN", "CC", "RB", "WRB"))  # prepositions, conjunctions, adverbs


def _clean_entity(ent: SpacySpan, label: str, text: str) -> Iterable[tuple[int, int, str]]:
    """The entity's character span without a leading article, titles or line breaks."""
    toks = list(ent)
    while toks and toks[0].lower_ in {"the", "a", "an"}:
        toks = toks[1:]
    while len(toks) > 1 and toks[0].is_sent_start and toks[0].tag_ in _OPENERS:
        toks = toks[1:]  # "Without Islamophobia, …": the capital a sentence gave a function word
    if label == "PERSON":
        while len(toks) > 1 and toks[0].lower_ in TITLE_WORDS:
            toks = toks[1:]
        cut = next((k for k, t in enumerate(toks) if k and t.is_punct and t.text not in ".'’-"
                    or k and t.text == "-" and t.whitespace_), None)
        if cut is not None:
            toks = toks[:cut]
        if not toks or all(t.is_lower or not t.is_alpha for t in toks):
            return
        if len(toks) == 1 and toks[0].lower_ in TITLE_WORDS:
            return
    if not toks:
        return
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    piece = text[start:end]
    if "\n" in piece:
        first = piece.split("\n", 1)[0]
        end = start + len(first)
    if end > start:
        yield start, end, label


def _person_by_given_name(surface: str, label: str) -> str:
    """The tagger's ORG "Helena Varga": two or three capitalised words after a given name."""
    words = surface.split()
    if label in {"ORG", "GPE", "LOC"} and 2 <= len(words) <= 3 and all(
            w[:1].isupper() for w in words) and words[0].casefold() in FEMALE_NAMES | MALE_NAMES:
        return "PERSON"
    return label


def _covered(spans: Iterable[tuple[int, int, str]]) -> set[int]:
    return {i for s, e, _ in spans for i in range(s, e)}


def _title_for(doc: Doc, start: int, end: int) -> tuple[str, int, int] | None:
    """The role written just before the name or in an apposition after it, with its offsets."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    before, after = _title_before(doc, span.start), _title_after(span)
    if before and after:
        return f"{before[0]}, {after[0]}", before[1], before[2]
    return before or after


_RELATING = frozenset(("under", "of", "for", "to", "with", "by"))


def _title_before(doc: Doc, i: int) -> tuple[str, int, int] | None:
    if i > 0 and doc[i - 1].lower_ in _RELATING:
        return None  # "shadow chancellor under John Smith", "a spokesman for Jane Holt": the
        # title is another person's
    j = i
    while j > 0:
        tok = doc[j - 1]
        if "\n" in tok.whitespace_ or not tok.text.strip():
            break
        abbrev = tok.text == "." and j >= 2 and doc[j - 2].lower_ in _ABBREVIATIONS
        if tok.lower_ in TITLE_WORDS or tok.text in {"-", "'s", "’s"} or abbrev or (
            tok.ent_type_ in {"GPE", "NORP", "ORG"} and not tok.is_lower
        ):
            j -= 1
            continue
        break
    toks = list(doc[j:i])
    while toks and (toks[0].lower_ in {"the", "of", "for", "-"} or toks[0].text in {"'s", "’s"}):
        toks = toks[1:]
    while toks and toks[-1].lower_ in {"the", "of", "for", "-"}:
        toks = toks[:-1]
    if not any(t.lower_ in TITLE_HEADS for t in toks):
        return None
    span = doc[toks[0].i : toks[-1].i + 1]
    return span.text, span.start_char, span.end_char


def _title_after(span: SpacySpan) -> tuple[str, int, int] | None:
    doc = span.doc
    for child in span.root.rights:
        if child.dep_ != "appos" or span.end >= len(doc) or doc[span.end].text != ",":
            continue
        if child.sent.start != span.root.sent.start or child.i > span.end + 4:
            continue
        toks = list(child.subtree)
        cut = next((k for k, t in enumerate(toks) if t.text in {",", ";", "(", "–", "—"}), None)
        if cut is not None:
            toks = toks[:cut]
        while toks and toks[0].lower_ in {"the", "a", "an"}:
            toks = toks[1:]
        if toks and child.lower_ in TITLE_HEADS and len(toks) <= 10:
            title = span.doc[toks[0].i : toks[-1].i + 1]
            return title.text, title.start_char, title.end_char
    return None


# --------------------------------------------------------------------------- noun phrases


_DASHES = frozenset(("-", "--", "\u2013", "\u2014"))


def _noun_phrases(
    doc: Doc, named: set[int], title_zones: set[int]
) -> Iterable[tuple[int, int, str, str]]:
    """Titled references (kind ``title``) and descriptors (kind ``descriptor``)."""
    for chunk in doc.noun_chunks:
        root = chunk.root
        lemma, low = root.lemma_.lower(), root.lower_
        title_head = low in TITLE_HEADS or lemma in TITLE_HEADS
        desc_head = low in DESCRIPTOR_HEADS or lemma in DESCRIPTOR_HEADS
        if not title_head and not desc_head:
            continue  # neither a title nor a descriptor, whatever its words (checked first)
        toks = list(chunk)
        dash = next((k for k, t in enumerate(toks) if t.text in _DASHES and t.i < root.i), None)
        if dash is not None and all(t.is_upper or not t.is_alpha for t in toks[:dash]):
            toks = toks[dash + 1 :]  # "BRUSSELS - European leaders": a dateline in front
            if not toks:
                continue
        plural = root.tag_ in {"NNS", "NNPS"}
        if root.ent_type_ == "PERSON" or any(t.tag_ in {"PRP", "WP", "WDT"} for t in toks):
            continue
        if any(t.ent_type_ == "PERSON" for t in toks) and (low in TITLE_HEADS and not plural
                                                           or not desc_head):
            continue
        if any(t.idx in title_zones for t in toks):
            continue  # the title of a named person
        words = [t for t in toks if t.lower_ not in {"the", "a", "an"}]
        if words and all(t.idx in named for t in words):
            continue  # a name ("the Lessarian Labour Ministry")
        det = toks[0].lower_
        definite = det == "the" or toks[0].dep_ == "poss" or toks[0].text in {"'s", "’s"}
        if title_head and not desc_head:
            if definite and not plural:
                yield toks[0].idx, chunk.end_char, "title", "PERSON"
                continue
            if det not in _DETS and not plural:
                continue
        elif not desc_head:
            continue
        modified = any(t.ent_type_ in {"GPE", "NORP", "ORG"} for t in toks)
        if det not in _DETS and not modified and (not plural or low not in _BARE_PLURALS):
            continue
        end = _extend_affiliation(root, chunk.end_char)
        yield toks[0].idx, end, "descriptor", "DESCRIPTOR"


def _extend_affiliation(root: Token, end: int) -> int:
    """Extend "the government" with "in Velmont", "a spokesman" with "for the Labour Ministry"."""
    for child in root.rights:
        if child.dep_ != "prep" or child.lower_ not in {"in", "for", "of", "from", "at"}:
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        sub = list(pobj.subtree)
        if any(t.text in {",", ";"} or t.dep_ == "relcl" for t in sub):
            continue
        if pobj.ent_type_ in {"GPE", "ORG", "NORP", "LOC"} or pobj.pos_ == "PROPN":
            return max(end, sub[-1].idx + len(sub[-1].text))
    return end
