"""The checks on meaning as broadened on the third development set (evals/review/plans3/): each new reading fires
on a flawed copy of a sound plan and stays quiet on a near miss, in English and Italian.

The wordings here are new, not the planted flaws of plans3/ (the review eval measures those).
"""

import pytest

from assistant import coherence
from assistant.document import StrategyDocument
from assistant.document.edits import Edit, apply_edit
from tests.coherence.edited import fields_of, plans, rule_tests

PLANS = plans("plans3")

L1 = "digital__listening[1]"
HEARD = "digital.listening[1]"
PURPOSE = "purpose__statement"
SETTERS = "digital__readiness__objective_setters"
SET_BY = "digital.readiness.objective_setters"


def bare(language: str, listening: str) -> StrategyDocument:
    """A plan that has only its listening: nobody is named anywhere else yet, as early in a session."""
    return StrategyDocument.model_validate({"brand": {"language": language}, "digital": {"listening": [listening]}})


# rule, plan, edits, field: fires
FIRES = [
    # waiting to be told is nothing done; being always open to it is no rhythm and nobody
    ("listening-nothing-done", "florist-en", {L1: "Nothing planned: if clients are unhappy they'll tell us"}, HEARD),
    ("listening-nothing-done", "agriturismo-it", {L1: "Se qualcosa non va, gli ospiti ce lo fanno sapere"}, HEARD),
    ("listening-vague", "florist-en", {L1: "Customers can always email us if something is wrong"}, HEARD),
    ("listening-vague", "libreria-it", {L1: "Siamo sempre aperti ai suggerimenti"}, HEARD),
    # an interjection opening the entry is no name
    ("listening-nothing-done", "libreria-it", {L1: "Boh, per adesso niente di strutturato"}, HEARD),
    ("listening-vague", "florist-en", {L1: "Well, people mention things at the till"}, HEARD),
    # a capitalised word opening the entry is no name: "Honestly", "Cerchiamo", "Non"
    ("listening-vague", "dentist-en", {L1: "Honestly we try to keep up with what patients say"}, HEARD),
    ("listening-vague", "libreria-it", {L1: "Cerchiamo di capire cosa pensano i lettori"}, HEARD),
    ("listening-nothing-done", "agriturismo-it", {L1: "Non chiediamo nulla agli ospiti"}, HEARD),
    # an agency alone listens for nobody on the team
    ("listening-vague", "florist-en", {L1: "The agency handles that for us"}, HEARD),
    ("listening-vague", "libreria-it", {L1: "Se ne occupa l'agenzia"}, HEARD),
    # a staff meeting is no dialogue; "how the posts performed" is numbers watched
    (
        "listening-vanity",
        "dentist-en",
        {L1: "Once a month Ruth looks at the likes and reports them at the staff meeting"},
        HEARD,
    ),
    ("listening-vanity", "libreria-it", {L1: "Ogni lunedì Davide controlla come vanno i post su Instagram"}, HEARD),
    # a name or a role beside the agency is the agency's own
    ("objectives-set-outside", "florist-en", {SETTERS: ["Bloomhaus, our marketing agency, sends the targets"]}, SET_BY),
    (
        "objectives-set-outside",
        "libreria-it",
        {SETTERS: ["Carta Lab, l'agenzia che ci segue: decide tutto lei"]},
        SET_BY,
    ),
    # funders set objectives from outside too
    ("objectives-set-outside", "dentist-en", {SETTERS: ["The foundation that funds our outreach"]}, SET_BY),
    ("objectives-set-outside", "libreria-it", {SETTERS: ["Li stabilisce la fondazione che ci finanzia"]}, SET_BY),
    # mostly commercial, none relational; the finding names the commercial objectives
    (
        "objectives-only-commercial",
        "dentist-en",
        {
            "digital__brand_objectives[0]__text": "Grow private revenue by 20%",
            "digital__brand_objectives[1]__text": "Win 300 new private patients",
        },
        "digital.brand_objectives[1].text",
    ),
    (
        "objectives-only-commercial",
        "agriturismo-it",
        {
            "digital__brand_objectives[0]__text": "Aumentare le prenotazioni del 30%",
            "digital__brand_objectives[2]__text": "Ridurre i costi della cucina",
        },
        "digital.brand_objectives[0].text",
    ),
    # expansion and new firms are the business growing, not a relationship
    (
        "objectives-only-commercial",
        "florist-en",
        {
            "digital__brand_objectives[0]__text": "Open a second shop by 2027",
            "digital__brand_objectives[2]__text": "Win 30 new corporate clients",
        },
        "digital.brand_objectives[0].text",
    ),
    (
        "objectives-only-commercial",
        "libreria-it",
        {
            "digital__brand_objectives[0]__text": "Aprire un secondo punto vendita",
            "digital__brand_objectives[1]__text": "Espandere le vendite online",
        },
        "digital.brand_objectives[0].text",
    ),
    # "sei camere" (six rooms) is no verb: a list of what is offered
    (
        "purpose-product-only",
        "agriturismo-it",
        {PURPOSE: "Agriturismo con sei camere, piscina e ristorante."},
        "purpose.statement",
    ),
    (
        "purpose-product-only",
        "dentist-en",
        {PURPOSE: "General and cosmetic dentistry with six surgeries in Falmouth."},
        "purpose.statement",
    ),
    # brochure words
    (
        "purpose-generic",
        "florist-en",
        {PURPOSE: "We exceed expectations with creativity, quality and an outstanding customer experience."},
        "purpose.statement",
    ),
    (
        "purpose-generic",
        "libreria-it",
        {PURPOSE: "Una realtà dinamica che mette il cliente al centro, con serietà e professionalità."},
        "purpose.statement",
    ),
    # money saved, a gift for spending
    (
        "promotion-above-first-rung",
        "florist-en",
        {"touchpoints[4]__name": "Early-bird reminder: save £10"},
        "touchpoints[4].engagement_level",
    ),
    (
        "promotion-above-first-rung",
        "libreria-it",
        {"touchpoints[3]__name": "Tessera punti: ogni 10 libri uno in omaggio"},
        "touchpoints[3].engagement_level",
    ),
    (
        "promotion-above-first-rung",
        "florist-en",
        {"touchpoints[4]__name": "Reminder email with 2-for-1 posies"},
        "touchpoints[4].engagement_level",
    ),
    (
        "promotion-above-first-rung",
        "agriturismo-it",
        {"touchpoints[4]__name": "Lettera con la spedizione gratuita dell'olio"},
        "touchpoints[4].engagement_level",
    ),
    # a score or a rating counts
    ("qualitative-kpi-counts", "florist-en", {"kpis[3]__name": "Client satisfaction score"}, "kpis[3].name"),
    ("qualitative-kpi-counts", "libreria-it", {"kpis[1]__name": "Valutazione media dei consigli"}, "kpis[1].name"),
    # a marketplace is a platform
    (
        "tool-first-objective",
        "florist-en",
        {"digital__digital_objectives[0]__text": "Get on Etsy and Amazon"},
        "digital.digital_objectives[0].text",
    ),
    (
        "tool-first-objective",
        "agriturismo-it",
        {"digital__digital_objectives[0]__text": "Essere su Airbnb"},
        "digital.digital_objectives[0].text",
    ),
    # add-ons and paid placement push; a sincere or no-upselling value forbids it
    (
        "channel-contradicts-values",
        "florist-en",
        {"digital__channels[3]__role": "add-ons with every reminder"},
        "digital.channels[3].role",
    ),
    (
        "channel-contradicts-values",
        "libreria-it",
        {"digital__channels[1]__role": "le novità degli editori che ci pagano la visibilità"},
        "digital.channels[1].role",
    ),
    # a baseline that says it is unknown
    ("kpi-target-without-baseline", "dentist-en", {"kpis[0]__baseline": "not measured yet"}, "kpis[0].baseline"),
    ("kpi-target-without-baseline", "libreria-it", {"kpis[2]__baseline": "da misurare"}, "kpis[2].baseline"),
    # "platform" itself is a platform
    (
        "tool-first-objective",
        "florist-en",
        {"digital__digital_objectives[1]__text": "Be on every platform"},
        "digital.digital_objectives[1].text",
    ),
    (
        "tool-first-objective",
        "agriturismo-it",
        {"digital__digital_objectives[1]__text": "Essere su tutte le piattaforme"},
        "digital.digital_objectives[1].text",
    ),
]

