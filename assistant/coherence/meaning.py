"""Checks on meaning: what the team's words say, not only how their answers are labelled.

Labels can all be filled and still say nothing: a monthly promo email labelled co-creation, likes labelled a
qualitative KPI, "the agency runs everything" as who sets the objectives. These checks read the words against
the concepts of `knowledge/language/meaning.yaml` (`assistant.coherence.lexicon`), in the document's language;
where those words are silent, a few ask what the text means (`assistant.coherence.likeness`).

How a promotion is told from co-creation about a promotion: a touchpoint that speaks of discounts, offers or
coupons is promotional communication whatever rung it is labelled, unless its words also show customers taking
part in a decision (the `participation` concept: "members vote on the next discount", "scelgono insieme").
"""

import re
from collections.abc import Iterator

from simplemma import is_known

from assistant.coherence.lexicon import Lexicon, Token, lexicon, tokens
from assistant.coherence.likeness import means
from assistant.coherence.registry import Hit, Terms, by_likeness, names_of, quote, rule
from assistant.document import EngagementLevel, InteractionMode, Kpi, KpiKind, Language, StrategyDocument, Touchpoint

PURPOSE_MIN_WORDS = 8  # words: a shorter purpose is a slogan (purpose-says-why)
SHORT_DEFINITION = 12  # words: a qualitative KPI's definition shorter than this must say what is read or coded
BUZZ_SHARE = 3  # a purpose is mostly buzzwords when they make up at least a third of its words


def _language(document: StrategyDocument) -> Language:
    return document.brand.language


def _first(words: Lexicon, concept: str, language: Language, *texts: tuple[str, str]) -> tuple[str, str] | None:
    """The first (field, words found) among the named texts where the concept is said."""
    for field, text in texts:
        if text and (found := words.find(concept, text, language)):
            return field, found
    return None


# --- 1. Promotion labelled above the first rung --------------------------------------------------------------


@rule("promotion-above-first-rung")
def _promotion_above_first_rung(document: StrategyDocument) -> list[Hit]:
    """A discount is promotional communication, whatever rung it is given, unless customers take part."""
    words, language = lexicon(), _language(document)
    hits: list[Hit] = []
    for index, touchpoint in enumerate(document.touchpoints):
        level = touchpoint.engagement_level
        if level is None or level.rank <= 1:
            continue
        texts = [(n, getattr(touchpoint, n)) for n in ("name", "purpose_expression", "channel")]
        said = found = _first(words, "promotion", language, *texts)
        if found is None and not any(_customers_take_part(words, text, language) for _, text in texts):
            found = _sells_by_price(words, language, touchpoint.name, touchpoint.purpose_expression)
        if found is None or any(_decided_together(words, text, language) for _, text in texts):
            continue
        fields = [f"touchpoints[{index}].engagement_level", f"touchpoints[{index}].{found[0]}"]
        hit: Hit = fields, {"touchpoint": quote(touchpoint.name), "words": found[1], "level": Terms((level,))}
        hits.append(hit if said else by_likeness(hit))
    return hits


def _decided_together(words: Lexicon, text: str, language: Language) -> bool:
    """A deal customers decide ("members vote on the next discount"): the taking part said with the deal. Taking
    part in something else ("members choose the books") does not lift a deal the name offers ("members get 20% off")."""
    return bool(words.find("promotion", text, language)) and _customers_take_part(words, text, language)


def _customers_take_part(words: Lexicon, text: str, language: Language) -> bool:
    """Customers deciding ("members vote on the next discount"); the brand's own proposal ("proponiamo il 15% in
    meno", "we suggest a bundle") is no part they take."""
    for proposal in words.find_all("own_proposal", text, language):
        text = text.replace(proposal.text, " ")
    return bool(words.find("participation", text, language))


def _sells_by_price(words: Lexicon, language: Language, name: str, expression: str) -> tuple[str, str] | None:
    """Where no word says it, a touchpoint that reads like a price deal ("reduced rates for the quiet months").
    Words that refuse the sale ("senza vendergli pacchetti", "never pushed to buy") end it: the model reads the
    denied selling as selling."""
    said = ". ".join(text for text in (name, expression) if text)
    if words.find("refused_sale", said, language) or words.find("anti_push", said, language):
        return None
    if not means("promotion", said):
        return None
    return ("purpose_expression", quote(expression)) if expression else ("name", quote(name))


