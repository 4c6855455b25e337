"""Positions: stance cues, PLOVER mapping, actors and issues."""

from __future__ import annotations

import pytest

from storyline.claims.position_gates import credible_actor, link_text
from storyline.claims.positions import PLOVER, STANCES, find_positions, stance_cues
from storyline.model import Article, ArticleAnnotations, Position, content_id
from storyline.pipeline import annotate_article


@pytest.mark.parametrize(("sentence", "stance"), [
    ("The union demanded a 9 percent wage increase.", "demand"),
    ("The union called for a new pay deal.", "demand"),
    ("The port offered a bonus to the crane drivers.", "offer"),
    ("Norland said it was ready to negotiate on the tariff.", "offer"),
    ("Norland accepted the proposal on Monday.", "accept"),
    ("Vesk rejected the proposal on Monday.", "reject"),
    ("Vesk refused to discuss the tariff.", "refuse"),
    ("The minister said the tariff was not up for negotiation.", "refuse"),
    ("Vesk threatened sanctions against the port.", "threaten"),
    ("Norland warned of consequences for the port.", "warn"),
    ("Vesk denied any plan to close the border.", "deny"),
])
def test_positions_each_stance(sentence: str, stance: str) -> None:
    found = [kind for kind, _, _ in stance_cues(sentence)]
    assert found and found[0] == stance


def test_positions_condition_qualifies_a_stance() -> None:
    kinds = [k for k, _, _ in stance_cues("Norland will accept the deal if Vesk lifts quotas.")]
    assert kinds == ["accept", "condition"]
    assert stance_cues("If it rains, the match moves indoors.") == []


def test_positions_negated_offer_is_refusal() -> None:
    assert stance_cues("Vesk is not willing to lift its quotas.")[0][0] == "refuse"
    assert stance_cues("Vesk did not accept the quotas.")[0][0] == "reject"


def test_positions_noun_is_no_stance() -> None:
    assert stance_cues("The offer was published on Monday.") == []


def test_positions_plover_mapping() -> None:
    assert {s for s, _ in STANCES} == set(PLOVER)
    assert PLOVER["demand"] == "REQUEST"
    assert PLOVER["offer"] == PLOVER["accept"] == "AGREE"
    assert PLOVER["reject"] == PLOVER["refuse"] == PLOVER["deny"] == "REJECT"
    assert PLOVER["threaten"] == PLOVER["warn"] == "THREATEN"
    assert PLOVER["condition"] == "REQUEST"


def positions_of(body: str) -> tuple[Position, ...]:
    art = Article(id=content_id("a", body), text=body, source_path="p.txt",
                  published="2024-05-08")
    ann = annotate_article(art)
    return find_positions([art], ann.quotes, [], {art.id: ann}, "s1")


def test_positions_actor_issue_and_evidence() -> None:
    body = ("Norland demanded the removal of Vesk's steel quotas on Monday. "
            "Vesk rejected the demand and threatened new tariffs on Norland grain.")
    found = {(p.actor_name, p.issue, p.stance, p.plover) for p in positions_of(body)}
    assert ("Norland", "removal of Vesk steel quotas", "demand", "REQUEST") in found
    assert ("Vesk", "tariffs on Norland grain", "threaten", "THREATEN") in found
    for p in positions_of(body):
        assert all(0 <= e.start < e.end <= len(body) for e in p.evidence)


def test_positions_quoted_speaker_is_the_actor() -> None:
    body = '"We refuse to discuss the steel quotas," said Ilse Marten, Vesk\'s trade minister.'
    found = positions_of(body)
    assert any(p.actor_name == "Ilse Marten" and p.stance == "refuse" and p.plover == "REJECT"
               for p in found)


def test_positions_issue_is_a_noun_phrase_head() -> None:
    body = ("Norland urged Vesk to lift the steel quotas ahead of the talks next week. "
            "Vesk said it was ready to negotiate on issues such as grain tariffs. "
            "Vesk rejected Norland's demands to scrap the export levy.")
    found = {(p.actor_name, p.issue, p.stance) for p in positions_of(body)}
    assert ("Norland", "lifting steel quotas", "demand") in found  # the action demanded
    assert ("Vesk", "grain tariffs", "offer") in found
    assert ("Vesk", "scrapping export levy", "reject") in found  # what is rejected
    assert not {p.issue for p in positions_of(body)} & {"ahead", "such", "issue", "demand"}


def test_positions_no_object_gives_a_general_issue_or_none() -> None:
    body = ("The Norland government is ready to negotiate patiently and calmly. "
            "Norland seriously warned.")
    found = {(p.actor_name, p.issue, p.stance) for p in positions_of(body)}
    assert any(actor.endswith("government") and issue == "negotiations" and stance == "offer"
               for actor, issue, stance in found)
    assert not [p for p in positions_of(body) if p.stance == "warn"]


def test_positions_nouns_passives_and_demanded_content_are_no_stance() -> None:
    body = ("Vesk made far-reaching demands on Monday. "
            "Norland claims it is being threatened by Vesk. "
            "Norland demands that Vesk does not accept the new quotas.")
    found = {(p.actor_name, p.stance) for p in positions_of(body)}
    assert ("Vesk", "demand") not in found
    assert not [s for _, s in found if s in ("threaten", "reject")]
    assert ("Norland", "demand") in found


def test_positions_actor_is_the_subject_not_the_reporter() -> None:
    body = "Officials in Norland said Vesk was ready to discuss the grain tariffs."
    found = {(p.actor_name, p.issue, p.stance) for p in positions_of(body)}
    assert ("Vesk", "grain tariffs", "offer") in found


