"""The admin's TPN pages: /usulan-tpn/ (per cycle) and the writes on an assessment."""

from __future__ import annotations

from django.urls import path

from scoring.lifecycle import views

app_name = "lifecycle"
urlpatterns = [
    path("usulan-tpn/", views.proposals, name="proposals"),
    path("usulan-tpn/<int:year>/instansi/<int:unit_pk>/kuota/", views.quota, name="quota"),
    path(
        "usulan-tpn/<int:year>/instansi/<int:unit_pk>/prasyarat/",
        views.instansi_prerequisite,
        name="instansi_prerequisite",
    ),
    path("penilaian/<int:pk>/prasyarat/", views.unit_prerequisite, name="unit_prerequisite"),
    path("penilaian/<int:pk>/usulan-tpn/", views.propose, name="propose"),
    path("penilaian/<int:pk>/tahap-tpn/", views.step, name="step"),
]
