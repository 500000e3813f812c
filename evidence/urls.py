"""Evidence URLs, mounted under /penilaian/ next to the scoring pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from evidence import views

app_name = "evidence"
urlpatterns: list[URLPattern] = [
    path("<int:assessment_pk>/bukti/q/<str:code>/", views.panel, name="panel"),
    path("<int:assessment_pk>/bukti/q/<str:code>/unggah/", views.upload, name="upload"),
    path("<int:assessment_pk>/bukti/q/<str:code>/tautan/", views.link_add, name="link-add"),
    path("<int:assessment_pk>/bukti/q/<str:code>/lampirkan/", views.attach, name="attach"),
    path(
        "<int:assessment_pk>/bukti/q/<str:code>/lampirkan/pilih/",
        views.attach_list,
        name="attach-list",
    ),
    path("<int:assessment_pk>/bukti/q/<str:code>/komentar/", views.comment_add, name="comment-add"),
    path(
        "<int:assessment_pk>/bukti/komentar/<int:comment_pk>/selesai/",
        views.comment_resolve,
        name="comment-resolve",
    ),
    path("<int:assessment_pk>/bukti/<int:evidence_pk>/ganti/", views.replace, name="replace"),
    path("<int:assessment_pk>/bukti/<int:evidence_pk>/hapus/", views.delete, name="delete"),
    path(
        "<int:assessment_pk>/bukti/<int:evidence_pk>/masa-berlaku/",
        views.validity,
        name="validity",
    ),
    path("<int:assessment_pk>/bukti/<int:evidence_pk>/pulihkan/", views.restore, name="restore"),
    path("<int:assessment_pk>/bukti/<int:evidence_pk>/publikasi/", views.publish, name="publish"),
    path(
        "<int:assessment_pk>/bukti/<int:evidence_pk>/revisi/<int:revision_pk>/unduh/",
        views.download,
        name="download",
    ),
]