def test_positions_need_a_real_actor_issue_and_stance() -> None:
    # the kinds of false position seen on real coverage, in invented sentences of their shape
    body = ("WASHINGTON — The senators reached a deal on Monday. "
            "The melting of the glaciers is threatening the mountain villages. "
            "My wife was getting ready to go out with the kids. "
            "The driver refused to exit his car when police arrived. "
            "Marten did not deny the allegations on Tuesday. "
            "Ostrava's council said it was skeptical that the board would accept the proposal. "
            "Marten offered a strong critique of the tariff plan on Friday. "
            "Marten welcomed his new daughter-in-law to the family.")
    assert positions_of(body) == ()


def test_positions_threat_told_as_a_consequence() -> None:
    body = ("If Vesk closes the border, it will face tough economic sanctions, a senior "
            "government official in Norland said on Monday.")
    found = {(p.issue, p.stance) for p in positions_of(body)}
    assert ("tough economic sanctions", "threaten") in found or \
        ("economic sanctions", "threaten") in found


def test_positions_coordinated_issues_are_each_an_issue() -> None:
    body = ("The Norland government is ready to negotiate on issues such as missile deployments "
            "and military exercises.")
    issues = {p.issue for p in positions_of(body)}
    assert {"missile deployments", "military exercises"} <= issues


def test_positions_issue_is_named_with_the_action_asked_or_refused() -> None:
    body = ("Norland's foreign minister Ilse Marten urged Vesk to de-escalate the border "
            "crisis. The Norland Farmers' Union urged members to vote against the grain bill. "
            "The Vesk government rejected Norland's demands to renounce the pipeline project.")
    found = {(p.issue, p.stance) for p in positions_of(body)}
    assert ("de-escalating border crisis", "demand") in found
    assert ("voting against grain bill", "demand") in found
    assert ("renouncing pipeline project", "reject") in found


def test_positions_ruling_out_a_cause_or_refusing_to_rule_out_is_no_refusal() -> None:
    body = ("Doctors in Harlow ruled out chlorine gas as the cause of the injuries. "
            "The Norland defence ministry refused to rule out drone strikes. "
            "Police in Harlow were trying to rule out foul play.")
    assert not [p for p in positions_of(body) if p.stance == "refuse"]


def test_positions_issue_keeps_names_negations_and_chained_actions() -> None:
    body = ("The Norland Farmers' Union demanded that Vesk stop producing coal. "
            "Senator Ilse Marten urged the governor not to close the Harlow prison. "
            "The Norland Labour Party called for a New York debate on credit score reform.")
    issues = {p.issue for p in positions_of(body)}
    assert "stopping producing coal" in issues
    assert "not closing Harlow prison" in issues
    assert any("credit score reform" in i for i in issues)


def test_positions_only_in_english_articles() -> None:
    from storyline.claims.positions import find_positions
    from storyline.model import Article

    text = ("Título del artículo\n\nCabrera Castellanos insistió en tratar de modo especial a "
            "los jóvenes, que no fueron bien tratados en el centro laboral de la ciudad.")
    found = {}
    for lang in ("es", "en"):  # the same words read as English do give a (wrong) position
        art = Article(id=f"a-{lang}", text=text, source_path=f"{lang}.txt", language=lang,
                      body_start=text.index("\n\n") + 2)
        found[lang] = find_positions([art], [], [], {art.id: ArticleAnnotations(art.id)}, "s1")
    assert found["es"] == () and found["en"] != ()


def test_positions_a_title_with_its_name_beside_it_is_that_person() -> None:
    body = ("The lieutenant governor, Kim Guadagno, emphatically denied the allegations of "
            "bribery on Monday.")
    found = {(p.actor_name, p.stance) for p in positions_of(body)}
    assert any("Guadagno" in actor and stance == "deny" for actor, stance in found), found


def test_positions_read_the_stance_sentences_in_their_article_parse(monkeypatch) -> None:
    import dataclasses

    import storyline.claims.positions as positions_module
    from storyline.language.nlp import parse_text

    body = ("Norland demanded the removal of Vesk's steel quotas on Monday. "
            "The weather was mild. Vesk rejected the demand and threatened new tariffs.")
    art = Article(id=content_id("a", body), text=body, source_path="p.txt",
                  published="2024-05-08")
    ann = annotate_article(art)
    kept = ann.stance_parses
    assert kept is not None and len(kept.spans) == 2  # the mild weather states no stance
    # stored as the parser read them within the article: the same tokens and analyses
    whole = parse_text(body)
    for (start, end), doc in zip(kept.spans, positions_module.unpack_docs(kept.data),
                                 strict=True):
        span = whole.char_span(start, end)
        assert [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i - span.start)
                for t in span] == [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i)
                                   for t in doc]
    # read back, not parsed again; without them, parsed alone, with the same positions here
    asked: list[str] = []
    real = positions_module.parse_many_kept
    monkeypatch.setattr(positions_module, "parse_many_kept",
                        lambda texts: asked.extend(texts) or real(texts))
    stored = find_positions([art], ann.quotes, [], {art.id: ann}, "s1")
    assert asked == []
    bare = dataclasses.replace(ann, stance_parses=None)
    alone = find_positions([art], ann.quotes, [], {art.id: bare}, "s1")
    assert len(asked) == 2
    assert stored and stored == alone