# --- 2. Level and mode that contradict each other ------------------------------------------------------------


def _mode_hit(index: int, touchpoint: Touchpoint, level: EngagementLevel) -> Hit:
    """A touchpoint whose mode does not fit its rung: both fields named."""
    fields = [f"touchpoints[{index}].interaction_mode", f"touchpoints[{index}].engagement_level"]
    return fields, {"touchpoint": quote(touchpoint.name), "level": Terms((level,))}


def _broadcasting(document: StrategyDocument, levels: set[EngagementLevel]) -> list[Hit]:
    return [
        _mode_hit(index, t, t.engagement_level)
        for index, t in enumerate(document.touchpoints)
        if t.engagement_level in levels and t.engagement_level and t.interaction_mode == InteractionMode.BROADCAST
    ]


GATHERING = {EngagementLevel.COMMUNITY, EngagementLevel.CO_CREATION}


@rule("community-broadcasts")
def _community_broadcasts(document: StrategyDocument) -> list[Hit]:
    """A community or a co-creation is people acting together; a broadcast only sends. Marked dialogue or enabling,
    it still only sends when its words have people watch or be told ("a mechanic demonstrates while members
    watch", "Chiara sceglie il tema e lo comunica") and nobody takes part or acts with anyone."""
    words, language, team = lexicon(), _language(document), _team(document)
    hits = _broadcasting(document, GATHERING)
    for index, touchpoint in enumerate(document.touchpoints):
        said, level = touchpoint.purpose_expression, touchpoint.engagement_level
        if level not in GATHERING or not level or touchpoint.interaction_mode == InteractionMode.BROADCAST:
            continue
        if words.find("one_way", said, language) and not _people_take_part(words, said, language, team):
            hits.append(_mode_hit(index, touchpoint, level))
    return hits


def _people_take_part(words: Lexicon, text: str, language: Language, team: frozenset[str]) -> bool:
    """People acting with each other, or deciding: a verb of taking part said of anyone but the brand's own
    people ("we pick", "Chiara sceglie", "the owner chooses" are the brand choosing)."""
    if words.find("mutual", text, language):
        return True
    for proposal in words.find_all("own_proposal", text, language):
        text = text.replace(proposal.text, " ")
    found, named = tokens(text, language), set(_person_names(words, text, language, team))
    staff = {term[0] for term in words.words_of("brand_people", language)}

    def the_brands(index: int) -> bool:
        return index in named or (index >= 0 and bool({found[index].form, found[index].lemma} & staff))

    taking_part = words.find_all("participation", text, language)
    return any(not the_brands(_span(found, text, match.text)[0] - 1) for match in taking_part)


@rule("relationship-broadcasts")
def _relationship_broadcasts(document: StrategyDocument) -> list[Hit]:
    """A relationship needs a way back; a broadcast has none."""
    return _broadcasting(document, {EngagementLevel.RELATIONSHIP, EngagementLevel.COLLABORATION})


# --- 3. Counts labelled qualitative --------------------------------------------------------------------------


def _qualitative(document: StrategyDocument) -> Iterator[tuple[int, Kpi]]:
    return ((index, kpi) for index, kpi in enumerate(document.kpis) if kpi.kind == KpiKind.QUALITATIVE)


def _counted_by_name(words: Lexicon, kpi: Kpi, language: Language) -> tuple[str, str] | None:
    """Where a KPI's name (or a definition that reads nothing) says it counts."""
    definition = kpi.definition if not words.find("reading", kpi.definition, language) else ""
    return _first(words, "count", language, ("name", kpi.name), ("definition", definition))


@rule("qualitative-kpi-counts")
def _qualitative_kpi_counts(document: StrategyDocument) -> list[Hit]:
    """A count or a rate is quantitative, whatever it is labelled."""
    words, language = lexicon(), _language(document)
    hits: list[Hit] = []
    for index, kpi in _qualitative(document):
        if found := _counted_by_name(words, kpi, language):
            fields = [f"kpis[{index}].kind", f"kpis[{index}].{found[0]}"]
            hits.append((fields, {"kpi": quote(kpi.name), "words": found[1]}))
    return hits


