from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from clinic.views import theme_css
from clinic_site.health import healthz
from clinic_site.views import robots_txt, server_error
from seo.sitemap import MultilingualSitemap

SITEMAPS = {"wagtail": MultilingualSitemap}

urlpatterns = [
    path("admin/", include("clinic_site.moved_admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("theme.css", theme_css, name="theme_css"),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English is served without a prefix, Turkish under /tr/.
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("", include("enquiries.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = server_error
