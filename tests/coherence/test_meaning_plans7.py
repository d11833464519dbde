"""The review as broadened on the seventh development set (evals/review/plans7/, once the held-out set): each new
reading fires on a flawed copy of a sound plan and stays quiet on a near miss, in English and Italian.

The wordings here are new, neither the planted flaws of plans7/ nor the examples of knowledge/language/.
"""

from tests.coherence.edited import plans, rule_tests

PLANS = plans("plans7")
BOOKS, VEG, MUSIC, GARAGE = "bookshop-en", "vegbox-en", "musica-it", "officina-it"
PROMOTION = "promotion-above-first-rung"


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
]

test_fires, test_stays_quiet_on_a_near_miss = rule_tests(PLANS, FIRES, QUIET)
