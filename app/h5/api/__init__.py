"""The HTTP side of the H5 service: the FastAPI app, its middleware and routes."""

from app.h5.api.app import create_app

__all__ = ["create_app"]
