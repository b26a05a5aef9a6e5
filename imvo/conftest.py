"""Shared fixtures: a loaded agreement and one person for every role the agreement knows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from imvo.agreements.services import agreement_load_bundled
from imvo.core.tests.factories import OrganizationFactory, UserFactory
from imvo.governance.services import core_group_member_add
from imvo.modules.tests.factories import module_attended
from imvo.organizations.models import ConfidentialityAgreement, Organization, Participation
from imvo.organizations.services import confidentiality_agreement_record, participation_admit


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    translation.activate("nl")


@pytest.fixture
def agreement(db):
    return agreement_load_bundled()


SIGNED = dt.date(2025, 10, 16)


class World:
    """People in every role, as the permission tests meet them."""

    def __init__(self, agreement):
        self.agreement = agreement
        self.secretariat_org = OrganizationFactory(kind=Organization.Kind.SECRETARIAT, name="Secretariaat")
        self.company = self._party(
            Organization.Kind.COMPANY, "Alfa Metaal BV", fte=120, chain_positions=["processing"]
        )
        self.other_company = self._party(
            Organization.Kind.COMPANY, "Beta Staal BV", fte=30, chain_positions=["trading"]
        )
        self.third_company = self._party(
            Organization.Kind.COMPANY, "Gamma Recycling BV", fte=600, chain_positions=["recycling"]
        )
        self.ngo = self._party(Organization.Kind.NGO, "Stichting Ketenrecht")
        self.ngo_without_ca = self._party(Organization.Kind.NGO, "Stichting Zonder Overeenkomst")
        self.union = self._party(Organization.Kind.UNION, "Bond Metaal")
        self.association = self._party(Organization.Kind.INDUSTRY_ASSOCIATION, "Metaalfederatie")
        self.government = OrganizationFactory(kind=Organization.Kind.GOVERNMENT, name="Ministerie")
        participation_admit(
            agreement=agreement,
            organization=self.government,
            form=Participation.Form.OBSERVER,
            signed_on=SIGNED,
            actor=None,
        )
        self.chair_org = OrganizationFactory(kind=Organization.Kind.OTHER, name="Bureau Voorzitter")

        self.secretariat = UserFactory(organization=self.secretariat_org, email="secretariaat@test.example")
        self.company_admin = UserFactory(
            organization=self.company, is_org_admin=True, email="admin@alfa.example"
        )
        self.company_member = UserFactory(organization=self.company, email="lid@alfa.example")
        self.other_company_admin = UserFactory(
            organization=self.other_company, is_org_admin=True, email="admin@beta.example"
        )
        self.ngo_member = UserFactory(organization=self.ngo, email="lid@ngo.example")
        self.ngo_member_without_ca = UserFactory(organization=self.ngo_without_ca, email="lid@zonder.example")
        self.union_member = UserFactory(organization=self.union, email="lid@bond.example")
        self.association_member = UserFactory(organization=self.association, email="lid@federatie.example")
        self.government_observer = UserFactory(organization=self.government, email="lid@ministerie.example")
        self.core_group_member = UserFactory(organization=self.union, email="kerngroep@bond.example")
        self.chair = UserFactory(organization=self.chair_org, email="voorzitter@test.example")
        self.no_org = UserFactory(organization=None, email="zonder@org.example")

        core_group_member_add(
            agreement=agreement,
            user=self.core_group_member,
            role="regular",
            constituency="unions",
            started_on=SIGNED,
        )
        core_group_member_add(
            agreement=agreement, user=self.chair, role="chair", constituency="", started_on=SIGNED
        )
        confidentiality_agreement_record(
            agreement=agreement,
            organization=self.ngo,
            scope=ConfidentialityAgreement.Scope.NGO_INSIGHT,
            signed_by_name=self.ngo_member.full_name,
            signed_by=self.ngo_member,
            signed_on=dt.date(2025, 11, 1),
            actor=self.secretariat,
        )
        # Art. 13 opens insight to an NGO that also takes part in a module: this one attended a session.
        module_attended(self.ngo, agreement=agreement, actor=self.secretariat)
        confidentiality_agreement_record(
            agreement=agreement,
            organization=self.ngo,
            scope=ConfidentialityAgreement.Scope.COMPANY_LOOKUP,
            signed_by_name=self.ngo_member.full_name,
            signed_by=self.ngo_member,
            signed_on=dt.date(2025, 11, 1),
            actor=self.secretariat,
        )

    def _party(self, kind, name, **fields):
        org = OrganizationFactory(kind=kind, name=name, **fields)
        participation_admit(
            agreement=self.agreement,
            organization=org,
            form=Participation.Form.PARTY,
            signed_on=SIGNED,
            actor=None,
        )
        return org

    # The secretariat goes last, so that a step it takes in a test cannot change what the others see.
    ROLES = (
        "company_admin",
        "company_member",
        "other_company_admin",
        "ngo_member",
        "ngo_member_without_ca",
        "union_member",
        "association_member",
        "government_observer",
        "core_group_member",
        "chair",
        "no_org",
        "anonymous",
        "secretariat",
    )

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world(agreement):
    return World(agreement)


@pytest.fixture
def login(client):
    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
