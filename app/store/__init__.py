"""The case store: SQLAlchemy 2 ORM models, Alembic migrations and the single writer."""
