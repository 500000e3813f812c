"""The rencana aksi pages of an assessment, mounted under /penilaian/."""

from __future__ import annotations

from django.urls import path

from scoring.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/rencana-aksi/", views.plan_page, name="plan"),
    path("<int:pk>/rencana-aksi/tambah/", views.item_create, name="item_create"),
    path("<int:pk>/rencana-aksi/<int:item_pk>/", views.item_detail, name="item"),
    path("<int:pk>/rencana-aksi/<int:item_pk>/ubah/", views.item_edit, name="item_edit"),
    path("<int:pk>/rencana-aksi/<int:item_pk>/status/", views.item_status, name="item_status"),
    path("<int:pk>/rencana-aksi/<int:item_pk>/catatan/", views.note_add, name="note_add"),
    path("<int:pk>/rencana-aksi/<int:item_pk>/bukti/", views.evidence_link, name="evidence_link"),
    path(
        "<int:pk>/rencana-aksi/<int:item_pk>/bukti/<int:evidence_pk>/lepas/",
        views.evidence_unlink,
        name="evidence_unlink",
    ),
]
