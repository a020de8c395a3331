"""Facts that hold on pages from sites without a pack (issue 9, item 4).

With no site pack, the page's chrome is still in the text the facts are read from: logo
captions, career-site banners, UI strings, breadcrumbs, the board's name, its salary
estimate. None of them is a title, a company or the posting's pay.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from jobdesk.core.facts import extract
from jobdesk.core.rules import load_rules

PAY_KEYS = {"text", "source", "span", "min", "max", "currency", "period", "location"}


def facts(text: str, **kw: Any) -> dict[str, Any]:
    out = extract(text, text, [], **kw).to_json()
    json.dumps(out)
    return out


# ------------------------------------------------------------------------------- pay


def test_the_site_estimate_gives_way_to_the_posting_pay() -> None:
    text = (
        "Data Analyst\nAcme\n\nSalary estimate\n$60,000 - $75,000 a year\n\n"
        "We analyse data.\nThe base salary for this role is $70,000 - $80,000 per year.\n"
    )
    out = facts(text)
    assert [(p["min"], p["max"]) for p in out["pay"]] == [(70_000, 80_000)]
    assert set(out["pay"][0]) == PAY_KEYS  # the shape of a pay fact is unchanged


def test_an_estimate_alone_is_reported_as_one() -> None:
    text = "Data Analyst\nAcme\n\n$60K - $75K (Glassdoor est.)\n\nWe analyse data.\n"
    out = facts(text)
    (p,) = out["pay"]
    assert (p["min"], p["max"], p["estimate"]) == (60_000, 75_000, True)
    assert set(p) == PAY_KEYS | {"estimate"}


def test_the_employer_estimate_is_the_pay() -> None:
    text = "Data Analyst\nAcme\n\n$60K - $75K (Employer est.)\n\nWe analyse data.\n"
    (p,) = facts(text)["pay"]
    assert "estimate" not in p and (p["min"], p["max"]) == (60_000, 75_000)


def test_jsonld_estimated_salary_is_an_estimate() -> None:
    est = {
        "@type": "JobPosting",
        "title": "Data Analyst",
        "estimatedSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"minValue": 50000, "maxValue": 60000, "unitText": "YEAR"},
        },
    }
    out = facts("Data Analyst\n\nWe analyse data.\n", jsonld=est)
    assert out["pay"][0]["estimate"] is True
    out = facts("Data Analyst\n\nWe analyse data.\nSalary: $55,000 - $65,000 a year\n", jsonld=est)
    assert [(p["min"], p["max"]) for p in out["pay"]] == [(55_000, 65_000)]
    assert out["conflicts"] == []  # an estimate that differs is no disagreement
    base = dict(est, baseSalary=est["estimatedSalary"])
    del base["estimatedSalary"]
    assert "estimate" not in facts("Data Analyst\n", jsonld=base)["pay"][0]


def test_bonus_and_stipend_are_not_the_pay() -> None:
    text = (
        "Data Analyst\nAcme\n\nWe analyse data.\n"
        "Salary: $90,000 - $110,000, plus a $10,000 sign-on bonus.\n"
        "A $1,500 home-office stipend every year.\n"
    )
    assert [(p["min"], p["max"]) for p in facts(text)["pay"]] == [(90_000, 110_000)]


def test_both_ends_of_a_french_range() -> None:
    text = "Data Analyst\nAcme\n\nSalaire : 42K à 48K € brut par an\n"
    (p,) = facts(text)["pay"]
    assert (p["min"], p["max"], p["currency"], p["period"]) == (42_000, 48_000, "EUR", "year")


# --------------------------------------------------------------------------- company

BODY = (
    "\nAbout the role\nYou will build our APIs, review code and mentor engineers in a small "
    "team that ships every week.\nWe offer great benefits.\n"
)


def block(line: str) -> str:
    """A title / company / place block, with ``line`` where the company goes."""
    return f"Senior Backend Engineer\n{line}\nBerlin, Germany\n{BODY}"


@pytest.mark.parametrize(
    "line",
    [
        "Acme logo",
        "Logo Acme",
        "Acme-Logo",
        "Acme Logo Image",
        "Acme Careers",
        "Acme - Careers",
        "Careers at Acme",
        "Acme Jobs",
        "Jobs at Acme",
        "Karriere bei Acme",
        "Acme Karriere",
        "Carrières Acme",
        "Empleo en Acme",
        "Trabaja con nosotros en Acme",
        "Lavora con noi - Acme",
        "Werken bij Acme",
        "Vagas Acme",
    ],
)
def test_company_is_not_a_logo_caption_or_a_careers_banner(line: str) -> None:
    out = facts(block(line))
    assert out["company"] is not None and out["company"]["value"] == "Acme"
    assert out["company"]["text"] == "Acme"  # the span is the name alone


@pytest.mark.parametrize(
    "line",
    [
        "Munich",
        "New York",
        "London",
        "Paris",
        "Bavaria",
        "Île-de-France",
        "Germany",
        "United Kingdom",
        "Greater London Area",
        "San Francisco Bay Area",
        "EMEA",
    ],
)
def test_company_is_not_a_place(line: str) -> None:
    assert facts(block(line))["company"] is None


@pytest.mark.parametrize(
    "line",
    [
        "Research and Development",
        "Data & Analytics",
        "Sales & Marketing",
        "Engineering Team",
        "Product Engineering",
        "Human Resources Department",
        "People Operations",
        "Recursos Humanos",
        "Vertrieb",
        "Ressources humaines",
    ],
)
def test_company_is_not_a_department(line: str) -> None:
    assert facts(block(line))["company"] is None


@pytest.mark.parametrize(
    "line",
    [
        "Acme Group",
        "Berlin Brands Group",
        "Paris Baguette",
        "Jobs for the Future",
        "Careers Australia",
        "Cloud Software Group",
        "NICE",
        "Randstad",
        "Workday",  # a job site's name may be the employer: they hire too
    ],
)
def test_companies_named_like_those_stay(line: str) -> None:
    out = facts(block(line))
    assert out["company"] is not None and out["company"]["value"] == line


def test_labelled_company_is_stripped_too() -> None:
    out = facts("Job title: Data Analyst\nCompany: Acme Careers\n" + BODY)
    assert out["company"]["value"] == "Acme"
    assert facts("Job title: Data Analyst\nCompany: Human Resources\n" + BODY)["company"] is None


def test_company_never_runs_over_a_line_break() -> None:
    out = facts("StepStone\nSachbearbeiter Buchhaltung\nAcme GmbH\nBerlin\n" + BODY)
    assert out["company"] is not None and "\n" not in out["company"]["value"]
    assert out["company"]["value"] == "Acme GmbH"


def test_jsonld_company_loses_its_careers_banner() -> None:
    jl = {"@type": "JobPosting", "hiringOrganization": {"name": "Acme Careers"}}
    assert facts("Data Analyst\n" + BODY, jsonld=jl)["company"]["value"] == "Acme"


# ----------------------------------------------------------------------------- title

TITLE = "Backend-Entwickler (m/w/d)"  # no English role noun: the first title-like line wins


@pytest.mark.parametrize(
    "ui",
    [
        # en
        "Apply",
        "Apply now",
        "Save job",
        "Share this job",
        "Sign in",
        "Job details",
        "Jobs",
        "Home",
        "Search",
        "Search jobs",
        "Menu",
        "Back to search",
        "Back to search results",
        # de
        "Jetzt bewerben",
        "Speichern",
        "Teilen",
        "Anmelden",
        "Stellenangebote",
        "Stellenanzeige",
        "Startseite",
        "Zurück zur Suche",
        # fr
        "Postuler",
        "Enregistrer",
        "Partager",
        "Se connecter",
        "Offres d'emploi",
        "Accueil",
        "Retour aux résultats",
        "Détails de l'offre",
        # es
        "Postularme",
        "Guardar",
        "Compartir",
        "Iniciar sesión",
        "Empleos",
        "Ofertas de empleo",
        "Inicio",
        "Buscar",
        "Volver a la búsqueda",
        # it
        "Candidati",
        "Salva",
        "Condividi",
        "Accedi",
        "Offerte di lavoro",
        "Cerca",
        "Torna alla ricerca",
        # nl
        "Solliciteren",
        "Opslaan",
        "Delen",
        "Inloggen",
        "Vacatures",
        "Zoeken",
        "Terug naar zoekresultaten",
        # pt
        "Candidatar-se",
        "Candidate-se",
        "Salvar",
        "Partilhar",
        "Entrar",
        "Vagas",
        "Empregos",
        "Pesquisar",
        "Voltar à pesquisa",
        # breadcrumbs
        "Home > Jobs > Engineering",
        "Startseite › Stellenangebote › IT",
        "Accueil / Offres d'emploi / Informatique",
    ],
)
def test_title_is_not_a_ui_string(ui: str) -> None:
    out = facts(f"{ui}\n{TITLE}\nAcme GmbH\n{BODY}")
    assert out["title"] is not None and out["title"]["value"] == TITLE


@pytest.mark.parametrize(
    "board",
    [
        "Indeed",
        "StepStone",
        "Welcome to the Jungle",
        "Glassdoor",
        "LinkedIn",
        "Xing",
        "InfoJobs",
        "Jobs.ch",
        "Monster.de",
        "HelloWork",
        "Nationale Vacaturebank",
        "Acme Careers",
    ],
)
def test_title_is_not_a_site_name(board: str) -> None:
    out = facts(f"{board}\n{TITLE}\nAcme GmbH\n{BODY}")
    assert out["title"] is not None and out["title"]["value"] == TITLE


def test_no_site_pack_name_is_a_title() -> None:
    # the packs of web sites (a recruiter e-mail pack is a kind of text, not a site)
    packs = [p for p in load_rules(user_dir=False).packs if p.urls]
    assert packs
    for pack in packs:
        for name in {pack.name, pack.id}:
            out = facts(f"{name}\n{TITLE}\nAcme GmbH\n{BODY}")
            assert out["title"] is not None and out["title"]["value"] == TITLE, name


@pytest.mark.parametrize(
    "page_title",
    ["Job details - StepStone", "Apply now | Indeed", "Stellenangebote | Acme Karriere"],
)
def test_page_title_ui_strings_are_not_the_title(page_title: str) -> None:
    out = facts(f"{TITLE}\n{BODY}", page_title=page_title)
    assert out["title"] is not None and out["title"]["value"] == TITLE


def test_a_careers_page_title_names_the_company() -> None:
    out = facts(f"{TITLE}\n{BODY}", page_title=f"{TITLE} - Acme Careers")
    assert out["title"]["value"] == TITLE
    assert out["company"] is not None and out["company"]["value"] == "Acme"


@pytest.mark.parametrize("label", ["Salary estimate", "Estimated salary", "Gehaltsschätzung"])
def test_title_is_not_the_salary_estimate_label(label: str) -> None:
    out = facts(f"{label}\n$41,000 - $52,000 a year\n{TITLE}\nAcme GmbH\n{BODY}")
    assert out["title"] is not None and out["title"]["value"] == TITLE


def test_a_run_together_paste_below_the_chrome_still_has_its_title() -> None:
    glued = (
        "Senior Software Engineer - Canada   Duration: Permanent   Location: Canada (Remote)   "
        "We build search for a large image catalogue and need engineers who have run big "
        "distributed systems. You will lead the design of our ranking service."
    )
    out = facts(f"Sign in\nBack to search results\n{glued}\n")
    assert out["title"] is not None
    assert out["title"]["value"] == "Senior Software Engineer - Canada"


@pytest.mark.parametrize(
    "heading",
    [
        "Jobs in Berlin",
        "1.234 Stellenangebote in München",
        "Offres d'emploi à Paris",
        "Empleos en Madrid",
        "Vacatures in Amsterdam",
        "Vagas em Lisboa",
        "Offerte di lavoro a Milano",
        "235 Software Engineer jobs in London",
    ],
)
def test_title_is_not_a_search_heading(heading: str) -> None:
    out = facts(f"{heading}\n{TITLE}\nAcme GmbH\n{BODY}")
    assert out["title"] is not None and out["title"]["value"] == TITLE
