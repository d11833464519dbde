"""The session engine: a plain state machine that turns a user's message into a reply and a document change.

It knows nothing of HTTP or of any model vendor: knowledge, the language model and storage come in
through small ports.
"""

from assistant.engine.core import Engine
from assistant.engine.reply import Reply, Source

__all__ = ["Engine", "Reply", "Source"]
