"""What a position must show before it is reported: a real actor, a real issue, a real stance.

:mod:`storyline.claims.positions` finds stance cues on the parse; on real coverage most of
what a cue word alone yields is not a position an analyst would write down: products and
datelines as actors ("MacBook Pro | display | offer", "WASHINGTON | deal"), general words and
fragments as issues ("claim", "thought", "step", "detail"), literal uses of the cue words
("refusing to exit his car", "getting ready to go out", "welcome his new daughter-in-law"),
and stances that nobody took (a cue under "whether", "if", "would", or negated: "did not deny").
These gates say no to each; when unsure, the position is left out.

- **Actor** (:func:`credible_actor`): a named person, organisation, state or group (entity
  label PERSON, ORG, GPE or NORP; a place written in capitals is a dateline), or a description
  whose head noun names people or an institution ("the government", "a senior official",
  "lawmakers").
- **Issue** (:func:`credible_issue`): a noun phrase whose head is not a general word; an
  offer of a reaction or a view ("offered a critique") is no offer.
- **Stance** (:func:`stance_taken`): the cue is not negated (refusals written with a negation
  are their own cues), not hypothetical, and of its political sense: "ready / willing /
  prepared / open to" only before a verb of negotiating or agreeing, "insist" only "on"
  something, "warn" only "of", "about" or "against" something or somebody "not to" do it,
  "deny" only an accusation, "accept" and "welcome" not a person.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "SAID_THINGS", "SELF_CONTAINED", "VAGUE_ISSUES", "credible_actor", "credible_issue",
    "has_name", "is_party", "names_people", "opposed_to", "singular", "stance_taken",
]

ACTOR_LABELS = frozenset(("PERSON", "ORG", "GPE", "NORP"))
AGENT_NOUNS = frozenset((
    # people by role
    "official", "minister", "president", "spokesman", "spokeswoman", "spokesperson",
    "secretary", "senator", "lawmaker", "legislator", "congressman", "congresswoman",
    "representative", "governor", "mayor", "leader", "chairman", "chairwoman", "chair",
    "adviser", "advisor", "diplomat", "ambassador", "envoy", "negotiator", "premier",
    "chancellor", "prosecutor", "attorney", "lawyer", "judge", "justice", "commissioner",
    "director", "chief", "executive", "candidate", "nominee", "speaker", "democrat",
    "republican", "conservative", "liberal", "progressive", "activist", "advocate",
    "critic", "opponent", "supporter", "protester", "demonstrator", "union", "unionist",
    "investigator", "regulator", "general", "commander", "monarch", "king", "queen", "pope",
    "producer", "exporter", "importer", "manufacturer", "maker", "buyer", "seller", "creditor",
    "lender", "guerrilla", "fighter", "militia", "singer", "player", "coach", "manager",
    "bishop", "cardinal", "sheriff", "council", "councillor", "councilman", "councilwoman",
    "delegate", "delegation", "owner", "employer", "worker", "teacher", "doctor", "nurse",
    "scientist", "economist", "expert", "analyst", "environmentalist", "resident", "voter",
    "parent", "student", "farmer", "rebel", "militant", "insurgent", "insurgency",
    # institutions and groups
    "government", "administration", "ministry", "department", "agency", "committee",
    "commission", "parliament", "congress", "senate", "house", "assembly", "legislature",
    "court", "party", "group", "organization", "organisation", "company", "firm", "campaign",
    "coalition", "alliance", "side", "bloc", "board", "authority", "authorities", "police",
    "military", "army", "navy", "regime", "cabinet", "caucus", "league", "federation",
    "association", "society", "church", "bank", "state", "country", "nation", "republic",
    "kingdom", "office", "embassy", "mission", "team", "club", "majority", "minority",
    "opposition", "leadership", "lobby", "movement", "network", "panel", "tribunal",
    "prosecution", "defense", "defence", "kremlin", "pentagon", "whitehall", "management",
))
GENERAL_WORDS = frozenset((  # never an issue, alone or qualified ("a greater vision")
    "claim", "measure", "thought", "detail", "hint", "step", "move", "idea", "matter", "issue",
    "question", "thing", "way", "look", "point", "part", "kind", "sort", "lot", "something",
    "anything", "everything", "nothing", "aspect", "area", "level", "reaction", "response",
    "critique", "criticism", "view", "assessment", "insight", "explanation", "advice",
    "consolation", "condolence", "prayer", "glimpse", "tribute", "praise", "force", "time",
    "day", "year", "people", "person", "man", "woman", "child", "kid", "family", "back",
    "tooth", "place", "chance", "hand", "life", "end", "result", "number", "amount", "degree",
    "version", "form", "sense", "notion", "timeline", "vision", "musing", "specific",
    "specifics", "congratulation", "show", "sympathy", "thanks", "reply", "answer",
    "anonymity", "reassurance", "preview", "hope", "feeling", "opinion", "whiff", "bound",
    "comment", "remark", "word", "fact", "information", "statement", "concern", "offer",
    "opportunity", "theme", "upset", "sideline", "course", "truth", "head", "wish",
    "towel", "prey", "illusion",  # "throw in the towel", "fall prey to illusions": idioms
))
VAGUE_ISSUES = GENERAL_WORDS | frozenset((  # an issue only with what names it ("tax plan")
    "term", "evidence", "option", "solution", "action", "effort", "attempt", "possibility",
    "need", "subject", "topic", "justification", "role", "report", "server", "plan",
    "proposal", "demand", "request", "call", "condition", "situation", "case", "problem",
    "work", "job", "service", "money", "car", "home", "house", "death", "survival", "change",
    "message", "note", "letter", "vote", "support", "help", "interest", "intention", "right",
    "reason", "discussion", "conversation", "meeting", "interview", "release", "decision",
    "deal", "agreement", "rule", "law", "bill", "policy", "program", "programme", "package",
    "project", "article", "price", "consequence", "repercussion", "implication",
    "ramification", "effect",
))
# vague heads that an action names well enough ("vetoing bill", "reinstating law")
_INSTRUMENTS = frozenset(("bill", "law", "rule", "deal", "agreement", "policy"))
_VAGUE_ALONE = VAGUE_ISSUES - _INSTRUMENTS
SELF_CONTAINED = frozenset((  # one word that names a matter a reader recognises
    "sanction", "impeachment", "ceasefire", "truce", "amnesty", "referendum", "boycott",
    "embargo", "recount", "annexation", "independence", "secession", "austerity", "abortion",
    "immigration", "deportation", "tariff", "talk", "negotiation", "resignation", "ouster",
    "indictment", "extradition", "withdrawal", "invasion", "occupation", "disarmament",
    "denuclearization", "denuclearisation", "euthanasia", "privatization", "privatisation",
    "nationalization", "conscription", "censorship", "surveillance", "filibuster", "veto",
    "subpoena", "bailout", "stimulus", "shutdown", "strike", "lockdown", "quarantine",
    "curfew", "moratorium", "ransom", "evacuation", "de-escalation", "escalation", "reparations",
    "ratification", "unification", "reunification", "autonomy", "sovereignty", "asylum",
))
ACCEPTABLE = frozenset((  # what one accepts or welcomes as a stance, not as a thing handed over
    "proposal", "offer", "deal", "term", "condition", "invitation", "resignation", "cut",
    "responsibility", "result", "ruling", "verdict", "plan", "compromise", "nomination",
    "apology", "demand", "agreement", "settlement", "bid", "decision", "change", "reform",
    "ceasefire", "truce", "outcome", "recommendation", "request", "challenge", "limit",
    "restriction", "increase", "rise", "tax", "tariff", "fee", "sanction", "move", "step",
    "measure", "bill", "law", "rule", "policy", "budget", "framework", "accord", "treaty",
    "mandate", "appointment", "election", "vote", "aid", "help", "support", "guarantee",
    "inquiry", "investigation", "review", "arbitration", "mediation", "talks", "negotiations",
    "dialogue", "blame", "criticism", "finding", "conclusion", "report", "assessment",
))
OFFERABLE = frozenset((  # what is offered as a stance, not sold or shown ("offers a display")
    "aid", "assistance", "help", "support", "reward", "deal", "compromise", "concession",
    "talks", "negotiations", "negotiation", "dialogue", "ceasefire", "truce", "amnesty",
    "apology", "resignation", "plan", "proposal", "compensation", "payment", "incentive",
    "guarantee", "protection", "asylum", "settlement", "cooperation", "membership", "pardon",
    "immunity", "exemption", "waiver", "relief", "funding", "loan", "bailout", "package",
    "reform", "cut", "increase", "raise", "rise", "referendum", "election", "vote", "inquiry",
    "investigation", "mediation", "arbitration", "security", "assurance", "framework",
    "agreement", "accord", "treaty", "exchange", "swap", "withdrawal", "pullback", "limit",
    "restriction", "moratorium", "freeze", "pause", "suspension", "release", "bounty",
    "condolence", "solidarity", "resources", "troops", "weapons", "arms", "money",
))
THREATS = frozenset((  # what is threatened as a stance: a step one may take against others
    "tariff", "sanction", "duty", "tax", "levy", "penalty", "fine", "punishment", "retaliation",
    "reprisal", "countermeasure", "action", "strike", "walkout", "boycott", "stoppage",
    "shutdown", "lockout", "blockade", "embargo", "ban", "veto", "filibuster", "lawsuit", "suit",
    "litigation", "complaint", "injunction", "prosecution", "impeachment", "expulsion",
    "suspension", "war", "attack", "invasion", "raid", "force", "violence", "bombing", "revenge",
    "intervention", "takeover", "resignation", "withdrawal", "pullout", "exit", "cutoff",
    "closure", "default", "eviction", "deportation", "arrest", "crackdown", "legislation",
    "referendum", "investigation", "audit", "recall", "secession", "mutiny", "hunger", "quit",
))
NO_COMMENT = frozenset((  # "refused to comment": a newsroom formula, not a stance
    "comment", "confirm", "say", "describe", "elaborate", "speculate", "disclose", "reveal",
    "answer", "specify", "identify", "name", "detail", "respond", "explain", "give", "provide",
    "release", "share", "draw",  # "refused to be drawn on the Lions"
    "indicate",  # "refused to indicate whether it would reopen the mill"
))
NEGOTIABLE = frozenset((
    "negotiate", "talk", "discuss", "meet", "work", "compromise", "accept", "agree", "sign",
    "consider", "cooperate", "support", "back", "vote", "engage", "resume", "reopen",
    "cut", "reduce", "limit", "lift", "drop", "withdraw", "pay", "offer", "provide",
    "give", "grant", "help", "fund", "allow", "end", "settle", "renegotiate", "review",
    "abandon", "scrap", "freeze", "pause", "suspend", "restore", "release", "ban",
    "revisit", "reform", "change", "delay", "extend", "raise", "lower", "hold", "join",
))
ACCUSATIONS = frozenset((
    "allegation", "accusation", "charge", "claim", "report", "wrongdoing", "involvement",
    "responsibility", "knowledge", "plan", "intention", "rumor", "rumour", "story",
    "suggestion", "assertion", "speculation", "link", "role", "existence", "access",
))
_DESCRIBING = frozenset((  # words a description starts with, capitalised at a sentence start
    "the", "a", "an", "some", "many", "several", "most", "other", "senior", "top", "local",
    "prominent", "former", "new", "both", "two", "three", "four", "five", "frantic", "furious",
    "angry", "worried", "concerned", "leading", "key", "influential", "high-ranking", "young",
))
_KIN = frozenset(("daughter", "son", "wife", "husband", "mother", "father", "brother",
                  "girlfriend", "boyfriend", "fiancee", "journalist", "reporter", "hostage",
                  "prisoner", "captive", "soldier", "civilian", "christian", "minority",
                  "national", "jihadi", "militant", "patient", "passenger", "child", "children",
                  "sister", "child", "kid", "fan", "friend", "neighbor", "neighbour", "colleague",
                  "co-worker", "actress", "actor", "player", "man", "woman", "people", "person",
                  "victim", "customer", "user", "member", "guest", "citizen", "couple"))
_POSTS = frozenset((  # who holds a post: dismissing one fires them
    "head", "chief", "director", "manager", "executive", "officer", "staff", "employee",
    "worker", "chairman", "president", "minister", "secretary", "official", "coach",
    "editor", "general", "commander", "governor", "member", "spokesman", "aide", "adviser",
    "advisor", "deputy", "treasurer", "trader",
))
_REQUESTING = frozenset(("ask", "request", "want", "expect", "hope", "urge", "press", "pressure",
                         "need", "tell", "force", "demand", "call", "wish", "invite", "push",
                         "accusation", "claim", "allegation", "charge", "suggestion", "fear",
                         "worry", "speculation", "rumor", "rumour", "accuse", "encourage",
                         "implore", "beg", "exhort", "lobby", "entreat", "recommend", "advise"))
# bringing another round: "persuaded Norland to accept" tells what Norland did, "to persuade
# Norland to accept" (tried, sent, hoped) only what was asked of it
_WINNING_OVER = frozenset(("persuade", "convince"))
_HYPOTHETICAL = frozenset(("would", "could", "might", "may", "should", "must"))
_DEFERRING = frozenset((  # "delayed accepting", "appeared ready to accept": not yet taken
    "delay", "postpone", "defer", "fail", "hesitate", "stop", "avoid", "cease", "appear",
    "seem",
))
_FORECAST = frozenset(("likely", "unlikely", "possible", "probable", "predict", "expect",
                       "forecast", "speculate", "suspect", "imagine", "guess", "bet"))
_NOT_TAKEN = _FORECAST | _DEFERRING  # a cue governed by these states no stance of its own
_RISKS = frozenset((  # what a thing or a course "threatens to" do: a risk, not a threat made
    "be", "become", "undermine", "derail", "overshadow", "destabilize", "destabilise",
    "jeopardize", "jeopardise", "disrupt", "wreck", "engulf", "spill", "spread", "unravel",
    "overwhelm", "eclipse", "complicate", "erode", "upend", "swamp", "cloud", "dampen",
    "cause", "damage", "harm", "hurt", "ruin", "cripple", "worsen",
))
_COUNTING = frozenset((  # words that pick some members of a group or place one in a series
    "other", "others", "enough", "some", "many", "several", "few", "first", "second", "third",
    "last", "both", "all", "most", "more", "dozens", "hundreds", "thousands", "another", "each",
    "every", "any", "no", "fellow", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "dozen",
))
_SUPPORTED_THINGS = frozenset((  # what is held up or paid for, not a matter one is for
    "weight", "family", "life", "roof", "structure", "claim", "view", "finding", "evidence",
    "theory", "data", "conclusion", "argument", "hypothesis", "notion", "idea", "version",
    "device", "feature", "format", "browser", "platform", "file", "app", "software", "hardware",
    "prediction", "forecast", "estimate", "projection", "assumption", "computer", "product",
    "machine", "chip", "phone", "handset", "console", "camera", "printer",
    "likelihood", "chance", "prospect", "probability", "lifestyle", "operating",
))
_SECURITIES = frozenset((  # "called its debentures for redemption": a company's own operation
    "redemption", "repayment", "prepayment", "conversion", "debenture", "bond", "note",
    "share", "stock", "warrant",
))
_UNNAMED_BODIES = frozenset((  # bodies a bare noun does not say which of
    "bank", "company", "firm", "group", "agency", "committee", "board", "ministry",
    "department", "court", "council", "commission", "authority", "government",
    "administration", "office", "union", "association", "club", "team", "party", "side",
))
_TIPS = frozenset(("win", "beat", "succeed", "triumph", "claim", "take", "lift", "reach",
                   "finish", "top", "qualify", "score", "go", "make", "prevail"))
_PERMITTING = frozenset(("allow", "permit", "enable", "let", "authorize", "authorise",
                         "entitle", "empower"))
_WEIGHING = frozenset(("consider", "weigh", "mull", "contemplate", "debate", "ponder"))
_PRONOUNS = frozenset(("i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her",
                       "them", "who", "which", "that", "this", "these", "those", "one"))


def singular(word: str) -> str:
    """A noun in the singular, roughly ("guarantees" -> "guarantee", "policies" -> "policy")."""
    w = word.casefold().replace("\u2019", "'").removesuffix("'s")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def has_name(description: str) -> bool:
    """Whether a description says whose it is: a capitalised word that is not just the first
    word of a sentence ("US officials", "the Norland government"; not "Officials")."""
    words = description.replace("\u2019", "'").split()
    if not words:
        return False
    first = words[0].strip(".,'\"")
    named_first = first[:1].isupper() and singular(first) not in AGENT_NOUNS | _DESCRIBING
    return any(w[:1].isupper() for w in words[1:]) or first.isupper() or named_first


_DOCUMENTS = frozenset((  # what "proposes" or "calls for" things without holding a stance
    "bill", "act", "law", "legislation", "report", "study", "survey", "paper", "document",
    "treaty", "amendment", "directive", "resolution", "constitution", "charter", "manifesto",
    "budget", "plan", "proposal", "blueprint", "draft", "memo", "letter", "review", "audit",
))


_NAME_PARTICLES = frozenset(("Le", "La", "De", "Del", "Van", "Von", "Al", "El", "Bin", "Ibn",
                             "Da", "Di", "Du", "Mc", "St", "Ms", "Mr", "Mrs", "Dr"))


# a word whose lower-case run of three or more letters goes on into a capitalised word: two
# words with the space lost ("MeadowsDemocrats"), not a name's inner capital ("McCain",
# "MacArthur", "DeSantis"); only after a name's first word, where a company's own spelling
# ("BlackRock") does not stand
_GLUED = re.compile(r"[a-z]{3}[A-Z][a-z]{2}")


# a page's links run into its text: headlines parted by bars ("Court orders … | Energy companies
# cancel … | House rejects …"), or a name with the next link's headline glued to it ("Sen. Ben
# Sasse Benjamin (Ben) Eric SasseGOP senators urge …")
_BARS = re.compile(r" \| .* \| ")
_NAME_GLUED = re.compile(r"\b([A-Z][a-z]{2,})\b.*?\b\1(?=[A-Z])")


def link_text(sentence: str) -> bool:
    """Whether a sentence is a page's run of link headlines, not the article's own words."""
    return bool(_BARS.search(sentence) or _NAME_GLUED.search(sentence))


def credible_actor(name: str, label: str) -> bool:
    """A person, organisation, state or group: not a pronoun, a dateline, a thing or a
    document ("the Bill proposes control orders": its authors hold the stance, not the Bill)."""
    words = name.replace("\u2019", "'").split()
    if not words or (name.casefold() in _PRONOUNS and not name.isupper()):  # "US" is no "us"
        return False
    if any("://" in w or w.startswith(("@", "#", "pic.twitter")) for w in words):
        return False  # a link or a handle caught in the name: not what the text names
    if any(c in name for c in '"?\u201c\u201d:;') or \
            len({w.casefold() for w in words}) < len(words):
        return False  # 'Khalaf said:-"It', "Trump Trump": text run together, not a name
    if len(words) > 1 and words[0].isupper() and len(words[0]) > 3 and words[0].isalpha() and \
            not words[1].isupper():
        return False  # "DEFENSE Hernandez": a section header stuck to a name
    if any(_GLUED.search(w) for w in words[1:]):
        return False  # "Mark Randall MeadowsDemocrats": a name run into the next link's text
    if len(words) > 1 and words[-1] in _NAME_PARTICLES:
        return False  # "Marine Le": a name cut before its last part
    if singular(words[-1].strip(".,'\"")) in _DOCUMENTS:
        return False
    if len(words) == 1 and name.casefold() in _UNNAMED_BODIES:
        return False  # "the Bank", "the Commission": which one, the text must say ("the
        # Democrats", a party, and "Congress" say it)
    if len(words) > 1 and all(w.isupper() and len(w) > 3 for w in words):
        return False  # "LINK REAGAN": a newswire slug, not a name
    if label in ACTOR_LABELS:
        if len(words) == 1 and len(name) <= 3 and not name.isupper():
            return False  # "Pa" of "(R-Pa.)": a fragment
        if label == "NORP" and len(words) == 1 and not name.endswith("s"):
            return False  # "a Democrat from Rhode Island": one member, not the party
        return not (label == "GPE" and name.isupper() and len(name) > 3)  # "WASHINGTON —"
    if not has_name(name):
        return False  # "officials", "a government representative": who, the text must say
    if words[0].casefold() in _COUNTING or words[0][:1].isdigit():
        return False  # "other right-wing leaders", "14 candidates": some of them, not who
    head_words = re.split(r"\s(?:of|in|at|from|for|with|on|to)\s", " ".join(words), maxsplit=1)
    head = singular(head_words[0].split()[-1].strip(".,'\""))  # "an official in Norland"
    return head in AGENT_NOUNS or head.removesuffix("s") in AGENT_NOUNS


def credible_issue(issue: str, head: str, stance: str) -> bool:
    """A matter a reader recognises: more than one word ("charges of assault", "NATO
    expansion"), or a name, or a word that names a matter by itself ("sanctions"); never a
    general word, a fragment or a pronoun."""
    words = issue.split()
    head = singular(head)
    if any(c in issue for c in '"?\u201c\u201d:;'):
        return False  # 'detailed timeline"?of': a quotation mark or a lost character in it
    if not words or len(head) < 3 or not head[0].isalpha() or head in _PRONOUNS:
        return False
    if head in GENERAL_WORDS:
        return False
    if stance == "accept" and head not in ACCEPTABLE:
        return False  # "accepted the game ball": a thing handed over, not a stance
    named = words[:]
    while len(named) > 1 and (named[0].endswith("ing") or named[0] == "not"):
        named = named[1:]  # the actions the issue is named with: "holding votes" -> "votes"
    if len(named) == 1 and singular(named[0]) in _VAGUE_ALONE:
        return False  # "holding votes", "obeying decision": nothing says which
    if len(words) > 1:
        return not (len(words) == 2 and singular(words[0]) in GENERAL_WORDS)
    if head in VAGUE_ISSUES:
        return False  # "oppose the Bill": capitalised, but which bill the text must say
    # one capitalised word is a matter when it is an acronym ("DACA", "NAFTA"); a name alone
    # ("Priebus", "Koran", "Trump") was nearly never the matter on the labelled rounds
    return (words[0].isupper() and len(words[0]) > 1) or head in SELF_CONTAINED


VERSUS = frozenset(("v.", "vs.", "v", "versus"))  # "Roe v. Wade"


def case_name(noun: Token) -> Token | None:
    """The second party of a court case a noun opens ("Roe" of "Roe v. Wade"), if it does."""
    if not any(c.dep_ == "prep" and c.lower_ in VERSUS for c in noun.children):
        return None
    return next((c for c in noun.children if c.dep_ == "conj" and c.i > 1
                 and noun.doc[c.i - 1].lower_ in VERSUS), None)


def is_party(noun: Token) -> bool:
    """A person or group named as what a stance is about: a party to it, not the matter."""
    if case_name(noun) is not None:
        return False  # "Roe v. Wade": a court case, not its parties
    if noun.ent_type_ in ("PERSON", "NORP", "GPE", "LOC"):
        return True  # "demands that NATO not accept Ukraine": the matter is not the country
    if any(c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" and c.i > noun.i
           for c in noun.children):
        return True  # "proposed to singer Aguilera": a person, however described
    lemma = singular(noun.lemma_)
    return lemma in AGENT_NOUNS or lemma in _KIN


def names_people(noun: Token) -> bool:
    """A person or people as such ("Jane Holt", "people", "citizens"), not an organisation."""
    return noun.ent_type_ == "PERSON" or singular(noun.lemma_) in _KIN


def _embedded(tok: Token) -> bool:
    """A cue inside what somebody asks of another ("asked that Clinton agree to …"), or under
    "without" ("without offering specifics")."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ == "pcomp" and cur.head.lower_ == "without":
            return True
        if cur.dep_ in ("ccomp", "xcomp", "acl") and \
                cur.head.lemma_.casefold() in _REQUESTING | _PERMITTING and cur.head.i != tok.i:
            return True  # asked of another, or allowed ("the law allows the islands to offer")
        if cur.dep_ == "xcomp" and cur.head.lemma_.casefold() in _WINNING_OVER and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in cur.head.children):
            return True  # "tried to persuade Americans to support": asked of them, not theirs
        if cur.dep_ in ("ROOT", "advcl", "relcl"):
            return False
        cur = cur.head
    return False