# rule, plan, edits: quiet (near misses)
QUIET = [
    ("qualitative-kpi-counts", "florist-en", {"kpis[3]__name": "What clients say when we ask how to do better"}),
    ("qualitative-kpi-counts", "libreria-it", {"kpis[1]__name": "Cosa dicono i lettori dei consigli"}),
    (
        "promotion-above-first-rung",
        "agriturismo-it",
        {"touchpoints[4]__name": "Lettera di stagione con la ricetta del mese"},
    ),
    (
        "promotion-above-first-rung",
        "florist-en",
        {"touchpoints[4]__name": "Reminder email with a photo of last year's posy"},
    ),
    (
        "tool-first-objective",
        "florist-en",
        {"digital__digital_objectives[0]__text": "Sell on Etsy to people who moved away"},
    ),
    (
        "tool-first-objective",
        "agriturismo-it",
        {"digital__digital_objectives[0]__text": "Su Airbnb rispondere a ogni ospite"},
    ),
    ("listening-vague", "florist-en", {L1: "Customers can always email us, and Leah answers within a day"}),
    ("listening-vague", "libreria-it", {L1: "Siamo sempre aperti ai suggerimenti: Sara li legge ogni lunedì"}),
    ("listening-nothing-done", "dentist-en", {L1: "Nothing goes unanswered: Jess replies to every text the same day"}),
    ("listening-vague", "dentist-en", {L1: "Nervous patients get a call from Callum the day after their first visit"}),
    (
        "listening-nothing-done",
        "agriturismo-it",
        {L1: "Se un ospite segnala un problema, Elena lo richiama in giornata"},
    ),
    ("listening-vague", "florist-en", {L1: "The agency and Leah read the comments every Monday"}),
    ("listening-vague", "libreria-it", {L1: "Davide, con l'agenzia, legge i commenti ogni mattina"}),
    ("listening-vanity", "dentist-en", {L1: "Once a month Ruth meets ten patients and asks what to change"}),
    ("listening-vanity", "libreria-it", {L1: "Ogni lunedì Davide legge i commenti ai post e risponde"}),
    (
        "objectives-set-outside",
        "florist-en",
        {SETTERS: ["Bloomhaus, our marketing agency, together with Leah (owner)"]},
    ),
    ("objectives-set-outside", "libreria-it", {SETTERS: ["Carta Lab, l'agenzia, insieme a Davide"]}),
    ("objectives-set-outside", "dentist-en", {SETTERS: ["Dr Khan and Ruth, with the foundation that funds outreach"]}),
    ("objectives-set-outside", "libreria-it", {SETTERS: ["Chiara e Davide, sentita la fondazione che ci finanzia"]}),
    ("objectives-only-commercial", "dentist-en", {"digital__brand_objectives[0]__text": "Grow private revenue by 20%"}),
    (
        "objectives-only-commercial",
        "agriturismo-it",
        {"digital__brand_objectives[2]__text": "Ridurre i costi della cucina"},
    ),
    (
        "purpose-product-only",
        "agriturismo-it",
        {PURPOSE: "Sei camere in campagna per le famiglie che vogliono rallentare."},
    ),
    (
        "purpose-product-only",
        "libreria-it",
        {PURPOSE: "Una libreria di quartiere dove famiglie e ragazzi trovano un consiglio e qualcuno con cui parlare."},
    ),
    (
        "purpose-product-only",
        "florist-en",
        {PURPOSE: "A flower shop where neighbours learn to arrange what is in season."},
    ),
    (
        "purpose-generic",
        "florist-en",
        {PURPOSE: "We bring creativity to every bouquet so that people can say what words cannot."},
    ),
    (
        "purpose-generic",
        "libreria-it",
        {PURPOSE: "Una libreria che mette al centro le famiglie del quartiere, perché ogni bambino trovi un libro."},
    ),
    (
        "promotion-above-first-rung",
        "florist-en",
        {"touchpoints[4]__name": "Date reminder, with no offer and no upsell"},
    ),
    (
        "promotion-above-first-rung",
        "libreria-it",
        {"touchpoints[3]__name": "Tessera del lettore con i consigli riusciti"},
    ),
    ("channel-contradicts-values", "florist-en", {"digital__channels[3]__role": "the reminders customers asked for"}),
    ("channel-contradicts-values", "libreria-it", {"digital__channels[1]__role": "le novità che abbiamo letto noi"}),
    ("kpi-target-without-baseline", "dentist-en", {"kpis[0]__baseline": "about half, from last year's records"}),
    ("kpi-target-without-baseline", "libreria-it", {"kpis[2]__baseline": "nessuno finora"}),
    (
        "tool-first-objective",
        "florist-en",
        {"digital__digital_objectives[1]__text": "Show couples our wedding work on every platform they use"},
    ),
    (
        "tool-first-objective",
        "agriturismo-it",
        {"digital__digital_objectives[1]__text": "Rispondere agli ospiti su tutte le piattaforme dove prenotano"},
    ),
]


