"""Money side of the firm: hourly rates resolution (``rates``), balances, invoices, payments."""
