"""The Qt user interface: windows, tabs, item models, delegates and dialogs."""
