"""The Italian catalogues of the shell and the community pages are complete and
compiled: a string added to a .po file without a translation, or a .po edited
without running compilemessages, fails here rather than on an Italian page."""

import ast
import gettext
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
# Every catalogue of the package: a new app's is checked the day it is added.
CATALOGUES = sorted(path for path in PACKAGE.rglob("locale") if path.is_dir())
ENTRY = re.compile(
    r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r'((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)',
    re.MULTILINE,
)


def entries(po: Path) -> dict[str, list[str]]:
    """{msgid: [msgstr, …]} of a .po file, without the header. A msgid with a
    context is keyed "context\x04msgid", as gettext stores it."""
    found = {}
    for match in ENTRY.finditer(po.read_text(encoding="utf-8") + "\n"):
        msgid = "".join(ast.literal_eval(x) for x in match[2].split("\n") if x)
        translations = [
            "".join(ast.literal_eval(x) for x in re.findall(r'^(?:msgstr\S* )?(".*")$',
                                                          block, re.MULTILINE))
            for block in re.split(r"^(?=msgstr)", match[3], flags=re.MULTILINE)
            if block
        ]  # fmt: skip
        if msgid and match[1]:
            msgid = f"{ast.literal_eval(match[1])}\x04{msgid}"
        if msgid:
            found[msgid] = translations
    return found


@pytest.mark.parametrize(
    "locale", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_every_string_has_an_italian_translation(locale):
    po = locale / "it" / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, texts in entries(po).items() if not all(texts)]
    assert missing == []


@pytest.mark.parametrize(
    "locale", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_compiled_catalogue_matches_the_po_file(locale):
    folder = locale / "it" / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, texts in entries(folder / "django.po").items():
        if "\x04" in msgid:
            context, text = msgid.split("\x04")
            assert compiled.pgettext(context, text) in texts, msgid
        elif "\x00" not in msgid:
            assert (
                compiled.gettext(msgid) in texts
                or compiled.ngettext(msgid, msgid, 1) in texts
            ), msgid
