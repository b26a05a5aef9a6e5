"""Bilingual data: records keep a Dutch and an English text and show the one of the active language."""

from django.db import models
from django.utils.translation import get_language


def pick(nl: str, en: str) -> str:
    """The English text when English is active and present; Dutch otherwise (the agreement's language)."""
    lang = (get_language() or "nl")[:2]
    if lang == "en" and en:
        return en
    return nl or en


class Bilingual:
    """Mixin for models with `<field>_nl` / `<field>_en` pairs; `obj.localized("name")`."""

    def localized(self, field: str) -> str:
        return pick(getattr(self, f"{field}_nl", ""), getattr(self, f"{field}_en", ""))


def bilingual_pair(verbose: str, max_length: int = 200, blank: bool = False):
    return (
        models.CharField(f"{verbose} (nl)", max_length=max_length, blank=blank),
        models.CharField(f"{verbose} (en)", max_length=max_length, blank=True),
    )
