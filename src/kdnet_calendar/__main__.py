"""``python -m kdnet_calendar`` runs the command line."""

from .cli import entry

entry()