def test_positions_cue_search_over_lower_cased_text_finds_every_cue(demo_dir, monkeypatch) -> None:
    import re

    import storyline.claims.positions as positions_module

    sentences = [s for p in sorted(demo_dir.glob("*.txt"))
                 for s in re.split(r"(?<=[.!?])\s+|\n+", p.read_text(encoding="utf-8"))]
    sentences += ["Vesk REFUSED to Discuss it.", "Norland refuſed the quotas.",  # long s
                  "İf Vesk agrees to talks, Norland Welcomes them.", "Vesk ıs Willing to talk.",
                  "\u201cWe reject it,\u201d she said.", "Nobody called back."]
    fast = [stance_cues(s) for s in sentences]
    monkeypatch.setattr(positions_module, "lowered", lambda text: None)  # every pattern, as is
    slow = [stance_cues(s) for s in sentences]
    assert fast == slow
    assert sum(map(bool, fast)) >= 10 and not fast[-1]
    assert fast[-6] and fast[-5] and fast[-4] and fast[-2]


def _triples(body: str) -> set[tuple[str, str, str]]:
    return {(p.actor, p.issue, p.stance) for p in positions_of(body)}


def _issues(body: str) -> set[str]:
    return {i for _, i, _ in _triples(body)}


def _actors(body: str) -> set[str]:
    return {a for a, _, _ in _triples(body)}


def test_positions_cue_words_end_at_a_word_boundary() -> None:
    # "called Ford's plans" and "pushed forward" are not "called for" / "pushed for"
    assert not any(s == "demand" for _, _, s in _triples(
        "In April, Vesk called Ford's plans to open a plant in Norland a disgrace."))
    assert not any(s == "demand" for _, _, s in _triples(
        "Vesk pushed forward with the port expansion on Monday."))


def test_positions_issue_follows_the_cue() -> None:
    assert _issues("On Radio Norland Tuesday, Anna Vesk called for an open primary "
                   "process.") == {"open primary process"}
    assert _issues("To a standing ovation, Vesk called for the suspension of the tariff "
                   "deal.") == {"suspension of tariff deal"}


def test_positions_called_for_somebody_to_act_is_about_the_act() -> None:
    assert _issues("Anna Vesk called for the port authority to release the inspection "
                   "files.") == {"releasing inspection files"}


def test_positions_a_named_possessor_stays_in_the_actor() -> None:
    found = _triples("Mr. Taylor's group, March for Norland, plans to demand the resignation "
                     "of the port director.")
    assert {a.casefold() for a, _, _ in found} == {"mr. taylor's group"}


def test_positions_getting_ready_forecasts_and_deliberations_are_no_stance() -> None:
    assert not _triples("Anna Vesk said little as the Norland Bank prepared to raise rates.")
    assert _triples("Norland is prepared to resume the talks on tariffs, Vesk said.")
    assert not _triples("Analysts say it is far more likely that Norland will insist on "
                        "stricter passport checks at its borders.")
    assert not _triples("The ministry said Vesk is considering urging Norland to order a "
                        "callup of reserves.")


def _resolved_positions(body: str) -> set[tuple[str, str, str]]:
    from storyline.language.resolve import resolve_entities

    art = Article(id=content_id("a", body), text=body, source_path="p.txt",
                  published="2024-05-08")
    ann = annotate_article(art)
    entities = resolve_entities([art], {art.id: ann}, "s1")
    return {(p.actor, p.issue, p.stance)
            for p in find_positions([art], ann.quotes, entities, {art.id: ann}, "s1")}


def test_positions_a_pronoun_actor_must_agree_with_what_the_article_says_of_them() -> None:
    # the article calls him "Mr."; "she" cannot be him, and nobody else is named
    assert not _resolved_positions("Barack Otieno spoke on Monday. Mr. Otieno said the law "
                                   "worked. She has called for a repeal of the ferry tax.")
    found = _resolved_positions("Anna Vesk spoke on Monday. Mrs. Vesk said the law failed. "
                                "She has called for a repeal of the ferry tax.")
    assert {i for _, i, _ in found} == {"repeal of ferry tax"}


def test_positions_round_four_kinds_of_error() -> None:
    # a titled subject with the person's name beside it is that person, proper noun or not
    assert _actors("The Shadow Transport Minister, Anna Vesk, has urged the Government to set "
                   "up an inquiry into the ferry crash.") == {"anna vesk"}
    # "some of them" names nobody: the speaker of the next quotation is not the actor
    assert not _triples('Some of the families are threatening civil action. "Nothing will '
                        'bring them back," Mr Lahti said.')
    # a bare "engage" is a fight, not talks; a condition is not what is threatened
    assert not _triples('"They are ready to engage if that is required," General Vesk said.')
    assert not _triples("Envoy Anna Vesk threatened to quit if the two sides failed to agree "
                        "on a truce.")
    # a warning not to do something is a warning against doing it
    assert _issues("Justice Anna Vesk warned all parties not to break confidentiality "
                   "agreements.") == {"breaking confidentiality agreements"}
    # what a course of action "threatens to" do is a risk, not a threat anybody made
    assert not _triples("Anna Vesk now threatens to undermine the very process she backs.")


def test_positions_some_members_of_a_group_are_not_an_actor() -> None:
    assert not _triples("Other right-wing Norland leaders have called for the dissolution "
                        "of the tariff union.")
    assert not _triples("Fourteen Norland candidates offered to fund the ferry inquiry.")


def test_positions_issue_words_that_say_which_thing() -> None:
    assert _issues("Anna Vesk has called for eliminating the tax treatment of so-called "
                   "carried interest.") == {"eliminating tax treatment of carried interest"}
    assert _issues("Anna Vesk called for female contestants to wear shorter "
                   "dresses.") == {"wearing shorter dresses"}
    assert _issues("Anna Vesk has called for ending discrimination against members of the "
                   "farming community.") == {
        "ending discrimination against members of farming community"}


