"""Dialogs of the 测评检查表: add objects, the object matrix, explanations of a score, find."""
