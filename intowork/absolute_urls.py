"""Absolute links from ``SITE_URL``, the site's public address.

Behind a proxy the request's own host and scheme are the proxy's view of things (an internal
host, plain HTTP), and the sites framework's row says ``example.com`` unless someone edits it:
every link that leaves the page (sitemaps, the feed, JSON-LD, emails, the API's ``next``
links) is built here instead.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (``/jobs/1-chef/``, with its query if any) on the public site."""
    return settings.SITE_URL + path


def rebased_on_site(url: str) -> str:
    """The same link on the public site: an absolute URL built from a request keeps its path
    and query, and its scheme and host become SITE_URL's."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme


def site_domain() -> str:
    """SITE_URL without its scheme: the host, and the path prefix if the site has one."""
    return settings.SITE_URL.partition("://")[2]
