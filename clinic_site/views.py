"""Site-wide views that are not pages: robots.txt and the error page."""

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .health import database_unavailable_response, is_database_outage


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Allow crawling of the public site and point crawlers at the sitemap.

    Pages are kept out of search results with ``noindex``, never by blocking
    them here (a blocked page's noindex is never read).
    """
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page in the site design, rendered without touching the database.

    When the error is the database being unreachable, visitors get the 503
    page instead (with Retry-After), since trying again later will work.
    """
    if is_database_outage():
        return database_unavailable_response()
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}, None))