def _hypothetical(tok: Token) -> bool:
    """A cue under "would", "could", "whether" or "if": a stance imagined, not taken."""
    cur = tok
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and any(c.dep_ == "aux" and c.lower_ == "had" and c.i < subj.i
                                for c in tok.children):
        return True  # "Had Pablos accepted the help, …": what did not happen
    for _ in range(6):
        kids = list(cur.children)
        if any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in kids):
            return True
        if any(c.dep_ == "aux" and c.lower_ == "can" for c in kids) and not any(
                c.dep_ == "neg" for c in kids):
            return True  # "can only reject an offer on quality grounds": what may be done
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in kids):
            return True
        if cur.dep_ in ("ROOT",) or cur.head.i == cur.i:
            break
        if cur.dep_ in ("ccomp", "advcl", "relcl", "csubj"):
            # the clause a cue sits in ends here; a report verb above it does not hedge it,
            # a forecast does ("more likely that governments will insist on checks")
            return cur.dep_ == "ccomp" and any(  # "expects that", "it is likely that"
                t.lemma_.casefold() in _FORECAST for t in (cur.head, *cur.head.children)
                if t.i == cur.head.i or t.dep_ == "acomp")
        if cur.dep_ == "xcomp" and cur.head.lemma_.casefold() in _WEIGHING:
            return True  # "is considering urging Bush to …": not yet urged
        if cur.dep_ == "xcomp" and cur.head.lemma_.casefold() == "have" and \
                cur.head.tag_ != "VBD" and any(c.dep_ == "aux" and c.lower_ == "to"
                                               for c in cur.children):
            return True  # "has to reject the deal": what somebody must do ("had to": did)
        cur = cur.head
    return False


