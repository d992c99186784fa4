import contextlib

import pytest
from django.db import IntegrityError, transaction


@contextlib.contextmanager
def violates(constraint: str):
    """Expect PostgreSQL to reject the write, naming ``constraint``; the test may go on after."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        yield
