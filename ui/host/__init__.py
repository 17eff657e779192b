"""The window host: the main window, what a feature sees of it (protocol), menus, status bar, start-up."""
