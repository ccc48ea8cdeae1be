"""Assemble the one ``@graph`` a page emits, from the page and the clinic."""

from django.utils.translation import get_language

from . import structured_data as sd


def breadcrumbs_for(page, request):
    """(name, absolute URL) for every page from the home page down to ``page``.

    The same pages as the visible breadcrumbs: the page's own list when it
    keeps one (``seo.models``), so a page asks for its ancestors once.
    """
    ancestors = getattr(page, "breadcrumb_pages", None)
    if ancestors is None:
        ancestors = page.get_ancestors(inclusive=True).filter(depth__gt=1)
    return [(crumb.title, crumb.get_full_url(request)) for crumb in ancestors]


def _blocks(page, block_type):
    body = getattr(page, "body", None) or []
    return [block.value for block in body if block.block_type == block_type]


def physician_for(doctor, root_url, request):
    """A doctor's Physician node; ``url`` is their profile on this site if any.

    The address typed on the snippet, when there is also a profile here,
    becomes ``sameAs``. The doctor model knows where its profile is
    (``site_profile_url``), so this app does not import it.
    """
    node = sd.physician_node(doctor, root_url)
    profile = getattr(doctor, "site_profile_url", None)
    url = profile(request, full=True) if profile else None
    if url:
        node["url"] = url
        if doctor.profile_url:
            node["sameAs"] = doctor.profile_url
    return node


def treatment_nodes(page, url, root_url, request=None):
    """What a treatment page adds: reviewer, condition, citations, FAQ, doctors."""
    nodes = []
    extra = {"about": {"@type": "MedicalCondition", "name": page.condition_name}}
    extra["mainEntity"] = {"@type": "MedicalTherapy", "name": page.title}
    if page.last_reviewed:
        extra["lastReviewed"] = page.last_reviewed.isoformat()
    doctors = {}
    if page.medical_reviewer:
        doctors[page.medical_reviewer.pk] = page.medical_reviewer
        extra["reviewedBy"] = {"@id": f"{root_url}/#doctor-{page.medical_reviewer.pk}"}
    for quote in _blocks(page, "doctor_quote"):
        if quote["doctor"]:
            doctors[quote["doctor"].pk] = quote["doctor"]
    citations = [
        sd.citation_node(reference)
        for block in _blocks(page, "references")
        for reference in block["items"]
    ]
    if citations:
        extra["citation"] = citations
    faq_items = [item for block in _blocks(page, "faq") for item in block["items"]]
    if faq_items:
        nodes.append(sd.faq_node(url, faq_items))
    nodes.extend(
        physician_for(doctor, root_url, request) for doctor in doctors.values()
    )
    return extra, nodes


def build_graph(page, request, clinic):
    """The whole JSON-LD document for ``page`` as a dict."""
    site = getattr(page, "seo_site", None) or page.get_site()
    root_url = site.root_url if site else ""
    url = page.get_full_url(request)
    # The active language is the page's: i18n_patterns set it from the URL.
    language = get_language()
    name = clinic.name or (site.site_name if site else "")
    logo_url = ""
    if clinic.logo:
        logo_url = root_url + clinic.logo.get_rendition("max-512x512").url

    graph = [
        sd.clinic_node(clinic, root_url, logo_url),
        sd.website_node(name, root_url, language),
    ]
    # A routable page serving a sub-page (a doctor's profile) describes it.
    routed = getattr(page, "routed_subpage_graph", None)
    subpage = routed(request, root_url) if routed else None
    if subpage:
        sub_url = subpage["url"]
        webpage = sd.webpage_node(
            "ProfilePage",
            subpage["name"],
            subpage["description"],
            sub_url,
            language,
            root_url,
        )
        webpage["mainEntity"] = {"@id": subpage["physician"]["@id"]}
        crumbs = [*breadcrumbs_for(page, request), (subpage["name"], sub_url)]
        graph += [
            webpage,
            sd.breadcrumb_node(sub_url, crumbs),
            subpage["physician"],
        ]
        return {"@context": sd.SCHEMA_CONTEXT, "@graph": graph}
    page_type = "WebPage"
    extra, nodes = {}, []
    if hasattr(page, "condition_name"):
        page_type = "MedicalWebPage"
        extra, nodes = treatment_nodes(page, url, root_url, request)
    description = getattr(page, "seo_description", "") or page.search_description
    webpage = sd.webpage_node(
        page_type, page.title, description, url, language, root_url
    )
    webpage.update(extra)
    graph.append(webpage)
    graph.append(sd.breadcrumb_node(url, breadcrumbs_for(page, request)))
    graph.extend(nodes)
    return {"@context": sd.SCHEMA_CONTEXT, "@graph": graph}
