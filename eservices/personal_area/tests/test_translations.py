"""The login and personal-area pages speak English at /en/ and Ukrainian at /uk/.

The catalogues in ``locale/`` are checked entry by entry: nothing untranslated or fuzzy (gettext
would silently show Polish), placeholders kept (a lost ``%(name)s`` crashes at render time), the
committed ``.mo`` compiled from the current ``.po``, and Django actually serving what they say.
"""

from __future__ import annotations

import ast
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as project_settings
from django.utils import translation

LANGUAGES = ("en", "uk")
#: A number that picks each plural form, in the order of the catalogue's Plural-Forms.
PLURAL_FORM_SAMPLES = {"en": (1, 2), "uk": (1, 2, 5)}  # uk's 4th form is for fractions only
PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]")


@pytest.fixture(autouse=True)
def _polish_after_each_test():
    """A request to /en/ leaves English active in the thread; later tests expect Polish."""
    yield
    translation.activate("pl")


@dataclass(frozen=True)
class CatalogueEntry:
    """One message of a ``.po`` file."""

    context: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    flags: frozenset[str]
    obsolete: bool

    @property
    def mo_key(self) -> str:
        """The key msgfmt gives this message in a ``.mo`` file."""
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\0{self.msgid_plural}"
        return key if self.context is None else f"{self.context}\x04{key}"


def _catalogue_path(language: str, suffix: str) -> Path:
    return Path(project_settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{suffix}"


def _po_entries(path: Path) -> list[CatalogueEntry]:
    """The messages of a ``.po`` file, without its header.

    Read line by line: a comment or a ``msgctxt``/``msgid`` after a ``msgstr`` starts the next
    message, so a stray blank line inside a hand-edited entry does not split it.
    """
    entries = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    obsolete = False
    current = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), "#"]:
        line = raw.strip()
        starts_message = line.startswith(("#", "msgctxt ", "msgid "))
        if starts_message and any(key.startswith("msgstr") for key in fields):
            if fields.get("msgid"):  # the header has an empty msgid
                entries.append(_catalogue_entry(fields, flags=flags, obsolete=obsolete))
            fields, flags, obsolete = {}, set(), False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#") or not line:
            continue
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            current, _, literal = line.partition(" ")
            fields[current] = ast.literal_eval(literal)
    return entries


def _catalogue_entry(fields: dict[str, str], *, flags: set[str], obsolete: bool) -> CatalogueEntry:
    plural = fields.get("msgid_plural")
    if plural is None:
        msgstrs = (fields["msgstr"],)
    else:
        forms = sorted(key for key in fields if key.startswith("msgstr["))
        msgstrs = tuple(fields[key] for key in forms)
    return CatalogueEntry(
        context=fields.get("msgctxt"),
        msgid=fields["msgid"],
        msgid_plural=plural,
        msgstrs=msgstrs,
        flags=frozenset(flags),
        obsolete=obsolete,
    )


def _mo_messages(path: Path) -> dict[str, str]:
    """Every message of a compiled ``.mo`` file: key (as msgfmt writes it) to translation."""
    data = path.read_bytes()
    for order in ("<", ">"):
        if struct.unpack_from(f"{order}I", data)[0] == 0x950412DE:
            break
    else:
        raise AssertionError(f"{path} is not a GNU .mo file")
    count, originals, translations = struct.unpack_from(f"{order}3I", data, 8)
    messages = {}
    for index in range(count):
        key_length, key_offset = struct.unpack_from(f"{order}2I", data, originals + 8 * index)
        text_length, text_offset = struct.unpack_from(f"{order}2I", data, translations + 8 * index)
        key = data[key_offset : key_offset + key_length].decode("utf-8")
        messages[key] = data[text_offset : text_offset + text_length].decode("utf-8")
    return messages


def _describe(entries: list[CatalogueEntry]) -> str:
    return "\n".join(repr(entry.msgid) for entry in entries)


# --- The pages -----------------------------------------------------------------------------