def test_positions_actors_that_are_someone_else() -> None:
    # a party member in apposition is not the actor; the person named is
    assert _actors("Senator Anna Vesk, a Democrat from Norland, has proposed taxing carbon "
                   "emissions.") == {"anna vesk"}
    # what somebody says a country must do is the speaker's demand, not the country's stance
    assert not _triples('"Norland must reject this merchant of death once and for all," '
                        'Vesk said.')
    # "X said he refused" is not X refusing; a "he" inside X's quotation is not X
    assert not _triples("Video shows him with his hands up, but Officer Anna Vesk said he "
                        "refused to follow her commands.")
    assert not _triples('"When the bill was proposed, he proposed giving them work permits," '
                        'Anna Vesk said.')
    # a state's abbreviation after a senator's name is no actor
    assert not _triples("But Sen. Tom Lahti (R-Pa.) refused to entertain the idea of "
                        "campaigning alongside Vesk.")


def test_positions_support_and_opposition() -> None:
    assert _triples("Senator Anna Vesk opposes the border wall funding bill.") == {
        ("anna vesk", "border wall funding bill", "oppose")}
    assert _triples("The Norland government is opposed to the tariff deal.") == {
        ("norland government", "tariff deal", "oppose")}
    assert _triples("Tom Lahti has endorsed the ferry tax plan.") == {
        ("tom lahti", "ferry tax plan", "support")}
    assert PLOVER["oppose"] == "REJECT" and PLOVER["support"] == "AGREE"
    for sentence in ("Tom Lahti backed down on Monday.",
                     "The tariff plan was supported by the farm lobby.",
                     "Anna Vesk would support more money for border patrols.",
                     "Tom Lahti did not oppose the ferry tax plan.",
                     "The Norland Ferry Company supports the weight of two trains.",
                     "Anna Vesk urged Norland to support the ceasefire proposal."):
        assert all(s == "demand" for _, _, s in _triples(sentence)), sentence


def test_positions_backing_a_person_is_not_a_position() -> None:
    assert not _triples("Anna Vesk has endorsed Tom Lahti for governor.")
    assert not _triples("Tom Lahti said they would back a Vesk candidacy.")
    assert _triples("Tom Lahti backed the Affordable Ferry Act.") == {
        ("tom lahti", "Affordable Ferry Act", "support")}


def test_positions_a_vague_issue_needs_words_that_say_which() -> None:
    assert not _triples("Tom Lahti said Norland had agreed to hold votes.")
    assert _issues("Anna Vesk threatened to veto the ferry bill.") == {"vetoing ferry bill"}


def test_positions_resisting_a_matter_is_opposing_it() -> None:
    assert _triples("Norland, for its part, is resisting the admission of further Baltic "
                    "countries to the tariff union.") == {
        ("norland", "admission of baltic countries to tariff union", "oppose")}
    assert not _triples("Tom Lahti was charged with resisting arrest.")


def test_positions_clipped_issues_are_left_out() -> None:
    # an action with more than its object, or a noun only a clause names, would be shown
    # clipped ("placing weight", "forcing brokers", "international pressure")
    assert _triples("Governor Jane Holt warned against placing too much weight on one "
                    "month's figures.") == set()
    assert _triples("Jane Holt urged the regulator to force brokers to disclose their "
                    "fees.") == set()
    assert _triples("Norland has resisted international pressure to break the currency "
                    "link.") == set()
    assert _triples("Jane Holt called for a legal system that protects workers.") == set()
    # a general word whose complement is shown names the matter
    assert _triples("Norland is pressing for greater help with its debts.") == {
        ("norland", "greater help with debts", "demand")}
    assert _triples("Senator Rubio has proposed a fundamental shift in anti-poverty "
                    "programs.") == {("rubio", "fundamental shift in anti-poverty programs",
                                      "offer")}
    assert _triples("Norland demanded cuts in steel tariffs.") == {
        ("norland", "cuts in steel tariffs", "demand")}
    # where, why or how is no complement
    assert _triples("Norland refused to sell the harbour land in an effort to block Vesk.") \
        == {("norland", "selling land", "refuse")}
    assert _triples("Norland demanded new sanctions in Geneva.") == {
        ("norland", "sanctions", "demand")}
    # a noun that names a matter keeps what follows out of its name
    assert _triples("Norland offered to buy noise-hit properties for a fair price.") == {
        ("norland", "buying noise-hit properties", "offer")}
    assert _triples("Jane Holt refused to hold an early election which may have cost her "
                    "the seat.") == {("jane holt", "holding early election", "refuse")}
    # a place or a time after the action does not clip it
    assert _triples("Norland is ready to discuss limiting military exercises in Eastern "
                    "Europe.") == {("norland", "limiting military exercises", "offer")}


def test_positions_claims_named_by_their_clause_are_left_out() -> None:
    assert _triples("Jane Holt again rejected newspaper speculation that her father had "
                    "entered the country illegally.") == set()
    assert _triples("Jane Holt denied an earlier report that she planned to resign.") == set()


def test_positions_what_an_offer_would_do_is_not_what_is_rejected() -> None:
    # a relative clause says what the offer would do; the offer itself is what is rejected
    found = _triples("Jane Holt has rejected a Conservative compromise offer that could have "
                     "eased the passage of the bill.")
    assert not any("eas" in issue for _, issue, _ in found)


def test_positions_documents_and_money_units_are_not_actors_or_issues() -> None:
    assert _triples("The Prevention of Terrorism Bill proposes control orders.") == set()
    assert not any("pound" in issue for _, issue, _ in _triples(
        "Jane Holt and John Marsh will reportedly reject any formal pounds 800m offer for the "
        "club."))


