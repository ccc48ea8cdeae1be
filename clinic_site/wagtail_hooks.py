from wagtail import hooks

from .untranslated import redirect_to_own_language

hooks.register("before_serve_page", redirect_to_own_language)


@hooks.register("is_response_cacheable")
def never_cache_not_found(response, is_cacheable):
    """A 404 is not kept in the page cache.

    Crawlers guess a new address with every request: each 404 stored would
    take two entries (the list of headers and the page) in Redis for a day and
    two writes to make, for a response that is never asked for again. A 404 is
    rendered instead (without the page cache's help, a handful of queries),
    and is never served stale once the address gets a page or a redirect.
    """
    if response.status_code == 404:
        return False
    return None
