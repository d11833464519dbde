"""The app factory a server worker calls: light to import, so a worker process answers its supervisor's health
checks while the app itself (heavy to import) loads."""

from typing import TYPE_CHECKING

from assistant.config import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def app_for(settings: Settings) -> "FastAPI":
    """The web app for these settings."""
    from web.app import create_app

    return create_app(settings, warm_up=True)
