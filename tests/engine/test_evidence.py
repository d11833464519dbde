"""At the review, the team's own documents are read against the brand's values: a sentence that names a value
is quoted and cited, as bearing it out or, when it finds fault, as going against it."""

from assistant.engine import Engine
from tests.engine.conftest import Env

REVIEWS_EN = (
    "Customer comments, autumn.\n\n"
    "Maria: The staff were honest about which loaf was from yesterday and sold it at half price.\n\n"
    "Tom: The new cashier was rude and pushy with the seasonal cakes, not the warmth I expect here.\n\n"
    "Ana: Parking is hard on Saturdays."
)
RECENSIONI_IT = (
    "Recensioni di ottobre.\n\n"
    "Giulia: Il commesso è stato scortese e poco accogliente, non tornerò.\n\n"
    "Marco: Sempre onesti sul pane del giorno prima, lo dicono senza che tu chieda.\n\n"
    "Sara: Il parcheggio è difficile."
)


def reviewed(env: Env, engine: Engine, language: str, values: list[str], document: tuple[str, str]) -> str:
    session = env.session(language=language)
    _, strategy = env.store.load_document(session.id)
    strategy.purpose.values = values
    env.store.save_document(session.id, strategy, note="imported")
    outcome = env.knowledge.ingest_bytes(session.workspace_id, document[0], document[1].encode())
    assert outcome.passages > 0
    engine.start(session.id)
    reply = engine.handle(session.id, "go to review" if language == "en" else "vai a revisione")
    assert reply.stage == "review"
    return reply.message + "\n" + "\n".join(f"[{c.number}] {c.label}" for c in reply.citations)


def test_the_review_quotes_what_customers_say_about_each_value(env: Env, engine: Engine) -> None:
    text = reviewed(env, engine, "en", ["honesty", "warmth", "craft"], ("comments.txt", REVIEWS_EN))
    assert "What your own documents say about your values" in text
    assert "**honesty** · bears it out: “Maria: The staff were honest about which loaf" in text
    assert "**warmth** · goes against it: “Tom: The new cashier was rude and pushy" in text
    assert "**craft**" not in text, "a value nobody mentions gets no quote"
    assert "comments.txt" in text  # cited


def test_the_italian_review_reads_italian_documents(env: Env, engine: Engine) -> None:
    text = reviewed(env, engine, "it", ["onestà", "accoglienza"], ("recensioni.txt", RECENSIONI_IT))
    assert "Che cosa dicono i vostri documenti dei vostri valori" in text
    assert "**onestà** · lo conferma: “Marco: Sempre onesti sul pane" in text
    assert "**accoglienza** · lo smentisce: “Giulia: Il commesso è stato scortese" in text


def test_without_documents_the_review_says_nothing_about_them(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    reply = engine.handle(session.id, "go to review")
    assert reply.stage == "review" and "What your own documents say" not in reply.message
