"""SQLAlchemy models of every entity (DESIGN §4). Importing this package registers them all."""

from themisia_desktop.core.models.audit import AuditLog, MergeRecord
from themisia_desktop.core.models.automation import (
    Event,
    Firing,
    RunTrace,
    ScheduledAction,
    WatchState,
    Workflow,
    WorkflowVersion,
)
from themisia_desktop.core.models.base import Base
from themisia_desktop.core.models.calendar import Appointment, Deadline, Task, appointment_attendee
from themisia_desktop.core.models.contacts import (
    Address,
    CompanyDetails,
    Contact,
    ContactChannel,
    ContactLink,
    ContactRole,
    DuplicateDismissal,
    Interaction,
    JurisdictionDetails,
    KycRecord,
    NegotiatedRate,
    PersonDetails,
)
from themisia_desktop.core.models.documents import Document
from themisia_desktop.core.models.finance import (
    Expense,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    Provision,
    TimeEntry,
)
from themisia_desktop.core.models.firm import (
    CategoryRate,
    Firm,
    FirmSetting,
    Group,
    Sequence,
    User,
    user_group,
)
from themisia_desktop.core.models.matters import ConflictCheck, Matter, MatterParty, matter_assignee
from themisia_desktop.core.models.search import ContactToken
from themisia_desktop.core.models.notify import (
    MessageTemplate,
    Notification,
    NotificationPreference,
    OutboxMail,
)

__all__ = [
    "Address", "Appointment", "AuditLog", "Base", "CategoryRate", "CompanyDetails", "ConflictCheck",
    "Contact", "ContactChannel", "ContactToken", "ContactLink", "ContactRole", "Deadline", "Document",
    "DuplicateDismissal", "Event", "Expense", "Firing", "Firm", "FirmSetting", "Group",
    "Interaction", "Invoice", "InvoiceLine", "JurisdictionDetails", "KycRecord", "Matter",
    "MatterParty", "MergeRecord", "MessageTemplate", "NegotiatedRate", "Notification",
    "NotificationPreference", "OutboxMail", "Payment", "PaymentAllocation", "PersonDetails",
    "Provision", "RunTrace", "ScheduledAction", "Sequence", "Task", "TimeEntry", "User",
    "WatchState", "Workflow", "WorkflowVersion", "appointment_attendee", "matter_assignee",
    "user_group",
]
