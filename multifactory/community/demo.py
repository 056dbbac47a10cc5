"""The demo community: R84 in Mantua (about forty companies) and the smaller Risma11.

Everything goes through the community services, so the audit trail, the
notifications and the e-mails of the demo are the real ones. The data depend only on
a fixed seed and on today's date, so every run builds the same community.
`load()` is what the `demo` command runs: the community first, then `build(demo)` of
every other installed app that has a `demo` module, in INSTALLED_APPS order.
"""

import importlib
import importlib.util
import random
import time
import unicodedata
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from multifactory.audit.models import AuditEvent
from multifactory.audit.services import audit_events_purge, audit_record
from multifactory.community import services
from multifactory.community.demo_context import DEMO_PASSWORD, DemoContext
from multifactory.community.models import (
    MandateKind,
    Multifactory,
    Organization,
    OrganizationStatus,
    Person,
    Role,
)
from multifactory.community.purge import multifactory_purge
from multifactory.notifications.services import notify

SEED = 84
DEMO_TIME_ZONE = "Europe/Rome"
MAIN_SLUG = "r84"
SECOND_SLUG = "risma11"
DEMO_SLUGS = (MAIN_SLUG, SECOND_SLUG)
MAIN_DOMAIN = "r84.example"
SECOND_DOMAIN = "risma.example"
DEMO_DOMAINS = (MAIN_DOMAIN, SECOND_DOMAIN)

FOUNDER_EMAIL = f"giulia@{MAIN_DOMAIN}"
SECOND_FOUNDER_EMAIL = f"roberto@{SECOND_DOMAIN}"

FIRST_NAMES = (
    "Alessandro",
    "Alessia",
    "Andrea",
    "Angela",
    "Anna",
    "Antonio",
    "Beatrice",
    "Carlo",
    "Caterina",
    "Chiara",
    "Claudia",
    "Cristina",
    "Daniele",
    "Davide",
    "Edoardo",
    "Elena",
    "Elisa",
    "Emma",
    "Enrico",
    "Federica",
    "Federico",
    "Filippo",
    "Francesca",
    "Francesco",
    "Gabriele",
    "Giacomo",
    "Giorgia",
    "Giovanni",
    "Ilaria",
    "Irene",
    "Jacopo",
    "Laura",
    "Lorenzo",
    "Lucia",
    "Manuela",
    "Marco",
    "Martina",
    "Massimo",
    "Matilde",
    "Matteo",
    "Michele",
    "Nicola",
    "Noemi",
    "Paola",
    "Paolo",
    "Pietro",
    "Riccardo",
    "Roberta",
    "Sofia",
    "Stefano",
    "Tommaso",
    "Valentina",
    "Valerio",
    "Veronica",
    "Vittoria",
)
LAST_NAMES = (
    "Bassi",
    "Benedetti",
    "Bertolini",
    "Bianchi",
    "Bonfanti",
    "Brunelli",
    "Caleffi",
    "Cavalli",
    "Colombo",
    "Conti",
    "Costa",
    "De Angelis",
    "Ferrari",
    "Fontana",
    "Galli",
    "Gatti",
    "Gentile",
    "Giordano",
    "Greco",
    "Lombardi",
    "Longhi",
    "Malavasi",
    "Mancini",
    "Marchi",
    "Martinelli",
    "Mazza",
    "Messina",
    "Montanari",
    "Negri",
    "Orlandi",
    "Pavesi",
    "Pellegrini",
    "Ricci",
    "Rinaldi",
    "Rizzi",
    "Romano",
    "Rossi",
    "Russo",
    "Sartori",
    "Serra",
    "Testa",
    "Valenti",
    "Villa",
    "Zanardi",
    "Zanetti",
)


@dataclass(frozen=True)
class Company:
    name: str
    kind: str
    sector: str  # NACE Rev. 2 section
    stage: str
    produces: str
    description: str
    headcount: int = 1
    status: str = OrganizationStatus.MEMBER
    # Named people (full name, e-mail) come first; the first one is a representative.
    people: tuple[tuple[str, str], ...] = ()


