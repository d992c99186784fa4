"""The examples the OpenAPI schema shows for the jobs endpoints (what a mobile developer
reads first): kept apart so that the views read as code."""

from jobs.models import JOB_CONTENT_FIELDS

APPLY = {"job": 42, "cv": 12, "cover_letter": "I would love to build your payments API."}

APPLICATION = {
    "id": 1200,
    "job": {
        "id": 42,
        "title": "Python Developer",
        "slug": "python-developer",
        "company": {"name": "Acme", "slug": "acme"},
        "status": "published",
    },
    "candidate": {"id": 7, "name": "Ana Lopez", "email": "ana@example.com", "headline": "Backend", "location": "Lyon"},
    "cv": {"id": 12, "title": "CV 2026", "content_type": "application/pdf", "size": 183211},
    "status": "interview",
    "applied_at": "2026-11-20T09:00:00Z",
    "updated_at": "2026-11-22T14:00:00Z",
    "cover_letter": "I would love to build your payments API.",
    "withdrawal_reason": "",
    "employer_notes": "Strong PostgreSQL.",
    "next_statuses": ["accepted", "rejected"],
    "history": [
        {"from_status": "", "to_status": "applied", "note": "", "created_at": "2026-11-20T09:00:00Z"},
        {
            "from_status": "applied",
            "to_status": "interview",
            "note": "Strong PostgreSQL.",
            "created_at": "2026-11-22T14:00:00Z",
        },
    ],
}

ALREADY_APPLIED = {
    "error": {
        "code": "already_applied",
        "message": "You have already applied to this job.",
        "fields": {"job": ["You have already applied to this job."]},
    }
}

COMPANY = {
    "id": 3,
    "name": "Acme",
    "slug": "acme",
    "description": "We build payment terminals.",
    "website": "https://acme.example",
    "industry": "Fintech",
    "size": "51-200",
    "location": "Lyon",
    "my_role": "owner",
}
COMPANY_INPUT = {key: COMPANY[key] for key in ("name", "description", "website", "industry", "size")}

JOB = {
    "id": 42,
    "title": "Python Developer",
    "slug": "python-developer",
    "status": "draft",
    "description": "Build our payments API.",
    "requirements": "Three years of Python.",
    "skills": ["Python", "PostgreSQL"],
    "location": "Lyon",
    "location_type": "hybrid",
    "job_type": "full_time",
    "salary_min": 50000,
    "salary_max": 65000,
    "salary_currency": "EUR",
    "expires_at": "2026-12-31T23:59:59Z",
    "posted_at": None,
    "moderation": "approved",
    "moderation_note": "",
    "view_count": 0,
    "application_count": 0,
    "created_at": "2026-11-20T09:00:00Z",
    "updated_at": "2026-11-20T09:00:00Z",
}
JOB_INPUT = {key: JOB[key] for key in JOB_CONTENT_FIELDS}  # what an employer writes

SEARCH_PAGE = {
    "next": "https://intowork.example/api/v1/jobs/?q=python&location=lyon&cursor=eyJ0aWVyIjowfQ",
    "fuzzy": False,
    "corrected_query": None,
    "results": [
        {
            "id": 42,
            "title": "Python Developer",
            "slug": "python-developer",
            "company": {"name": "Acme", "slug": "acme"},
            "location": "Lyon",
            "location_type": "hybrid",
            "job_type": "full_time",
            "salary_min": 50000,
            "salary_max": 65000,
            "salary_currency": "EUR",
            "skills": ["Python", "Django"],
            "posted_at": "2026-11-20T09:00:00Z",
            "expires_at": "2026-12-20T09:00:00Z",
            "is_featured": False,
            "url": "/jobs/42-python-developer/",
        }
    ],
}

SUGGESTIONS = {
    "query": "pyth",
    "suggestions": [
        {"kind": "title", "text": "Python developer"},
        {"kind": "skill", "text": "Python"},
        {"kind": "title", "text": "Senior Python engineer"},
        {"kind": "company", "text": "Python Software Lab"},
    ],
}