def _h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "the page has no h1"
    return match.group(1).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "language", "heading", "button"),
    [
        ("", "pl", "Zaloguj się do Mojego e-Urzędu", "Zaloguj się"),
        ("/en", "en", "Log in to Mój e-Urząd", "Log in"),
        ("/uk", "uk", "Увійдіть у Mój e-Urząd", "Увійти"),
    ],
)
def test_the_login_page_speaks_the_language_of_its_address(
    client, settings, prefix, language, heading, button
):
    settings.TRUSTED_PROFILE = {**settings.TRUSTED_PROFILE, "profile": "generic"}
    response = client.get(f"{prefix}/logowanie/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert _h1(html) == heading
    assert re.search(rf"<button[^>]*>\s*{re.escape(button)}\s*</button>", html)
    if language != "pl":
        assert "Zaloguj się do Mojego e-Urzędu" not in html
        assert "Urząd nie poznaje Twojego hasła" not in html


@pytest.mark.django_db
def test_the_login_page_names_the_trusted_profile_in_english(client, settings):
    settings.TRUSTED_PROFILE = {**settings.TRUSTED_PROFILE, "profile": "login.gov.pl"}
    html = client.get("/en/logowanie/").content.decode()

    assert "with a trusted profile" in html
    assert "Log in with login.gov.pl" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "section", "access_link"),
    [
        ("/en", "Your details", "History of access to your data"),
        ("/uk", "Ваші дані", "Історія доступу до ваших даних"),
    ],
)
def test_the_personal_area_dashboard_is_translated(anna_client, prefix, section, access_link):
    html = anna_client.get(f"{prefix}/moj-e-urzad/").content.decode()

    assert _h1(html) == "Mój e-Urząd"  # a proper name, the same in every language
    assert f">{section}</h2>" in html
    assert access_link in html
    assert "Twoje dane" not in html


# --- The catalogues ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_entry_is_translated_and_none_is_fuzzy(language):
    entries = _po_entries(_catalogue_path(language, "po"))
    assert len(entries) > 100, "the catalogue was not parsed"

    untranslated = [entry for entry in entries if not all(entry.msgstrs)]
    fuzzy = [entry for entry in entries if "fuzzy" in entry.flags]
    obsolete = [entry for entry in entries if entry.obsolete]
    assert not untranslated, f"untranslated in {language}:\n{_describe(untranslated)}"
    assert not fuzzy, f"fuzzy in {language}:\n{_describe(fuzzy)}"
    assert not obsolete, f"obsolete in {language}:\n{_describe(obsolete)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_the_polish_text(language):
    broken = []
    for entry in _po_entries(_catalogue_path(language, "po")):
        polish = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        if any(set(PLACEHOLDER.findall(text)) != polish for text in entry.msgstrs):
            broken.append(entry)

    assert not broken, f"placeholders differ in {language}:\n{_describe(broken)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_current_po_file(language):
    entries = _po_entries(_catalogue_path(language, "po"))
    compiled = _mo_messages(_catalogue_path(language, "mo"))
    compiled.pop("", None)  # the header

    expected = {entry.mo_key: "\0".join(entry.msgstrs) for entry in entries}
    stale = sorted(key for key in expected if compiled.get(key) != expected[key])
    assert not stale, f"run compilemessages; {language}.mo differs for: {stale[:20]}"
    assert set(compiled) == set(expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_serves_each_translation_of_the_catalogue(language):
    wrong = []
    with translation.override(language):
        for entry in _po_entries(_catalogue_path(language, "po")):
            if entry.msgid_plural is None:
                served = (
                    translation.gettext(entry.msgid)
                    if entry.context is None
                    else translation.pgettext(entry.context, entry.msgid)
                )
                if served != entry.msgstrs[0]:
                    wrong.append(entry)
                continue
            for form, number in enumerate(PLURAL_FORM_SAMPLES[language]):
                if entry.context is None:
                    served = translation.ngettext(entry.msgid, entry.msgid_plural, number)
                else:
                    served = translation.npgettext(
                        entry.context, entry.msgid, entry.msgid_plural, number
                    )
                if served != entry.msgstrs[form]:
                    wrong.append(entry)
                    break

    assert not wrong, f"Django serves something else in {language} for:\n{_describe(wrong)}"
