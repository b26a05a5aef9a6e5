"""What is change-logged: every model that holds agreement data. Secrets are never logged."""

from auditlog.registry import auditlog


def register_models() -> None:
    from imvo.accounts.models import ApiToken, Invitation, User
    from imvo.agreements.models import (
        Agreement,
        AgreementYear,
        CompanyObligation,
        Obligation,
        SizeClass,
    )
    from imvo.finance.models import Budget, Funding, Invoice
    from imvo.governance.models import (
        AgendaItem,
        AssemblyBallot,
        Attendance,
        Ballot,
        Complaint,
        CoreGroupMember,
        Meeting,
        MeetingDocument,
        Proposal,
        Replacement,
    )
    from imvo.organizations.models import (
        ConfidentialityAgreement,
        Organization,
        Participation,
        ParticipationEvent,
    )
    from imvo.projects.models import ProgressUpdate, Project, ProjectParticipant, Result
    from imvo.risks.models import CollectiveRisk, Risk, RiskRegister
    from imvo.signals.models import Evidence, Message, Notice, Signal

    for model in (
        Agreement,
        AgreementYear,
        SizeClass,
        Obligation,
        CompanyObligation,
        Organization,
        Participation,
        ParticipationEvent,
        ConfidentialityAgreement,
        CoreGroupMember,
        Meeting,
        MeetingDocument,
        AgendaItem,
        Attendance,
        Proposal,
        Ballot,
        Replacement,
        AssemblyBallot,
        Complaint,
        Evidence,
        Notice,
        Message,
        RiskRegister,
        Risk,
        CollectiveRisk,
        Budget,
        Funding,
        Invoice,
        Project,
        ProjectParticipant,
        ProgressUpdate,
        Result,
    ):
        if not auditlog.contains(model):
            auditlog.register(model)
    if not auditlog.contains(Signal):
        auditlog.register(Signal, exclude_fields=["follow_digest"])
    if not auditlog.contains(User):
        auditlog.register(User, exclude_fields=["password", "last_login"])
    if not auditlog.contains(Invitation):
        auditlog.register(Invitation, exclude_fields=["token_digest"])
    if not auditlog.contains(ApiToken):
        auditlog.register(ApiToken, exclude_fields=["key_digest", "last_used_at"])
