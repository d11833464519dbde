"""The review as broadened on the seventh development set (evals/review/plans7/, once the held-out set): each new
reading fires on a flawed copy of a sound plan and stays quiet on a near miss, in English and Italian.

The wordings here are new, neither the planted flaws of plans7/ nor the examples of knowledge/language/.
"""

from tests.coherence.edited import plans, rule_tests

PLANS = plans("plans7") | plans("plans6")
BOOKS, VEG, MUSIC, GARAGE, HUT = "bookshop-en", "vegbox-en", "musica-it", "officina-it", "rifugio-it"
PROMOTION, UNANSWERED, VALUES = "promotion-above-first-rung", "listening-unanswered", "channel-contradicts-values"
HEARD = "digital__listening[{}]"
ROLE = "digital__channels[{}]__role"
VANITY, FIRST_AIM = "relational-objective-vanity-kpis", "digital__brand_objectives[0]__text"


def name(index: int) -> str:
    return f"touchpoints[{index}]__name"


def said(index: int) -> str:
    return f"touchpoints[{index}]__purpose_expression"


def level(index: int) -> str:
    return f"touchpoints[{index}].engagement_level"


# rule, plan, edits, field: fires
FIRES = [
    # a deal in the name is not lifted by customers choosing something else ("members choose the books")
    (PROMOTION, VEG, {name(5): "Grower's table: subscribers save 15% on spring seedlings"}, level(5)),
    (PROMOTION, GARAGE, {name(4): "Serata soci con il 10% di sconto sul cambio gomme"}, level(4)),
    # a prize to win is a deal by lot
    (PROMOTION, BOOKS, {name(4): "Win a free signed hardback at every meeting"}, level(4)),
    (PROMOTION, MUSIC, {name(5): "Mandaci il tuo brano e vinci un corso estivo gratuito"}, level(5)),
    # read and noted, but answering left out on purpose
    (
        UNANSWERED,
        VEG,
        {
            HEARD.format(1): "Dev reads the doorstep comments every Friday and copies them into the van notebook; "
            "we do not answer them"
        },
        "digital.listening[1]",
    ),
    (
        UNANSWERED,
        GARAGE,
        {
            HEARD.format(
                0
            ): "Giulia legge ogni recensione il venerdì e annota le critiche nel foglio, ma in rete non replichiamo mai"
        },
        "digital.listening[0]",
    ),
    # a promise of the season broken by what is flown in
    (
        VALUES,
        VEG,
        {ROLE.format(2): "winter extras brought in from abroad, such as asparagus in December"},
        "digital.channels[2].role",
    ),
    (
        VALUES,
        HUT,
        {
            "purpose__values": ["cucina di stagione"],
            ROLE.format(2): "ogni giovedì le fragole fuori stagione del menù della domenica",
        },
        "digital.channels[2].role",
    ),
    # being entrusted with something is a relationship
    (
        VANITY,
        BOOKS,
        {
            FIRST_AIM: "Be the bookshop schools entrust their class orders to us",
            "kpis[3]__name": "Profile visits",
        },
        "kpis[3].name",
    ),
    (
        VANITY,
        GARAGE,
        {
            FIRST_AIM: "Essere l'officina a cui i pendolari della zona affidano il furgone",
            "kpis[2]__name": "Visualizzazioni",
        },
        "kpis[2].name",
    ),
]

# rule, plan, edits: stays quiet
QUIET = [
    # customers deciding the deal itself is taking part
    (PROMOTION, BOOKS, {said(4): "members vote on which title goes on special offer next month"}),
    (PROMOTION, GARAGE, {said(4): "i clienti scelgono insieme su quale ricambio fare lo sconto del mese"}),
    # winning without a prize
    (PROMOTION, MUSIC, {said(5): "il brano che vince il voto degli allievi viene registrato in studio"}),
    # a newsletter that tells where things come from and asks back is no price deal
    (
        PROMOTION,
        BOOKS,
        {
            name(1): "Shelf Notes",
            said(1): "the monthly email says who wrote each title and asks readers what they left unfinished",
        },
    ),
    (PROMOTION, MUSIC, {said(3): "la newsletter del mese presenta i pezzi in arrivo e chiede quale piace di più"}),
    # no answer to spam, an answer to everyone else
    (
        UNANSWERED,
        BOOKS,
        {HEARD.format(0): "Priya reads every message on Mondays and answers each; we don't reply to obvious spam"},
    ),
    (
        UNANSWERED,
        MUSIC,
        {
            HEARD.format(
                0
            ): "Luca legge i commenti ogni giorno; non rispondiamo agli insulti, a tutti gli altri risponde entro sera"
        },
    ),
    # imports refused are the promise kept
    (VALUES, VEG, {ROLE.format(2): "explain why we never sell imported veg, and answer growing questions"}),
    (
        VALUES,
        HUT,
        {
            "purpose__values": ["cucina di stagione"],
            ROLE.format(2): "nessun prodotto importato: solo quello che dà la valle",
        },
    ),
    # the brand handing work to a supplier is no relationship
    (
        VANITY,
        BOOKS,
        {FIRST_AIM: "Entrust the deliveries to a local courier to cut costs", "kpis[3]__name": "Profile visits"},
    ),
    (
        VANITY,
        GARAGE,
        {
            FIRST_AIM: "Affidare le consegne dei ricambi a un corriere per ridurre i costi",
            "kpis[2]__name": "Visualizzazioni",
        },
    ),
]

test_fires, test_stays_quiet_on_a_near_miss = rule_tests(PLANS, FIRES, QUIET)
