"""/jobs/: start an export or an import, follow a job, download its result."""

from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("export/<slug:name>/", views.export, name="export"),
    path("import/<slug:name>/", views.import_csv, name="import"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/progress/", views.progress, name="progress"),
    path("<uuid:pk>/status.json", views.status, name="status"),
    path("<uuid:pk>/download/", views.download, name="download"),
]
