"""WSGI entry point used by ``runback serve --production`` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runback.web.settings")
application = get_wsgi_application()
