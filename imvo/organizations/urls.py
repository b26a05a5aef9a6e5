from django.urls import path

from imvo.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/grievance-mechanism/", views.grievance_mechanism_edit, name="grievance_mechanism"),
    path("grievance-mechanisms/", views.grievance_mechanisms, name="grievance_mechanisms"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/confidentiality/", views.confidentiality_agreements, name="confidentiality"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.applied, name="applied"),
    path("applications/", views.application_list, name="applications"),
    path("participations/<int:pk>/", views.application_detail, name="application"),
    path("participations/<int:pk>/inform/", views.inform_parties, name="inform_parties"),
    path("participations/<int:pk>/hearing/request/", views.request_hearing, name="request_hearing"),
    path("participations/<int:pk>/hearing/held/", views.record_hearing, name="record_hearing"),
    path("participations/<int:pk>/decide/", views.decide, name="decide"),
    path("participations/<int:pk>/sign/", views.sign, name="sign"),
    path("participations/<int:pk>/notice/", views.give_notice, name="give_notice"),
    path("participations/<int:pk>/remind/", views.remind, name="remind"),
    path("participations/<int:pk>/remove/", views.remove, name="remove"),
    path("documents/<str:kind>/<int:pk>/", views.document, name="document"),
]
