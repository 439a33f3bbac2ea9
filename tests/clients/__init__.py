"""The feed tests' clients: independent parsers (ical.js, libical) and shared calendars."""
