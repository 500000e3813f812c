"""Extra links on a unit's public ZI page, contributed by apps above evidence.

evidence may not import scoring (scoring -> evidence -> zi_portal -> areas), so an app that has
something public to show for a unit registers a provider here from its AppConfig.ready(); the
public page calls every provider. scoring.surveys registers the unit's published survey results
(scoring/surveys/apps.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zi_portal.models import Unit

__all__ = ["PublicLink", "public_links", "register_public_links"]


@dataclass(frozen=True)
class PublicLink:
    label: str
    url: str
    note: str = ""


Provider = Callable[[Unit], list[PublicLink]]
_providers: list[Provider] = []


def register_public_links(provider: Provider) -> None:
    """Add a provider (idempotent: a provider registered twice is called once)."""
    if provider not in _providers:
        _providers.append(provider)


def public_links(unit: Unit) -> list[PublicLink]:
    """The links every registered provider offers for the unit, in registration order."""
    return [link for provider in _providers for link in provider(unit)]
