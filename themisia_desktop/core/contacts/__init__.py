"""Contacts & clients: typologies and identifiers, lifecycle, roles, links, KYC (and, in their
own modules, search, duplicates, merge and conflict checks).

Import the service modules directly (``from themisia_desktop.core.contacts.service import
create_contact``); this package only names the vocabulary every screen needs.
"""

from themisia_desktop.core.contacts.schema import (
    AddressInput,
    ChannelInput,
    CompanyInput,
    ContactDetails,
    ContactInput,
    ContactSummary,
    JurisdictionInput,
    PersonInput,
)

__all__ = [
    "AddressInput", "ChannelInput", "CompanyInput", "ContactDetails", "ContactInput",
    "ContactSummary", "JurisdictionInput", "PersonInput",
]
