"""Configuration: ``environments.toml`` read, validated and resolved into an :class:`Environment`.

    >>> from greenlight.config import load_environment
    >>> env = load_environment(Path("environments.toml"), "prod", os.environ)
    >>> env.name, env.sensitive
    ('prod', True)

Nothing here imports pytest: the command line, the gate server and the pytest plugin
all read the file through this package.
"""

from greenlight.config.environment import Environment
from greenlight.config.load import load_environment

__all__ = ["Environment", "load_environment"]
