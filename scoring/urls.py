from django.urls import path

from scoring import views

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/", views.assessment_detail, name="assessment"),
]
