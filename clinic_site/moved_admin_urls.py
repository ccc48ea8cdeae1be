"""Admin addresses of the models that moved out of ``home``, sent to the new ones.

Wagtail names snippet and settings URLs after the model's app, so the move of
``Doctor`` to ``doctors`` and ``ClinicSettings`` to ``clinic`` changed them.
Editors' bookmarks and links in old emails keep working: the old address
redirects (302) to the same screen at the new one, query string included.
"""

from django.http import HttpResponseRedirect
from django.urls import path

MOVED = {
    "snippets/home/doctor/": "snippets/doctors/doctor/",
    "settings/home/clinicsettings/": "settings/clinic/clinicsettings/",
}


def _redirect_to(new_prefix):
    def moved(request, rest=""):
        query = request.META.get("QUERY_STRING", "")
        target = f"/admin/{new_prefix}{rest}" + (f"?{query}" if query else "")
        return HttpResponseRedirect(target)

    return moved


urlpatterns = [
    pattern
    for old, new in MOVED.items()
    for pattern in (
        path(old, _redirect_to(new)),
        path(f"{old}<path:rest>", _redirect_to(new)),
    )
]