def test_positions_a_consequence_denied_is_no_threat() -> None:
    assert _triples("The Commission said that Norland would not impose sanctions on "
                    "countries that break the rules.") == set()


def test_positions_opinions_and_no_comment_are_no_refusals() -> None:
    assert _triples("Mr Rimmer said he did not consider the new law to be an infringement of "
                    "civil liberties.") == set()
    assert _triples("Jane Holt refused to discuss weekend newspaper reports that the party had "
                    "repaid the loan.") == set()
    assert _triples("Jane Holt refused to discuss the tax plan.") == {
        ("jane holt", "tax plan", "refuse")}


def test_positions_a_capitalised_general_word_is_no_issue() -> None:
    assert _triples("The Liberal Democrats plan to oppose the Bill in the Lords on "
                    "Thursday.") == set()


def _resolved_triples(body: str) -> set[tuple[str, str, str]]:
    from storyline.language.resolve import resolve_entities

    art = Article(id=content_id("a", body), text=body, source_path="p.txt",
                  published="2024-05-08")
    ann = annotate_article(art)
    entities = resolve_entities([art], {art.id: ann}, "s1")
    return {(p.actor_name, p.issue, p.stance)
            for p in find_positions([art], ann.quotes, entities, {art.id: ann}, "s1")}


def test_positions_a_title_stands_for_a_person_written_with_it() -> None:
    poll = "The latest speculation suggests the prime minister favours a February poll."
    assert _resolved_triples("Prime Minister Tony Blair spoke on Monday. " + poll) == {
        ("Tony Blair", "February poll", "support")}
    # the last person named is not the prime minister because the title comes next
    assert _resolved_triples("Harold Wilson took over and increased his majority later in the "
                             "year. " + poll) == set()
    # nor is the party's chairman the chairman of another body
    assert _resolved_triples("Labour chairman Ian McCartney spoke on Monday. Last month the "
                             "chairman of the Commission for Racial Equality also called for "
                             "ethnic minority shortlists.") == set()


def test_positions_speech_and_questions_are_no_demands() -> None:
    assert _triples('"Any of them would make competent members," former member Jane Holt '
                    "insisted on Radio Norland's Today programme.") == set()
    assert _triples("Why on earth will the prime minister not simply take up the offer to "
                    "extend the existing powers, Jane Holt demanded.") == set()
    assert _triples("Jane Holt insisted on a public inquiry into the deaths.") == {
        ("jane holt", "public inquiry into deaths", "demand")}


def test_positions_calling_for_a_company_to_act_is_about_the_act() -> None:
    issues = _issues("TCI has called for Belcast Stone to hold an emergency general "
                     "meeting.")
    assert issues and all(i.startswith("holding") and "meeting" in i for i in issues)


def test_positions_a_title_under_another_person_is_not_theirs() -> None:
    # "shadow chancellor under John Marsh" makes Marsh no chancellor
    body = ("Tom Reed became shadow chancellor under John Marsh's leadership in 1992. "
            "The chancellor opposes the further encroachment of the market into health care.")
    assert not any(a == "John Marsh" for a, _, _ in _resolved_triples(body))


def test_positions_facts_permissions_and_securities_are_no_stances() -> None:
    # a past fact, a permission, a company calling in its own stock, backing a product or a
    # forecast: none is a stance on a matter
    assert _triples("Tom Reed said he did not discuss a joint takeover proposal with the "
                    "Marsh family.") == set()
    assert _triples("The deal was needed to trigger provisions of the Tax Act allowing Norland "
                    "to offer investment incentives, the Treasury said.") == set()
    assert _triples("Norland Bank called for redemption of all outstanding shares of its "
                    "Series B preferred stock.") == set()
    assert _triples("Belcast Stone announced programs to support the new Orrin II "
                    "computers.") == set()
    assert _triples("The Orrin Institute supported Tom Reed's prediction.") == set()
    assert _triples("Governor Jane Holt rejected a request by textile makers to halt the rise "
                    "of the Norland dollar against the euro.") == set()


def test_positions_parties_tips_money_and_unnamed_bodies() -> None:
    # backing producers backs parties; backing a side "to win" is a tip; an amount of money
    # is no matter; "the Bank" alone says not which; "refused to be drawn" is no comment
    assert _triples("France backed the Ivory Coast and other African producers during the "
                    "talks.") == set()
    assert _triples("The House today opposed a grant of 40 mln dlrs to the rebels.") == set()
    assert _triples("In addition, the Bank has proposed limits on the amount of credit risk "
                    "that firms can take.") == set()
    assert _actors("Democrats demanded an investigation into the firings.") == {"democrats"}
    assert _triples("Tom Reed, who scored a try, refuses to be drawn on the Lions.") == set()
    assert _triples("Jack Kemp urged President Reagan to oppose any legislation to impose a "
                    "tax on stock transactions.") == set()


def test_positions_matters_named_by_an_action_and_unique_bodies_stay() -> None:
    # backing an action is a stance (only backing a side "to win" is a tip); "Congress" says
    # which body it is, where "the Bank" does not
    assert _triples("Mr. Enzi opposes legalizing same-sex marriage.") == {
        ("enzi", "legalizing same-sex marriage", "oppose")}
    assert _triples("Tom Reed also supports expanding foreign worker visa programs.") == {
        ("tom reed", "expanding foreign worker visa programs", "support")}
    assert _triples("Congress has opposed similar changes to the endangered species "
                    "protections in the past.") == {
        ("congress", "changes to species protections", "oppose")}


def test_positions_an_unnamed_actor_keeps_its_hyphens() -> None:
    body = "The Labour-controlled House refused to sell the harbour land."
    actors = {p.actor_name for p in positions_of(body)}
    assert actors == {"Labour-controlled House"}


