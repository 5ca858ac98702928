"""The firm: identity, users, groups, rates, firm-wide settings, first-start setup."""
