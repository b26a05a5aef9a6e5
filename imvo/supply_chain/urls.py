from django.urls import path

from imvo.supply_chain import views

app_name = "supply_chain"

urlpatterns = [
    path("", views.index, name="index"),
    path("template.xlsx", views.template_download, name="template"),
    path("upload/", views.upload, name="upload"),
    path("start/", views.start_in_browser, name="start"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("lists/<int:pk>/download.xlsx", views.list_download, name="list_download"),
    path("lists/<int:pk>/original/", views.list_original, name="list_original"),
    path("lists/<int:pk>/add/", views.location_add, name="location_add"),
    path("lists/<int:pk>/submit/", views.list_submit, name="list_submit"),
    path("lists/<int:pk>/from-cmrt/", views.list_add_cmrt, name="list_add_cmrt"),
    path("lists/<int:pk>/new-version/", views.list_new_version, name="list_new_version"),
    path("locations/<int:pk>/edit/", views.location_edit, name="location_edit"),
    path("locations/<int:pk>/delete/", views.location_delete, name="location_delete"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review_detail, name="review"),
    path("registry/", views.registry, name="registry"),
    path("registry/<int:pk>/", views.facility_detail, name="facility"),
    path("aggregated/", views.aggregate, name="aggregate"),
    path("aggregated/<int:pk>.xlsx", views.aggregate_excel, name="aggregate_excel"),
    path("aggregated/build/", views.aggregate_build, name="aggregate_build"),
    path("aggregated/<int:pk>/publish/", views.aggregate_publish, name="aggregate_publish"),
    path("restrictions/", views.restrictions, name="restrictions"),
    path("restrictions/<int:pk>/", views.restriction_decide, name="restriction_decide"),
    path("lookups/", views.lookups, name="lookups"),
    path("lookups/<int:pk>/", views.lookup_detail, name="lookup"),
    path("networks/", views.networks, name="networks"),
    path("networks/<int:pk>/delete/", views.network_delete, name="network_delete"),
]
