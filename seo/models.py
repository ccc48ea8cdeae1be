"""The page mixin that connects wagtail-seo to the clinic's own settings."""

from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction, Site
from wagtailseo.models import SeoMixin, SeoSettings

from clinic.models import ClinicSettings


class ClinicSeoMixin(SeoMixin):
    """wagtail-seo's fields and panels, with the clinic as the site's name.

    wagtail-seo names the site after ``Site.site_name``; we use the clinic's
    name from ``ClinicSettings`` so it is typed once. Its JSON-LD templates are
    not used: ``seo.graph`` builds the graph and ``seo.jsonld`` escapes it.

    wagtail-seo's properties look the site and its settings up afresh on every
    call; while a page is being served they come from the request instead,
    where Wagtail caches them, so a page view does not repeat those queries.
    """

    focus_keyphrase = models.CharField(
        verbose_name=_("Focus keyphrase"),
        max_length=100,
        blank=True,
        help_text=_(
            "Optional: the one to four words a patient would search for. The "
            "SEO checks look for it in the title, description, slug, first "
            "paragraph and subheadings."
        ),
    )
    robots_noindex = models.BooleanField(
        _("Hide from search engines (noindex)"),
        default=False,
        help_text=_("Keeps the page out of search results and the sitemap."),
    )
    robots_nofollow = models.BooleanField(
        _("Do not follow links (nofollow)"),
        default=False,
        help_text=_("Asks search engines not to follow this page's links."),
    )

    seo_panels = (
        SeoMixin.seo_meta_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("focus_keyphrase"),
                    FieldPanel("robots_noindex"),
                    FieldPanel("robots_nofollow"),
                ],
                _("Search engines"),
            ),
        ]
        + SeoMixin.seo_menu_panels
    )

    class Meta:
        abstract = True

    _seo_request = None

    @property
    def preview_modes(self):
        """The page itself, and the SEO & trust checks (replacing wagtail-seo's
        "SEO Preview", whose character-count warnings disagree with ours)."""
        from .editor import PREVIEW_MODE, PREVIEW_MODE_LABEL

        return [*Page.DEFAULT_PREVIEW_MODES, (PREVIEW_MODE, PREVIEW_MODE_LABEL)]

    def get_preview_template(self, request, mode_name):
        from .editor import PREVIEW_MODE

        if mode_name == PREVIEW_MODE:
            return "seo/preview_checks.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        from .editor import PREVIEW_MODE, preview_context

        if mode_name == PREVIEW_MODE:
            return preview_context(self, request)
        return super().get_preview_context(request, mode_name)

    @property
    def robots_directives(self):
        """The content of <meta name="robots">; empty means index, follow."""
        directives = []
        if self.robots_noindex:
            directives.append("noindex")
        if self.robots_nofollow:
            directives.append("nofollow")
        return ", ".join(directives)

    def get_sitemap_urls(self, request=None):
        """Pages hidden from search engines are left out of the sitemap."""
        if self.robots_noindex:
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        self._seo_request = request
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumb_pages"] = self.breadcrumb_pages
        return context

    @property
    def lineage(self):
        """The pages from the root down to this one, read once per page object.

        Serving a page asks for its ancestors twice: Wagtail, for the view
        restrictions of the page and its ancestors, and the breadcrumbs (both
        the visible ones and the JSON-LD BreadcrumbList). Both come from this
        one query. It is read again if the page's path changes (a move).
        """
        cached = self.__dict__.get("_lineage")
        if cached is None or cached[0] != self.path:
            cached = (self.path, list(self.get_ancestors(inclusive=True)))
            self.__dict__["_lineage"] = cached
        return cached[1]

    def get_view_restrictions(self):
        """Wagtail's: the restrictions on this page and its ancestors, an
        alias answering for its source, with the ancestors from ``lineage``.

        A source page is never an alias itself (Wagtail points an alias of an
        alias at the original), so its id is the alias's ``alias_of_id``.
        """
        ids = {self.alias_of_id or self.pk}
        ids.update(page.alias_of_id or page.pk for page in self.lineage)
        return PageViewRestriction.objects.filter(page_id__in=ids)

    @cached_property
    def breadcrumb_pages(self):
        """The pages from the home page down to this one."""
        return [page for page in self.lineage if page.depth > 1]

    @cached_property
    def seo_site(self):
        if self._seo_request is not None:
            return Site.find_for_request(self._seo_request)
        return self.get_site()

    def _site_setting(self, model):
        if self._seo_request is not None:
            return model.for_request(self._seo_request)
        return model.for_site(self.seo_site)

    @cached_property
    def seo_sitename(self):
        if self.seo_site is None:
            return ""
        clinic_name = self._site_setting(ClinicSettings).name
        return clinic_name or self.seo_site.site_name or ""

    @cached_property
    def seo_image(self):
        if self.og_image_id:
            return self.og_image
        if self.seo_site is None:
            return None
        return self._site_setting(SeoSettings).og_image_default


class OutboundLinkCheck(models.Model):
    """The last result of checking one external URL (``check_links``)."""

    url = models.URLField(max_length=2000, unique=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)
    ok = models.BooleanField(default=False)
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["url"]
        verbose_name = _("outbound link check")

    def __str__(self):
        return f"{self.url} ({self.status_code or self.error})"


class PageAuditResult(models.Model):
    """The stored audit of one live page of one site: what the report, its
    exports, the dashboard and ``seo_audit`` read, so none of them audits the
    site inside a request (``seo.audit_store`` writes it, ``seo.tasks`` keeps
    it fresh). A cache of computed results: backups leave it out.

    ``tags`` holds ``|check|severity|check:severity|`` for every finding so the
    report's filters are a plain ``LIKE`` on both databases; ``facts`` holds
    what the site-wide checks read about the page (its SEO title, description,
    links), so they can run again without auditing every page.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="seo_audit_results"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The live revision that was audited."),
    )
    language = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=2000, blank=True)
    score = models.PositiveSmallIntegerField()
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    notes = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list)
    tags = models.TextField(blank=True)
    facts = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "page"], name="seo_pageauditresult_site_page"
            )
        ]
        indexes = [
            models.Index(
                fields=["site", "score", "url"], name="seo_pageaudit_worst_first"
            )
        ]
        permissions = [("run_seo_audit", "Can run the SEO & trust audit again")]
        verbose_name = _("page audit result")

    def __str__(self):
        return f"{self.url or self.page_id}: {self.score}"


class SiteAuditResult(models.Model):
    """The stored site-wide findings of one site, and when the audit ran.

    ``computed_at`` is when the site-wide checks last ran (after any page was
    re-audited); ``full_audit_at`` when every page was last audited;
    ``requested_at`` when someone last asked for a full audit ("Audit again"
    or ``seo_audit --refresh --enqueue``), so the report can say one is on its
    way.
    """

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    findings = models.JSONField(default=list)
    computed_at = models.DateTimeField(null=True, blank=True)
    full_audit_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("site audit result")

    def __str__(self):
        return f"{self.site}: {len(self.findings)} site-wide finding(s)"
