"""The plan in Excel, under /penilaian/<id>/rencana-aksi/ (included by zi_portal/urls.py)."""

from django.urls import path

from scoring.plans.transfer import views

app_name = "plan_transfer"
urlpatterns = [
    path("<int:pk>/rencana-aksi/ekspor/", views.plan_export, name="export"),
    path("<int:pk>/rencana-aksi/impor/", views.plan_import, name="import"),
    path("<int:pk>/rencana-aksi/impor/terapkan/", views.plan_import_apply, name="apply"),
]
