"""Page chrome that is neither a title nor a company: a job board's name, its buttons,
breadcrumbs and search headings, a logo caption or career-site banner around the employer's
name ("Acme logo", "Careers at Acme" → Acme); and the shapes of a page's <title>."""

from __future__ import annotations

import functools
import re

from jobdesk.core.facts.context import norm, squash
from jobdesk.core.facts.location import looks_like_location
from jobdesk.core.facts.pay import ESTIMATE_LABEL
from jobdesk.core.facts.vocab import fold, names_role

# ------------------------------------------------------------------------ page title

SITE_WORDS = re.compile(
    r"^(?:linkedin|indeed(?:\.com)?|seek|glassdoor|monster|dice|jobindex|greenhouse|lever|"
    r"workday|workable|smartrecruiters|ziprecruiter|remote ?ok|built ?in|careers?|jobs?|"
    r"stepstone|xing|reed|totaljobs|otta|wellfound|angellist|welcome to the jungle|"
    r"hired|simplyhired|careerbuilder|jooble|adzuna|naukri|ashby|getro|bamboohr|"
    r"job ad|job|all jobs|job board|apply)$",
    re.I,
)

# ----------------------------------------- page chrome that is neither a title nor a company
# On a page from a site without a pack the chrome is still in the text the facts are read
# from (issue 9): the board's name, its buttons and breadcrumbs, the employer's logo caption
# and career-site banner, a department or a city next to the title.

