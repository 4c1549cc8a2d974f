"""The one slug function: every file name and every link goes through it."""

from __future__ import annotations

from slugify import slugify as _slugify


def slugify(text: str, max_words: int = 0) -> str:
    """Lowercase ASCII slug: ``"SkillMimic-V2: Learning"`` -> ``"skillmimic-v2-learning"``.

    Unicode is transliterated (``"Nørgaard"`` -> ``"norgaard"``); ``max_words`` > 0 keeps
    only the first words, which makes short, stable ids from long titles.
    """
    slug = _slugify(text, lowercase=True)
    if max_words > 0:
        slug = "-".join(slug.split("-")[:max_words])
    return slug


def unique(key: str, taken: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3``... the first not in ``taken`` (added to it)."""
    n, free = 1, key
    while free in taken:
        n += 1
        free = f"{key}-{n}"
    taken.add(free)
    return free
