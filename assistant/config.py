"""One settings object for the whole app, read from `BRANDPLAN_*` variables and an optional `.env`."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    def resolved_database_url(self) -> str:
        """The configured URL, or the SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'brandplan.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