@rule("qualitative-kpi-count-target")
def _qualitative_kpi_count_target(document: StrategyDocument) -> list[Hit]:
    """A qualitative KPI whose target is a number counts what it says it reads. Silent where the name counts."""
    words, language = lexicon(), _language(document)
    hits: list[Hit] = []
    for index, kpi in _qualitative(document):
        if _counted_by_name(words, kpi, language) or words.find("reading", kpi.target, language):
            continue
        if kpi.target and words.find("count_target", kpi.target, language):
            values: dict[str, str | Terms] = {"kpi": quote(kpi.name), "target": quote(kpi.target)}
            hits.append(([f"kpis[{index}].kind", f"kpis[{index}].target"], values))
    return hits


@rule("qualitative-kpi-undefined")
def _qualitative_kpi_undefined(document: StrategyDocument) -> list[Hit]:
    """A qualitative KPI is only as good as its reading: what is read, and how it is coded (in its definition,
    or in the measurement plan's method). A method that is only a look ("vediamo cosa scrivono", "get a feel for
    it") codes nothing."""
    words, language = lexicon(), _language(document)
    hits: list[Hit] = []
    for index, kpi in _qualitative(document):
        said = f"{kpi.definition} {kpi.method}".strip()
        unread = len(said.split()) < SHORT_DEFINITION and not words.find("reading", said, language)
        # "we'll see what they write", "a occhio": a look, with nothing coded
        glance = words.find("vague_reading", kpi.method, language) and not words.find("coding", said, language)
        if unread or glance:
            hits.append(([f"kpis[{index}].definition", f"kpis[{index}].method"], {"kpi": quote(kpi.name)}))
    return hits


# --- 4. Vanity metrics ---------------------------------------------------------------------------------------


def _vanity(words: Lexicon, kpi: Kpi, language: Language) -> str | None:
    """Where a KPI counts vanity numbers: its name, or its definition when the name hides them ("Engagement on
    the posts": "likes and comments on each post")."""
    return next((part for part in ("name", "definition") if words.find("vanity", getattr(kpi, part), language)), None)


@rule("kpis-all-vanity")
def _kpis_all_vanity(document: StrategyDocument) -> list[Hit]:
    """Likes and followers grow without any relationship growing; they cannot be the only evidence."""
    words, language, kpis = lexicon(), _language(document), document.kpis
    found = [_vanity(words, kpi, language) for kpi in kpis]
    if not kpis or not all(found):
        return []
    fields = ["kpis", *(f"kpis[{i}].{part}" for i, part in enumerate(found))]
    return [(fields, {"kpis": names_of([k.name for k in kpis])})]


@rule("relational-objective-vanity-kpis")
def _relational_objective_vanity_kpis(document: StrategyDocument) -> list[Hit]:
    """A relational objective measured only by vanity numbers is not measured. Silent when every KPI is vanity
    (kpis-all-vanity says it once)."""
    words, language, digital = lexicon(), _language(document), document.digital
    if _kpis_all_vanity(document):
        return []
    objectives = [(f"digital.brand_objectives[{i}]", o.id, o.text) for i, o in enumerate(digital.brand_objectives)]
    objectives += [(f"digital.digital_objectives[{i}]", o.id, o.text) for i, o in enumerate(digital.digital_objectives)]
    hits: list[Hit] = []
    for path, objective_id, text in objectives:
        if not (words.find("relational", text, language) or means("relational_objective", text)):
            continue
        # Its own KPIs are the evidence that the relationship grew; only an objective with none of its own is
        # judged by the KPIs of the digital objectives that serve it.
        serving = {objective_id} | {o.id for o in digital.digital_objectives if o.brand_objective_id == objective_id}
        own = [(i, kpi) for i, kpi in enumerate(document.kpis) if kpi.objective_id == objective_id]
        measuring = own or [(i, kpi) for i, kpi in enumerate(document.kpis) if kpi.objective_id in serving]
        found = [(i, _vanity(words, kpi, language)) for i, kpi in measuring]
        if measuring and all(part for _, part in found):
            fields = [f"{path}.text", *(f"kpis[{i}].{part}" for i, part in found)]
            hits.append((fields, {"objective": quote(text), "kpis": names_of([kpi.name for _, kpi in measuring])}))
    return hits


