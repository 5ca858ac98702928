"""Money screens of a matter: the Factures tab, « Préparer une facture », règlements."""
