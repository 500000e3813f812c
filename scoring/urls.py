"""Assessment pages, answers and workflow steps, under /penilaian/."""

from django.urls import path

from scoring.views import assessment as views

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/", views.assessment_detail, name="assessment"),
    path("<int:pk>/riwayat/", views.assessment_history, name="assessment_history"),
    path("<int:pk>/setujui/", views.assessment_sign_off, name="sign_off"),
    path("<int:pk>/ajukan/", views.assessment_submit, name="submit"),
    path("<int:pk>/kembalikan/", views.assessment_return, name="return"),
    path("<int:pk>/selesaikan/", views.assessment_finalise, name="finalise"),
    path("<int:pk>/perpanjang-jadwal/", views.window_extend, name="window_extend"),
    path("<int:pk>/pertanyaan/<str:code>/", views.question_detail, name="question"),
    path(
        "<int:pk>/pertanyaan/<str:code>/riwayat/",
        views.question_history,
        name="question_history",
    ),
    path(
        "<int:pk>/pertanyaan/<str:code>/jawab/<str:side>/",
        views.answer_save,
        name="answer_save",
    ),
    path("<int:pk>/pertanyaan/<str:code>/tandai/", views.question_flag, name="question_flag"),
    path(
        "<int:pk>/pertanyaan/<str:code>/tandai/<int:flag_id>/tarik/",
        views.flag_withdraw,
        name="flag_withdraw",
    ),
    path(
        "<int:pk>/pertanyaan/<str:code>/pratinjau-persen/",
        views.percentage_preview,
        name="percentage_preview",
    ),
]
