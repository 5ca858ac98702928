"""The Dossiers area: the matter list, the opening dialog and the matter screen."""