test_fires, test_stays_quiet_on_a_near_miss = rule_tests(PLANS, FIRES, QUIET)


@pytest.mark.parametrize(
    ("language", "entry"),
    [("en", "Ruth reads every review"), ("it", "Chiara legge le recensioni"), ("it", "Marco risponde ai commenti")],
)
def test_a_name_opening_the_entry_before_a_verb_of_reading_is_a_person_even_before_owners_are_given(
    language: str, entry: str
) -> None:
    assert fields_of("listening-vague", bare(language, entry)) == []


@pytest.mark.parametrize("language", ["en", "it"])
def test_one_kpi_with_no_kind_is_never_said_to_lack_both_kinds(language: str) -> None:
    """The review names the unmarked KPI once (kpi-kind-missing), and never says both "none is qualitative" and
    "none is quantitative" of it; with one kind marked, it names only the kind that is missing."""
    unmarked = StrategyDocument.model_validate(
        {"brand": {"language": language}, "kpis": [{"id": "kpi-1", "name": "Replies", "target": "more"}]}
    )
    rules = [finding.rule for finding in coherence.check(unmarked, language=language)]
    assert rules.count("kpi-kind-missing") == 1 and "kpi-balance" not in rules
    marked = apply_edit(unmarked, Edit(op="set", path="kpis[0].kind", value="qualitative"))
    balance = [f.message for f in coherence.check(marked, language=language) if f.rule == "kpi-balance"]
    said = balance[0].split(".")[0]  # what is found; the advice after it names both kinds
    assert len(balance) == 1 and "quantitat" in said and "qualitativ" not in said