@pytest.mark.parametrize(("body", "taken"), [
    ("Senator Vesk is not going to support the tax plan.",
     "Senator Vesk is going to support the tax plan."),
    ("Senator Vesk is not about to support the tax plan.",
     "Senator Vesk is about to support the tax plan."),
    ("Senator Vesk is unlikely to support the tax plan.",
     "Senator Vesk is ready to support the tax plan."),
    ("Senator Vesk is expected to reject the tax plan.", "Senator Vesk rejected the tax plan."),
    ("Senator Vesk does not want to support the tax plan.",
     "Senator Vesk supports the tax plan."),
])
def test_positions_under_a_negated_verb_or_a_forecast_are_no_stance(body: str,
                                                                    taken: str) -> None:
    assert not positions_of(body)
    assert positions_of(taken)


def test_positions_firing_someone_and_fears_are_no_matter() -> None:
    assert not positions_of("Norland Steel said it has dismissed the head of its trading "
                            "department.")
    assert positions_of("Norland dismissed the tariff plan.")
    assert not positions_of("Senator Vesk dismissed Norland's fears that the takeover would "
                            "break the tariff law.")
    assert not positions_of("Marta Vesk, who favours the likelihood of a June election, "
                            "spoke on Monday.")
    assert not positions_of("Norland Steel refused to indicate whether it would reopen the "
                            "mill.")


@pytest.mark.parametrize(("body", "taken"), [
    ("Norland has delayed accepting the tariff compromise.",
     "Norland accepted the tariff compromise."),
    ("Norland, which appeared to be ready to accept the tariff compromise, held back.",
     "Norland is ready to accept the tariff compromise."),
    ("Norland can only reject an offer to sell the tariff quota on quality grounds.",
     "Norland rejected the tariff plan."),
])
def test_positions_put_off_seeming_or_possible_are_no_stance(body: str, taken: str) -> None:
    assert not positions_of(body)
    assert positions_of(taken)



def test_positions_cannot_accept_is_still_a_refusal() -> None:
    assert {(p.issue, p.stance) for p in positions_of("Norland cannot accept the tariff plan.")} \
        == {("tariff plan", "reject")}


def test_positions_an_amount_or_a_discussion_declined_is_no_issue() -> None:
    assert not positions_of("Marta Vesk said: \"We are in talks about the mill but I cannot "
                            "discuss this further at this time.\"")
    assert not positions_of("Norland Steel has offered to meet part of the 235 mln stg in "
                            "claims that investors face.")
    assert not positions_of("The ministry of Norland rejected its bids of 70 dlrs for both "
                            "varieties.")


def test_positions_whose_position_or_request_is_not_the_matter() -> None:
    assert not positions_of("Norland Steel said it rejects Vesk's position that the bonds "
                            "are not convertible.")
    assert not positions_of("Norland denied Vesk's charges.")
    assert positions_of("Norland denied the charges of bribery.")
    assert positions_of("Norland rejected the wage demand.")
    found = {p.issue for p in positions_of("Marta Vesk opposed a further fall in the value of "
                                           "the dollar.")}
    assert found == {"fall in value of dollar"}
    assert not positions_of("The Norland agency called for bans in those areas.")


def _shown(body: str) -> set[tuple[str, str, str]]:
    return {(p.actor.casefold(), p.issue, p.stance) for p in positions_of(body)}


def test_positions_actor_is_the_verbs_own_subject_not_a_bracketed_agency() -> None:
    found = _shown("Norland has denied any meddling and Trump has dismissed any suggestions "
                   "of collusion.")
    assert not any(actor == "norland" and "collusion" in issue for actor, issue, _ in found)
    found = _shown("(AP) - The Norland Football League said on Tuesday it opposes a tax bill.")
    assert found and not any(actor == "ap" for actor, _, _ in found)


def test_positions_coordinated_or_counted_actors_are_unsure() -> None:
    assert not positions_of("Tensions ran high between Lahti and veteran diplomats who "
                            "oppose his proposed budget cuts.")
    assert not positions_of("But the four moderate Democrats on the panel joined the "
                            "Republicans to oppose any changes to the compromise package.")
    assert {p.issue for p in positions_of("Tom Lahti and Norland officials have denied the "
                                          "bribery allegations.")} == {"bribery allegations"}


def test_positions_issue_keeps_the_action_and_the_words_that_turn_it() -> None:
    assert {p.issue for p in positions_of("Senator Marta Vesk opposes changing capital "
                                          "requirements for small banks.")} \
        == {"changing capital requirements for banks"}
    assert {p.issue for p in positions_of("Marta Vesk calls for keeping the existing five "
                                          "tax brackets.")} == {"keeping tax brackets"}
    assert {p.issue for p in positions_of("Marta Vesk called for zero tolerance on sexual "
                                          "harassment.")} == {"zero tolerance on sexual harassment"}
    assert {p.issue for p in positions_of("Marta Vesk welcomed the potential dialogue with "
                                          "New Jersey.")} == {"dialogue with New Jersey"}


def test_positions_a_container_named_only_by_whose_it_is_is_no_issue() -> None:
    assert not positions_of("Governor Tom Lahti has dismissed Vesk's plan.")
    assert not positions_of("Farm groups oppose the Senate proposal.")
    assert not positions_of("Tom Lahti also backed the FCC action.")
    assert not positions_of("Tom Lahti has threatened to end an Obama-era program.")
    assert not positions_of("Tom Lahti said she supports Vesk's position in the court case.")
    assert {p.issue for p in positions_of("Tom Lahti opposed the tax bill.")} == {"tax bill"}
    assert {p.issue for p in positions_of("Tom Lahti opposed the Iran deal.")} == {"Iran deal"}
    assert {p.issue for p in positions_of("Tom Lahti backed a plan to cut taxes.")} \
        == {"cutting taxes"}


