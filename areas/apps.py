from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "areas"
    default_auto_field = "django.db.models.BigAutoField"