def _governed_away(tok: Token) -> bool:
    """A cue under a negated verb or adjective ("is not going to support", "are not about
    to back", "does not want to reject") or a forecast ("is unlikely to support", "is
    expected to reject"), or one put off or only seeming ("delayed accepting", "appeared to
    be ready to accept"): no stance taken, or one told of by others."""
    cur = tok
    if cur.dep_ == "acomp":  # "ready" in "appeared to be ready to accept"
        cur = cur.head
    for _ in range(4):
        if cur.dep_ != "xcomp" or cur.head.i == cur.i:
            return False
        head = cur.head
        if head.lemma_.casefold() in _NOT_TAKEN:
            return True
        holders = (head, head.head) if head.dep_ == "acomp" else (head,)
        if any(c.dep_ == "neg" for h in holders for c in h.children):
            return True
        cur = holders[-1]
    return False


def _complement(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")
                 and c.pos_ in ("VERB", "AUX")), None)


def opposed_to(tok: Token) -> bool:
    """"Is opposed to": a stance, though the parser may read it as a passive or an adjective;
    "was opposed by" is not."""
    return tok.lemma_.casefold() in ("oppose", "opposed") and \
        any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children) and \
        not any(c.dep_ == "agent" for c in tok.children)


SAID_THINGS = frozenset((  # what is said of a matter: to discuss one is to comment on it
    "report", "claim", "speculation", "suggestion", "allegation", "rumour", "rumor", "story",
    "accusation", "remark", "comment", "question",
))