# --- 5. A purpose anyone could sign --------------------------------------------------------------------------


def _gives_a_reason(words: Lexicon, document: StrategyDocument, language: Language) -> bool:
    """A reason or an audience in the statement: "so that", "because", "for families", "perché", "per chi"."""
    return bool(words.find("reason", document.purpose.statement, language))


@rule("purpose-generic")
def _purpose_generic(document: StrategyDocument) -> list[Hit]:
    """Excellence, quality and passion are claimed by everyone; with no for whom and why, they say nothing."""
    words, language, statement = lexicon(), _language(document), document.purpose.statement
    if not statement or _gives_a_reason(words, document, language):
        return []
    buzz = words.find_all("buzzword", statement, language)
    covered = sum(match.words for match in buzz)
    if len(buzz) >= 2 and BUZZ_SHARE * covered >= len(tokens(statement, language)):
        return [(["purpose.statement"], {"statement": quote(statement), "words": ", ".join(m.text for m in buzz[:4])})]
    if means("generic_purpose", statement):  # no buzzword list says it, yet it reads like a feeling, not a reason
        said = ", ".join(m.text for m in buzz[:4]) if buzz else Terms(("any_brand",))
        return [(["purpose.statement"], {"statement": quote(statement), "words": said})]
    return []


@rule("purpose-product-only")
def _purpose_product_only(document: StrategyDocument) -> list[Hit]:
    """What the brand sells is not why it exists: no reason or beneficiary, and either a verb of selling, making
    or offering ("We sell…", "Vendiamo… dal 1990") or a plain noun phrase ("Ristorante di pesce sul porto", a list
    of services). Silent where purpose-generic speaks."""
    words, language, statement = lexicon(), _language(document), document.purpose.statement
    if not statement or _gives_a_reason(words, document, language) or _purpose_generic(document):
        return []
    described = (
        words.find("product_only", statement, language)
        or words.find("offering", statement, language)
        or not words.find("subject", statement, language)
    )
    return [(["purpose.statement"], {"statement": quote(statement)})] if described else []


def _segment_words(document: StrategyDocument, language: Language) -> set[str]:
    """The words that name each audience segment, up to its first function word ("wine tourists from Germany"
    gives wine, tourists), less those that name the business itself (wine, for a winery): a statement that uses
    one of them names that segment."""
    stopwords, brand = lexicon().stopwords[language], document.brand
    business = {t.lemma for text in (brand.name, brand.industry, brand.category) for t in tokens(text, language)}
    named: set[str] = set()
    for segment in document.purpose.audience:
        for token in tokens(segment.name, language):
            if token.form in stopwords:
                break
            if token.lemma not in business and not token.form.isdigit():
                named |= {token.form, token.lemma}
    return named


@rule("purpose-names-nobody")
def _purpose_names_nobody(document: StrategyDocument) -> list[Hit]:
    """A purpose says for whom in its own words: an audience listed apart does not make "we exist to make learning
    to drive calm" about anyone. Silent on slogans and where purpose-generic or purpose-product-only speaks."""
    words, language, statement = lexicon(), _language(document), document.purpose.statement
    if len(statement.split()) < PURPOSE_MIN_WORDS or _purpose_generic(document) or _purpose_product_only(document):
        return []
    if any(words.find(concept, statement, language) for concept in ("people", "beneficiary")):
        return []
    named = _segment_words(document, language)
    if any(token.form in named or token.lemma in named for token in tokens(statement, language)):
        return []
    return [] if _names_a_place(document, statement) else [(["purpose.statement"], {"statement": quote(statement)})]


