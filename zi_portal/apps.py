from django.apps import AppConfig


class ZiPortalConfig(AppConfig):
    verbose_name = "Organisasi"
    name = "zi_portal"
    default_auto_field = "django.db.models.BigAutoField"