# Job boards and ATS vendors (the site packs' names among them): never a title.
_BOARDS = (
    r"linkedin|indeed|seek|glassdoor|monster|dice|jobindex|greenhouse|lever|workday|workable|"
    r"smartrecruiters|ziprecruiter|remote ?ok|built ?in|stepstone|xing|kununu|reed|totaljobs|"
    r"cv-?library|cwjobs|otta|wellfound|angellist|welcome to the jungle|wttj|hired|simplyhired|"
    r"careerbuilder|jooble|adzuna|naukri|foundit|jobstreet|jobsdb|bayt|ashby|getro|bamboohr|"
    r"personio|recruitee|teamtailor|jobvite|icims|taleo|successfactors|breezy(?: hr)?|jazzhr|"
    r"jobteaser|hellowork|apec|cadremploi|france travail|p[ôo]le emploi|meteojob|infojobs|"
    r"computrabajo|tecnoempleo|jobs\.ch|jobup|karriere\.at|stellenanzeigen|"
    r"nationale vacaturebank|werk\.nl|intermediair|jobbird|jobrapido|trovit|net-empregos|"
    r"sapo emprego|itjobs|catho|vagas\.com|talent\.com|jora|usajobs|handshake|remotive|"
    r"we ?work ?remotely|arbeitnow|pracuj|jobnet|finn\.no|efinancialcareers|join\.com|"
    r"freelance\.de|freelancede|freelancermap|waterlooworks|vercel[ -]careers|canada\.ca|canadaca"
)
_BOARD_RE = re.compile(
    rf"^(?:{_BOARDS})(?:\.(?:com|de|fr|es|it|nl|pt|ch|at|be|co\.uk|com\.au|com\.br|dk|io|co))?"
    r"(?:\s+(?:job\s+boards?|jobs))?$",
    re.I,
)
# Buttons, menus and page headings of job sites, in en/de/fr/es/it/nl/pt.
_UI_STRINGS = re.compile(
    r"^(?:"
    r"apply(?: now| here| online| today| for this (?:job|position|role))?|easy apply|quick apply|"
    r"save(?: job| this job)?|saved(?: jobs)?|share(?: (?:this )?job)?|sign in|sign up|log ?in|"
    r"register|join now|job details?|jobs?|all jobs|home|search|search jobs|find jobs|job search|"
    r"menu|back|back to (?:search(?: results)?|results|jobs|job search|listings|all jobs)|next|"
    r"previous|close|print|report(?: this)? job|view job|view all jobs|similar jobs|more jobs|"
    r"job alerts?|create (?:job )?alert|open positions|current openings|vacancies|"
    r"(?:jetzt |direkt |online )?bewerben|speichern|merken|gemerkt|teilen|anmelden|einloggen|"
    r"registrieren|stellenangebote?|stellenanzeigen?|stellenmarkt|startseite|suche|jobsuche|"
    r"men[üu]|zur[üu]ck(?: zur (?:suche|übersicht|trefferliste|jobsuche))?|jobdetails|"
    r"job-details|details zum job|alle jobs|ähnliche jobs|karriere|offene stellen|"
    r"postuler(?: maintenant| à cette offre)?|candidater|enregistrer|sauvegarder|partager|"
    r"se connecter|connexion|s['’]inscrire|offres? d['’]emploi|emplois?|accueil|rechercher|"
    r"recherche|retour(?: (?:à la recherche|aux (?:résultats|offres)|à la liste))?|"
    r"d[ée]tails? (?:de l['’]offre|du poste)|toutes les offres|offres similaires|carri[èe]res?|"
    r"aplicar(?: ahora)?|postular(?:me|se)?|post[úu]late|inscr[íi]bete|inscribirme|solicitar|"
    r"guardar|compartir|iniciar sesi[óo]n|acceder|registrarse|empleos?|"
    r"ofertas de (?:empleo|trabajo)|inicio|buscar|b[úu]squeda|"
    r"volver(?: a (?:la b[úu]squeda|los resultados|las ofertas))?|"
    r"detalles? (?:del empleo|de la oferta)|trabajos|ofertas similares|"
    r"candidati(?: ora)?|invia (?:la )?candidatura|salva|condividi|accedi|registrati|"
    r"offerte di lavoro|lavoro|cerca|ricerca|torna (?:alla ricerca|ai risultati|indietro)|"
    r"indietro|dettagli (?:dell['’]offerta|del lavoro)|annunci|lavora con noi|"
    r"(?:nu |direct )?solliciteren|opslaan|bewaren|delen|inloggen|aanmelden|registreren|"
    r"vacatures?|zoeken|terug(?: naar (?:zoekresultaten|de resultaten|overzicht))?|"
    r"vacaturedetails|werken bij|"
    r"candidatar(?:-se)?(?: agora)?|candidate-se|salvar|partilhar|compartilhar|entrar|"
    r"iniciar sess[ãa]o|registar|cadastre-se|vagas(?: de emprego)?|empregos?|"
    r"ofertas de emprego|in[íi]cio|pesquisar|voltar(?: (?:à|a) (?:pesquisa|busca))?|"
    r"detalhes da vaga|trabalhe conosco"
    r")\W*$",
    re.I,
)
# A search-results heading: "Jobs in Berlin", "1.234 Stellenangebote in München",
# "235 Software Engineer jobs in London", "Offres d'emploi à Paris", "Vagas em Lisboa"
_SEARCH_HEADING = re.compile(
    r"^(?:[\d.,' ]+\s+)?(?:.{0,40}\s)?(?:jobs|job openings|vacancies|stellenangebote|"
    r"offres d['’]emploi|emplois|empleos|ofertas de (?:empleo|trabajo)|trabajos|"
    r"offerte di lavoro|vacatures|vagas(?: de emprego)?|empregos)\s+"
    r"(?:in|near|at|bei|im|in der|à|a|au|en|em|no|na|di|da|bij|rond)\s+\S.*$",
    re.I,
)
_CRUMB = re.compile(r"\s+[>›»]\s+")
_SLASHES = re.compile(r"\s+/\s+")


def _is_breadcrumb(s: str) -> bool:
    """ "Home > Jobs > Engineering", "Accueil / Offres d'emploi / Informatique"."""
    if len(_CRUMB.split(s)) >= 2:
        return True
    parts = _SLASHES.split(s)
    return len(parts) >= 3 and any(_UI_STRINGS.match(p) for p in parts)


