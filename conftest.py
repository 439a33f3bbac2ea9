# `python -m kdnet_calendar` runs the command line on import; doctests must not.
collect_ignore = ["src/kdnet_calendar/__main__.py"]
