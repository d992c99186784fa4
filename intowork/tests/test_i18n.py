"""English by default; French, Portuguese or Arabic when the browser or the switcher asks, Arabic
laid out right to left; and catalogues with nothing left untranslated (docs/translations.md says
how to keep them so)."""

import ast
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from intowork.middleware import DatabaseUnavailableMiddleware
from jobs.tasks import send_application_sent_email
from jobs.tests.factories import ApplicationFactory, JobFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


FRENCH_CATALOGUE = catalogue("fr")


def msgstrs(po_text: str) -> list[str]:
    """Every translation in a .po file (plural forms included), its continuation lines joined.
    Django ships no .po parser; this reads only what makemessages writes."""
    translations, current = [], None
    for line in po_text.splitlines():
        if line.startswith("msgstr"):
            current = ast.literal_eval(line.split(" ", 1)[1])
            translations.append(current)
        elif line.startswith('"') and current is not None:
            translations[-1] += ast.literal_eval(line)
        else:
            current = None
    return translations[1:]  # the first is the header


def test_each_offered_language_has_a_catalogue_and_nothing_more():
    assert TRANSLATED == ["fr", "pt", "ar"]
    assert sorted(path.name for path in LOCALE.iterdir() if path.is_dir()) == sorted(TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    # msgfmt --check also compares the %(placeholders)s and {placeholders} of each translation
    # with its English and the plural forms with the header's count; --statistics names any
    # fuzzy or untranslated entry.
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(catalogue(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


@pytest.mark.parametrize(("language", "forms"), [("fr", 3), ("pt", 2), ("ar", 6)])
def test_each_plural_has_the_forms_of_its_language(language, forms):
    """Arabic counts zero, one, two, a few (3-10), many (11-99) and the rest (100+) apart."""
    text = catalogue(language).read_text(encoding="utf-8")
    assert f"Plural-Forms: nplurals={forms};" in text
    assert text.count("msgid_plural") > 0
    assert text.count("msgstr[") == forms * text.count("msgid_plural")
    assert f"msgstr[{forms}]" not in text


def entries(po_text: str) -> list[tuple[str, list[str]]]:
    """Each entry's English and its translations (plural forms included), continuation lines
    joined; the header and obsolete (#~) entries left out."""
    found: list[tuple[str, list[str]]] = []
    field = None
    for line in po_text.splitlines():
        keyword, _, value = line.partition(" ")
        if keyword == "msgid":
            found.append((ast.literal_eval(value), []))
            field = "msgid"
        elif keyword.startswith("msgstr"):
            found[-1][1].append(ast.literal_eval(value))
            field = "msgstr"
        elif line.startswith('"') and field == "msgid":
            found[-1] = (found[-1][0] + ast.literal_eval(line), found[-1][1])
        elif line.startswith('"') and field == "msgstr":
            found[-1][1][-1] += ast.literal_eval(line)
        else:
            field = None  # msgid_plural, msgctxt, comments: not compared
    return [(english, translations) for english, translations in found if english]


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_translation_keeps_the_html_of_its_english(language):
    """msgfmt compares placeholders, not markup: a lost or renamed tag would break a link."""
    html = re.compile(r"</?\w+[^>]*>")
    bad = [
        (english, translation)
        for english, translations in entries(catalogue(language).read_text(encoding="utf-8"))
        for translation in translations
        if sorted(html.findall(translation)) != sorted(html.findall(english))
    ]
    assert len(entries(catalogue(language).read_text(encoding="utf-8"))) > 800
    assert bad == []


def test_the_arabic_catalogue_uses_arabic_punctuation():
    """The Arabic comma, semicolon and question mark (، ؛ ؟) after Arabic words, and « » quotes."""
    bad = [
        text
        for text in msgstrs(catalogue("ar").read_text(encoding="utf-8"))
        if re.search(r"[\u0621-\u064A][\u064B-\u065F]*\s*[,;?]|[“”]", text)
    ]
    assert bad == []


def test_the_french_catalogue_follows_french_typography():
    """A no-break space before : ; ! ? and inside « », typographic apostrophes."""
    bad = [
        text
        for text in msgstrs(FRENCH_CATALOGUE.read_text(encoding="utf-8"))
        if re.search(r"[ \w)»%][:;!?](?!//)|«(?!\u00a0)|(?<!\u00a0)»|'", text)
    ]
    assert bad == []


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # rendered search pages are cached per language; start each test cold


@pytest.fixture(autouse=True)
def _back_to_english():
    # LocaleMiddleware activates the request's language for the thread and nothing undoes it:
    # left French, the tests that follow would get French messages from the services.
    yield
    translation.deactivate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected", "absent"),
    [
        ("fr", ['<html lang="fr"', "Trouver un emploi", "Rechercher", "Se connecter"], ["Find a job"]),
        ("fr-FR,fr;q=0.9,en;q=0.8", ['<html lang="fr"', "Trouver un emploi"], ["Find a job"]),
        (None, ['<html lang="en"', "Find a job", "Search", "Log in"], ["Trouver un emploi"]),
        ("de", ['<html lang="en"', "Find a job"], ["Trouver un emploi"]),  # not offered: English
        ("pt-PT,pt;q=0.9", ['<html lang="pt" dir="ltr"', "Encontrar emprego", "Iniciar sessão"], ["Find a job"]),
        ("pt-BR", ['<html lang="pt" dir="ltr"', "Encontrar emprego"], ["Find a job"]),  # one Portuguese for both
        ("ar", ['<html lang="ar" dir="rtl"', "ابحث عن وظيفة", "بحث", "تسجيل الدخول"], ["Find a job"]),
    ],
)
def test_the_search_page_follows_the_browser_language(client, accept_language, expected, absent):
    JobFactory(title="Python Developer")
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get("/", follow=True, headers=headers)  # the home page is the search
    html = response.content.decode()
    assert response.redirect_chain == [("/jobs/", 302)]
    assert [text for text in expected if text not in html] == []
    assert [text for text in absent if text in html] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction", "stylesheet", "other_stylesheet"),
    [
        ("ar", "rtl", "bootstrap.rtl.min.css", "bootstrap.min.css"),
        ("en", "ltr", "bootstrap.min.css", "bootstrap.rtl.min.css"),
        ("pt", "ltr", "bootstrap.min.css", "bootstrap.rtl.min.css"),
    ],
)
def test_arabic_pages_are_laid_out_right_to_left(client, language, direction, stylesheet, other_stylesheet):
    html = client.get("/accounts/login/", headers={"Accept-Language": language}).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"vendor/bootstrap/{stylesheet}" in html and f"vendor/bootstrap/{other_stylesheet}" not in html


def test_the_error_pages_are_laid_out_right_to_left_in_arabic():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with translation.override("ar"):
        page = middleware.process_exception(RequestFactory().get("/jobs/"), OperationalError("down"))
    assert '<html lang="ar" dir="rtl">' in page.content.decode() and "سنعود بعد لحظات" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject", "html_start"),
    [
        ("ar", "[IntoWork] أُرسل طلبك لوظيفة Welder لدى Acme", '<html lang="ar" dir="rtl">'),
        ("pt", "[IntoWork] A sua candidatura a Welder na Acme foi enviada", '<html lang="pt" dir="ltr">'),
    ],
)
def test_emails_are_written_in_the_recipients_language_and_direction(language, subject, html_start):
    application = ApplicationFactory(
        job__title="Welder", job__company__name="Acme", candidate__user__language=language
    )
    mail.outbox.clear()
    send_application_sent_email.call(application_id=application.pk)
    [receipt] = mail.outbox
    assert receipt.subject == subject
    [(html, _mimetype)] = receipt.alternatives
    assert html_start in html
    assert f"/applications/{application.pk}/" in receipt.body


