"""The watcher's settings: the ``watch`` section of the configuration, with these defaults where it has none.

The constants below are the shipped defaults; a configuration that has a ``watch`` section overrides them key
by key (``watch.delay_s`` and so on, the constant's name in lower case without ``DEFAULT_``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .. import __version__

DEFAULT_INTERVAL_S = 900.0  # between the starts of two passes; ministries publish a few items a day
DEFAULT_DELAY_S = 2.0  # at least this long between the end of one request and the next to the same host
DEFAULT_TIMEOUT_S = 20.0  # for a whole request: connecting, waiting and reading the body
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # a feed or a page larger than this is refused (ministry pages: ~100 kB)
DEFAULT_MAX_ATTEMPTS = 3  # passes that try an item again after a network or server error, before giving up
DEFAULT_USER_AGENT = ""  # empty: diplograph/<version> and what it is; a deployment adds its contact


def user_agent(given: str = "") -> str:
    return given or f"diplograph/{__version__} (diplomatic event coder; set watch.user_agent to add a contact)"


@dataclass(frozen=True)
class Settings:
    interval_s: float = DEFAULT_INTERVAL_S
    delay_s: float = DEFAULT_DELAY_S
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    user_agent: str = DEFAULT_USER_AGENT

    @classmethod
    def from_config(cls, config) -> Settings:
        """The ``watch`` section of a ``Config`` (or a mapping of its keys), the defaults where it has none."""
        try:
            section = config["watch"]
        except (KeyError, TypeError):
            section = {}
        return cls(**{f.name: section[f.name] for f in fields(cls) if f.name in section})

    @property
    def agent(self) -> str:
        return user_agent(self.user_agent)
