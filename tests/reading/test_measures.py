"""KPIs read from prose as people write them, in English and Italian."""

from assistant.reading.measures import read_measures


def test_a_question_inside_a_kpi_does_not_take_it_back() -> None:
    """ "sicuri o no?", "happy or not" ask; only "... no" alone takes an item back."""
    english = read_measures("count repeat visits. then what riders tell us after the tour: did they feel safe or not?")
    italian = read_measures("contiamo le visite ripetute. poi cosa ci dicono i ciclisti: si sono divertiti o no?")
    assert [m.name for m in english][-1] == "what riders tell us after the tour"
    assert [m.name for m in italian][-1] == "cosa ci dicono i ciclisti"


def test_an_ordinal_before_a_colon_announces_the_measure_and_an_article_may_stand_before_the_target() -> None:
    (english,) = read_measures("the second: how many members renew each spring, we'd like 80%")
    (italian,) = read_measures("il primo: quanti soci rinnovano ogni primavera, vorremmo il 70% entro il 2027")
    assert english.name == "members renew each spring" and english.fields["target"] == "80%"
    assert italian.name == "soci rinnovano ogni primavera" and italian.fields["target"] == "70%"


def test_a_measure_listed_after_another_in_one_sentence_is_its_own_and_serves_the_same_objective() -> None:
    """ "For the club: A, and what members say …" names two measures, both for the club."""
    english = read_measures(
        "For the tasting club: how many members come to 2+ tastings a season, and what they write in the guestbook. "
        "Then online orders per week."
    )
    italian = read_measures(
        "Per il club delle degustazioni: quanti soci vengono ad almeno due serate, e cosa scrivono sul quaderno "
        "degli ospiti. Poi gli ordini online a settimana."
    )
    for found, second in ((english, "what they write in the guestbook"), (italian, "cosa scrivono sul quaderno")):
        assert len(found) == 3, [m.name for m in found]
        assert found[1].name.startswith(second)
        assert found[0].reference and found[1].reference == found[0].reference
        assert found[2].reference is None
