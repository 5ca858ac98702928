"""The documents of a matter: the Documents tab and the « Générer depuis un modèle » dialog."""
