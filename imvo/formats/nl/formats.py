"""Dutch formats; dates as the Dutch write them (16-10-2025, 16 oktober 2025)."""

from django.conf.locale.nl.formats import *  # noqa: F403

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d-%m-%y", "%d/%m/%Y"]
