"""Every sentence a person reads, in Chinese by default and in English where the ``language``
setting asks for it. The sentences are data (``data/messages.csv``: a code, then one template per
language, with named fields); codes (statuses, rules, reasons) never change with the language.

The language is per process: the commands set it from the settings, and the flow sets it in
every worker before a file is read (``Reference.language``).
"""

from __future__ import annotations

import os
from functools import lru_cache

from ogi_data import catalog

LANGUAGES = ("zh", "en")
_state = {"language": os.environ.get("OGI_LANGUAGE", "zh") if os.environ.get("OGI_LANGUAGE") in LANGUAGES
          else "zh"}


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """code → {language → template}."""
    return {row["code"]: {lang: row[lang] for lang in LANGUAGES} for row in catalog.rows("messages")}


def set_language(language: str) -> None:
    """Use ``language`` (``zh`` or ``en``) for the sentences this process makes from now on."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    _state["language"] = language


def language() -> str:
    """The language this process writes its sentences in."""
    return _state["language"]


def say(code: str, /, **fields: object) -> str:
    """The sentence ``code`` in the current language, its named fields filled in (a template may
    leave some out: the two languages name things differently)."""
    return messages()[code][_state["language"]].format(**fields)


def sql_messages(language_code: str) -> list[tuple[str, str]]:
    """(code, template) of the sentences the warehouse's SQL writes (codes ``sql_*``), in one language."""
    return [(code, by_lang[language_code]) for code, by_lang in messages().items() if code.startswith("sql_")]
