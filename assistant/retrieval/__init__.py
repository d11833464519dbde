"""Knowledge and retrieval: framework cards, the team's own documents, hybrid search with citations."""