def _opinion_or_no_comment(tok: Token) -> bool:
    """"Did not consider the law to be an infringement" holds an opinion, and "refused to
    discuss reports that …" declines to comment: neither refuses a matter."""
    verbs = [tok, *(c for c in tok.children if c.dep_ in ("xcomp", "ccomp"))]
    for verb in verbs:
        lemma = verb.lemma_.casefold()
        kids = list(verb.children)
        if lemma in ("consider", "regard", "see", "view") and any(
                c.dep_ in ("xcomp", "oprd", "ccomp") or c.dep_ == "prep" and c.lower_ == "as"
                for c in kids):
            return True
        if lemma in ("discuss", "address") and any(
                c.dep_ == "dobj" and singular(c.lemma_) in SAID_THINGS for c in kids):
            return True
    return False


def _calls_in_securities(tok: Token) -> bool:
    """"Called for (the optional sinking fund) redemption of …": calling in securities."""
    return any(t.lemma_.casefold() in _SECURITIES and t.i > tok.i
               for t in tok.subtree if t.i < tok.i + 8)


def stance_taken(tok: Token, stance: str, issue_head: str) -> bool:
    """Whether the cue word states its subject's stance in the cue's political sense."""
    lemma = tok.lemma_.casefold()
    if stance not in ("refuse", "reject") and any(c.dep_ == "neg" for c in tok.children):
        return False  # "did not deny", "has not offered"
    if _hypothetical(tok) or _embedded(tok) or _governed_away(tok):
        return False
    if any(t.dep_ == "advmod" and t.lower_ in ("once", "formerly") and t.i < tok.i
           for c in tok.children if c.dep_ == "advmod" for t in c.subtree):
        return False  # "Republicans once opposed adding to the debt": held no longer
    if any(c.dep_ == "mark" and c.lower_ == "for" for c in tok.children):
        return False  # "an enticement for her to support the bill": what might move her
    if lemma in ("dismiss", "fire", "sack", "oust") and any(
            c.dep_ == "dobj" and (names_people(c) or singular(c.lemma_) in _POSTS)
            for c in tok.children):
        return False  # "dismissed the head of its foreign exchange department": fired
    if lemma == "threaten" and any(c.dep_ == "xcomp" and (
            c.lemma_.casefold() in _RISKS or c.lemma_.casefold() == "bring" and any(
                g.dep_ == "prt" and g.lower_ == "about" for g in c.children))
            for c in tok.children):
        return False  # "threatened to become the focus", "to bring about disaster": a risk
    if lemma == "threaten" and not any(c.dep_ == "xcomp" for c in tok.children) and any(
            c.dep_ == "dobj" and singular(c.lower_) not in THREATS for c in tok.children):
        return False  # "militias that threaten its sovereignty": a danger, not a threat made
    if lemma == "prepare" and not any(c.dep_ == "auxpass" or c.lemma_ == "be"
                                      for c in tok.children):
        return False  # "the Fed prepared to raise rates" got ready; "is prepared to" offers
    if lemma in ("ready", "willing", "prepared", "prepare", "open"):
        comp = _complement(tok)
        if comp is not None:
            return comp.lemma_.casefold() in NEGOTIABLE
        return lemma == "open" and any(c.dep_ == "prep" and c.lower_ == "to"
                                       for c in tok.children)
    if lemma == "offer":
        comp = _complement(tok)
        if comp is not None:
            return comp.lemma_.casefold() not in NO_COMMENT
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None and any(c.lower_ == "no" for c in obj.children):
            return False  # "offered no timeframe"
        return singular(issue_head) in OFFERABLE
    if stance == "refuse" and _opinion_or_no_comment(tok):
        return False
    if stance == "refuse" and lemma in ("discuss", "comment", "talk", "elaborate") and any(
            c.dep_ == "dobj" and c.pos_ in ("PRON", "DET") for c in tok.children):
        return False  # "I cannot discuss this further": no comment
    if lemma in ("refuse", "decline"):
        comp = _complement(tok)
        # "refused to comment" is a formula; "refused to rule out" refuses nothing
        return comp is None or comp.lemma_.casefold() not in NO_COMMENT | {"rule"}
    if stance == "demand" and any(c.dep_ == "xcomp" and c.lemma_.casefold() in ("know", "see",
                                                                                 "hear")
                                  for c in tok.children):
        return False  # "demanding to know why": a question, not a demand
    if stance in ("support", "oppose"):
        if tok.pos_ != "VERB" and not opposed_to(tok):
            return False  # "child support", "in favor of": nouns; "is opposed to" is a stance
        if any(c.dep_ in ("prt", "agent") for c in tok.children):
            return False  # "backed down", "backed up", "supported by donors"
        if any(c.dep_ == "dobj" for c in tok.children) and any(
                c.dep_ == "xcomp" and c.lemma_.casefold() in _TIPS for c in tok.children):
            return False  # "backed New Zealand to win the series": a tip, not a matter
        return singular(issue_head) not in _SUPPORTED_THINGS
    if lemma == "insist":  # '"…," she insisted on the radio' reports speech: "on" is where
        return any(c.dep_ == "prep" and c.lower_ == "on" for c in tok.children) and \
            not any(c.dep_ == "ccomp" for c in tok.children)
    if stance == "demand" and any(
            c.dep_ == "ccomp" and c.left_edge.tag_ in ("WRB", "WP", "WDT") for c in tok.children):
        return False  # '"Why will the prime minister not …?" he demanded': a question
    if lemma == "warn":
        preps = any(c.dep_ == "prep" and c.lower_ in ("of", "about", "against")
                    for c in tok.children)
        told_not_to = any(c.dep_ == "xcomp" and any(g.dep_ == "neg" for g in c.children)
                          for c in tok.children)
        return preps or told_not_to
    if stance == "deny":
        if any(c.lower_ in ("neither", "nor") for c in tok.children) or \
                tok.dep_ == "conj" and any(c.lower_ == "neither" for c in tok.head.children):
            return False  # "neither confirmed nor denied"
        return singular(issue_head) in ACCUSATIONS
    if lemma == "rule" or tok.lower_ == "rule":
        head = tok.head.lemma_.casefold()
        if head in ("refuse", "decline", "try", "attempt", "seek") or any(
                c.dep_ == "neg" for c in (*tok.head.children, *tok.children)):
            return False  # "refused to rule out", "trying to rule out foul play"
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
        # an option ruled out ("ruled out running", "ruled out talks"), not a cause or a fact
        return obj is None or obj.pos_ == "VERB" or singular(issue_head) in SELF_CONTAINED
    # "called a press conference": scheduled, not demanded; "called for redemption of its
    # preferred stock": a company's own operation on its securities
    return not (stance == "demand" and (
        singular(issue_head) in _SECURITIES | {"conference", "briefing", "session"}
        or lemma == "call" and _calls_in_securities(tok)))
