"""Build a page's JSON-LD ``@graph`` from its own fields and the clinic's settings.

Each ``*_node`` function is pure: it takes plain values and returns a dict, so
it can be tested without a database. ``build_graph`` gathers them for a page.
"""

from html import unescape

from django.utils.html import strip_tags

SCHEMA_CONTEXT = "https://schema.org"


def clinic_node(clinic, root_url, logo_url=""):
    """The clinic as a ``MedicalClinic``, from ``ClinicSettings``."""
    node = {
        "@type": "MedicalClinic",
        "@id": f"{root_url}/#clinic",
        "name": clinic.name,
        "url": f"{root_url}/",
    }
    if logo_url:
        node["logo"] = logo_url
    if clinic.phone:
        node["telephone"] = clinic.phone
    if clinic.email:
        node["email"] = clinic.email
    if clinic.street_address or clinic.locality:
        node["address"] = {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": clinic.country,
        }
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": list(block.value["days"]),
            "opens": block.value["start_time"].strftime("%H:%M"),
            "closes": block.value["end_time"].strftime("%H:%M"),
        }
        for block in clinic.opening_hours
        if block.value.get("start_time") and block.value.get("end_time")
    ]
    if hours:
        node["openingHoursSpecification"] = hours
    if clinic.profile_url_list:
        node["sameAs"] = clinic.profile_url_list
    extra = {
        key: value
        for key, value in clinic.extra_structured_data_dict.items()
        if not key.startswith("@")
    }
    return {**extra, **node}


def website_node(name, root_url, language):
    """The site, with the search box that search engines may offer."""
    return {
        "@type": "WebSite",
        "@id": f"{root_url}/#website",
        "name": name,
        "url": f"{root_url}/",
        "inLanguage": language,
        "publisher": {"@id": f"{root_url}/#clinic"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{root_url}/search/?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_node(url, crumbs):
    """``crumbs`` is a list of (name, url); the last one is the page itself."""
    return {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumbs",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": link}
            for position, (name, link) in enumerate(crumbs, start=1)
        ],
    }


def webpage_node(page_type, name, description, url, language, root_url):
    node = {
        "@type": page_type,
        "@id": f"{url}#webpage",
        "name": name,
        "url": url,
        "inLanguage": language,
        "isPartOf": {"@id": f"{root_url}/#website"},
        "breadcrumb": {"@id": f"{url}#breadcrumbs"},
    }
    if description:
        node["description"] = description
    return node


def physician_node(doctor, root_url):
    node = {
        "@type": "Physician",
        "@id": f"{root_url}/#doctor-{doctor.pk}",
        "name": doctor.full_name,
    }
    if doctor.specialty:
        node["medicalSpecialty"] = doctor.specialty
    if doctor.profile_url:
        node["url"] = doctor.profile_url
    return node


def citation_node(reference):
    """A ``ScholarlyArticle`` for one entry of a references block."""
    node = {"@type": "ScholarlyArticle", "name": reference["title"]}
    if reference.get("source"):
        node["publisher"] = reference["source"]
    if reference.get("url"):
        node["url"] = reference["url"]
    identifiers = []
    if reference.get("pubmed_id"):
        identifiers.append(
            {
                "@type": "PropertyValue",
                "propertyID": "PMID",
                "value": reference["pubmed_id"],
            }
        )
    if reference.get("doi"):
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "DOI", "value": reference["doi"]}
        )
    if identifiers:
        node["identifier"] = identifiers
    return node


def faq_node(url, items):
    """``FAQPage`` schema. Google shows no FAQ rich result since May 2026."""
    return {
        "@type": "FAQPage",
        "@id": f"{url}#faq",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": unescape(strip_tags(item["answer"].source)).strip(),
                },
            }
            for item in items
        ],
    }
