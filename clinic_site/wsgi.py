"""WSGI entry point; gunicorn loads ``clinic_site.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings.production")

application = get_wsgi_application()