def _c(name, kind, sector, stage, produces, description, headcount=1, **extra):
    return Company(name, kind, sector, stage, produces, description, headcount, **extra)


MAIN_COMPANIES = (
    _c(
        "Officina della Carta",
        "artist",
        "R",
        "mature",
        "Paper-art installations, pop-up books and shop-window displays",
        "Cuts, folds and glues paper into scenery for shops, theatres and museums. "
        "Runs the paper workshop for the schools of Mantua.",
        2,
        people=(("Giulia Ferri", FOUNDER_EMAIL),),
    ),
    _c(
        "Atelier Sara",
        "artisan",
        "C",
        "growing",
        "Made-to-measure clothes and a small women's collection each season",
        "A fashion atelier: patterns, cutting and sewing in-house, fabrics from "
        "Italian mills, alterations for the neighbourhood.",
        2,
        people=(("Sara Galli", f"sara@{MAIN_DOMAIN}"),),
    ),
    _c(
        "Elettrica Luca",
        "sme",
        "F",
        "mature",
        "Electrical installations for homes and workshops, lighting design",
        "Wires workshops, offices and homes; keeps the multifactory's own "
        "installation in order and certifies the machines' power supply.",
        3,
        people=(("Luca Moretti", f"luca@{MAIN_DOMAIN}"),),
    ),
    _c(
        "Compagnia Teatrale Ventaglio",
        "association",
        "R",
        "mature",
        "Touring theatre productions and drama workshops for schools",
        "A theatre company that rehearses in the big hall, builds its own sets "
        "with the carpenters and brings two productions a year on tour.",
        4,
    ),
    _c(
        "Chiara Pellegrini Illustrazioni",
        "freelancer",
        "R",
        "growing",
        "Illustrations for children's books, posters and packaging",
        "Draws by hand and digitally for publishers in Italy and abroad.",
    ),
    _c(
        "Nido d'Inchiostro",
        "cooperative",
        "R",
        "starting",
        "Illustrated maps, comics and risograph prints",
        "Three illustrators sharing a studio and a risograph printer.",
        3,
    ),
    _c(
        "Studio Bertoni Architetti",
        "sme",
        "M",
        "mature",
        "Architectural design and renovation of industrial buildings",
        "Specialised in giving disused factories a second life; designed the "
        "private units of the multifactory.",
        3,
    ),
    _c(
        "Lato B Architettura",
        "freelancer",
        "M",
        "starting",
        "Interior design for shops and small homes",
        "A young architect who also designs furniture with the carpenters.",
    ),
    _c(
        "Fanali Padani",
        "sme",
        "C",
        "mature",
        "LED rear lights and signal lamps for trucks and trailers",
        "Assembles and tests truck lights from components made in the Po valley; "
        "ships to body builders across Europe.",
        4,
    ),
    _c(
        "Elena Sartori Nutrizionista",
        "freelancer",
        "Q",
        "starting",
        "Nutrition consultations and cooking classes",
        "A nutritionist who sees clients in her unit and runs lunch workshops in "
        "the common kitchen.",
        people=(("Elena Sartori", f"elena@{MAIN_DOMAIN}"),),
    ),
    _c(
        "Cascina Le Rogge",
        "cooperative",
        "A",
        "growing",
        "Organic vegetables, eggs and a weekly vegetable box",
        "A farm outside the city that uses the multifactory as its pick-up point "
        "and leads the reforestation project.",
        3,
    ),
    _c(
        "Segno Grafico",
        "freelancer",
        "M",
        "growing",
        "Visual identities, books and signage",
        "A graphic designer; made the multifactory's logo and signage.",
    ),
    _c(
        "Sicura Forniture",
        "sme",
        "G",
        "mature",
        "Protective clothing, gloves and safety signage",
        "Supplies workshops and building sites with safety gear and advises "
        "members on the rules for their machines.",
        2,
    ),
    _c(
        "Ciclofficina Raggi",
        "artisan",
        "S",
        "starting",
        "Bicycle repairs and refurbished city bikes",
        "Repairs bikes and runs the cycling club's Saturday rides.",
        2,
    ),
    _c(
        "Terra Cruda Ceramiche",
        "artisan",
        "C",
        "starting",
        "Hand-thrown tableware and ceramic tiles",
        "A ceramicist with a wheel and an electric kiln shared with members.",
        people=(("Noemi Caleffi", f"noemi@{MAIN_DOMAIN}"),),
    ),
    _c(
        "Falegnameria Mantovani",
        "artisan",
        "C",
        "mature",
        "Custom furniture, shop fittings and stage sets",
        "A carpenter's workshop with a panel saw and a CNC router that trains "
        "members to use the wood machines.",
        3,
        people=(("Marco Mantovani", f"marco@{MAIN_DOMAIN}"),),
    ),
    _c(
        "Onda Lunga Studio",
        "freelancer",
        "J",
        "growing",
        "Sound recording, mixing and live sound",
        "A sound engineer with a small recording room; does the sound for the "
        "open days and the theatre company.",
    ),
    _c(
        "Luce Ferma Fotografia",
        "freelancer",
        "M",
        "mature",
        "Product and architecture photography",
        "Photographs the members' products for their catalogues.",
    ),
    _c(
        "Filo3D",
        "startup",
        "C",
        "starting",
        "3D-printed spare parts and prototypes",
        "Prints small series in recycled plastics.",
        2,
    ),
    _c(
        "Fotogramma Video",
        "freelancer",
        "J",
        "growing",
        "Corporate videos and documentaries",
        "Films the members at work; moving to a larger studio next season.",
        status=OrganizationStatus.LEAVING,
    ),
    _c(
        "Bit Sartoriale",
        "startup",
        "J",
        "growing",
        "Web sites and online shops for makers",
        "Builds e-commerce for artisans and looks after the multifactory's network.",
        3,
    ),
    _c(
        "Tappezzeria Nuvola",
        "artisan",
        "C",
        "mature",
        "Upholstery and re-covering of chairs and sofas",
        "Works with the carpenters on restored furniture.",
    ),
    _c(
        "Oro Lento Gioielli",
        "artisan",
        "C",
        "growing",
        "Hand-made silver and gold jewellery",
        "A jeweller's bench and a small casting set-up.",
    ),
    _c(
        "Parole Ponte Traduzioni",
        "freelancer",
        "M",
        "mature",
        "Translations between Italian, English and German",
        "Translates catalogues and funding applications for the members.",
    ),
    _c(
        "Legatoria del Mincio",
        "artisan",
        "C",
        "mature",
        "Hand-bound notebooks, albums and book restoration",
        "A bookbinder working with the paper-art workshop.",
    ),
    _c(
        "Riuso Mincio",
        "cooperative",
        "E",
        "growing",
        "Recovered wood and materials from demolitions",
        "A social cooperative that collects, sorts and resells materials; runs "
        "the multifactory's surplus corner.",
        4,
    ),
    _c(
        "Associazione Quartiere Vivo",
        "association",
        "S",
        "mature",
        "Neighbourhood events and a weekly after-school club",
        "Connects the multifactory with the neighbourhood.",
        2,
    ),
    _c(
        "Corpo Libero Fisioterapia",
        "freelancer",
        "Q",
        "growing",
        "Physiotherapy and posture classes for craftspeople",
        "Treats the aches of people who work standing at a bench.",
    ),
    _c(
        "Cuoio e Filo",
        "artisan",
        "C",
        "growing",
        "Leather bags and belts",
        "Cuts and stitches leather by hand.",
    ),
    _c(
        "Ferro Battuto Gatti",
        "artisan",
        "C",
        "mature",
        "Wrought-iron gates, railings and furniture frames",
        "A blacksmith with a forge and a welding bay.",
        2,
    ),
    _c(
        "Laser Lab Mantova",
        "startup",
        "C",
        "growing",
        "Laser-cut signs, gadgets and small series",
        "Owns the laser cutter the members share and trains them to use it.",
        2,
        people=(("Pietro Longhi", f"pietro@{MAIN_DOMAIN}"),),
    ),
    _c(
        "Conti Chiari",
        "freelancer",
        "M",
        "mature",
        "Bookkeeping and tax advice for small firms",
        "An accountant who helps the treasurer close the periods.",
    ),
    _c(
        "Scuola di Musica Pentagramma",
        "association",
        "P",
        "mature",
        "Music lessons for children and adults",
        "Teaches in the sound-proofed rooms in the afternoons.",
        3,
    ),
    _c(
        "Robotica Gioco",
        "startup",
        "P",
        "starting",
        "Educational robotics kits and courses",
        "Designs robot kits for primary schools.",
        2,
    ),
    _c(
        "Apicoltura Dolce Argine",
        "artisan",
        "A",
        "growing",
        "Honey, beeswax and pollination services",
        "Keeps hives along the river banks and in the multifactory's garden.",
    ),
    _c(
        "Torrefazione Lenta",
        "sme",
        "C",
        "growing",
        "Small-batch roasted coffee",
        "Roasts coffee for local bars; supplies the common kitchen.",
        2,
    ),
    _c(
        "Stamperia Zeta",
        "artisan",
        "C",
        "growing",
        "Screen-printed T-shirts, bags and posters",
        "Prints for bands, events and the members' merchandise.",
        2,
    ),
    _c(
        "Passaparola Comunicazione",
        "freelancer",
        "M",
        "starting",
        "Social media and press relations",
        "Runs the multifactory's social accounts and open-day campaign.",
    ),
    _c(
        "Restauri Gonzaga",
        "artisan",
        "S",
        "mature",
        "Restoration of antique furniture and gilded frames",
        "Restores furniture for private clients and churches.",
    ),
    _c(
        "Cucina Nomade",
        "sme",
        "I",
        "growing",
        "Catering for events with local produce",
        "Cooks for the open days with vegetables from the farm.",
        3,
    ),
    _c(
        "Riparo Elettronica",
        "artisan",
        "S",
        "starting",
        "Repair of electronics and small appliances",
        "Runs the monthly repair café.",
    ),
    _c(
        "Birrificio del Ponte",
        "sme",
        "C",
        "growing",
        "Craft beer",
        "A micro-brewery that grew out of its unit and moved to a larger building.",
        2,
        status=OrganizationStatus.FORMER,
    ),
    _c(
        "Vetro Soffiato Nardi",
        "artisan",
        "C",
        "starting",
        "Blown-glass lamps and tableware",
        "A glass-blower looking for a unit with good ventilation.",
        status=OrganizationStatus.APPLICANT,
    ),
    _c(
        "Erbe di Campo Cosmetici",
        "startup",
        "C",
        "starting",
        "Natural soaps and cosmetics from local herbs",
        "Would source herbs from the farm and share the kitchen's equipment.",
        2,
        status=OrganizationStatus.APPLICANT,
    ),
    _c(
        "Drone Rilievi",
        "startup",
        "M",
        "starting",
        "Aerial surveys of buildings and fields",
        "Surveys roofs and crops with drones.",
        status=OrganizationStatus.APPLICANT,
    ),
)

