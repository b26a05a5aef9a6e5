from django.urls import path

from imvo.governance import views

app_name = "governance"

urlpatterns = [
    path("core-group/", views.core_group, name="core_group"),
    path("core-group/<int:pk>/end/", views.end_seat, name="end_seat"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/documents/", views.meeting_document_add, name="meeting_document_add"),
    path("meetings/<int:pk>/documents/<int:document>/", views.meeting_document, name="meeting_document"),
    path("meetings/<int:pk>/report/", views.meeting_report, name="meeting_report"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/hold/", views.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/deliberation/", views.deliberation, name="deliberation"),
    path("proposals/<int:pk>/vote/", views.vote_open, name="vote_open"),
    path("proposals/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("proposals/<int:pk>/replacement/", views.replacement, name="replacement"),
    path("proposals/<int:pk>/close/", views.vote_close, name="vote_close"),
    path("proposals/<int:pk>/assembly/", views.assembly_ballot, name="assembly_ballot"),
    path("proposals/<int:pk>/assembly/close/", views.assembly_close, name="assembly_close"),
    path("proposals/<int:pk>/publish/", views.publish, name="publish"),
    path("proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("decisions/", views.decisions, name="decisions"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", views.complaint, name="complaint"),
    path("complaints/<int:pk>/screen/", views.complaint_screen, name="complaint_screen"),
]