# A career-site banner or a logo caption around the employer's name.
_CAREERS = (
    r"careers?|jobs|job openings|open positions|career (?:site|page|portal)|"
    r"karriere(?:portal|seite)?|jobbörse|stellenangebote|carri[èe]res?|emplois|"
    r"offres d['’]emploi|empleos?|"
    r"ofertas de empleo|trabajos|carreras?|trabaja con nosotros|lavora con noi|carriere|"
    r"offerte di lavoro|vacatures|werken bij|vagas|carreiras|trabalhe conosco|empregos"
)
_CAREERS_FIRST = (  # written before the name without a preposition ("Carrières Acme")
    r"karriere|carri[èe]res?|carreras?|carriere|carreiras|empleos?|emplois|vacatures|vagas|"
    r"stellenangebote|werken bij|empregos"
)
_WRAPPERS = [
    re.compile(
        r"^(?:logo|logotipo|logotype)(?:\s+(?:of|de|du|von|di|van|do|da))?\s+(?P<c>.+)$", re.I
    ),
    re.compile(
        r"^(?P<c>.+?)(?:['’]s)?(?:\s*[-–_]\s*|\s+)(?:company\s+)?(?:logo|logotipo|logotype)"
        r"(?:\s+(?:image|img|icon))?$",
        re.I,
    ),
    re.compile(
        rf"^(?:{_CAREERS}|work|working|life|join us|jobs and careers)\s+"
        r"(?:at|bei|chez|à|en|in|con|bij|na|em|di|da|@)\s+(?P<c>.+)$",
        re.I,
    ),
    re.compile(rf"^(?:{_CAREERS})\s*[-–|:·]\s*(?P<c>.+)$", re.I),
    re.compile(rf"^(?:{_CAREERS_FIRST})\s+(?P<c>.+)$", re.I),
    re.compile(rf"^(?P<c>.+?)\s*(?:[-–|:·]\s*)?(?:{_CAREERS})$", re.I),
]
# What each wrapper's text always holds, folded (ASCII pieces of every alternative: re.I
# matches a text to lower-case ASCII letters exactly when the folded text has them): a
# caption without it is not tried (the wrappers that end in "$" try every length).
_CAREERS_HOLD = (
    "career", "job", "open", "karriere", "stellen", "carri", "carre", "empl", "offre",
    "oferta", "trabaj", "lavora", "offerte", "vacature", "werken", "vagas", "trabalhe",
    "empreg",
)  # fmt: skip
_CAREERS_FIRST_HOLD = (
    "karriere", "carri", "carre", "empl", "vacature", "vagas", "stellen", "werken", "empreg",
)  # fmt: skip
_WRAPPER_HOLDS = [
    ("logo",),
    ("logo",),
    (*_CAREERS_HOLD, "work", "life", "join"),
    _CAREERS_HOLD,
    _CAREERS_FIRST_HOLD,
    _CAREERS_HOLD,
]

