"""Imports flow the way docs/architecture.md draws them: interface -> domain -> models, and a
lower app never depends on a higher one below the interface. Every module of the project has
a layer; a new module whose name says nothing fails here until it is placed."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# The apps, lowest first: below the interface layer, an app imports only its own modules and
# those of the apps before it. intowork's kernel imports no app at all.
APP_ORDER = [
    "intowork",
    "scheduling",
    "accounts",
    "audit",
    "candidates",
    "jobs",
    "hiring",
    "moderation",
    "alerts",
    "privacy",
]
TOOLING = "devdata"  # imports anything; nothing imports it
# Where the project is assembled: they import every app's interface.
WIRING = {"intowork.settings", "intowork.urls", "intowork.api"}

MODELS, DOMAIN, INTERFACE = "models", "domain", "interface"
RANK = {MODELS: 0, DOMAIN: 1, INTERFACE: 2}
# A module's layer, from its name inside its app (the first part after the app's name).
LAYERS = {
    # What the data is and the reads on it (querysets, choices, the search's SQL).
    "models": MODELS,
    # What happens to it: the business rules and what runs them.
    "services": DOMAIN,
    "search": DOMAIN,
    "dashboards": DOMAIN,
    "recommendations": DOMAIN,
    "tasks": DOMAIN,
    "signals": DOMAIN,
    "caching": DOMAIN,
    "filters": DOMAIN,
    "files": DOMAIN,
    "tokens": DOMAIN,
    "invitations": DOMAIN,
    # How people and programs reach it.
    "views": INTERFACE,
    "api": INTERFACE,
    "forms": INTERFACE,
    "admin": INTERFACE,
    "urls": INTERFACE,
    "employer_urls": INTERFACE,
    "feeds": INTERFACE,
    "sitemaps": INTERFACE,
    "decorators": INTERFACE,
    "middleware": INTERFACE,
    "permissions": INTERFACE,
    "templatetags": INTERFACE,
    "context_processors": INTERFACE,
    "adapter": INTERFACE,
    "management": INTERFACE,
    "apps": INTERFACE,
}
# intowork's shared kernel: the pieces every app builds on, by the layer that uses them.
KERNEL = {
    "intowork.constraints": MODELS,
    "intowork.time_zones": MODELS,
    "intowork.exceptions": MODELS,
    "intowork.slugs": DOMAIN,
    "intowork.absolute_urls": DOMAIN,
    "intowork.emails": DOMAIN,
    "intowork.cache": DOMAIN,
    "intowork.db_routers": DOMAIN,
    "intowork.http": INTERFACE,
    "intowork.middleware": INTERFACE,
    "intowork.log_redaction": INTERFACE,
    "intowork.ratelimits": INTERFACE,
    "intowork.uploads": INTERFACE,
    "intowork.views": INTERFACE,
    "intowork.errors": INTERFACE,
    "intowork.monitoring": INTERFACE,
    "intowork.paginators": INTERFACE,
    "intowork.serializers": INTERFACE,
    "intowork.viewsets": INTERFACE,
    "intowork.schema": INTERFACE,
    "intowork.authentication": INTERFACE,
    "intowork.admin_mixins": INTERFACE,
    "intowork.admin_site": INTERFACE,
    "intowork.apps": INTERFACE,
    "intowork.wsgi": INTERFACE,
    "intowork.asgi": INTERFACE,
}


@dataclass(frozen=True)
class Module:
    name: str
    app: str
    layer: str | None  # None: tooling, wiring or tests, which the rules do not constrain


def classify(name: str) -> Module:
    app, _, rest = name.partition(".")
    if app == TOOLING or name in WIRING or ".tests" in f".{rest}" or not rest:
        return Module(name, app, None)
    if app == "intowork":
        return Module(name, app, KERNEL.get(name, "unplaced"))
    return Module(name, app, LAYERS.get(rest.split(".")[0], "unplaced"))


def imports_of(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module named by an import in ``tree``, wherever it sits (functions included), but
    those under ``if TYPE_CHECKING:``, which exist for the type checker only."""
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and getattr(block.test, "id", getattr(block.test, "attr", "")) == "TYPE_CHECKING"
        for statement in block.body
        for node in ast.walk(statement)
    }
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(filter(None, [*parent, base]))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def violations(sources: dict[str, tuple[str, bool]]) -> list[str]:
    """What breaks the rules in ``sources`` ({module: (source, is_package)})."""
    apps = {*APP_ORDER, TOOLING}
    found = []
    for name, (source, is_package) in sorted(sources.items()):
        importer = classify(name)
        if importer.layer == "unplaced":
            found.append(f"{name}: no layer says what it holds (name it by its layer, or add it to the table)")
            continue
        for target in sorted(imports_of(ast.parse(source), name, is_package)):
            if target.split(".")[0] not in apps or target not in sources:
                continue  # a library, or a name inside a module (the module itself is listed too)
            imported = classify(target)
            if importer.app == imported.app and importer.app != "intowork" and imported.layer is None:
                continue  # an app's own package __init__
            why = rule_broken(importer, imported)
            if why:
                found.append(f"{name} imports {target}: {why}")
    return found


def rule_broken(importer: Module, imported: Module) -> str | None:
    if imported.app == TOOLING and importer.app != TOOLING:
        return "nothing imports the tooling"
    if importer.layer is None:
        return None
    if imported.name in WIRING:
        return "only the wiring imports the wiring"
    if importer.app == "intowork" and imported.app != "intowork":
        return "intowork's kernel imports no app"
    if imported.layer is not None and RANK[imported.layer] > RANK[importer.layer]:
        return f"{importer.layer} may not import {imported.layer}"
    lower = APP_ORDER.index(imported.app) < APP_ORDER.index(importer.app)
    if importer.layer != INTERFACE and importer.app != imported.app and not lower:
        return f"below the interface, {importer.app} may import only the apps before it ({', '.join(APP_ORDER)})"
    return None


def project_sources() -> dict[str, tuple[str, bool]]:
    sources = {}
    for app in [*APP_ORDER, TOOLING]:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            is_package = relative.name == "__init__"
            name = ".".join(relative.parts[:-1] if is_package else relative.parts)
            sources[name] = (path.read_text(), is_package)
    return sources


def test_imports_follow_the_architecture():
    assert violations(project_sources()) == []


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("jobs.models.postings", "from jobs import services", "models may not import domain"),
        ("jobs.models.postings", "from jobs.views import public", "models may not import interface"),
        ("candidates.models", "from jobs.services import job_publish", "models may not import domain"),
        ("candidates.models", "def f():\n    from jobs.models import Job", "only the apps before it"),
        ("jobs.services.postings", "from jobs.forms import JobForm", "domain may not import interface"),
        ("accounts.services", "import candidates.services", "only the apps before it"),
        ("intowork.constraints", "from accounts.models import User", "kernel imports no app"),
        ("jobs.views.public", "from devdata.seeding import Seeder", "nothing imports the tooling"),
        ("jobs.services.postings", "from intowork import urls", "only the wiring imports the wiring"),
        ("jobs.utils", "", "no layer says what it holds"),
    ],
)
def test_a_wrong_import_is_caught(module, source, broken):
    sources = project_sources()
    sources[module] = (source, False)
    found = violations(sources)
    assert any(module in line and broken in line for line in found), found


def test_type_checking_imports_and_interface_imports_are_allowed():
    sources = project_sources()
    typing_only = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import jobs.models"
    sources["candidates.services"] = (typing_only, False)
    sources["candidates.views"] = ("from jobs import services\nfrom jobs.models import Job", False)
    assert violations(sources) == []