SECOND_COMPANIES = (
    _c(
        "Sartoria Marta",
        "artisan",
        "C",
        "growing",
        "Costumes for theatre and opera",
        "Designs and sews stage costumes.",
        2,
        people=(("Marta Bonfanti", f"marta@{SECOND_DOMAIN}"),),
    ),
    _c(
        "Neri Design",
        "freelancer",
        "M",
        "mature",
        "Product design for furniture makers",
        "Designs furniture and lamps for small manufacturers.",
        people=(("Roberto Neri", SECOND_FOUNDER_EMAIL),),
    ),
    _c(
        "Officina Meccanica Bassi",
        "sme",
        "C",
        "mature",
        "Precision turning and milling",
        "A machine shop that makes parts for the other members' prototypes.",
        3,
    ),
    _c(
        "Pixel Grezzo",
        "startup",
        "J",
        "starting",
        "Video games for schools",
        "Two developers and an artist.",
        3,
    ),
    _c(
        "Verde Verticale",
        "cooperative",
        "A",
        "growing",
        "Green walls and roof gardens",
        "Designs and maintains green walls.",
        2,
    ),
    _c(
        "Studio Legale Serra",
        "freelancer",
        "M",
        "mature",
        "Legal advice for cooperatives and associations",
        "Helped write the multifactory's charter.",
    ),
    _c(
        "Coro e Voce",
        "association",
        "R",
        "mature",
        "Choir concerts and singing lessons",
        "Rehearses in the common hall on weekday evenings.",
        2,
    ),
    _c(
        "Forno Comune",
        "sme",
        "I",
        "starting",
        "Sourdough bread and a lunch counter",
        "Bakes for the members and the neighbourhood.",
        2,
    ),
)