def _names_a_place(document: StrategyDocument, statement: str) -> bool:
    """A capitalised word inside a sentence that is not the brand's own name, "I" or an acronym: a town or a
    neighbourhood, the community the purpose is for ("le auto di Seriate", "in San Salvario")."""
    language = _language(document)
    brand = {token.form for token in tokens(document.brand.name, language)}
    for token in tokens(statement, language):
        written, before = statement[token.start : token.end], statement[: token.start].rstrip()
        capitalised = len(written) > 1 and written[:1].isupper() and sum(ch.isupper() for ch in written) == 1
        if capitalised and before and before[-1] not in ".!?:" and token.form not in brand:
            return True
    return False


# --- 6. Listening in name only -------------------------------------------------------------------------------


PLACE_BEFORE = {"di", "da", "in", "a", "of", "from", "at"}  # a capitalised word after these is a place
JOINERS = {"with", "and", "together", "plus", "alongside", "con", "e", "ed", "insieme", "assieme"}
DOING = ("dialogue", "monitoring", "reading")  # what a person does: "Ruth reads", "Marco risponde"
NOT_NAMES = ("outside", "not_a_name", "nobody_in_particular", "platform", "listening_channel", "calendar")


def _team(document: StrategyDocument) -> frozenset[str]:
    """The capitalised words of the names the plan gives its people (participants, owners): "Ruth (practice
    manager)" gives `ruth`, so "Ruth reads..." opening a sentence is known for a name."""
    language = _language(document)
    not_names = _not_names(lexicon(), language)
    said = [
        *document.brand.participants,
        *document.digital.readiness.owners,
        *(touchpoint.owner for touchpoint in document.touchpoints),
        *(kpi.owner for kpi in document.kpis),
        *(initiative.owner for initiative in document.review.initiatives),
    ]
    return frozenset(
        token.form
        for text in said
        for token in tokens(text, language)
        if text[token.start : token.start + 1].isupper() and token.form not in not_names
    )


def _not_names(words: Lexicon, language: Language) -> set[str]:
    return {word for concept in NOT_NAMES for term in words.words_of(concept, language) for word in term}


def _names_someone(words: Lexicon, text: str, language: Language, team: frozenset[str]) -> bool:
    """A role ("the front desk", "il titolare") or a person's name; "we", "someone" or "qualcuno" name nobody in
    particular, and an outside party alone ("the agency keeps an eye on it") names nobody on the team."""
    if words.find("outside", text, language):
        return not _outside_only(words, text, language, team)
    for manner in words.find_all("in_person", text, language):  # "di persona" is how, not who
        text = text.replace(manner.text, " ")
    nobody = {" ".join(term) for term in words.words_of("nobody_in_particular", language)}
    named = [
        m
        for m in words.find_all("role", text, language)
        if " ".join(t.form for t in tokens(m.text, language)) not in nobody
    ]
    return bool(named or _person_names(words, text, language, team))


def _person_names(words: Lexicon, text: str, language: Language, team: frozenset[str]) -> list[int]:
    """Where the text names a person: a capitalised word that is neither a common word, a platform nor an outside
    party ("Marco", "Giulia (owner)"). Acronyms ("TBD", "KPIs") are not names."""
    not_names = _not_names(words, language)
    found = tokens(text, language)
    names = []
    for index, token in enumerate(found):
        written = text[token.start : token.end]
        # "di Milano", "from Leeds" are places; "insieme a Davide", "a call from Callum" (on the team) are people
        joined = index > 1 and found[index - 2].form in JOINERS
        place = index > 0 and found[index - 1].form in PLACE_BEFORE and not joined and token.form not in team
        capitalised = written[:1].isupper() and sum(ch.isupper() for ch in written) == 1
        if not capitalised or token.form in not_names or place:
            continue
        before = text[: token.start].rstrip()
        if (before and before[-1] not in ".!?") or _opening_name(words, text, found[index:], language, team):
            names.append(index)
    return names


def _opening_name(words: Lexicon, text: str, found: list[Token], language: Language, team: frozenset[str]) -> bool:
    """A sentence's capitalised first word is a name if the plan names that person elsewhere, or if it is neither a
    function word nor a word of the language, or if a verb of reading or answering follows it: "Ruth reads",
    "Callum asks", "Marco risponde"; not "Nothing set up", "Alla partenza", "Non chiediamo" or "Cerchiamo di
    capire"."""
    first = found[0]
    if first.form in team:
        return True
    if first.form in words.stopwords[language]:
        return False
    if not is_known(text[first.start : first.end].lower(), language):
        return True
    following = [text[token.start : token.end] for token in found[1:2]]
    return any(words.find(concept, word, language) for concept in DOING for word in following)


