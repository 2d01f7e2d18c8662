"""The map labels moved to :mod:`siting.i18n` (every output's text in one place); this name keeps working."""

from siting.i18n import LABELS, LANGS, VALUES, check_lang, money, tr, value

__all__ = ["LABELS", "LANGS", "VALUES", "check_lang", "money", "tr", "value"]
