"""Saves document versions as fast as it can, printing each version number once it is committed.

Run by test_durability.py, which kills this process with SIGKILL mid-stream.
"""

import sys

from assistant.store import SqlStore
from tests.factories import winery_document


def main(url: str) -> None:
    store = SqlStore.open(url)
    workspace = store.create_workspace(name="Crash", slug="crash")
    session = store.create_session(workspace_id=workspace.id, brand_name="Crash", language="en", stage="purpose")
    print(f"session {session.id}", flush=True)
    document = winery_document()
    while True:
        document.purpose.statement = f"statement for the next version of {session.id}"
        document.review.decisions.append("d" * 200)  # growing documents exercise page writes
        version = store.save_document(session.id, document, note=f"{len(document.review.decisions)} decisions")
        print(f"committed {version}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
