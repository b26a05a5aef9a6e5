from django.urls import path

from imvo.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.plan_start, name="start"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("<int:pk>/sections/", views.sections, name="sections"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/report/", views.plan_file, name="file"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/new-version/", views.plan_new_version, name="new_version"),
    path("goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("aggregated/", views.aggregated, name="aggregated"),
    path("aggregated/build/", views.aggregated_build, name="aggregated_build"),
    path("aggregated/<int:pk>/intro/", views.aggregated_intro, name="aggregated_intro"),
    path("aggregated/<int:pk>/publish/", views.aggregated_publish, name="aggregated_publish"),
]
