"""ZI Portal: the Django project package and the organisation spine."""

from zi_portal.celery import app as celery_app

__all__ = ["celery_app"]
