"""The 智桂通 health-record H5 service (FastAPI, no Qt)."""
