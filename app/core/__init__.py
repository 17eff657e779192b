"""Cross-cutting foundations with no domain knowledge: errors, paths, settings, secrets, logging, masking."""
