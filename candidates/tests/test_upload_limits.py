"""Issue 12, point 7: a site upload over 5 MB is dropped as it arrives (never stored) and refused
with the form's message; uploads are throttled per account (one budget for the site and the
API); a candidate keeps at most 10 CVs, said clearly, held by a trigger for any other path."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse

from candidates import services
from candidates.models import CV
from candidates.tests.factories import PDF_BYTES, CVFactory
from intowork.exceptions import ServiceError
from intowork.ratelimits import PageRateThrottle
from intowork.uploads import TooLargeUpload, UploadSizeLimitHandler

pytestmark = pytest.mark.django_db

OVER_5_MB = PDF_BYTES + b"0" * (5 * 1024 * 1024)


def pdf(content=PDF_BYTES, name="cv.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_upload_over_the_limit_is_never_stored():
    """Django's handlers after ours receive at most the limit; the form gets an empty stand-in."""
    body = (
        b'--B\r\nContent-Disposition: form-data; name="title"\r\n\r\nMine\r\n'
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="cv.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + OVER_5_MB + b"\r\n--B--\r\n"
    )
    request = RequestFactory().generic("POST", "/cvs/", body, content_type="multipart/form-data; boundary=B")
    limit, memory = UploadSizeLimitHandler(request), MemoryFileUploadHandler(request)
    request.upload_handlers = [limit, memory, TemporaryFileUploadHandler(request)]
    received = []
    original = memory.receive_data_chunk
    memory.receive_data_chunk = lambda data, start: received.append(len(data)) or original(data, start)
    uploaded = request.FILES["file"]
    assert isinstance(uploaded, TooLargeUpload)
    assert uploaded.size == len(OVER_5_MB) and uploaded.read() == b""
    assert sum(received) <= 5 * 1024 * 1024
    assert request.POST["title"] == "Mine"  # the rest of the form is kept


def test_the_site_refuses_a_cv_over_5_mb_with_the_forms_message(client, candidate):
    client.force_login(candidate.user)
    response = client.post(reverse("candidates:cv_list"), {"file": pdf(OVER_5_MB)})
    assert response.status_code == 400
    assert "A CV can be at most 5 MB." in response.text
    assert not CV.objects.exists()


def test_a_cv_just_under_the_limit_is_still_accepted(client, candidate):
    client.force_login(candidate.user)
    content = PDF_BYTES + b"0" * (5 * 1024 * 1024 - len(PDF_BYTES))
    response = client.post(reverse("candidates:cv_list"), {"file": pdf(content)})
    assert response.status_code == 302
    assert CV.objects.get().size == 5 * 1024 * 1024


def test_site_uploads_are_throttled_per_account_with_the_api(client, candidate, monkeypatch):
    monkeypatch.setattr(PageRateThrottle, "THROTTLE_RATES", {"uploads": "2/hour"})
    client.force_login(candidate.user)
    statuses = [client.post(reverse("candidates:cv_list"), {"file": pdf()}).status_code for _ in range(3)]
    assert statuses == [302, 302, 400]
    assert CV.objects.count() == 2
    refused = client.post(reverse("candidates:cv_list"), {"file": pdf()})
    assert "uploaded many files in a short time" in refused.text


def test_a_candidate_keeps_at_most_10_cvs(candidate):
    CVFactory.create_batch(10, candidate=candidate)
    with pytest.raises(ServiceError) as refusal:
        services.cv_upload(candidate=candidate, file=pdf())
    assert refusal.value.code == "cv_limit" and refusal.value.status_code == 409
    assert CV.objects.count() == 10


def test_the_trigger_holds_the_limit_for_any_other_path(candidate):
    CVFactory.create_batch(10, candidate=candidate)
    with pytest.raises(IntegrityError, match="candidates_cv_at_most_10_check"), transaction.atomic():
        CVFactory(candidate=candidate)
    CVFactory(candidate=CVFactory().candidate)  # another candidate is not concerned


def test_the_limit_is_said_on_the_page_and_in_the_api(client, candidate):
    CVFactory.create_batch(10, candidate=candidate)
    client.force_login(candidate.user)
    page = client.post(reverse("candidates:cv_list"), {"file": pdf()})
    assert page.status_code == 400 and "at most 10 CVs" in page.text
    api = client.post("/api/v1/me/cvs/", {"file": pdf()})
    assert api.status_code == 409
    assert api.json()["error"]["code"] == "cv_limit" and "file" in api.json()["error"]["fields"]
    assert CV.objects.count() == 10
