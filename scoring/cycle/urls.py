"""The next cycle's routes: the admin's start page and the confirmation of carried answers."""

from django.urls import path

from scoring.cycle import views

app_name = "scoring_cycle"
urlpatterns = [
    path("siklus/mulai/", views.cycle_start_page, name="start"),
    path("siklus/mulai/<int:job_pk>/", views.cycle_start_job, name="job"),
    path(
        "penilaian/<int:pk>/pertanyaan/<str:code>/konfirmasi-bawaan/",
        views.answers_confirm,
        name="confirm",
    ),
]
