"""Site-wide views that are not pages: robots.txt and the error page."""

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


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

    The default handler uses a bare template; ours extends nothing that needs a
    query, because the error may be that the database is gone.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}, None))
