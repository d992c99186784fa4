import pytest

from jobs.templatetags.job_text import markdown_safe
from jobs.tests.factories import JobFactory


def test_markdown_is_rendered_with_line_breaks_kept():
    html = markdown_safe("**Bake** bread\nevery day\n\n- croissants\n- [our site](https://acme.example)")
    assert "<strong>Bake</strong> bread<br>" in html
    assert "<li>croissants</li>" in html
    assert '<a href="https://acme.example" rel="nofollow noopener noreferrer ugc">our site</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://x.example" onclick="alert(1)">x</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_scripts_handlers_and_dangerous_links_are_removed(text):
    html = markdown_safe(text)
    for forbidden in ("<script", "onerror", "javascript:", "onclick", "<style", "<iframe", "<img"):
        assert forbidden not in html


def test_big_headings_become_text():
    assert markdown_safe("# Title\n\n### Section") == "Title\n<h3>Section</h3>"


@pytest.mark.django_db
def test_the_job_page_shows_the_sanitised_markdown(client):
    job = JobFactory(description="We **bake**.<script>alert(1)</script>", requirements="- Early riser")
    html = client.get(job.get_absolute_url()).text
    assert "We <strong>bake</strong>." in html and "<script>alert(1)" not in html
    assert "<li>Early riser</li>" in html
