"""The review as broadened on the sixth development set (evals/review/plans6/, once the held-out set): each new
reading fires on a flawed copy of a sound plan and stays quiet on a near miss, in English and Italian.

The wordings here are new, neither the planted flaws of plans6/ nor the examples of knowledge/language/.
"""

from tests.coherence.edited import plans, rule_tests

PLANS = plans("plans6")
EN, IT, BIKES = "climbing-centre-en", "rifugio-it", "bike-coop-en"
TP3, TP4, TP5 = (f"touchpoints[{index}]__purpose_expression" for index in (3, 4, 5))
L1, HEARD = "digital__listening[1]", "digital.listening[1]"
DO3, DO3_AT = "digital__digital_objectives[3]__text", "digital.digital_objectives[3].text"
DUE, DUE_AT = "review__initiatives[1]__due", "review.initiatives[1].due"
BEFORE, AFTER = "digital__relationship__value_before", "digital__relationship__value_after"
RULE = "kpis[4]__decision_rule"

# rule, plan, edits, field: fires
FIRES = [
    # a community where people only look on or are told what the brand decided
    (
        "community-broadcasts",
        EN,
        {TP4: "every Thursday a coach gives a talk on technique and members receive the slides by email the next day"},
        "touchpoints[4].interaction_mode",
    ),
    (
        "community-broadcasts",
        IT,
        {TP3: "Luca decide le date delle giornate di lavoro e le annuncia nel gruppo con l'elenco degli attrezzi"},
        "touchpoints[3].interaction_mode",
    ),
    (
        "community-broadcasts",
        EN,
        {TP5: "the head setter picks the theme of the comp and announces it on the wall"},
        "touchpoints[5].interaction_mode",
    ),
    (
        "community-broadcasts",
        IT,
        {TP4: "il gestore sceglie la tappa del sentiero natura e la comunica alle classi"},
        "touchpoints[4].interaction_mode",
    ),
    # a value against upselling, a channel that pushes until people buy
    (
        "channel-contradicts-values",
        BIKES,
        {
            "purpose__values": ["we only fit the parts riders really need"],
            "digital__channels[3]__role": "a text every few days about new lights and locks until people buy",
        },
        "digital.channels[3].role",
    ),
    (
        "channel-contradicts-values",
        IT,
        {
            "purpose__values": ["in rifugio vendiamo solo quello che serve davvero a chi cammina"],
            "digital__channels[2]__role": "ogni giorno offerte lampo sulla mezza pensione",
        },
        "digital.channels[2].role",
    ),
    # a sale is a deal; what is for sale is not (the near misses below)
    (
        "channel-contradicts-values",
        BIKES,
        {"purpose__values": ["no hard sell"], "digital__channels[0]__role": "a summer sale on last year's refurbs"},
        "digital.channels[0].role",
    ),
    (
        "channel-contradicts-values",
        IT,
        {
            "purpose__values": ["nessuna pressione a spendere"],
            "digital__channels[0]__role": "i saldi di fine stagione sulla mezza pensione",
        },
        "digital.channels[0].role",
    ),
    # a quieter moment is no date
    ("initiative-owner-date", EN, {DUE: "once the workshop calms down a bit"}, DUE_AT),
    ("initiative-owner-date", IT, {DUE: "quando la stagione rallenta"}, DUE_AT),
    # the crowd as the reason, with an adverb in between
    (
        "tool-first-objective",
        EN,
        {DO3: "Start a YouTube channel for beginners, since nowadays everybody films their climbs"},
        DO3_AT,
    ),
    ("tool-first-objective", IT, {DO3: "Aprire un profilo TikTok perché oggi tutte le strutture ci sono"}, DO3_AT),
    # "we are the only ones" names no competitor
    (
        "purpose-without-context",
        EN,
        {"brand__competitors": ["we're the only bouldering wall on this side of Sheffield"]},
        "brand.competitors",
    ),
    (
        "purpose-without-context",
        IT,
        {"brand__competitors": ["non abbiamo veri concorrenti sulla tappa"]},
        "brand.competitors",
    ),
    # another offer is no value around the sale
    (
        "value-only-at-sale",
        EN,
        {AFTER: "a 15% discount code on the next ten-visit pass"},
        "digital.relationship.value_after",
    ),
    (
        "value-only-at-sale",
        IT,
        {BEFORE: "un buono sconto per chi prenota due notti"},
        "digital.relationship.value_before",
    ),
    # an impression, or the team talking among itself, reads nothing
    ("qualitative-kpi-undefined", EN, {"kpis[3]__method": "Tom's overall impression after the chat"}, "kpis[3].method"),
    ("qualitative-kpi-undefined", IT, {"kpis[1]__method": "ne discutiamo fra di noi il lunedì"}, "kpis[1].method"),
    # the name hides the vanity numbers its definition counts
    (
        "relational-objective-vanity-kpis",
        EN,
        {
            "kpis[2]__name": "Buzz around the members' wall",
            "kpis[2]__definition": "hearts and shares on the posts about the members' wall",
        },
        "kpis[2].definition",
    ),
    (
        "relational-objective-vanity-kpis",
        IT,
        {
            "kpis[6]__name": "Risonanza delle giornate sui sentieri",
            "kpis[6]__definition": "cuori e condivisioni ai post delle giornate di lavoro",
        },
        "kpis[6].definition",
    ),
    # a talk put off decides nothing
    ("kpi-no-decision-rule", EN, {RULE: "we'll talk it over after the half term"}, "kpis[4].decision_rule"),
    ("kpi-no-decision-rule", IT, {RULE: "valutiamo poi cosa fare in base ai numeri"}, "kpis[4].decision_rule"),
    # "in person" says how, not who
    ("listening-vague", EN, {L1: "We pay attention to what climbers tell us, online and in person"}, HEARD),
    ("listening-vague", IT, {L1: "Ascoltiamo quello che ci dicono gli escursionisti, di persona e al telefono"}, HEARD),
]

