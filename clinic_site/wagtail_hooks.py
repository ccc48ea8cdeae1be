from wagtail import hooks

from .untranslated import redirect_to_own_language

hooks.register("before_serve_page", redirect_to_own_language)
