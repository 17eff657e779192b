"""Qt item models (QAbstractItemModel subclasses and proxies)."""
