"""Widgets of the 测评检查表: the unit panel, the object table, the record editor, evidence, the score."""
