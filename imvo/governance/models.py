"""The core group (Kerngroep, art. 45-54) and the sector-module assembly (art. 42-44): seats, meetings,
proposals and their votes, and complaints (art. 83-86)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _


class Constituency(models.TextChoices):
    """The four seats of the core group (art. 46), each held by one constituency (geleding)."""

    UNIONS = "unions", _("unions")
    NGOS = "ngos", _("NGOs")
    INDUSTRY_ASSOCIATIONS = "industry_associations", _("industry associations")
    COMPANIES = "companies", _("companies")


CONSTITUENCY_KINDS: dict[str, tuple[str, ...]] = {
    Constituency.UNIONS: ("union",),
    Constituency.NGOS: ("ngo",),
    Constituency.INDUSTRY_ASSOCIATIONS: ("industry_association",),
    Constituency.COMPANIES: ("company",),
}


class CoreGroupMember(models.Model):
    class Role(models.TextChoices):
        REGULAR = "regular", _("regular member")
        ALTERNATE = "alternate", _("alternate member")
        CHAIR = "chair", _("chair (no vote)")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="core_group")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="core_group_seats",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    constituency = models.CharField(_("seat"), max_length=24, choices=Constituency.choices, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "constituency", "role"]
        verbose_name = _("core-group member")
        verbose_name_plural = _("core-group members")

    def __str__(self) -> str:
        seat = self.get_constituency_display() if self.constituency else ""
        return f"{self.user} – {self.get_role_display()} {seat}".strip()


class Body(models.TextChoices):
    CORE_GROUP = "core_group", _("core group")
    ASSEMBLY = "assembly", _("sector-module assembly")


class Meeting(models.Model):
    """A meeting of the core group (four a year, closed, art. 48) or of the sector-module assembly
    (at least yearly, art. 43). Agenda and minutes go to all parties in outline (art. 44, 48)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="meetings")
    body = models.CharField(_("body"), max_length=12, choices=Body.choices, default=Body.CORE_GROUP)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    agenda_outline = models.TextField(
        _("agenda in outline"), blank=True, help_text=_("Shared with all parties (art. 44, 48).")
    )
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Confidential: the core group, its chair and the secretariat.")
    )
    minutes_outline = models.TextField(
        _("minutes in outline"), blank=True, help_text=_("Shared with all parties (art. 44, 48).")
    )
    progress_report = models.FileField(
        _("due-diligence progress report"), upload_to="governance/reports/%Y/", blank=True
    )
    progress_report_name = models.CharField(_("original file name"), max_length=255, blank=True)
    progress_report_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.held_on:%Y-%m-%d}"

    @property
    def is_core_group(self) -> bool:
        return self.body == Body.CORE_GROUP


