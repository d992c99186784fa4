"""Slugs that stay unique: a readable URL for anything with a name."""

from django.db.models import Model
from django.utils.text import slugify


def unique_slug(model: type[Model], base: str, *, max_length: int = 200, **scope) -> str:
    """``base`` slugified, suffixed with -2, -3 … until free within ``scope``."""
    root = slugify(base)[:max_length] or "item"
    slug, n = root, 1
    while model._default_manager.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug
