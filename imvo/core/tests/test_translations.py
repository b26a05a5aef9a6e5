"""Dutch is the default language: every interface text has a Dutch translation."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _text(block: str, keyword: str) -> str:
    found = re.search(rf"^{keyword} ((?:\".*\"\n?)+)", block, re.M)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', found[1])) if found else ""


def _entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        strs = re.findall(r"^msgstr(?:\[\d\])? ((?:\".*\"\n?)+)", block, re.M)
        yield block, _text(block, "msgid"), ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)) for s in strs]


def test_no_text_is_left_untranslated_or_fuzzy():
    missing = [msgid for block, msgid, strs in _entries() if msgid and (not all(strs) or "#, fuzzy" in block)]
    assert missing == []


def test_placeholders_survive_translation():
    wrong = []
    for block, msgid, strs in _entries():
        plural = _text(block, "msgid_plural")
        for n, text in enumerate(strs):
            source = plural if plural and n > 0 else msgid
            if sorted(re.findall(r"%\(\w+\)s|%s", text)) != sorted(re.findall(r"%\(\w+\)s|%s", source)):
                wrong.append(msgid)
    assert wrong == []
