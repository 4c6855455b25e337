"""Rules that recognise one line of site furniture, and the metadata some furniture carries.

A rule sees one logical line (a paragraph) and says why it is furniture, or nothing. Rules come
in several kinds, from strictest to loosest:

- whole-line labels: the line is only the phrase ("Leave a Reply", "Related Articles",
  "Back to top button", "blank", "1,234 views"), apart from symbols and a trailing colon;
- prefixes: the line starts with the phrase and is short ("Tags: ...", "Copyright 2022 ...",
  "Read more: ...", "Source From: X", "Photo: ...");
- phrases inside a line, for notices no sentence of reporting contains ("all rights reserved",
  "may not be published, broadcast, rewritten or redistributed"), some only in short lines
  (photo credits, app and newsletter pitches, "Posted by" lines), and lines of script code;
- aggregator and republication disclaimers: a line that says its text was aggregated,
  syndicated or republished, names rights or the original source, and speaks of the site or
  its content (``is_republication_notice``);
- picture captions written as a topic label and a lower-case clause with no full stop
  ("Harbour fire: a crane stands over the hall"), recognised by ``is_caption`` and removed by
  :mod:`storyline.clean.text` only after the headline region (headlines share the shape).

Labels, prefixes and pitches are known in English, German, French, Spanish, Portuguese,
Italian and Dutch.

Extractors also recognise lines that carry metadata: source credits (outlet), bare URLs (the
canonical url; a URL followed by a title is the aggregator's link back), lone datelines
("WASHINGTON (AP)"), "By ..." bylines and date lines ("Status: 09.01.2022 09:12").

Lines that recur across one outlet's articles are learned as furniture over a batch, in
:mod:`storyline.clean.learned`. Not handled yet: furniture in other languages, captions
written as full sentences, and furniture glued inside a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.clean.dates import find_date

__all__ = ["LineVerdict", "classify_line", "is_caption", "is_lone_name", "is_photo_caption"]

_LEAD = r"^[\W_]*"  # symbols such as », •, ▶ before a label
_LABEL_END = r"(?:\s+(?:button|»|›|>))?[\W_]*$"

_LABELS = {
    "comment prompt": (
        r"leave a (?:reply|comment)|post a comment|add (?:a )?comment|comments?|"
        r"\d+\s+comments?|comments?\s*\(\d+\)|no comments(?: yet)?|cancel reply|"
        r"be the first to comment|"
        r"join the (?:conversation|discussion)|show comments|view comments|reply|"
        r"(?:\d+\s+)?(?:comentarios?|commentaires?|kommentare?|commenti|comentários?|reacties)|"
        # counters: "Comments: 12", "View 12 comments", "1.2K comments", "Kommentare (5)"
        r"(?:(?:view|show|read|see|load)(?: all)?\s+)?(?:[\d.,]+\s*[km]?\s+)?"
        r"(?:comments?|comentarios?|commentaires?|kommentare?|commenti|comentários?|reacties)"
        r"(?:\s*[:(\[]?\s*[\d.,]+\s*[km]?\s*[)\]]?)?(?:\s+so far)?"
    ),
    "navigation": (
        r"related(?: (?:articles?|posts?|stories|news|content|topics|coverage))?|"
        r"read (?:more|also|next)|see (?:also|more)|also read|further reading|"
        r"latest(?: (?:posts|news|articles|stories))?|more (?:stories|videos|news|articles)|"
        r"most (?:read|popular|viewed|shared)(?: (?:in|on) [\w ]{1,30})?|"
        r"recommended(?: for you)?|you (?:may|might) also (?:like|be interested in)|"
        r"more (?:from|on) (?:this|the) (?:site|topic|author)|trending(?: now)?|"
        r"(?:previous|next) (?:article|post|story)|continue reading|don['’]?t miss|"
        r"skip to (?:main )?content|back to top|top stories|popular (?:posts|news)|menu|home|"
        # the same prompts in French, Spanish, Portuguese, Italian, German and Dutch
        r"(?:(?:à |a )?lire aussi|read (?:more|also)|lesen sie (?:auch|mehr)|leia mais)"
        r"(?: (?:on|at|sur|en|auf|bei|em|su) [\w.'’ -]{1,30})|"
        r"(?:à |a )?lire aussi|(?:à )?voir aussi|sur le même sujet|dans la même rubrique|"
        r"(?:contenido|notas?|noticias|artículos|articulos|conteúdos?|matérias) relacionad[oa]s|"
        r"relacionad[oa]s|le[ae] (?:también|más)|vea también|ver también|"
        r"(?:le|te) puede interesar|leia (?:também|mais)|veja (?:também|mais)|saiba mais|"
        r"leggi anche|potrebbe interessarti|articoli correlati|lesen sie (?:auch|mehr)|"
        r"auch interessant|mehr zum thema|weitere artikel|das könnte sie auch interessieren|"
        r"lees ook|meer nieuws"
    ),
    "tag list": (
        r"tags?|tagged|topics|keywords|categories|temas|etiquetas|mots[- ]clés|schlagwörter|"
        r"schlagworte|themen|argomenti|tópicos|trefwoorden"
    ),
    "share prompt": (
        r"share(?: this)?(?: (?:article|story|post|page))?(?: (?:on|via) \w+)?|"
        r"tweet|email|e-mail|print|compartir|partager|teilen|condividi|compartilhe|"
        r"(?:(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|email|print|"
        r"copy link|share)[\s,|/·]*){2,}"
    ),
    "placeholder": (
        r"blank|null|none|undefined|nan|advertisement|advertising|ads?|sponsored(?: content)?|"
        r"image|photo|video|loading|placeholder|source site|source link|source|"
        r"publicidad|publicité|anzeige|werbung|pubblicità|publicidade"
    ),
    "counter": r"[\d.,\s]*[km]?\s*(?:views?|reads?|shares?|likes?)",
}

# (reason, pattern at the start of the line, longest line in words the rule may remove)
_PREFIXES: tuple[tuple[str, str, int], ...] = (
    ("tag list", r"(?:tags?|tagged(?: with)?|topics|keywords|categories|filed under|temas|"
     r"etiquetas|mots[- ]clés|schlagwörter|themen|argomenti|tópicos)\s*:", 60),
    ("navigation", r"(?:read (?:more|also|next)|see (?:also|more)|also read|related|more|watch|"
     r"listen|le[ae](?: también| más)?|vea también|ver también|mira|puedes ver|"
     r"(?:le|te) puede interesar|leia (?:também|mais)|veja (?:também|mais)|leggi anche|"
     r"guarda anche|(?:à )?lire aussi|voir aussi|lesen sie (?:auch|mehr)|mehr dazu|lees ook)"
     r"\s*[:|–—»›>-]", 30),
    ("copyright notice", r"(?:©|\(c\)\s|copyright\b)", 80),
    ("comment prompt", r"(?:your email address will not be published|required fields are marked)",
     30),
    ("promotion", r"(?:we need your support|support (?:our|independent) journalism|"
     r"subscribe (?:now|today|to|for)|sign up (?:for|to|now|here|today)|"
     r"get the (?:latest|best)\b.{0,60}\b(?:newsletters?|inbox|apps?)|"
     r"follow (?:us|him|her|them) on|click here|download (?:our|the)\b.{0,30}\bapps?\b|"
     r"thank you for reading|thanks for (?:reading|signing up)|"
     r"join (?:our|the) (?:newsletter|channel|community)|if you enjoyed this (?:article|story)|"
     r"have a (?:news )?tip\b|to (?:view|read) the full (?:story|article)|"
     r"already a subscriber|keep an eye on your inbox|"
     r"s[ií]guenos|suscr[ií]bete|abonnez-vous|inscrivez-vous|folgen sie uns|"
     r"abonnieren sie|iscriviti|seguici|siga-nos|haga clic aquí|cliquez ici|klicken sie hier)",
     40),
    ("reporting credit", r"\(?(?:(?:additional )?(?:reporting|writing|editing|edited|compiled) by|"
     r"compiled from)\b", 60),
    ("image credit", r"(?:(?:(?:photo|image|picture|foto|bild|credit|imagen|immagine)s?\s*"
     r"(?:credits?)?|cr[ée]dits? (?:photos?|images?)|bildquelle)\s*:|photo(?:graph)? by\b)", 25),
)

# Phrases found only in notices, never in reporting: (reason, pattern, longest line in words
# or None when the line may be of any length).
_NOTICES: tuple[tuple[str, str, int | None], ...] = (
    ("copyright notice", r"all rights reserved|may not be (?:published|reproduced), broadcast, "
     r"rewritten(?:,| or) (?:or )?redistributed|without (?:prior )?written (?:consent|permission)",
     None),
    ("image credit", r"getty images|\((?:photo|credit|image)s?:|ap photo/|/ap photo|"
     r"afp via getty|\bphotograph: ", 40),
    ("byline", r"(?:^|[|–—-]\s*)(?:posted|published|publicad[oa]|publié|publiée|veröffentlicht|"
     r"pubblicato) (?:by|por|par|von|da)\b", 25),
    ("navigation", r"\[[A-Z]{3,12}\]\W*$", 30),  # a teaser headline tagged [VIDEO], [PICS]…
    ("promotion", r"\bdownload (?:our|the)\b.{0,40}\bapps?\b|\bsign up (?:here|now|today)\b|"
     r"\bsubscribe to (?:our|my|the) newsletters?\b|\babonniere[n]? (?:meinen|unseren) newsletter|"
     r"\bnuestro canal de youtube\b|\bour youtube channel\b|^[\w .'’&-]{0,40} newsletters?\W*$",
     25),
    ("script code", r"^(?:var|let|const)\s+[\w$]+\s*=|^function\s*[\w$]*\s*\(|"
     r"\bJSON\.parse\(|\bdocument\.(?:write|getElementById|querySelector)\(|"
     r"\bwindow\.[\w$]+\s*=", None),
)

_LABEL_RULES = tuple(
    (reason, re.compile(rf"(?i){_LEAD}(?:{pattern}){_LABEL_END}")) for reason, pattern in
    _LABELS.items()
)
_PREFIX_RULES = tuple(
    (reason, re.compile(rf"(?i){_LEAD}{pattern}"), limit) for reason, pattern, limit in _PREFIXES
)
# An aggregator's or republisher's disclaimer names three notions in one line: that the text was
# gathered or republished, who holds the rights or where the source is, and the site or its
# content itself ("we", "this site", "each article", "X is a news aggregator"). Reporting about
# aggregators and copyright rarely speaks of itself that way; the three vocabularies are
# generic, not any one site's wording.
_REPUBLISHED = re.compile(
    r"(?i)\b(?:aggregat(?:or|ors|ed|es|ing|ion)|auto-?generated|re-?published|re-?posted|"
    r"syndicated|automatically (?:collected|generated|gathered|compiled|published|imported|"
    r"selected|aggregated)|collected (?:automatically|from (?:open|public|various) sources)|"
    r"(?:news|rss|content) (?:feed|reader)s?)\b"
)
_RIGHTS = re.compile(
    r"(?i)\b(?:trade ?marks?|copyrights?(?:ed)?|intellectual property|(?:rightful|respective|"
    r"original|legal) (?:owners?|authors?|publishers?|rights ?holders?)|rights ?holders?|"
    r"belongs? to (?:the|their|its)\b|(?:original|primary) (?:source|publisher|article)s?|"
    r"source (?:links?|urls?)|(?:hyper)?links?(?: back)? to the\b.{0,30}"
    r"\b(?:source|publisher|author|owner|article)s?)\b"
)
# "we", "us", "our" only as written in lower case or capitalised, so "US" (the country) is not one
_SELF = re.compile(
    r"(?i)\b(?:(?-i:[Ww]e|[Uu]s|[Oo]ur)|this (?:site|website|web ?site|portal|page|feed|service|"
    r"platform|app|article|story|post|item|content)|"
    r"(?:each|every|all) (?:the )?(?:content|materials?|articles?|posts?|items?|stor(?:y|ies)|"
    r"news)|contact us|"
    r"(?:is|are) an? (?:[\w-]+ ){0,3}(?:aggregator|republisher|syndicator))\b"
)
DISCLAIMER_WORDS = 150  # a disclaimer is a short notice, never a long passage


def is_republication_notice(line: str) -> bool:
    """Whether ``line`` is an aggregator's or republisher's disclaimer.

    The line must say the text was aggregated, syndicated or republished, name rights or the
    original source, and speak of the site or its content. Not handled: a disclaimer that never
    mentions republication ("All content belongs to its owners" alone), and disclaimers in
    languages other than English.
    """
    if _words(line) > DISCLAIMER_WORDS:
        return False
    return bool(_REPUBLISHED.search(line) and _RIGHTS.search(line) and _SELF.search(line))


_NOTICE_RULES = tuple(
    (reason, re.compile(p if reason == "navigation" else rf"(?i){p}"), limit)
    for reason, p, limit in _NOTICES
)

_SEPARATOR = re.compile(r"^[\W_]+$")
LABEL_CHARS = 200  # a whole-line label (even a row of share buttons) is never longer
# "Portvale strike: a crane stands idle on the quay": a topic label, then a lower-case clause
# with no sentence end, as picture captions are written (a headline's clause is capitalised)
_CAPTION = re.compile(r"^[A-Z][^:.!?]{2,50}: [a-z][^.!?:;]*$")
CAPTION_WORDS = 20
_SOURCE = re.compile(
    r"(?i)^(?:source(?:\s+from)?|via|originally published (?:at|by|on|in)|quelle)\s*[:：–—-]\s*"
    r"(?P<name>\S.{0,80})$"
)
_URL_LINE = re.compile(r"^(?P<url>(?:https?://|www\.)\S+)(?:\s+(?P<rest>.{1,300}))?$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?)\s*"
    r"\((?P<agency>[A-Za-z][\w./-]{1,15})\)\s*[—–-]*\s*$"
)
_BYLINE = re.compile(
    r"^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor)\s+"
    r"(?P<name>[A-Z][\w.'’-]+"
    r"(?:\s+(?:[A-Z][\w.'’-]+|de|da|van|von|der|del|la|le|and|und|&|,)){0,7}?)"
    r"\s*(?:[,|–—-]\s*.{0,60})?$"
)
_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+\.?"
_LONE_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{1,2}}$")
_NOT_NAMES_TEXT = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december the this that more read news"
)
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """Why a line is furniture, and any metadata it carries (outlet, url, byline, …)."""

    reason: str
    found: tuple[tuple[str, str], ...] = ()


def _words(text: str) -> int:
    return len(text.split())


def _rule_reason(line: str) -> str | None:
    """The reason a rule gives for removing ``line``, if any.

    Each rule's length limit is checked before its pattern, which is the costly part.
    """
    if _SEPARATOR.match(line):
        return "separator"
    if len(line) <= LABEL_CHARS:
        for reason, pattern in _LABEL_RULES:
            if pattern.match(line):
                return reason
    words = _words(line)
    for reason, pattern, limit in _PREFIX_RULES:
        if words <= limit and pattern.match(line):
            return reason
    for reason, pattern, limit in _NOTICE_RULES:
        if (limit is None or words <= limit) and pattern.search(line):
            return reason
    if is_republication_notice(line):
        return "aggregator disclaimer"
    return None


def _metadata_line(line: str) -> LineVerdict | None:
    """A line that is metadata rather than reporting: source credit, URL, dateline, byline."""
    if m := _SOURCE.match(line):
        name = m["name"].strip(" .")
        if _words(name) <= 8:
            key = "url" if _URL_LINE.match(name) else "outlet"
            return LineVerdict("source credit", ((key, name),))
    if m := _URL_LINE.match(line):
        rest = (m["rest"] or "").strip()
        if _words(rest) <= 30:
            found = [("url", m["url"])] + ([("link_title", rest)] if rest else [])
            return LineVerdict("url line", tuple(found))
    if m := _DATELINE.match(line):
        return LineVerdict("dateline", (("dateline", line.rstrip(" —–-")),
                                        ("agency", m["agency"])))
    if (m := _BYLINE.match(line)) and _is_byline(line, m["name"]):
        found = [("byline", m["name"].strip(" ,&"))]
        credit = _BYLINE_OUTLET.search(line[m.start("name"):])
        if credit and not _ROLE_WORDS.search(credit["outlet"]):
            found.append(("outlet", credit["outlet"]))
        return LineVerdict("byline", tuple(found))
    return _date_line(line)


def _is_byline(line: str, name: str) -> bool:
    """Whether a "By ..." line names a person rather than starting a sentence."""
    first = name.split()[0].lower().strip(".,")
    return first not in _NOT_NAMES and not (line.endswith((".", "!", "?")) and _words(line) > 6)


def _date_line(line: str) -> LineVerdict | None:
    """A short line that is mostly a date ("Status: 09.01.2022 09:12 a.m.")."""
    if len(line) > 120:
        return None
    found = find_date(line)
    if found is None:
        return None
    rest = line[: found.start] + " " + line[found.end :]
    if len(re.findall(r"[^\W\d_]{2,}", rest)) > 4:
        return None
    return LineVerdict("date line", (("date", found.value),))


# The owner a copyright line names: "© 2025 Meridian Press. All rights reserved.", "© The
# Portvale Courier 2025", "Copyright 2025 Northgate Herald": capitalised words (an "of", "and"
# or "&" between them), before a year, a full stop, a comma or the end of the line. A full stop
# belongs to a word only before a small letter or a digit inside it ("Example.com") or after
# each initial of an initialism ("U.S."), so that the name ends at the first sentence end:
# "Copyright 2025 Harbour Media Company. Copyright Registered. This material ..." is owned by
# "Harbour Media Company".
_OWNER_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z](?:[\w&'’-]|\.(?=[a-z\d]))*(?!\.[A-Z]\.))"
_COPYRIGHT_OWNER = re.compile(
    r"^(?:(?:©|(?i:\(c\)|copyright\b))\s*)+(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s+)?"
    rf"(?P<name>{_OWNER_WORD}(?:\s+(?:{_OWNER_WORD}|of|and|&)){{0,5}}?)"
    r"\s*(?:,?\s*\d{4})?\s*(?:[.,;|]|(?i:all rights reserved)|$)")
# who a byline's "By Name, Outlet" credits when the part after the comma is no job title
_ROLE_WORDS = re.compile(
    r"(?i)\b(?:writer|correspondent|reporter|editor|staff|contributor|columnist|special|"
    r"for|bureau|chief|senior|political|associate|freelance|journalist|desk|news service)\b")
_BYLINE_OUTLET = re.compile(rf",\s*(?P<outlet>(?:The\s+)?{_OWNER_WORD}"
                            rf"(?:\s+(?:{_OWNER_WORD}|of|and|&)){{0,4}})\s*$")


def _copyright_owner(line: str) -> str | None:
    """The name a short copyright line gives its owner, if it is shaped like a name."""
    m = _COPYRIGHT_OWNER.match(line)
    if m is None or _words(line) > 25:
        return None
    name = m["name"].strip(" .,")
    if not name[:1].isupper() or name.casefold() in ("all", "all rights"):
        return None
    return name


def classify_line(line: str) -> LineVerdict | None:
    """Why ``line`` (one stripped paragraph) is furniture, or ``None`` when it is content."""
    reason = _rule_reason(line)
    if reason == "copyright notice" and (owner := _copyright_owner(line)):
        return LineVerdict(reason, (("outlet", owner),))
    if reason is not None:
        return LineVerdict(reason)
    return _metadata_line(line)


# a photo's credit or a gallery's marks ("Hide Caption 3 of 21 Photos:", "Henry Romero/Reuters",
# "(AP Photo/Evan Vucci)", "Image copyright Getty Images"), or a wire photo caption's tail:
# where and when the picture was taken, "in Washington, U.S., December 10, 2019."
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_PHOTO = re.compile(
    r"\bHide Caption\b|\b\d+ of \d+ Photos\b|\bPhotos?:\s|\bImage (?:copyright|caption)\b|"
    r"\((?:AP|AFP|Reuters|REUTERS|Getty)?\s*Photo\b|\bPhoto (?:by|credit)\b|"
    r"\b[A-Z][a-z]+ [A-Z][\w'-]+/(?:Reuters|REUTERS|AP|AFP|Getty Images|EPA|Bloomberg)\b|"
    r"\b(?:REUTERS|AFP|EPA)/[A-Z]|\bGetty Images\b|"
    rf"\bin [A-Z][^,.]{{1,40}}, [A-Z][^,]{{1,30}}, {_MONTH} \d{{1,2}}, (?:19|20)\d\d\.?\s*$")


def is_photo_caption(sentence: str) -> bool:
    """Whether a sentence is a photo's caption or credit left in an article's text: it tells
    what a picture shows, perhaps of another day or event than the article's."""
    return _PHOTO.search(sentence) is not None


def is_caption(line: str) -> bool:
    """Whether ``line`` is shaped like a picture caption ("Topic: a lower-case clause")."""
    return _CAPTION.match(line) is not None and _words(line) <= CAPTION_WORDS


def is_lone_name(line: str) -> bool:
    """Whether ``line`` is just a personal name ("Jane Q. Doe"), as bylines at the end are."""
    if not _LONE_NAME.match(line):
        return False
    return not any(w.lower().strip(".") in _NOT_NAMES for w in line.split())