def test_positions_how_it_was_said_or_a_light_verb_clause_names_no_matter() -> None:
    assert not any("letter" in issue for _, issue, _ in _shown(
        "Forty lawmakers led by Tom Lahti called for an inquiry in a letter on Monday."))
    assert not positions_of("Tom Lahti offered to make smaller portions of bankers' income "
                            "eligible for a lower rate.")
    assert not positions_of("Tom Lahti said he was willing to give the mayor the benefit of "
                            "the doubt on the talks.")
    assert not positions_of('Tom Lahti will demand help for the "Sleepers" - young people '
                            'brought here as children.')
    assert not positions_of("Norland has threatened retaliation over what it says are "
                            "illegal acts.")


def test_positions_a_former_stance_an_incentive_or_a_backed_rival_is_no_stance() -> None:
    assert not positions_of("The Liberals once firmly opposed adding to the debt.")
    assert not positions_of("That provides an incentive for Tom Lahti to support the tax "
                            "bill.")
    assert not positions_of("Tom Lahti had supported Vesk's rival, Senator Tom Berg, in the "
                            "primary.")


def test_positions_two_bills_of_one_story_keep_their_own_names() -> None:
    body = ("Tom Lahti backed the tax bill on Monday. Tom Lahti also backed the health care "
            "bill on Tuesday. Marta Vesk backed the health care bill too.")
    assert {(p.issue, p.stance) for p in positions_of(body)
            if p.actor_name.casefold() == "tom lahti"} == {("tax bill", "support"),
                                                           ("health care bill", "support")}


def test_positions_a_toll_charged_and_a_quoted_name_still_name_the_matter() -> None:
    assert {p.issue for p in positions_of("Tom Lahti has proposed charging drivers a toll to "
                                          "enter the city centre.")} == {"charging toll"}
    assert {p.issue for p in positions_of('Tom Lahti called for a new "emergency credit '
                                          'facility" for the islands.')} \
        == {"emergency credit facility for islands"}


def test_positions_counterfactual_idle_talk_and_how_a_threat_was_made() -> None:
    assert not positions_of("Had Tom Lahti accepted the offer of aid, the town would have "
                            "had blankets.")
    assert not positions_of("Tom Lahti refuses to sit still.")
    assert not positions_of("Tom Lahti will refuse to talk.")
    assert {p.issue for p in positions_of("Tom Lahti refused to sit down.")} == {"talks"}
    assert not any("characters" in p.issue for p in positions_of(
        "Tom Lahti threatens nuclear war in 140 characters or less."))
    assert {p.issue for p in positions_of("Marta Vesk opposed cuts in steel tariffs.")} \
        == {"cuts in steel tariffs"}


def test_positions_an_unnamed_container_or_run_together_text_is_no_issue_or_actor() -> None:
    assert not positions_of("The rights group urged Tom Lahti to veto the resolution.")
    assert not positions_of("Marta Vesk called for strong condemnation of the legislation.")
    assert not positions_of('The senators of Norland demanded a "detailed timeline"?of the '
                            "outage.")
    assert not positions_of("THE DEFENSE Lahti has pleaded not guilty and denied any role in "
                            "the shootings.")
    assert not positions_of("Marta Vesk warned Norland not to interfere: you will pay the "
                            "price.")
    assert {p.issue for p in positions_of("Marta Vesk demanded lower oil prices.")} \
        == {"lower oil prices"}


def test_positions_an_opening_dateline_in_ordinary_case_is_no_actor() -> None:
    found = _shown("Geneva, Western Switzerland - Farm union officials have called for a boycott "
                   "of the grain levy.")
    assert found and not any("geneva" in actor for actor, _, _ in found)


def test_positions_one_capitalised_word_is_an_issue_only_as_an_acronym() -> None:
    assert not positions_of("Tom Lahti demanded the Bible.")
    assert {p.issue for p in positions_of("Marta Vesk rejected NAFTA.")} == {"NAFTA"}
    assert {p.issue for p in positions_of("Tom Lahti called for sanctions.")} == {"sanctions"}


def test_an_issue_keeps_a_phrasal_particle_and_a_whole_name() -> None:
    # "rolling back" is not "rolling"; "Planned" is part of a name, not a plan
    assert _issues("Senator Ilse Marten proposed rolling back banking regulations for "
                   "small lenders.") == {"rolling back banking regulations for lenders"}
    assert _issues("Lessarian Democrats rejected defunding Planned Parenthood in the "
                   "spending bill.") == {"defunding Planned Parenthood"}


def test_an_issue_told_by_a_relative_clause_is_its_antecedent() -> None:
    # "the sanctions that Norland threatened to impose": Norland threatened sanctions
    assert _triples("The sanctions that Norland threatened to impose on Lessaria were lifted "
                    "on Monday.") == {("norland", "imposing sanctions", "threaten")}
    # "that" tagged as a preposition is the relative clause's object all the same
    assert _triples("The sanctions that the Norland government threatened to impose on "
                    "Lessaria were lifted.") == {
        ("norland government", "imposing sanctions", "threaten")}