class MeetingDocument(models.Model):
    """A meeting document, kept unaltered with its SHA-256; shared with the parties or not."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="governance/documents/%Y/")
    original_name = models.CharField(_("original file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    shared_with_parties = models.BooleanField(_("shared with all parties"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "uploaded_at"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """An item for the core group's agenda; without a meeting it waits for the next one."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("general")
        DECISION = "decision", _("decision")
        EARLY_WARNING = "early_warning", _("early warning (signal)")
        PROGRESS_REPORT = "progress_report", _("progress report of the secretariat")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    proposal = models.ForeignKey(
        "Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    source_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    position = models.PositiveIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "added_at"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Who was there: for the core group a seated person, for the assembly a party and its
    representative."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.user or self.organization}: {'present' if self.present else 'absent'}"


class Proposal(models.Model):
    """A proposal the core group decides on (art. 50): consensus, else a vote, else the assembly.
    Accessions, disclosure restrictions, removals and complaints take this route."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("general")
        ACCESSION = "accession", _("accession of a new party (art. 72)")
        DISCLOSURE_RESTRICTION = "disclosure_restriction", _("restricting disclosure (art. 24)")
        REMOVAL = "removal", _("removal of a party (art. 76)")
        COMPLAINT = "complaint", _("complaint (art. 83–84)")
        COLLECTIVE_PROJECT = "collective_project", _("collective project")

    class Status(models.TextChoices):
        OPEN = "open", _("open for deliberation")
        VOTING = "voting", _("voting")
        TO_ASSEMBLY = "to_assembly", _("put to the assembly")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Result(models.TextChoices):
        CONSENSUS = "consensus", _("consensus")
        ADOPTED = "adopted", _("adopted by majority")
        REJECTED = "rejected", _("rejected by majority")
        TO_ASSEMBLY = "to_assembly", _("no majority: to the assembly")

    class AssemblyResult(models.TextChoices):
        ADOPTED = "adopted", _("adopted by the assembly")
        REJECTED = "rejected", _("rejected by the assembly")
        NOT_ADOPTED = "not_adopted", _("no majority in the assembly: not adopted")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.GENERAL)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"))
    subject_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    concerned = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="+",
        verbose_name=_("organizations concerned"),
        help_text=_("Members of these organizations do not deliberate or vote on it (art. 84)."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("core-group meeting"),
    )
    assembly_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assembly_proposals",
        verbose_name=_("assembly meeting"),
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    assembly_result = models.CharField(
        _("result in the assembly"), max_length=12, choices=AssemblyResult.choices, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.TextField(_("the decision"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title

    @property
    def adopted(self) -> bool | None:
        """Whether the decision says yes; None while undecided."""
        if self.status != self.Status.DECIDED:
            return None
        if self.assembly_result:
            return self.assembly_result == self.AssemblyResult.ADOPTED
        return self.result in (self.Result.CONSENSUS, self.Result.ADOPTED)


class Choice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")


class Ballot(models.Model):
    """A core-group member's vote; whether it counts is decided by `voting.core_group`."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cast_at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_ballot_per_person")]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"{self.user}: {self.choice}"


class Replacement(models.Model):
    """Art. 84: a member concerned by a case is replaced by another party of the same constituency."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replacements")
    constituency = models.CharField(_("seat"), max_length=24, choices=Constituency.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("replacement")
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    named_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "constituency"], name="one_replacement_per_seat")
        ]
        verbose_name = _("replacement")
        verbose_name_plural = _("replacements")

    def __str__(self) -> str:
        return f"{self.get_constituency_display()}: {self.user}"


class Deliberation(models.Model):
    """The core group's discussion of a proposal; closed to members concerned by it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="deliberations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("contribution"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution to the deliberation")
        verbose_name_plural = _("deliberation")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class AssemblyBallot(models.Model):
    """A party's vote in the sector-module assembly, recorded by the secretariat (art. 50)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assembly_ballots")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("party")
    )
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organization"], name="one_assembly_vote_per_party")
        ]
        verbose_name = _("assembly vote")
        verbose_name_plural = _("assembly votes")

    def __str__(self) -> str:
        return f"{self.organization}: {self.choice}"


class Complaint(models.Model):
    """A complaint about a participating company's lack of progress (art. 83); the core group
    decides (art. 84). Anything else is declared out of scope by the secretariat, with a reason."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        OUT_OF_SCOPE = "out_of_scope", _("out of scope")
        WITH_CORE_GROUP = "with_core_group", _("with the core group")
        DECIDED = "decided", _("decided")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="complaints")
    company = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="complaints_about",
        verbose_name=_("company"),
    )
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    complainant_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_filed",
        verbose_name=_("complainant's organization"),
    )
    complainant_name = models.CharField(_("complainant's name"), max_length=200, blank=True)
    complainant_email = models.EmailField(_("complainant's e-mail address"), blank=True)
    about = models.TextField(_("the lack of progress"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    out_of_scope_reason = models.TextField(_("why it is out of scope"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaint"
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return _("Complaint about %(company)s") % {"company": self.company}

    @property
    def who(self) -> str:
        return self.complainant.full_name if self.complainant is not None else self.complainant_name
