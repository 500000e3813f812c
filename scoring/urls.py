"""Assessment pages, answers and workflow steps, under /penilaian/."""

from django.urls import path

from scoring.views import assessment, flags, question, workbook

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/", assessment.assessment_detail, name="assessment"),
    path("<int:pk>/riwayat/", assessment.assessment_history, name="assessment_history"),
    path("<int:pk>/setujui/", assessment.assessment_sign_off, name="sign_off"),
    path("<int:pk>/ajukan/", assessment.assessment_submit, name="submit"),
    path("<int:pk>/kembalikan/", assessment.assessment_return, name="return"),
    path("<int:pk>/selesaikan/", assessment.assessment_finalise, name="finalise"),
    path("<int:pk>/perpanjang-jadwal/", assessment.window_extend, name="window_extend"),
    path("<int:pk>/impor-lke/", workbook.workbook_import, name="workbook_import"),
    path("<int:pk>/impor-lke/terapkan/", workbook.workbook_apply, name="workbook_apply"),
    path("<int:pk>/pertanyaan/<str:code>/", question.question_detail, name="question"),
    path(
        "<int:pk>/pertanyaan/<str:code>/riwayat/",
        question.question_history,
        name="question_history",
    ),
    path(
        "<int:pk>/pertanyaan/<str:code>/jawab/<str:side>/",
        question.answer_save,
        name="answer_save",
    ),
    path("<int:pk>/pertanyaan/<str:code>/tandai/", question.question_flag, name="question_flag"),
    path(
        "<int:pk>/pertanyaan/<str:code>/tandai/<int:flag_id>/tarik/",
        question.flag_withdraw,
        name="flag_withdraw",
    ),
    path(
        "<int:pk>/pertanyaan/<str:code>/tandai/<int:flag_id>/balas/",
        flags.flag_reply,
        name="flag_reply",
    ),
    path(
        "<int:pk>/pertanyaan/<str:code>/tandai/<int:flag_id>/terima/",
        flags.flag_accept,
        name="flag_accept",
    ),
    path(
        "<int:pk>/pertanyaan/<str:code>/pratinjau-persen/",
        question.percentage_preview,
        name="percentage_preview",
    ),
]
