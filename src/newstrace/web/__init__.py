"""The web app and JSON API over the store (``newstrace serve``)."""

from newstrace.web.app import Settings, create_app
from newstrace.web.server import prepare, serve

__all__ = ["Settings", "create_app", "prepare", "serve"]
