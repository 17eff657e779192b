"""Assessor & Ops Workbench: domain, storage and services (no Qt)."""

__version__ = "0.1.0"
APP_NAME = "workbench"
APP_DISPLAY_NAME = "梧州卫健IT项目工作台"
ORG_NAME = "WuzhouHealthIT"
