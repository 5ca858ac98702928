"""Matters (dossiers): opening with its reference, KYC gate and conflict check, details,
parties, status lifecycle, and the list and screen queries."""
