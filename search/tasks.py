"""Background work of the site search."""

from django_tasks import task

from . import analytics


@task()
def flush_search_counts():
    """Write the search counts kept in Redis to the database (search.analytics)."""
    return analytics.flush_pending()
