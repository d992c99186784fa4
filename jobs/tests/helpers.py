"""What the employer page tests share: form data and files."""

import io

from django.urls import reverse
from PIL import Image


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


def job_data(**overrides) -> dict:
    data = {
        "title": "Backend developer",
        "description": "Build our payments API.",
        "requirements": "Three years of Python.",
        "skills": "Python, Django , python,, PostgreSQL",
        "location": "Lyon",
        "location_type": "hybrid",
        "job_type": "full_time",
        "salary_min": "50000",
        "salary_max": "65000",
        "salary_currency": "eur",
        "expires_at": "",
    }
    return {**data, **overrides}


def job_url(name: str, job) -> str:
    return reverse(f"employer:{name}", args=[job.pk])