MAIN_PUBLIC_PAGE = """\
**R84** is a multifactory in Mantua: about forty independent companies —
craftspeople, designers, a theatre company, a farm, small manufacturers — sharing
a former industrial building and running it together.

Each company has its own unit; the kitchen, the meeting rooms, the garden and the
shared machines (laser cutter, wood workshop, kiln) belong to everybody. The building
is open 24 hours and has no reception: the members look after it.

We open our doors on open days and when we publish an open call for new members.
"""

SECOND_PUBLIC_PAGE = """\
**Risma11** is a small multifactory of eight companies — a costume maker, a machine
shop, designers and a bakery — sharing a workshop building and its common kitchen.
"""


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class _Builder:
    """Creates people and companies through the services, remembering them in `demo`."""

    def __init__(self, demo: DemoContext):
        self.demo = demo
        # One hash for everybody: hashing with Argon2 a hundred times takes seconds.
        self.password_hash = make_password(DEMO_PASSWORD)

    def person(self, email: str, full_name: str, language: str = "en") -> Person:
        person = Person(
            email=email,
            full_name=full_name,
            language=language,
            password=self.password_hash,
            date_joined=timezone.now(),
        )
        person.full_clean()
        person.save()
        audit_record(
            by=person,
            action="person.created",
            target=person,
            changes={"email": email, "source": "demo"},
        )
        self.demo.people[email] = person
        return person

    def generated_person(self, domain: str) -> Person:
        rng = self.demo.rng
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = _ascii(f"{first}.{last}@{domain}".lower().replace(" ", ""))
            if email not in self.demo.people:
                break
        language = "it" if rng.random() < 0.7 else "en"
        return self.person(email, f"{first} {last}", language)

    def company(
        self, multifactory: Multifactory, spec: Company, founder: Person, domain: str
    ) -> Organization:
        rng, today = self.demo.rng, self.demo.today
        joined_on = applied_on = None
        if spec.status == OrganizationStatus.APPLICANT:
            applied_on = today - timedelta(days=rng.randint(3, 40))
        else:
            joined_on = today - timedelta(days=rng.randint(120, 11 * 365))
            applied_on = joined_on - timedelta(days=rng.randint(20, 90))
        organization = services.organization_create(
            by=founder,
            multifactory=multifactory,
            name=spec.name,
            kind=spec.kind,
            sector=spec.sector,
            stage=spec.stage,
            produces=spec.produces,
            description=spec.description,
            is_public=spec.status != OrganizationStatus.APPLICANT
            and rng.random() < 0.8,
            status=(
                OrganizationStatus.APPLICANT
                if spec.status == OrganizationStatus.APPLICANT
                else OrganizationStatus.MEMBER
            ),
            joined_on=joined_on,
            applied_on=applied_on,
        )
        self.demo.companies[organization.slug] = organization
        people = [
            self.demo.people.get(email) or self.person(email, name)
            for name, email in spec.people
        ]
        while len(people) < max(spec.headcount, len(spec.people)):
            people.append(self.generated_person(domain))
        representatives = 2 if len(people) >= 3 and rng.random() < 0.6 else 1
        for position, person in enumerate(people):
            services.membership_add(
                by=founder,
                organization=organization,
                person=person,
                role=Role.REPRESENTATIVE if position < representatives else Role.MEMBER,
            )
        if spec.status == OrganizationStatus.LEAVING:
            services.organization_set_status(
                by=founder,
                organization=organization,
                status=OrganizationStatus.LEAVING,
                on=today - timedelta(days=10),
            )
        elif spec.status == OrganizationStatus.FORMER:
            services.organization_set_status(
                by=founder,
                organization=organization,
                status=OrganizationStatus.FORMER,
                on=today - timedelta(days=rng.randint(60, 200)),
            )
        return organization


