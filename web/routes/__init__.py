"""HTTP routes: thin handlers over the engine, the store and the knowledge base."""
