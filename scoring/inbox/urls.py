"""The home page with the user's tasks (no namespace: the name stays "home")."""

from django.urls import path

from scoring.inbox import views

urlpatterns = [
    path("", views.home, name="home"),
]