def _representative(organization: Organization) -> Person:
    membership = (
        organization.memberships.filter(role=Role.REPRESENTATIVE)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    assert membership is not None, f"{organization} has no representative"
    return membership.person


def build_community(*, today: date | None = None) -> DemoContext:
    """Create R84 and Risma11 with their companies, people, mandates and invitations."""
    # Both demo multifactories are in Italy, in the default zone: "today" is theirs.
    today = today or timezone.localdate(timezone=zoneinfo.ZoneInfo(DEMO_TIME_ZONE))
    # `main` and `second` are set just below, as soon as the multifactories exist.
    demo = DemoContext(
        rng=random.Random(SEED),
        today=today,
        main=None,  # type: ignore[arg-type]
        second=None,  # type: ignore[arg-type]
    )
    builder = _Builder(demo)

    giulia = builder.person(FOUNDER_EMAIL, "Giulia Ferri")
    demo.founder = giulia
    demo.main = services.multifactory_create(
        by=giulia,
        name="R84 Multifactory Mantova",
        slug=MAIN_SLUG,
        address="Mantova (MN), Italy",
        description="About forty independent companies sharing a former factory "
        "in Mantua and running it together.",
        public_page=MAIN_PUBLIC_PAGE,
    )
    for spec in MAIN_COMPANIES:
        builder.company(demo.main, spec, giulia, MAIN_DOMAIN)

    people = demo.people
    theatre = demo.companies["compagnia-teatrale-ventaglio"]
    mandates = [
        (people[f"luca@{MAIN_DOMAIN}"], MandateKind.TREASURER, "", "Common accounts"),
        (people[f"elena@{MAIN_DOMAIN}"], MandateKind.FACILITATOR, "", "Assemblies"),
        (people[f"marco@{MAIN_DOMAIN}"], MandateKind.KEYS_KEEPER, "", "Keys, badges"),
        (people[f"pietro@{MAIN_DOMAIN}"], MandateKind.TRAINER, "", "laser cutter"),
        (people[f"noemi@{MAIN_DOMAIN}"], MandateKind.TRAINER, "", "ceramic kiln"),
        (_representative(theatre), MandateKind.EVENTS_COORDINATOR, "", "Open days"),
        (
            _representative(demo.companies["cascina-le-rogge"]),
            MandateKind.CUSTOM,
            "Garden keeper",
            "Garden and reforestation project",
        ),
    ]
    for person, kind, title, scope in mandates:
        services.mandate_grant(
            by=giulia,
            multifactory=demo.main,
            person=person,
            kind=kind,
            title=title,
            scope=scope,
            starts_on=today,
            ends_on=today + timedelta(days=365),
        )

    # Invitations: three still pending, one accepted by a new colleague.
    sara, luca = people[f"sara@{MAIN_DOMAIN}"], people[f"luca@{MAIN_DOMAIN}"]
    services.invitation_create(
        by=sara,
        organization=demo.companies["atelier-sara"],
        email="anna.conti@example.org",
    )
    services.invitation_create(
        by=luca,
        organization=demo.companies["elettrica-luca"],
        email="matteo.riva@example.org",
    )
    services.invitation_create(
        by=giulia,
        organization=demo.companies["officina-della-carta"],
        email="lucia.pavesi@example.org",
        role=Role.REPRESENTATIVE,
    )
    _invitation, token = services.invitation_create(
        by=people[f"marco@{MAIN_DOMAIN}"],
        organization=demo.companies["falegnameria-mantovani"],
        email=f"nicola@{MAIN_DOMAIN}",
    )
    membership = services.invitation_accept(
        token=token, full_name="Nicola Zanetti", password=DEMO_PASSWORD
    )
    people[membership.person.email] = membership.person

    applicants = Organization.objects.filter(
        multifactory=demo.main, status=OrganizationStatus.APPLICANT
    ).order_by("name")
    notify(
        people=[giulia, people[f"elena@{MAIN_DOMAIN}"]],
        multifactory=demo.main,
        kind="organization_status",
        title=f"{len(applicants)} companies applied to join R84: "
        + ", ".join(a.name for a in applicants),
        url=reverse("community:directory", kwargs={"mf": MAIN_SLUG}),
    )

    roberto = builder.person(SECOND_FOUNDER_EMAIL, "Roberto Neri")
    demo.second = services.multifactory_create(
        by=roberto,
        name="Risma11",
        slug=SECOND_SLUG,
        description="Eight companies sharing a workshop building.",
        public_page=SECOND_PUBLIC_PAGE,
    )
    people[f"marta@{SECOND_DOMAIN}"] = builder.person(
        f"marta@{SECOND_DOMAIN}", "Marta Bonfanti", language="it"
    )
    for spec in SECOND_COMPANIES:
        builder.company(demo.second, spec, roberto, SECOND_DOMAIN)
    services.mandate_grant(
        by=roberto,
        multifactory=demo.second,
        person=_representative(demo.companies["officina-meccanica-bassi"]),
        kind=MandateKind.TREASURER,
        starts_on=today,
        ends_on=today + timedelta(days=365),
    )
    return demo


def demo_exists() -> bool:
    return Multifactory.objects.filter(slug__in=DEMO_SLUGS).exists()


def demo_delete() -> None:
    """Remove both demo multifactories (with everything in them and their audit
    trail) and their people, through the operator's purge (community/purge.py): the
    audit trail is append-only, a plain delete is refused."""
    for multifactory in Multifactory.objects.filter(slug__in=DEMO_SLUGS):
        multifactory_purge(multifactory=multifactory)
    people = Person.objects.filter(
        reduce(or_, (Q(email__iendswith=f"@{domain}") for domain in DEMO_DOMAINS))
    )
    # Their rows under no multifactory (accounts created or changed). Rows they wrote
    # in another multifactory stay, and PROTECT refuses to delete those people.
    audit_events_purge(
        events=AuditEvent.objects.filter(multifactory=None).filter(
            Q(actor__in=people)
            | Q(
                object_type=Person._meta.label_lower,
                object_id__in=[str(pk) for pk in people.values_list("pk", flat=True)],
            )
        )
    )
    people.delete()


def demo_modules() -> list:
    """The `demo` modules of the other installed apps, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if config.name == __package__:
            continue
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "build", None)):
            modules.append(module)
    return modules


@transaction.atomic
def load(
    *,
    reset: bool = False,
    today: date | None = None,
    report: Callable[[str, float], None] | None = None,
) -> DemoContext | None:
    """Build the whole demo; None when it is already there and `reset` is False.

    One transaction: a capability whose demo fails leaves nothing half-built.
    `report(part, seconds)` hears how long each part took.
    """
    if demo_exists() and not reset:
        return None
    # Also clears demo people left behind by a multifactory deleted by hand.
    demo_delete()
    started = time.monotonic()
    demo = build_community(today=today)
    parts = [("community", None), *((m.__name__, m) for m in demo_modules())]
    for name, module in parts:
        if module is not None:
            module.build(demo)
        if report is not None:
            report(
                name.removeprefix("multifactory.").removesuffix(".demo"),
                time.monotonic() - started,
            )
        started = time.monotonic()
    return demo
