"""« Paramètres »: the firm's identity, outgoing mail, delays and automations."""