# Places a company line can hold instead (single names; "City, ST" shapes are found by
# looks_like_location): countries, regions, the biggest cities.
_PLACES = frozenset(
    " ".join(re.sub(r"[^\w\s]", " ", p.casefold()).split())
    for p in (
        "Remote;Worldwide;Anywhere;Global;EMEA;APAC;LATAM;AMER;Americas;DACH;Nordics;Benelux;"
        "Europe;EU;North America;South America;Latin America;Asia;Asia Pacific;Africa;"
        "Middle East;Oceania;Scandinavia;UK;US;USA;U.S.;United States;United States of America;"
        "United Kingdom;Great Britain;England;Scotland;Wales;Ireland;Northern Ireland;Germany;"
        "Deutschland;France;Spain;España;Italy;Italia;Netherlands;The Netherlands;Nederland;"
        "Belgium;Belgique;België;Switzerland;Schweiz;Suisse;Austria;Österreich;Portugal;"
        "Denmark;Danmark;Sweden;Sverige;Norway;Norge;Finland;Suomi;Iceland;Poland;Polska;"
        "Czech Republic;Czechia;Slovakia;Hungary;Romania;Bulgaria;Greece;Croatia;Slovenia;"
        "Serbia;Ukraine;Estonia;Latvia;Lithuania;Luxembourg;Malta;Cyprus;Turkey;Türkiye;Israel;"
        "Canada;Mexico;México;Brazil;Brasil;Argentina;Chile;Colombia;Peru;India;China;Japan;"
        "South Korea;Korea;Singapore;Hong Kong;Taiwan;Vietnam;Thailand;Malaysia;Indonesia;"
        "Philippines;Australia;New Zealand;South Africa;Nigeria;Kenya;Egypt;Morocco;"
        "United Arab Emirates;UAE;Saudi Arabia;Qatar;"
        "London;Manchester;Birmingham;Edinburgh;Glasgow;Dublin;Paris;Lyon;Marseille;Toulouse;"
        "Lille;Bordeaux;Nantes;Berlin;Munich;München;Hamburg;Frankfurt;Frankfurt am Main;"
        "Cologne;Köln;Stuttgart;Düsseldorf;Leipzig;Dresden;Hanover;Hannover;Nuremberg;Nürnberg;"
        "Bremen;Essen;Dortmund;Vienna;Wien;Graz;Zurich;Zürich;Geneva;Genève;Basel;Bern;"
        "Lausanne;Amsterdam;Rotterdam;The Hague;Den Haag;Utrecht;Eindhoven;Brussels;Bruxelles;"
        "Brussel;Antwerp;Antwerpen;Ghent;Gent;Madrid;Barcelona;Valencia;Seville;Sevilla;Bilbao;"
        "Málaga;Malaga;Lisbon;Lisboa;Porto;Rome;Roma;Milan;Milano;Turin;Torino;Naples;Napoli;"
        "Florence;Firenze;Bologna;Copenhagen;København;Aarhus;Stockholm;Gothenburg;Göteborg;"
        "Malmö;Oslo;Bergen;Helsinki;Reykjavik;Warsaw;Warszawa;Krakow;Kraków;Wroclaw;Wrocław;"
        "Prague;Praha;Budapest;Bucharest;Sofia;Athens;Zagreb;Belgrade;Kyiv;Kiev;Tallinn;Riga;"
        "Vilnius;Istanbul;Tel Aviv;New York;New York City;NYC;Los Angeles;San Francisco;"
        "Chicago;Houston;Philadelphia;San Antonio;San Diego;Dallas;Austin;San Jose;"
        "Seattle;Boston;Denver;Atlanta;Miami;Washington;Washington DC;Washington D.C.;Detroit;"
        "Minneapolis;Portland;Las Vegas;Nashville;Charlotte;Pittsburgh;Salt Lake City;"
        "Silicon Valley;Toronto;Montreal;Montréal;Vancouver;Calgary;Ottawa;Mexico City;"
        "São Paulo;Sao Paulo;Rio de Janeiro;Buenos Aires;Santiago;Bogotá;Bogota;Lima;"
        "Bangalore;Bengaluru;Mumbai;Delhi;New Delhi;Hyderabad;Chennai;Pune;Beijing;Shanghai;"
        "Shenzhen;Tokyo;Osaka;Seoul;Taipei;Bangkok;Jakarta;Manila;Kuala Lumpur;Sydney;"
        "Melbourne;Brisbane;Perth;Adelaide;Auckland;Wellington;Cape Town;Johannesburg;Lagos;"
        "Nairobi;Cairo;Dubai;Abu Dhabi;Riyadh;Doha;"
        "Alabama;Alaska;Arizona;Arkansas;California;Colorado;Connecticut;Delaware;Florida;"
        "Georgia;Hawaii;Idaho;Illinois;Indiana;Iowa;Kansas;Kentucky;Louisiana;Maine;Maryland;"
        "Massachusetts;Michigan;Minnesota;Mississippi;Missouri;Montana;Nebraska;Nevada;"
        "New Hampshire;New Jersey;New Mexico;North Carolina;North Dakota;Ohio;Oklahoma;Oregon;"
        "Pennsylvania;Rhode Island;South Carolina;South Dakota;Tennessee;Texas;Utah;Vermont;"
        "Virginia;Washington State;West Virginia;Wisconsin;Wyoming;Ontario;Quebec;Québec;"
        "British Columbia;Alberta;New South Wales;Victoria;Queensland;Bavaria;Bayern;"
        "Baden-Württemberg;North Rhine-Westphalia;Nordrhein-Westfalen;Hesse;Hessen;Saxony;"
        "Sachsen;Lower Saxony;Niedersachsen;Île-de-France;Ile-de-France;Provence;Brittany;"
        "Bretagne;Normandy;Normandie;Catalonia;Cataluña;Catalunya;Andalusia;Andalucía;"
        "Basque Country;Lombardy;Lombardia;Lazio;Piedmont;Piemonte;Tuscany;Toscana;"
        "Flanders;Vlaanderen;Wallonia;Wallonie;Greater London;Greater Manchester;"
        "Bay Area;Tri-State Area;Zealand;Sjælland;Jutland;Jylland;Capital Region"
    ).split(";")
)
_PLACE_AREA = re.compile(
    r"^(?:greater\s+)?(?P<p>.+?)(?:\s+(?:bay\s+area|metropolitan\s+area|metro(?:politan)?\s+"
    r"region|metro\s+area|area|region|metro))?$",
    re.I,
)


def _is_place(c: str) -> bool:
    if norm(c) in _PLACES or looks_like_location(c):
        return True
    m = _PLACE_AREA.match(c.strip())
    return m is not None and norm(m.group("p")) in _PLACES