def test_the_party_asked_or_won_over_holds_no_stance_yet() -> None:
    # what one tries to get another to do is not that other's stance
    assert not positions_of("Tom Vesk addressed the nation and tried to persuade Norlanders to "
                            "support military action in Lessaria.")
    assert not positions_of("The minister flew to Doha to encourage Qatar to support the "
                            "cease-fire efforts.")
    # once won over, they hold it
    assert _triples("Tom Vesk persuaded Norland to accept the ceasefire.") == {
        ("norland", "ceasefire", "accept")}
    # the urger's demand is still found
    assert _triples("Anna Lahti urged the council to reject the new tariffs.") == {
        ("anna lahti", "rejecting tariffs", "demand")}


def test_what_one_has_to_do_is_no_stance_taken() -> None:
    assert not positions_of("Norland has to reject the tariffs, Tom Lahti said.")
    assert not positions_of('"The council has to come together and demand access for aid '
                            'workers," Lahti said.')
    # "had to" tells what was done
    assert _triples("Norland had to accept the ceasefire after weeks of fighting.") == {
        ("norland", "ceasefire", "accept")}


def test_a_name_run_into_the_next_words_is_no_actor() -> None:
    # a link's text glued to a name by a lost space ("MeadowsDemocrats seize on …")
    assert not credible_actor("Mark Randall MeadowsDemocrats", "PERSON")
    assert credible_actor("BlackRock", "ORG")
    assert credible_actor("Douglas MacArthur", "PERSON")
    assert credible_actor("Ron DeSantis", "PERSON")


def test_what_endangers_a_thing_makes_no_threat() -> None:
    assert not positions_of("Lessaria says the Norland militias threaten its sovereignty.")
    assert not positions_of("Norland Liberation Front fighters still threaten government-held "
                            "territory in the north.")
    # a step threatened against others is a threat
    assert _triples("Tom Vesk threatened sanctions against the port.") == {
        ("tom vesk", "sanctions against port", "threaten")}
    assert _triples("Norland threatened legal action against any buyer.") == {
        ("norland", "legal action against buyer", "threaten")}


def test_an_issue_keeps_the_use_and_the_access_it_is_about() -> None:
    # "against using the stockpile" is about its use, not the stockpile
    assert _issues("Tom Lahti warned Vesk against using Norland's stockpile of chemical "
                   "weapons.") == {"using Norland stockpile of chemical weapons"}
    # "suspension of access to YouTube": access to what
    assert _issues("Norland officials said they had pressed for an indefinite suspension of "
                   "access to YouTube.") == {"indefinite suspension of access to YouTube"}


def test_an_urgent_or_general_word_alone_is_no_issue() -> None:
    assert not positions_of("Norland and Lessaria officials have called for urgent action.")
    assert not positions_of("Tom Lahti urged Norland to reverse course.")
    assert _issues("Tom Lahti called for urgent action on the refugee crisis.") == {
        "action on refugee crisis"}


def test_discussing_a_topic_or_such_talk_is_no_talks() -> None:
    assert not positions_of("Tom Lahti refused to discuss the details of the inquiry.")
    assert not positions_of("Tom Lahti dismissed such talk, saying the bill might have helped.")
    assert _triples("Tom Lahti called for peace talks.") == {("tom lahti", "peace talks", "demand")}


def test_consequences_or_a_goal_alone_name_no_issue() -> None:
    assert not positions_of("Tom Lahti warned of very severe consequences if Norland was "
                            "found to have killed the journalist.")
    assert not positions_of("Anna Vesk had opposed Mr. Lahti's goal of getting Norland to hold "
                            "onto asylum-seekers.")
    assert not positions_of("Anna Vesk resisted Mr. Lahti's entreaties to get rid of the "
                            "filibuster.")


def test_consequences_faced_are_no_threat_of_a_step() -> None:
    assert not positions_of('"Anyone who fails to comply with these rules will face severe '
                            'consequences," Tom Lahti warned.')


def test_a_page_run_of_link_headlines_gives_no_position() -> None:
    assert link_text("Court orders the pipeline to shut down | Energy companies cancel a "
                     "pipeline | House rejects Vesk cuts, proposes a boost for agencies")
    assert link_text("Sen. Tom Lahti Thomas (Tom) Edward LahtiGOP senators urge Vesk to "
                     "protect insurers from state legislation")
    assert not link_text("WikiLeaks founder Julian Assange rejected the charges.")
    assert not positions_of("Sen. Tom Lahti Thomas (Tom) Edward LahtiGOP senators urge Vesk to "
                            "protect insurers from state legislation.")


def test_recommending_that_another_agree_is_no_stance_of_theirs() -> None:
    assert not positions_of("Among other things, the Lessaria commissioners recommend Congress "
                            "agree to Social Security reforms this year.")


def test_an_issue_keeps_what_a_to_complement_is_of() -> None:
    assert _issues("Tom Lahti called for greater adherence to the rule of law by other "
                   "nations.") == {"greater adherence to rule of law"}


def test_a_case_or_a_numbered_name_is_kept_whole() -> None:
    assert "reconsidering Roe v. Wade" in _issues(
        "Clarence Thomas has urged the court to reconsider Roe v. Wade and other landmark "
        "abortion cases.")
    assert _issues("Kamala Harris has been pushing for the demise of Section 230 since she was "
                   "attorney general.") == {"demise of Section 230"}



def test_an_action_on_a_pronoun_or_a_matter_put_on_hold_is_clipped() -> None:
    # what is scheduled is named elsewhere; "on hold" is a pause, not the tariffs
    assert not positions_of("After Tom Lahti called on Congress to pass the bill, House "
                            "Republicans agreed to schedule it for a vote.")
    assert not positions_of("Anna Vesk agreed to put tariffs on hold.")
    assert _triples("Norland demanded that Tom Lahti withdraw his troops from the border.") == {
        ("norland", "withdrawing troops", "demand")}
