"""Dutch is the default language: every interface text has a Dutch translation."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        msgid = "".join(
            re.findall(
                r'"((?:[^"\\]|\\.)*)"', (re.search(r"^msgid ((?:\".*\"\n?)+)", block, re.M) or [""])[0]
            )
        )
        strs = re.findall(r"^msgstr(?:\[\d\])? ((?:\".*\"\n?)+)", block, re.M)
        yield block, msgid, ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)) for s in strs]


def test_no_text_is_left_untranslated_or_fuzzy():
    missing = [msgid for block, msgid, strs in _entries() if msgid and (not all(strs) or "#, fuzzy" in block)]
    assert missing == []


def test_placeholders_survive_translation():
    wrong = []
    for _block, msgid, strs in _entries():
        wanted = sorted(re.findall(r"%\(\w+\)s|%s", msgid))
        wrong += [msgid for s in strs if sorted(re.findall(r"%\(\w+\)s|%s", s)) != wanted]
    assert wrong == []
