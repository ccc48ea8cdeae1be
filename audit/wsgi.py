"""The production WSGI application, plus ``/media/`` as the proxy would serve it.

In production nginx (or the S3 bucket) serves uploads and gunicorn never sees
``/media/``. The audit runs gunicorn alone, so this wrapper plays that one part
of the proxy: it serves ``MEDIA_ROOT`` under ``MEDIA_URL`` with whitenoise,
rescanning for renditions made after start-up. Everything else is the
unchanged ``clinic_site.wsgi`` application with the production settings.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from clinic_site.wsgi import application as _site

application = WhiteNoise(_site, autorefresh=True)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