def _has_rhythm(words: Lexicon, text: str, language: Language) -> bool:
    """A rhythm ("every week", "ogni lunedì", "within a day"), not counting "every now and then" or "ogni tanto"."""
    for vague in words.find_all("vague_rhythm", text, language):
        text = text.replace(vague.text, " ")
    return bool(words.find("rhythm", text, language))


def _nothing_done(words: Lexicon, entry: str, language: Language, team: frozenset[str]) -> bool:
    """ "Nothing yet", "no time for that", "da definire", "if they are unhappy they will tell us": and nobody
    named, no rhythm. "Nobody leaves without being asked" says the opposite."""
    if words.find("done_by_double_negation", entry, language) or _has_rhythm(words, entry, language):
        return False
    if not words.find("nothing_done", entry, language):
        # "we'll look into it after the season", Marta or not; an outside party doing it is listening-vague's
        return not words.find("outside", entry, language) and means("nothing_done", entry)
    return not _names_someone(words, entry, language, team)


@rule("listening-nothing-done")
def _listening_nothing_done(document: StrategyDocument) -> list[Hit]:
    """Writing that nothing is done is honest, and it means nobody is listening."""
    words, language, team = lexicon(), _language(document), _team(document)
    hits: list[Hit] = []
    for index, entry in enumerate(document.digital.listening):
        if _nothing_done(words, entry, language, team):
            hit: Hit = [f"digital.listening[{index}]"], {"listening": quote(entry)}
            hits.append(hit if words.find("nothing_done", entry, language) else by_likeness(hit))
    return hits


@rule("listening-vague")
def _listening_vague(document: StrategyDocument) -> list[Hit]:
    """Listening nobody can do: nobody named who hears people, and no rhythm. A channel alone ("Instagram
    comments", "the inbox") says where, not who or how often; "we", "someone" and "ogni tanto" say neither."""
    words, language, team = lexicon(), _language(document), _team(document)
    hits: list[Hit] = []
    for index, entry in enumerate(document.digital.listening):
        if _nothing_done(words, entry, language, team) or _only_counts(words, entry, language):
            continue  # listening-nothing-done or listening-vanity says it
        if not _names_someone(words, entry, language, team) and not _has_rhythm(words, entry, language):
            hits.append(([f"digital.listening[{index}]"], {"listening": quote(entry)}))
    return hits


@rule("listening-vanity")
def _listening_vanity(document: StrategyDocument) -> list[Hit]:
    """Watching likes is counting, not listening: nobody reads or answers what people say."""
    words, language = lexicon(), _language(document)
    hits: list[Hit] = []
    for index, entry in enumerate(document.digital.listening):
        if found := _only_counts(words, entry, language):
            hits.append(([f"digital.listening[{index}]"], {"listening": quote(entry), "words": found}))
    return hits


@rule("listening-unanswered")
def _listening_unanswered(document: StrategyDocument) -> list[Hit]:
    """Reading is half of listening: an entry that says who reads, and nothing of an answer, a note or a change,
    leaves people unanswered. Silent where another listening rule speaks."""
    words, language, team = lexicon(), _language(document), _team(document)
    hits: list[Hit] = []
    for index, entry in enumerate(document.digital.listening):
        if not words.find("looking", entry, language):
            continue
        if words.find("acting", entry, language) and not _refuses_to_answer(words, entry, language):
            continue
        if _nothing_done(words, entry, language, team) or _only_counts(words, entry, language):
            continue
        if _names_someone(words, entry, language, team) or _has_rhythm(words, entry, language):
            hits.append(([f"digital.listening[{index}]"], {"listening": quote(entry)}))
    return hits


