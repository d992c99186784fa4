from typing import Any, cast

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

from intowork.absolute_urls import absolute_url


class EstimatedCountPaginator(Paginator):
    """For admin change lists over big tables: an unfiltered list uses the planner's row
    estimate (pg_class.reltuples) instead of a full COUNT(*); a filtered one counts exactly."""

    exact_count_below = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.where or query.distinct:
            return super().count
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [cast(QuerySet[Any], queryset).model._meta.db_table],
            )
            row = cursor.fetchone()
        estimate = row[0] if row else -1
        if estimate < self.exact_count_below:
            return super().count
        return estimate


class CountedPaginator(Paginator):
    """A paginator given its count, because the page has already read it (a list's status
    tabs): no second COUNT(*) over the same rows."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # what the cached property would have computed


class ApiCursorPagination(CursorPagination):
    """API lists: opaque cursors, stable while rows are added, no COUNT(*). Views set
    ``ordering`` (ending in a unique column) on a subclass or keep the newest-first default."""

    ordering: tuple[str, ...] = ("-id",)
    request: Request  # set by paginate_queryset()
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        page: list[Any] | None = super().paginate_queryset(queryset, request, view)
        # The next and previous links on the public site's address, not the proxy's view of it.
        self.base_url = absolute_url(request.get_full_path())
        return page
