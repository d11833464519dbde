"""The web layer: a thin FastAPI app over the `assistant` core."""