def _refuses_to_answer(words: Lexicon, entry: str, language: Language) -> bool:
    """Answering left out on purpose ("online non rispondiamo"), with no answer given another way: a note in a sheet
    does not answer anyone, "we don't reply to spam, Jo answers the rest" does."""
    refusals = words.find_all("unanswered", entry, language)
    for refusal in refusals:
        entry = entry.replace(refusal.text, " ")
    return bool(refusals) and not words.find("answering", entry, language)


def _only_counts(words: Lexicon, entry: str, language: Language) -> str | None:
    """The vanity numbers (or stats, insights, "i numeri") a listening entry watches, when nobody reads or
    answers anything."""
    found = words.find("vanity", entry, language) or words.find("watched_numbers", entry, language)
    return found if found and not words.find("dialogue", entry, language) else None


# --- 7. Channel roles that contradict the values -------------------------------------------------------------


# A value (concept) and what a channel must not then do (concepts): never pushing forbids push and promotion;
# clear prices forbid prices told only on request; the season and the place forbid selling imports.
CONTRADICTIONS = {
    "anti_push": ("push", "promotion"),
    "transparency_value": ("hidden_price",),
    "seasonal_value": ("out_of_season",),
}


@rule("channel-contradicts-values")
def _channel_contradicts_values(document: StrategyDocument) -> list[Hit]:
    """A brand that promises never to push cannot give a channel the job of pushing; one that promises clear
    prices cannot keep them for a private message. One finding per channel, for the first value it breaks."""
    words, language = lexicon(), _language(document)
    hits: list[Hit] = []
    for index, channel in enumerate(document.digital.channels):
        texts = [("role", channel.role), ("value_proposition", channel.value_proposition)]
        for promise, breaches in CONTRADICTIONS.items():
            promised = ((i, words.find(promise, v, language)) for i, v in enumerate(document.purpose.values))
            value = next(((i, found) for i, found in promised if found), None)
            broken = value and next(filter(None, (_first(words, c, language, *texts) for c in breaches)), None)
            if value and broken:
                fields = [f"digital.channels[{index}].{broken[0]}", f"purpose.values[{value[0]}]"]
                hits.append((fields, {"channel": quote(channel.name), "words": broken[1], "value": value[1]}))
                break
    return hits


# --- 8. Tool-first digital objectives ------------------------------------------------------------------------


def _presence_only(words: Lexicon, text: str, language: Language) -> bool:
    """Only "be on / open / launch" and platform names: no audience, no outcome."""
    allowed = {w for concept in ("presence", "platform") for term in words.words_of(concept, language) for w in term}
    found = tokens(text, language)
    return bool(found) and all(t.form in allowed or t.lemma in allowed or t.form.isdigit() for t in found)


def _serves_someone(words: Lexicon, text: str, language: Language) -> bool:
    """Whom the objective serves or what it changes: people, a reason, a sale or relationship outcome, content of
    use in itself (a guide, a story), or a figure to reach ("60 demos a month from the website"), unless the
    figure counts followers or likes."""
    if re.search(r"\d", text) and not words.find("vanity", text, language):
        return True
    concepts = ("people", "reason", "commercial", "relational", "useful_content")
    return any(words.find(concept, text, language) for concept in concepts)


def _serves_by_outcome_only(words: Lexicon, text: str, language: Language) -> bool:
    """Served, by the word lists, only through an outcome (sales, a figure): no people, no content of use, so the
    meaning fallback decides whether the platform came first ("post on Instagram every day to boost sales")."""
    return not any(words.find(concept, text, language) for concept in ("people", "useful_content"))


@rule("tool-first-objective")
def _tool_first_objective(document: StrategyDocument) -> list[Hit]:
    """A platform is the last mile of a strategy, not its reason: the objective must say whom it serves and why."""
    words, language = lexicon(), _language(document)
    hits: list[Hit] = []
    for index, objective in enumerate(document.digital.digital_objectives):
        platform = words.find("platform", objective.text, language)
        if platform is None:
            continue
        if (
            words.find("bandwagon", objective.text, language)
            or _presence_only(words, objective.text, language)
            or not _serves_someone(words, objective.text, language)
            or (_serves_by_outcome_only(words, objective.text, language) and means("tool_first", objective.text))
        ):
            hits.append(
                (
                    [f"digital.digital_objectives[{index}].text"],
                    {"objective": quote(objective.text), "platform": platform},
                )
            )
    return hits


