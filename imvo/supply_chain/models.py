"""Production locations (art. 15–24): each company's yearly list, the registry of facilities they
are matched into, the decisions that match them, the aggregated list, and the requests around it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Facility(models.Model):
    """A site in the platform's registry (faciliteitenregister): one smelter, however many companies
    list it and however they spell it. Confidential: only the secretariat sees the registry."""

    name = models.CharField(_("name"), max_length=500)
    address = models.CharField(_("address"), max_length=500, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    activity = models.CharField(_("activity type"), max_length=40, blank=True)
    rmi_cid = models.CharField(
        _("RMI smelter identification number (CID)"), max_length=20, blank=True, db_index=True
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class LocationList(models.Model):
    """A company's production-location list (productielocatielijst) for one agreement year. A list
    is a version: once submitted it never changes; a correction is a new version."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("being processed")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        SUPERSEDED = "superseded", _("replaced by a later upload")
        FAILED = "failed", _("could not be read")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="location_lists"
    )
    year = models.ForeignKey(
        "agreements.AgreementYear", on_delete=models.PROTECT, related_name="location_lists"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="location_lists"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    vocabulary_version = models.CharField(max_length=20)
    file = models.FileField(_("uploaded file"), upload_to="location-lists/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    error = models.TextField(_("why the file could not be read"), blank=True)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["organization__name", "-year__number", "-version"]
        unique_together = [("organization", "year", "version")]
        verbose_name = _("production-location list")
        verbose_name_plural = _("production-location lists")

    def __str__(self) -> str:
        return f"{self.organization} – {self.year} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class ProductionLocation(models.Model):
    """One row of a list. Its name and address are seen by the company and the secretariat only."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("not matched yet")
        REMEMBERED = "remembered", _("matched as decided before")
        AUTO = "auto", _("matched automatically")
        REVIEW = "review", _("waiting for review")
        CONFIRMED = "confirmed", _("confirmed by the secretariat")
        NEW = "new", _("new facility")

    location_list = models.ForeignKey(LocationList, on_delete=models.CASCADE, related_name="locations")
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    reference = models.CharField(_("your reference"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=500)
    address = models.CharField(_("address"), max_length=500, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=10, blank=True)
    region_text = models.CharField(_("region as written"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    activity = models.CharField(_("activity type"), max_length=40)
    materials = models.JSONField(_("materials"), default=list, blank=True)
    tier = models.CharField(_("tier"), max_length=8, default="unknown")
    customer_location = models.BooleanField(_("customer location (recyclers, art. 17)"), default=False)
    fingerprint = models.CharField(max_length=64, db_index=True)
    facility = models.ForeignKey(
        Facility, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices, default=Decision.PENDING)
    score = models.FloatField(null=True, blank=True)
    candidates = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["location_list", "row", "pk"]
        indexes = [models.Index(fields=["decision"]), models.Index(fields=["country"])]
        verbose_name = _("production location")
        verbose_name_plural = _("production locations")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def site_key(self) -> str:
        """The identity of the site for counting: its facility, or the row itself until decided."""
        return f"f{self.facility_id}" if self.facility_id else f"l{self.pk}"


class MatchDecision(models.Model):
    """What is known about a way of writing a site (its fingerprint): it IS or is NOT this facility.
    Remembered so that a re-uploaded list is never asked about again."""

    fingerprint = models.CharField(max_length=64)
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="decisions")
    same = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("fingerprint", "facility")]
        verbose_name = _("matching decision")
        verbose_name_plural = _("matching decisions")

    def __str__(self) -> str:
        return f"{self.fingerprint[:8]} {'=' if self.same else '≠'} {self.facility_id}"


class AggregatedList(models.Model):
    """The yearly aggregated list (geaggregeerde lijst, art. 19–21): counts per area, activity type
    and material that cannot be traced to one company. Published versions are never changed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="aggregated_lists"
    )
    year = models.ForeignKey(
        "agreements.AgreementYear", on_delete=models.PROTECT, related_name="aggregated_lists"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publication = models.JSONField(default=dict)
    companies = models.PositiveIntegerField(_("companies with a submitted list"), default=0)
    built_at = models.DateTimeField(_("built at"))
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-year__number", "-built_at"]
        verbose_name = _("aggregated list")
        verbose_name_plural = _("aggregated lists")

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"


class Decision(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class Request(models.Model):
    """A request someone decides on: who asked when, who decided, and why."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Decision.choices, default=Decision.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("reasons for the decision"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]


class DisclosureRestriction(Request):
    """A company's request to the core group to show certain locations at country level only
    (art. 24), and the core group's decision."""

    facilities = models.ManyToManyField(Facility, related_name="restrictions", verbose_name=_("locations"))
    reasons = models.TextField(_("reasons"))
    decided_on = models.DateField(_("decided by the core group on"), null=True, blank=True)

    class Meta(Request.Meta):
        verbose_name = _("disclosure restriction")
        verbose_name_plural = _("disclosure restrictions")

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_status_display()})"


class CompanyLookup(Request):
    """An NGO's or union's question which participating companies are active in a country or
    region (art. 22), the secretariat's decision and the answer it delivered."""

    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("region"), max_length=10, blank=True)
    reason = models.TextField(_("why you ask"))
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = models.JSONField(default=list, blank=True)

    class Meta(Request.Meta):
        verbose_name = _("question about active companies")
        verbose_name_plural = _("questions about active companies")

    def __str__(self) -> str:
        return f"{self.organization}: {self.region or self.country} ({self.get_status_display()})"


class NetworkExpertise(models.Model):
    """Where an NGO or union has a network and expertise (art. 23), kept by the secretariat and shown
    to companies so they know whom to involve."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("region"), max_length=10, blank=True)
    materials = models.JSONField(_("raw materials"), default=list, blank=True)
    description = models.TextField(_("network and expertise"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "region", "organization__name"]
        verbose_name = _("network and expertise")
        verbose_name_plural = _("networks and expertise")

    def __str__(self) -> str:
        return f"{self.organization}: {self.region or self.country}"


class SiteToken(models.Model):
    """One name word (as the matching engine normalises it) under which a facility is known: its own
    name and every way a company listed it. The persistent index that lets one reported site be
    looked up in a registry of a million without loading a country into memory."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="tokens", db_index=False
    )  # the unique constraint's index starts with it
    country = models.CharField(_("country"), max_length=2)
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facility", "token"], name="site_token_unique")]
        indexes = [models.Index(fields=["country", "token", "facility"], name="site_token_lookup")]
        verbose_name = _("name word of a facility")
        verbose_name_plural = _("name words of facilities")

    def __str__(self) -> str:
        return f"{self.country}:{self.token} → {self.facility_id}"
