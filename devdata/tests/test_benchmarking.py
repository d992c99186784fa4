import pytest
from django.core.management.base import CommandError

from devdata.benchmarking import percentile, timed_get


def test_percentile_is_the_nearest_rank():
    values = [5, 1, 4, 2, 3]
    assert percentile(values, 50) == 3
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 5
    assert percentile(list(range(1, 101)), 95) == 95


@pytest.mark.django_db
def test_timed_get_counts_queries_and_stops_on_an_error(client):
    visit = timed_get(client, "/jobs/")
    assert visit.ms > 0
    assert visit.cpu_ms > 0
    assert visit.queries >= 1
    with pytest.raises(CommandError, match="404"):
        timed_get(client, "/no-such-page/")