# rule, plan, edits: quiet (near misses)
QUIET = [
    (
        "community-broadcasts",
        EN,
        {TP4: "every Thursday a coach gives a short talk on technique, then members try it and coach each other"},
    ),
    (
        "community-broadcasts",
        IT,
        {TP3: "i volontari propongono le date delle giornate di lavoro e Luca le annuncia nel gruppo"},
    ),
    (
        "community-broadcasts",
        EN,
        {TP5: "the young climbers pick the theme of the comp and the head setter announces it on the wall"},
    ),
    ("community-broadcasts", IT, {TP4: "le classi scelgono la tappa del sentiero natura e il gestore la comunica"}),
    (
        "channel-contradicts-values",
        BIKES,
        {
            "purpose__values": ["we only fit the parts riders really need"],
            "digital__channels[3]__role": "the ride-safe note and answers to riders' questions",
        },
    ),
    (
        "channel-contradicts-values",
        IT,
        {
            "purpose__values": ["in rifugio vendiamo solo quello che serve davvero a chi cammina"],
            "digital__channels[2]__role": "lo stato del sentiero ogni giovedì e le risposte alle domande",
        },
    ),
    (
        "channel-contradicts-values",
        BIKES,
        {
            "purpose__values": ["no hard sell"],
            "digital__channels[0]__role": "refurbished bikes for sale, each with its story",
        },
    ),
    (
        "channel-contradicts-values",
        IT,
        {
            "purpose__values": ["nessuna pressione a spendere"],
            "digital__channels[0]__role": "la mezza pensione in vendita sul sito, con le condizioni spiegate",
        },
    ),
    ("initiative-owner-date", EN, {DUE: "once the workshop calms down in November"}),
    ("initiative-owner-date", IT, {DUE: "quando la stagione rallenta, a ottobre 2027"}),
    (
        "tool-first-objective",
        EN,
        {DO3: "Start a YouTube channel since nowadays beginners look up how to fall before they come"},
    ),
    (
        "tool-first-objective",
        IT,
        {DO3: "Aprire un profilo TikTok perché oggi i ragazzi delle scuole scelgono la gita guardando i video"},
    ),
    (
        "purpose-without-context",
        EN,
        {"brand__competitors": ["the two big walls in the centre; we're the only one with a youth club"]},
    ),
    (
        "purpose-without-context",
        IT,
        {"brand__competitors": ["gli altri due rifugi della tappa, che però non hanno la cucina delle malghe"]},
    ),
    ("value-only-at-sale", EN, {AFTER: "a coach's note on what to try next, and no discount codes"}),
    ("value-only-at-sale", IT, {BEFORE: "consigli al telefono sul sentiero, senza sconti né offerte"}),
    (
        "qualitative-kpi-undefined",
        EN,
        {"kpis[3]__method": "Tom codes each comment as grade / style / idea, then we chat about it as a team"},
    ),
    (
        "qualitative-kpi-undefined",
        IT,
        {"kpis[1]__method": "Elisa copia i commenti nel foglio e li segna per tema; poi ne parliamo tra noi"},
    ),
    (
        "relational-objective-vanity-kpis",
        EN,
        {
            "kpis[2]__name": "Buzz around the members' wall",
            "kpis[2]__definition": "members who renew after their first year and bring a friend to the wall",
        },
    ),
    (
        "relational-objective-vanity-kpis",
        IT,
        {
            "kpis[6]__name": "Risonanza delle giornate sui sentieri",
            "kpis[6]__definition": "volontari che tornano a una seconda giornata di lavoro entro l'anno",
        },
    ),
    (
        "kpi-no-decision-rule",
        EN,
        {RULE: "if it falls under 80 a week, we'll talk to the parents on the waiting list and open a Saturday class"},
    ),
    (
        "kpi-no-decision-rule",
        IT,
        {RULE: "se a gennaio sono meno di 8, valutiamo con Giorgio cinque scuole nuove da visitare"},
    ),
    ("listening-vague", EN, {L1: "Leon reads what climbers tell us online and in person every Monday"}),
    ("listening-vague", IT, {L1: "Luca ascolta ogni sera, di persona e al telefono, quello che dicono i volontari"}),
]

test_fires, test_stays_quiet_on_a_near_miss = rule_tests(PLANS, FIRES, QUIET)
