from django.urls import path

from imvo.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/export/", views.round_export, name="round_export"),
    path("rounds/<int:pk>/aggregate/", views.round_aggregate, name="aggregate"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<int:pk>/result/", views.result, name="result"),
    path("assessments/<int:pk>/result.pdf", views.result_pdf, name="result_pdf"),
    path("assessments/<int:pk>/improve/", views.improve, name="improve"),
    path("assessments/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("assessments/<int:pk>/cmrt/", views.cmrt_import, name="cmrt_import"),
    path("assessments/<int:pk>/from-locations/", views.locations_prefill, name="locations_prefill"),
    path("assessments/<int:pk>/answers/<str:indicator>/", views.answer_save, name="answer"),
    path("assessments/<int:pk>/answers/<str:indicator>/evidence/", views.evidence_add, name="evidence_add"),
    path("assessments/<int:pk>/<slug:section>/", views.assessment_section, name="section"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("progress/<int:organization>/", views.progress, name="progress"),
    path("insight/", views.insight_list, name="insight_list"),
    path("insight/<int:pk>/", views.insight, name="insight"),
]