# Departments (a team line next to the title), alone or joined ("Sales & Marketing").
_DEPT_WORDS = frozenset(
    """engineering marketing sales finance financial operations ops product products design
    data science research development r d legal hr human resources people talent acquisition
    recruiting recruitment it information technology support customer customers success
    service services experience analytics security infrastructure platform platforms
    accounting administration admin procurement purchasing logistics supply chain
    communications corporate business strategy growth quality assurance qa manufacturing
    production facilities compliance risk audit treasury tax partnerships brand content
    creative editorial software hardware devops machine learning ai artificial intelligence
    cybersecurity clinical medical management digital tech web mobile cloud backend frontend
    ux ui gtm revenue enablement commercial insights systems internal field account accounts
    vertrieb personal personalwesen entwicklung forschung produktion einkauf finanzen
    buchhaltung rechnungswesen controlling logistik verwaltung technik kundenservice
    kundendienst qualitätsmanagement recht kommunikation ingénierie ventes ressources humaines
    comptabilité juridique achats recherche développement client clients informatique
    communication direction financière ingeniería ventas recursos humanos finanzas
    contabilidad compras operaciones tecnología atención cliente desarrollo investigación
    informática administración logística vendite risorse umane amministrazione acquisti
    ricerca sviluppo produzione commerciale qualità verkoop personeelszaken financiën inkoop
    ontwikkeling klantenservice onderzoek vendas finanças engenharia tecnologia
    desenvolvimento pesquisa atendimento""".split()
)
_DEPT_SUFFIX = re.compile(
    r"\s+(?:team|teams|department|dept\.?|division|unit|function|abteilung|bereich|équipe|"
    r"equipo|squad)$",
    re.I,
)
_DEPT_GLUE = frozenset("and und et y e en & + / , of".split())


def _is_department(c: str) -> bool:
    words = norm(_DEPT_SUFFIX.sub("", c.strip()).replace("&", " & ")).split()
    words = [w for w in words if w not in _DEPT_GLUE]
    return bool(words) and all(w in _DEPT_WORDS for w in words)


@functools.lru_cache(maxsize=4096)
def company_name(c: str) -> str | None:
    """The employer a caption names ("Acme logo", "Careers at Acme", "Acme Karriere" →
    "Acme"); None when the words are no company at all: a place, a department, a UI
    string. (A job board's name may be the employer: LinkedIn and Workday hire too.)"""
    c = c.strip()
    for _ in range(2):  # "Acme Careers logo"
        folded = fold(c)
        for rx, holds in zip(_WRAPPERS, _WRAPPER_HOLDS, strict=True):
            if not any(h in folded for h in holds):
                continue
            m = rx.match(c)
            if m and m.group("c").strip(" -–|:·"):
                c = m.group("c").strip(" -–|:·")
                break
        else:
            break
    if _is_place(c) or _is_department(c) or _UI_STRINGS.match(c):
        return None
    return c


@functools.lru_cache(maxsize=4096)
def is_chrome_title(s: str) -> bool:
    """A UI string, a breadcrumb, a board's name, its salary-estimate label or a career-site
    banner: never a title."""
    if _UI_STRINGS.match(s) or _BOARD_RE.match(s) or SITE_WORDS.match(s) or _is_breadcrumb(s):
        return True
    if ESTIMATE_LABEL.match(s) or _SEARCH_HEADING.match(s):  # "Salary estimate", "Jobs in …"
        return True
    name = company_name(s)
    return name is not None and name != s and not names_role(name)


def page_title_parts(title: str | None) -> dict[str, str]:
    """Reads the common page-title shapes; returns {"title", "company", "location"}."""
    if not title:
        return {}
    t = squash(title)
    m = re.match(r"^Job Application for (?P<title>.+?) at (?P<company>.+)$", t, re.I)
    if m:
        return m.groupdict()
    m = re.match(r"^(?P<company>.+?) hiring (?P<title>.+?) in (?P<location>.+?)(?: \| .*)?$", t)
    if m:
        return m.groupdict()
    m = re.match(r"^(?P<title>.+?) Job in (?P<location>.+?) - [^-]+$", t)
    if m:
        return m.groupdict()
    parts = [p.strip() for p in re.split(r"\s+[|–—]\s+|\s+-\s+", t) if p.strip()]
    out: dict[str, str] = {"whole": t}
    kept = []
    for p in parts:
        if SITE_WORDS.match(p) or _UI_STRINGS.match(p) or _BOARD_RE.match(p):
            continue
        name = company_name(p)
        if name is not None and name != p and not names_role(name):
            out.setdefault("company", name)  # "… - Acme Careers": the employer's career site
            continue
        kept.append(p)
    if kept:
        out["title"] = kept[0]
    return out