@pytest.mark.django_db
def test_the_search_results_are_cached_per_language(client):
    JobFactory(title="Python Developer")
    client.get("/jobs/?q=python", headers={"Accept-Language": "fr"})
    html = client.get("/jobs/?q=python").content.decode()
    assert "1 job" in html and "1 offre" not in html


@pytest.mark.django_db
def test_the_login_page_follows_the_browser_language(client):
    french = client.get("/accounts/login/", headers={"Accept-Language": "fr"}).content.decode()
    english = client.get("/accounts/login/").content.decode()
    assert '<html lang="fr"' in french and "Mot de passe" in french and "Créer un compte" in french
    assert '<html lang="en"' in english and "Password" in english and "Sign up" in english
    assert "Mot de passe" not in english


@pytest.mark.django_db
def test_the_job_page_follows_the_browser_language(client):
    job = JobFactory(title="Python Developer", salary_min=50_000, salary_max=70_000)
    french = client.get(job.get_absolute_url(), headers={"Accept-Language": "fr"}).content.decode()
    english = client.get(job.get_absolute_url()).content.decode()
    # Template text, model choices (the contract and work place) and localized numbers.
    for text in ["À propos du poste", "Type de contrat", "Temps plein", "Sur site", "par an", "50\u00a0000"]:
        assert text in french
    for text in ["About the job", "Contract", "Full-time", "On-site", "a year", "50,000"]:
        assert text in english
    assert "À propos du poste" not in english


@pytest.mark.django_db
def test_the_switcher_sets_the_language_for_the_next_pages(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/jobs/"})
    assert response.status_code == 302 and response["Location"] == "/jobs/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # The choice wins over the browser's language, and can be undone the same way.
    assert "Trouver un emploi" in client.get("/jobs/", headers={"Accept-Language": "en"}).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/jobs/"})
    assert "Find a job" in client.get("/jobs/", headers={"Accept-Language": "fr"}).content.decode()


@pytest.mark.django_db
def test_the_switcher_names_each_language_in_itself(client):
    html = client.get("/jobs/", headers={"Accept-Language": "fr"}).content.decode()
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="fr" lang="fr" selected>Français</option>' in html
    assert '<option value="pt" lang="pt">Português</option>' in html
    assert '<option value="ar" lang="ar">العربيّة</option>' in html


@pytest.mark.django_db
def test_a_language_not_offered_is_ignored(client):
    # Django's view stores any language it has a catalogue for (German); the site offers
    # only its own, so the browser's language still decides.
    client.post("/i18n/setlang/", {"language": "de", "next": "/jobs/"})
    html = client.get("/jobs/", headers={"Accept-Language": "fr"}).content.decode()
    assert '<html lang="fr"' in html and "Trouver un emploi" in html


def test_the_unavailable_pages_speak_the_request_language():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with translation.override("fr"):  # what LocaleMiddleware has done by the time a view fails
        page = middleware.process_exception(RequestFactory().get("/jobs/"), OperationalError("down"))
        api = middleware.process_exception(RequestFactory().get("/api/v1/jobs/"), OperationalError("down"))
    html = page.content.decode()
    assert '<html lang="fr" dir="ltr">' in html and "De retour dans un instant" in html
    assert json.loads(api.content)["error"]["message"].startswith("Le service est momentanément indisponible")


def test_the_admin_move_actions_are_described_in_the_request_language():
    from jobs.admin import ApplicationAdmin

    shortlist = ApplicationAdmin.actions[0]  # built at import time, in English
    with translation.override("fr"):
        assert str(shortlist.short_description) == (
            "Passer les candidatures sélectionnées au statut «\u00a0Présélectionnée\u00a0»"
        )
    assert str(shortlist.short_description) == "Move selected applications to “Shortlisted”"
