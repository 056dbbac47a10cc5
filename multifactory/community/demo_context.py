"""What the `demo` command hands to each capability that adds demo data.

The command builds the community first (multifactory.community.demo), then calls
`build(demo)` in every other installed app that has a `demo` module, in
INSTALLED_APPS order. Everything is derived from `demo.rng` and `demo.today`, so the
demo is the same on every run.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from multifactory.community.models import Multifactory, Organization, Person

DEMO_PASSWORD = "demo-multifactory"


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    main: Multifactory  # R84-like, about 40 companies
    second: Multifactory  # smaller, same installation
    people: dict[str, Person] = field(default_factory=dict)  # by e-mail
    companies: dict[str, Organization] = field(default_factory=dict)  # by slug
    founder: Person | None = None  # holds the founding mandate of `main`
