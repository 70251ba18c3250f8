"""The toolkit a team's ``dsl/`` builds on: aliases, cleanup, eventually, narration, parameters.

    from greenlight.dsl import Aliases, Cleanup, eventually, verb

    class Shop:
        @verb                                   # an Allure step: "register: name=alice"
        def register(self, *, name: str) -> None:
            self.driver.register(self.aliases.real(name))

Nothing here imports pytest; the plugin gives each test its own ``aliases`` and ``cleanup``.
"""

from greenlight.dsl.aliases import Aliases
from greenlight.dsl.cleanup import Cleanup, CleanupFailed
from greenlight.dsl.eventually import eventually
from greenlight.dsl.narration import verb
from greenlight.dsl.params import money, one_of, show_money, table_rows, whole_number

__all__ = [
    "Aliases",
    "Cleanup",
    "CleanupFailed",
    "eventually",
    "money",
    "one_of",
    "show_money",
    "table_rows",
    "verb",
    "whole_number",
]
