"""The typed registry of e-service plugins, with a decorator that rejects duplicates."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .base import EService

IDENTIFIER_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class DuplicateEService(Exception):
    """Two plugins claimed the same identifier."""


class UnknownEService(LookupError):
    """No plugin is registered under the identifier."""


class Registry:
    """Plugins by identifier. Tests build their own instead of patching the global one."""

    def __init__(self) -> None:
        self._plugins: dict[str, EService] = {}

    def register(self, identifier: str) -> Callable[[type[EService]], type[EService]]:
        """Class decorator: ``@registry.register("tax-account")``."""

        def decorator(cls: type[EService]) -> type[EService]:
            if not IDENTIFIER_PATTERN.match(identifier):
                raise ValueError(
                    f"E-service identifier {identifier!r} must be lowercase words joined by '-'."
                )
            if not issubclass(cls, EService):
                raise TypeError(f"{cls.__qualname__} is not a subclass of EService.")
            if identifier in self._plugins:
                existing = type(self._plugins[identifier])
                raise DuplicateEService(
                    f"E-service {identifier!r} is already registered by "
                    f"{existing.__module__}.{existing.__qualname__}."
                )
            cls.identifier = identifier
            self._plugins[identifier] = cls()
            return cls

        return decorator

    def get(self, identifier: str) -> EService:
        """The plugin registered under ``identifier``; UnknownEService otherwise."""
        try:
            return self._plugins[identifier]
        except KeyError:
            raise UnknownEService(identifier) from None

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._plugins

    def __iter__(self) -> Iterator[EService]:
        return iter(sorted(self._plugins.values(), key=lambda plugin: plugin.identifier))

    def __len__(self) -> int:
        return len(self._plugins)

    def choices(self) -> list[tuple[str, str]]:
        """(identifier, verbose name) pairs for editor forms."""
        return [(plugin.identifier, str(plugin.verbose_name)) for plugin in self]


#: The portal's registry; plugins register with ``@register("identifier")``.
registry = Registry()
register = registry.register