# --- 9. Objectives set by people who do not deliver them -----------------------------------------------------


OUTSIDE_REACH = 4  # words from an outside party where a role or name is its own ("a freelance social media manager")


def _outside_only(words: Lexicon, entry: str, language: Language, team: frozenset[str]) -> bool:
    """Only outside parties: every role or name in the entry is an outside party's own, a few words from it with
    no "with" / "con" between ("Petalpost, our marketing agency", "a freelance social media manager",
    "Social Lab, l'agenzia"); a role or a name anywhere else is someone inside."""
    found = tokens(entry, language)
    parties = [_span(found, entry, match.text) for match in words.find_all("outside", entry, language)]
    if not parties:
        return False
    people = [_span(found, entry, match.text) for match in words.find_all("role", entry, language)]
    people += [(index, index + 1) for index in _person_names(words, entry, language, team)]
    return all(any(_owned_by(found, person, party) for party in parties) for person in people)


def _span(found: list[Token], text: str, words_found: str) -> tuple[int, int]:
    """The token indices [start, end) of words found in the text."""
    at = text.find(words_found)
    start = next((i for i, t in enumerate(found) if t.start >= at), len(found))
    end = next((i for i, t in enumerate(found) if t.start >= at + len(words_found)), len(found))
    return start, end


def _owned_by(found: list[Token], person: tuple[int, int], party: tuple[int, int]) -> bool:
    """A role or name right beside an outside party, before or after it, is that party's own."""
    gap = found[party[1] : person[0]] if person[0] >= party[1] else found[person[1] : party[0]]
    return len(gap) <= OUTSIDE_REACH and not any(t.form in JOINERS for t in gap)


@rule("objectives-set-outside")
def _objectives_set_outside(document: StrategyDocument) -> list[Hit]:
    """Objectives are owned by the people who deliver them; an agency can help set them, not set them alone."""
    words, language, readiness, team = lexicon(), _language(document), document.digital.readiness, _team(document)
    hits: list[Hit] = []
    setters = readiness.objective_setters
    left_out = next((s for s in setters if words.find("not_involved", s, language)), None)
    if left_out or (setters and all(_outside_only(words, s, language, team) for s in setters)):
        hits.append((["digital.readiness.objective_setters"], {"who": quote(left_out or "; ".join(setters))}))
    owners = readiness.owners
    if owners and all(_outside_only(words, o, language, team) for o in owners):
        hits.append((["digital.readiness.owners"], {"who": quote("; ".join(owners))}))
    return hits


# --- 10. Only commercial brand objectives --------------------------------------------------------------------


@rule("objectives-only-commercial")
def _objectives_only_commercial(document: StrategyDocument) -> list[Hit]:
    """Sales follow relationships; a plan whose brand objectives are sales figures, with none about the
    relationship, has no relationship to grow. Most of them commercial is enough ("revenue +20%", "margin
    above 35%", "600 care-plan members"): what is missing is the relational one."""
    words, language, objectives = lexicon(), _language(document), document.digital.brand_objectives
    texts = [o.text for o in objectives]
    if not texts or any(words.find("relational", t, language) for t in texts):
        return []
    commercial = [index for index, text in enumerate(texts) if words.find("commercial", text, language)]
    if 2 * len(commercial) <= len(texts):
        return []
    fields = ["digital.brand_objectives", *(f"digital.brand_objectives[{index}].text" for index in commercial)]
    return [(fields, {"objectives": names_of([texts[index] for index in commercial])})]


# --- 11. Targets without baselines ---------------------------------------------------------------------------


@rule("kpi-target-without-baseline")
def _kpi_target_without_baseline(document: StrategyDocument) -> list[Hit]:
    """A target means little until you know where you start; "not measured yet" or "da misurare" is no start."""
    words, language = lexicon(), _language(document)
    return [
        ([f"kpis[{index}].baseline"], {"kpi": quote(kpi.name), "target": quote(kpi.target)})
        for index, kpi in enumerate(document.kpis)
        if kpi.target and (not kpi.baseline or words.find("unknown_baseline", kpi.baseline, language))
    ]
