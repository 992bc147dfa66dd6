"""System checks that report unreachable services in plain words instead of a traceback."""

from __future__ import annotations

from django.core.checks import CheckMessage, Error, register
from django.db import DatabaseError, connections


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else error.__class__.__name__


def database_status(alias: str = "default") -> str | None:
    """None when the database answers, otherwise one sentence saying why not."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        where = settings_dict.get("HOST") or settings_dict.get("NAME")
        port = settings_dict.get("PORT")
        target = f"{where}:{port}" if port else str(where)
        return (
            f"The database at {target} cannot be reached ({_first_line(error)}); "
            "check DATABASE_URL and that the server is running."
        )
    return None


@register("eurzad_services")
def check_database(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Report a configured database that does not answer."""
    problem = database_status()
    if problem:
        return [Error(problem, id="eurzad.E001")]
    return []
