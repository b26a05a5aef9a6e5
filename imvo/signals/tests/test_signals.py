"""A signal from report to dialogue (art. 23), and what each party may learn on the way: the
reporter and the other companies never learn which companies buy from the site."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imvo.core.tests.test_browser import in_english
from imvo.signals import services
from imvo.signals.models import Event, Message, Notice, Signal
from imvo.signals.tests.conftest import REPORT
from imvo.supply_chain.models import Facility

pytestmark = pytest.mark.django_db


def _report(world, **extra):
    return services.signal_report(
        agreement=world.agreement, actor=world.ngo_member, data={**REPORT, **extra}, files=[], shareable=False
    )


def _timah():
    return Facility.objects.get(name="PT Timah Tbk")


def _notified(world, **extra):
    signal = _report(world, **extra)
    services.signal_identify_site(signal=signal, facility=_timah(), actor=world.secretariat)
    services.signal_notify(
        signal=signal, organizations=[world.company, world.other_company], actor=world.secretariat
    )
    return signal


def test_an_ngo_under_the_clause_reports_through_the_page(sector, login, django_capture_on_commit_callbacks):
    client = login(sector.ngo_member)
    page = client.get(reverse("signals:report"))
    assert page.status_code == 200
    upload = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff jpeg bytes", content_type="image/jpeg")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signals:report"), {**REPORT, "evidence": [upload], "early_warning": ""}
        )
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert signal.status == Signal.Status.RECEIVED
    assert signal.reporter_organization == sector.ngo
    assert signal.confidentiality_agreement.scope == "supplier_signals"
    stored = signal.evidence.get()
    assert stored.file.read() == b"\xff\xd8\xff jpeg bytes"
    assert not stored.share_with_companies
    assert [m.to for m in mail.outbox] == [["secretariaat@test.example"]]


def test_without_the_clause_an_ngo_is_sent_to_the_public_form(sector, login):
    client = login(sector.ngo_member_without_ca)
    assert client.get(reverse("signals:report")).status_code == 403
    with pytest.raises(ValidationError, match=r"openbare|public form"):
        services.signal_report(agreement=sector.agreement, actor=sector.ngo_member_without_ca, data=REPORT)


def test_a_bad_report_keeps_what_was_typed(sector, login):
    client = login(sector.ngo_member)
    response = client.post(
        reverse("signals:report"), {**REPORT, "site_region": "Atlantis", "description": "Mijn verhaal"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Mijn verhaal" in text and "Atlantis" in text
    assert "ISO 3166-2" in text
    assert not Signal.objects.exists()


def test_a_local_partner_reports_through_the_public_form_and_follows_it(
    sector, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signals:report_public"),
            {**REPORT, "reporter_name": "Siti", "reporter_email": "siti@partner.example", "website": ""},
        )
    signal = Signal.objects.get()
    assert response.url == reverse("signals:followed", args=[signal.pk])
    assert signal.status == Signal.Status.SCREENING
    link_mail = next(m for m in mail.outbox if m.to == ["siti@partner.example"])
    token = re.search(r"/signals/follow/([^/\s]+)/", link_mail.body).group(1)
    assert signal.follow_digest and token not in signal.follow_digest
    page = client.get(response.url)
    assert page.status_code == 200 and signal.reference in page.content.decode()

    client.cookies.clear()
    assert client.get(reverse("signals:followed", args=[signal.pk])).status_code == 404
    entry = client.get(reverse("signals:follow", args=[token]))
    assert entry.status_code == 302 and token not in entry.url
    assert client.get(entry.url).status_code == 200
    assert client.get(reverse("signals:follow", args=["not-the-token"])).status_code == 404


def test_the_public_form_refuses_bots_and_nameless_reports(sector, client):
    bot = client.post(
        reverse("signals:report_public"), {**REPORT, "reporter_name": "x", "website": "http://spam"}
    )
    nameless = client.post(reverse("signals:report_public"), {**REPORT})
    assert bot.status_code == nameless.status_code == 400
    assert not Signal.objects.exists()


def test_screening_out_needs_a_reason_the_reporter_reads(sector, client, login):
    signal, token = services.signal_report_public(
        agreement=sector.agreement, data=REPORT, reporter={"reporter_name": "Siti"}
    )
    login(sector.secretariat)
    refused = client.post(
        reverse("signals:detail", args=[signal.pk]), {"action": "screen", "accept": "0", "note": ""}
    )
    assert refused.status_code == 400
    client.post(
        reverse("signals:detail", args=[signal.pk]),
        {"action": "screen", "accept": "0", "note": "Geen metaalketen: het gaat om een textielfabriek."},
    )
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NOT_PURSUED
    client.logout()
    assert (
        "textielfabriek" in client.get(reverse("signals:follow", args=[token]), follow=True).content.decode()
    )


def test_the_secretariat_finds_the_site_and_the_companies_that_buy_there(sector, client, login):
    signal = _report(sector)
    login(sector.secretariat)
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "PT Timah Tbk" in page
    client.post(reverse("signals:detail", args=[signal.pk]), {"action": "site", "facility": _timah().pk})
    signal.refresh_from_db()
    assert signal.facility == _timah() and signal.status == Signal.Status.UNDER_REVIEW
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Alfa Metaal BV" in page and "Beta Staal BV" in page
    assert "Gamma Recycling BV" not in page
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert {e.object_repr for e in reads if "companies buying" in e.additional_data["read"]} == {
        "Alfa Metaal BV",
        "Beta Staal BV",
    }


def test_only_companies_that_list_the_site_can_be_notified(sector):
    signal = _report(sector)
    services.signal_identify_site(signal=signal, facility=_timah(), actor=sector.secretariat)
    with pytest.raises(Exception, match="Gamma"):
        services.signal_notify(signal=signal, organizations=[sector.third_company], actor=sector.secretariat)


def test_each_company_is_told_alone(sector, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _notified(sector)
    company_mails = [m for m in mail.outbox if "site you buy from" in m.subject or "u inkoopt" in m.subject]
    assert sorted(m.to[0] for m in company_mails) == [
        "admin@alfa.example",
        "admin@beta.example",
        "lid@alfa.example",
    ]
    for m in company_mails:
        assert "Alfa" not in m.body and "Beta" not in m.body


def test_a_company_sees_the_signal_but_not_the_other_companies(sector, client, login):
    signal = _notified(sector)
    login(sector.company_member)
    page = client.get(reverse("signals:detail", args=[signal.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kinderen werken" in text and "Stichting Ketenrecht" in text
    assert "Beta Staal BV" not in text
    assert Notice.objects.get(organization=sector.company).read_at is not None
    login(sector.third_company_admin)
    assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 404


def test_the_reporter_can_stay_unnamed_to_companies(sector, client, login):
    signal = _notified(sector, anonymous_to_companies=True)
    login(sector.company_member)
    text = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Stichting Ketenrecht" not in text


def _reporter_page(client, login, world, signal) -> str:
    login(world.ngo_member)
    response = client.get(reverse("signals:detail", args=[signal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_reporter_never_learns_which_companies_buy_there(sector, client, login):
    signal = _notified(sector)
    page = _reporter_page(client, login, sector, signal)
    assert "companies notified" in page.lower() or "bedrijven geïnformeerd" in page.lower()
    for name in ("Alfa Metaal BV", "Beta Staal BV", "PT Timah Tbk"):
        assert name not in page

    login(sector.company_member)
    client.post(
        reverse("signals:detail", args=[signal.pk]),
        {"action": "message", "text": "Intern: wij checken", "private": "on"},
    )
    page = _reporter_page(client, login, sector, signal)
    assert "Intern: wij checken" not in page and "Bedrijf A" not in page

    login(sector.company_member)
    client.post(
        reverse("signals:detail", args=[signal.pk]),
        {"action": "message", "text": "Wij onderzoeken dit ter plaatse."},
    )
    page = _reporter_page(client, login, sector, signal)
    assert "Bedrijf A" in page and "Wij onderzoeken dit ter plaatse." in page
    assert "Alfa Metaal BV" not in page and "Beta Staal BV" not in page
    signal.refresh_from_db()
    assert signal.status == Signal.Status.IN_DIALOGUE

    login(sector.company_member)
    client.post(reverse("signals:detail", args=[signal.pk]), {"action": "show_name"})
    page = _reporter_page(client, login, sector, signal)
    assert "Alfa Metaal BV" in page and "Beta Staal BV" not in page


def test_the_reporter_writes_only_to_companies_that_wrote_to_it(sector, client, login):
    signal = _notified(sector)
    beta = Notice.objects.get(signal=signal, organization=sector.other_company)
    login(sector.ngo_member)
    url = reverse("signals:detail", args=[signal.pk])
    assert client.post(url, {"action": "message", "thread": beta.pk, "text": "Hallo?"}).status_code == 404
    assert client.post(url, {"action": "message", "thread": "A", "text": "Hallo?"}).status_code == 404
    client.post(url, {"action": "message", "text": "Nieuwe foto's volgen."})
    assert Message.objects.get().notice is None
    services.message_post(
        signal=signal, notice=beta, side="company", author=sector.other_company_admin, text="Wij kopen daar."
    )
    beta.refresh_from_db()
    client.post(url, {"action": "message", "thread": beta.label, "text": "Dank, wanneer gaat u langs?"})
    assert beta.messages.filter(side="reporter").exists()


def test_a_silent_company_is_not_told_that_another_one_talks_to_the_reporter(sector, client, login):
    signal = _notified(sector)
    alfa = Notice.objects.get(signal=signal, organization=sector.company)
    services.message_post(
        signal=signal, notice=alfa, side="company", author=sector.company_member, text="Wij gaan kijken."
    )
    url = reverse("signals:detail", args=[signal.pk])
    login(in_english(sector.other_company_admin))
    page = client.get(url).content.decode()
    assert "brought to you" in page and "in dialogue" not in page
    login(in_english(sector.company_member))
    assert "in dialogue with the reporter" in client.get(url).content.decode()


def test_the_reporters_page_carries_no_row_ids_of_the_companies_threads(sector, client, login):
    signal = _notified(sector)
    beta = Notice.objects.get(signal=signal, organization=sector.other_company)
    services.message_post(
        signal=signal, notice=beta, side="company", author=sector.other_company_admin, text="Wij kopen daar."
    )
    page = _reporter_page(client, login, sector, signal)
    assert 'value="A"' in page
    for notice in signal.notices.all():
        assert f'value="{notice.pk}"' not in page and f"thread-{notice.pk}-h" not in page


def test_the_secretariat_can_answer_a_company_privately_in_an_open_thread(sector, client, login):
    signal = _notified(sector)
    alfa = Notice.objects.get(signal=signal, organization=sector.company)
    services.message_post(
        signal=signal, notice=alfa, side="company", author=sector.company_member, text="Wij gaan kijken."
    )
    login(sector.secretariat)
    url = reverse("signals:detail", args=[signal.pk])
    secret = "Alleen voor u: de smelter is al eens geschorst."
    client.post(url, {"action": "message", "thread": alfa.pk, "text": secret, "private": "on"})
    assert client.post(url, {"action": "message", "thread": "abc", "text": "x"}).status_code == 404
    assert secret not in _reporter_page(client, login, sector, signal)
    login(sector.company_member)
    assert secret in client.get(url).content.decode()


def test_a_company_sees_evidence_only_when_the_reporter_allowed_it(sector, client, login):
    signal = services.signal_report(
        agreement=sector.agreement,
        actor=sector.ngo_member,
        data=REPORT,
        files=[SimpleUploadedFile("getuige.pdf", b"%PDF-1.4 getuige")],
        shareable=False,
    )
    services.signal_identify_site(signal=signal, facility=_timah(), actor=sector.secretariat)
    services.signal_notify(signal=signal, organizations=[sector.company], actor=sector.secretariat)
    evidence = signal.evidence.get()
    url = reverse("signals:evidence", args=[signal.pk, evidence.pk])
    login(sector.company_member)
    assert client.get(url).status_code == 403
    evidence.share_with_companies = True
    evidence.save()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 getuige"
    login(sector.ngo_member)
    assert client.get(url).status_code == 200


def test_the_secretariat_resolves_and_the_reporter_reads_how(sector, client, login):
    signal = _notified(sector)
    login(sector.secretariat)
    url = reverse("signals:detail", args=[signal.pk])
    assert client.post(url, {"action": "resolve", "resolve-text": ""}).status_code == 400
    client.post(
        url, {"action": "resolve", "resolve-text": "De smelter heeft kinderen van het terrein geweerd."}
    )
    signal.refresh_from_db()
    assert signal.status == Signal.Status.RESOLVED and signal.closed_at
    assert "geweerd" in _reporter_page(client, login, sector, signal)
    with pytest.raises(Exception, match=r"closed|gesloten"):
        services.message_post(signal=signal, side="reporter", author=sector.ngo_member, text="nog iets")


def test_every_step_is_dated_and_the_reporters_steps_name_no_company(sector):
    signal = _notified(sector)
    kinds = list(signal.events.values_list("kind", "for_reporter"))
    assert (Event.Kind.REPORTED, True) in kinds
    assert (Event.Kind.SITE_IDENTIFIED, False) in kinds
    for event in signal.events.filter(for_reporter=True):
        assert not re.search("Alfa|Beta|Timah Tbk", event.note)


def test_the_company_home_page_lists_its_open_signals(sector, client, login):
    signal = _notified(sector)
    login(sector.company_member)
    assert signal.reference in client.get(reverse("core:home")).content.decode()
    login(sector.third_company_admin)
    assert signal.reference not in client.get(reverse("core:home")).content.decode()


def test_an_early_warning_reaches_the_core_groups_agenda_without_companies(sector):
    from imvo.governance.models import AgendaItem

    signal = _notified(sector, early_warning=True)
    item = AgendaItem.objects.get(kind="early_warning")
    assert signal.reference in item.title and "Indonesië" in item.title
    assert item.source_id == signal.pk
    assert not re.search("Alfa|Beta", item.title + item.summary)
    assert signal.events.filter(kind=Event.Kind.ON_AGENDA).exists()


def test_a_public_early_warning_waits_for_the_screening(sector):
    from imvo.governance.models import AgendaItem

    signal, _token = services.signal_report_public(
        agreement=sector.agreement, data={**REPORT, "early_warning": True}, reporter={"reporter_name": "Siti"}
    )
    assert not AgendaItem.objects.filter(kind="early_warning").exists()
    services.signal_screen(signal=signal, accept=True, note="", actor=sector.secretariat)
    assert AgendaItem.objects.filter(kind="early_warning").count() == 1


def test_a_systemic_issue_goes_to_the_core_group_as_a_collective_project(sector, client, login):
    from imvo.governance.models import Proposal

    signal = _notified(sector)
    login(sector.secretariat)
    client.post(
        reverse("signals:detail", args=[signal.pk]),
        {"action": "escalate", "escalate-text": "Kinderarbeid rond tinsmelters op Bangka is structureel."},
    )
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ESCALATED
    proposal = Proposal.objects.get(kind="collective_project")
    assert "structureel" in proposal.text
    assert not re.search("Alfa|Beta|Timah Tbk", proposal.title + proposal.text)
    assert (
        "collectief project" in _reporter_page(client, login, sector, signal).lower()
        or "collective project" in _reporter_page(client, login, sector, signal).lower()
    )


def test_the_list_tells_a_company_only_its_own_threads_state(sector, client, login):
    signal = _notified(sector)
    alfa = Notice.objects.get(signal=signal, organization=sector.company)
    services.message_post(
        signal=signal, notice=alfa, side="company", author=sector.company_member, text="Wij gaan kijken."
    )
    login(in_english(sector.other_company_admin))
    page = client.get(reverse("signals:index")).content.decode()
    assert signal.reference in page and "in dialogue" not in page
    filtered = client.get(reverse("signals:index") + "?status=companies_notified").content.decode()
    assert signal.reference in filtered, "the status filter is the secretariat's"
