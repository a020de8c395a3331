"""Job pages in German, French, Spanish, Italian, Dutch and Portuguese: the site UI goes,
the employer's text stays word for word.

Each page is a realistic paste (cookie banner, navigation, buttons, the posting, share
row, job alert, a list of other jobs, footer). Lines starting with "~ " are site UI and
must be gone from the cleaned text; every word of the other lines (the posting) must
survive. The postings use the same vocabulary as the UI ("bewerben", "Speichern",
"Teilen", "candidature", "solicitud" …) so a rule that eats employer prose fails here.
"""

from __future__ import annotations

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import tokens

CLEANER = Cleaner(load_rules(user_dir=False))

GENERIC_PAGES: dict[str, str] = {
    "de": """\
~ Wir verwenden Cookies, um dir die bestmögliche Nutzung zu ermöglichen.
~ Alle akzeptieren
~ Direkt zum Inhalt
~ Startseite › Jobs › IT & Softwareentwicklung
~ Anmelden
~ Zurück zur Ergebnisliste
Data Engineer (m/w/d)
Acme Datenwerk GmbH
Berlin · Vor 3 Tagen veröffentlicht · Mehr als 100 Bewerbungen
~ Aktualisiert vor 2 Tagen
~ Speichern   Teilen
Über uns
Wir bauen Datenplattformen für den Mittelstand. Teilen Sie Ihr Wissen mit zwölf Engineers.
Ihre Aufgaben
• Sie speichern und verarbeiten Daten in unserer Cloud.
• Sie melden Fehler direkt an das Produktteam.
Wir bieten
• 30 Tage Urlaub und ein Jobticket
Bewerben Sie sich bis zum 30. Juni 2025 mit Lebenslauf und Zeugnissen.
Sie bewerben sich über unser Portal und erhalten innerhalb von 5 Tagen Antwort.
~ Jetzt bewerben
~ Teilen: Facebook Xing LinkedIn
~ Link kopieren
~ Jobalarm
~ Keine passenden Jobs mehr verpassen!
~ Ähnliche Jobs
~ Backend Developer (m/w/d)
~ Beta Systems AG
~ Hamburg
~ Impressum | Datenschutz | AGB
""",
    "fr": """\
~ Nous utilisons des cookies pour améliorer votre expérience.
~ Tout accepter
~ Aller au contenu principal
~ Accueil › Offres d'emploi › Informatique
~ Espace candidat
~ Retour à la recherche
Développeur Python H/F
Acme Logiciels SAS
Lyon · Publiée il y a 3 jours · Plus de 100 candidatures
~ Mis à jour il y a 2 jours
~ Sauvegarder   Partager
Qui sommes-nous
Nous éditons des logiciels médicaux. Partager vos connaissances fait partie du poste.
Vos missions
• Vous enregistrez et traitez les données de nos clients.
• Vous signalez les anomalies à l'équipe produit.
Postulez avant le 30 juin 2025 avec un CV et une lettre de motivation.
Vous postulez via notre portail et recevez une réponse sous 5 jours.
~ Postuler
~ Partager sur LinkedIn
~ Copier le lien
~ Créer une alerte emploi
~ Ne manquez aucune offre !
~ Offres similaires
~ Développeur Java H/F
~ Beta Conseil
~ Paris
~ Mentions légales
""",
    "es": """\
~ Utilizamos cookies propias y de terceros para mejorar nuestros servicios.
~ Aceptar todas
~ Rechazar todas
~ Saltar al contenido principal
~ Inicio › Empleos › Informática
~ Iniciar sesión
~ Volver a la búsqueda
Desarrollador Python
Acme Software S.L.
Madrid · Publicada hace 3 días · Más de 100 solicitudes
~ Actualizada hace 2 días
~ Guardar   Compartir
Quiénes somos
Desarrollamos software para clínicas. Compartir conocimiento es parte del puesto.
Tus funciones
• Guardas y procesas los datos de nuestros clientes.
• Revisas cada solicitud de cambio con el equipo de producto.
Inscríbete antes del 30 de junio de 2025 con tu CV y una carta de presentación.
Te postulas a través de nuestro portal y recibes respuesta en 5 días.
~ Inscribirme en esta oferta
~ Compartir en LinkedIn
~ Denunciar empleo
~ Crear alerta de empleo
~ Recibe ofertas similares por e-mail
~ Ofertas similares
~ Desarrollador Java
~ Beta Consultores
~ Barcelona
~ Aviso legal | Política de privacidad | Política de cookies
""",
    "it": """\
~ Utilizziamo cookie tecnici e di terze parti per migliorare la tua esperienza.
~ Accetta tutti
~ Vai al contenuto principale
~ Home › Lavora con noi › Informatica
~ Accedi
~ Torna alla ricerca
Sviluppatore Python
Acme Software S.r.l.
Milano · Pubblicato 3 giorni fa · Oltre 100 candidature
~ Aggiornato 2 giorni fa
~ Salva   Condividi
Chi siamo
Sviluppiamo software per studi medici. Condividi le tue conoscenze con il team.
Le tue responsabilità
• Salvi e gestisci i dati dei nostri clienti.
• Segnali le anomalie al team di prodotto.
Candidati entro il 30 giugno 2025 allegando CV e lettera di presentazione.
Ti candidi tramite il nostro portale e ricevi risposta entro 5 giorni.
~ Candidati ora
~ Condividi su LinkedIn
~ Segnala offerta
~ Crea avviso
~ Ricevi offerte simili via e-mail
~ Offerte simili
~ Sviluppatore Java
~ Beta Consulting
~ Roma
~ Note legali | Privacy | Cookie policy
""",
    "nl": """\
~ Wij gebruiken cookies om je de beste ervaring te bieden.
~ Alles accepteren
~ Ga naar de hoofdinhoud
~ Home › Vacatures › ICT
~ Inloggen
~ Terug naar zoekresultaten
Python-ontwikkelaar
Acme Software B.V.
Utrecht · 3 dagen geleden geplaatst · Meer dan 100 sollicitanten
~ Bijgewerkt 2 dagen geleden
~ Opslaan   Delen
Over ons
Wij bouwen software voor huisartsen. Delen van kennis hoort bij de functie.
Wat ga je doen
• Je slaat gegevens van klanten veilig op en verwerkt ze.
• Je meldt fouten direct aan het productteam.
Solliciteer vóór 30 juni 2025 met je cv en motivatiebrief.
Je solliciteert via ons portaal en krijgt binnen 5 dagen antwoord.
~ Solliciteer direct
~ Deel deze vacature
~ Vacature melden
~ Vacature-alert instellen
~ Ontvang vergelijkbare vacatures per e-mail
~ Vergelijkbare vacatures
~ Java-ontwikkelaar
~ Beta Consultancy
~ Amsterdam
~ Privacyverklaring | Cookiebeleid | Disclaimer
""",
    "pt": """\
~ Utilizamos cookies para melhorar a sua experiência.
~ Aceitar todos
~ Ir para o conteúdo principal
~ Início › Vagas › Tecnologia
~ Entrar
~ Voltar para as vagas
Desenvolvedor Python
Acme Software Ltda.
São Paulo · Publicada há 3 dias · Mais de 100 candidaturas
~ Atualizada há 2 dias
~ Salvar   Compartilhar
Sobre nós
Criamos software para clínicas. Compartilhar conhecimento faz parte da função.
Suas atividades
• Você salva e processa os dados dos nossos clientes.
• Você reporta falhas ao time de produto.
Candidate-se até 30 de junho de 2025 com currículo e carta de apresentação.
Você se candidata pelo nosso portal e recebe resposta em até 5 dias.
~ Candidatar-se
~ Compartilhe esta vaga
~ Denunciar vaga
~ Criar alerta de vagas
~ Receba vagas semelhantes por e-mail
~ Vagas semelhantes
~ Desenvolvedor Java
~ Beta Consultoria
~ Rio de Janeiro
~ Política de privacidade | Termos de uso
""",
}

# The count after the age goes; the rest of that line is the posting's own date.
COUNTS = {
    "de": " · Mehr als 100 Bewerbungen",
    "fr": " · Plus de 100 candidatures",
    "es": " · Más de 100 solicitudes",
    "it": " · Oltre 100 candidature",
    "nl": " · Meer dan 100 sollicitanten",
    "pt": " · Mais de 100 candidaturas",
}


def _lines(page: str) -> list[tuple[str, bool]]:
    """(text, is_ui) for each line of a page."""
    return [(line.removeprefix("~ "), line.startswith("~ ")) for line in page.splitlines()]


def _source(page: str) -> str:
    return "\n".join(text for text, _ in _lines(page)) + "\n"


def _check(page: str, cleaned: str, count: str = "") -> None:
    kept_lines = {line.strip() for line in cleaned.splitlines()}
    left = [text for text, ui in _lines(page) if ui and text.strip() in kept_lines]
    assert left == [], f"UI lines left: {left}"
    posting = "\n".join(text for text, ui in _lines(page) if not ui)
    if count:
        posting = posting.replace(count, "")
        assert count.strip(" ·") not in cleaned
    lost = tokens(posting) - tokens(cleaned)
    assert not lost, f"posting words lost: {dict(lost)}"


@pytest.mark.parametrize("lang", sorted(GENERIC_PAGES))
def test_generic_packs_clean_a_page_in_each_language(lang: str) -> None:
    """Site-blind (generic packs only): the UI goes, the posting stays."""
    page = GENERIC_PAGES[lang]
    result = CLEANER.match(Document(source=_source(page)), site="").resolve()
    _check(page, result.cleaned, COUNTS[lang])


@pytest.mark.parametrize("lang", sorted(GENERIC_PAGES))
def test_the_posting_alone_loses_nothing(lang: str) -> None:
    """A clean posting (the same lines without the UI) comes out with every word."""
    posting = "\n".join(text for text, ui in _lines(GENERIC_PAGES[lang]) if not ui)
    text = posting.replace(COUNTS[lang], "") + "\n"
    result = CLEANER.clean(Document(source=text))
    assert tokens(text) - tokens(result.cleaned) == {}


# ------------------------------------------------------------ LinkedIn, Indeed, Glassdoor

LINKEDIN_PAGES: dict[str, str] = {
    "de": """\
Data Engineer
Acme Datenwerk GmbH
Berlin, Deutschland · vor 2 Tagen · Mehr als 100 Bewerbungen
~ Gesponsert · Antworten werden außerhalb von LinkedIn verwaltet
~ Einfach bewerben
~ Speichern
~ Lernen Sie das Einstellungsteam kennen
~ Erika Muster
~ Talent Partner bei Acme
~ Nachricht
Über den Job
Wir bauen Datenplattformen für den Mittelstand und freuen uns auf Ihre Bewerbung.
• Sie speichern und verarbeiten Daten in unserer Cloud.
• Sie teilen Ihr Wissen im Team und melden Risiken früh.
• Erfahrung mit Python, SQL und Airflow
Bewerben Sie sich bis zum 30. Juni 2025 mit Lebenslauf und Zeugnissen.
~ Mehr anzeigen
~ Jobalarm für ähnliche Jobs einrichten
~ Data Engineer, Berlin
~ Über das Unternehmen
~ Acme Datenwerk
~ 12.345 Follower
""",
    "fr": """\
Développeur Python
Acme Logiciels
Lyon, France · il y a 3 jours · Plus de 100 candidats
~ Promu par un recruteur · Réponses gérées en dehors de LinkedIn
~ Candidature simplifiée
~ Enregistrer
~ Rencontrez l’équipe de recrutement
~ Camille Martin
~ Recruteuse chez Acme
~ Message
À propos de l’offre d’emploi
Nous éditons des logiciels médicaux. Envoyez votre candidature avant le 30 juin 2025.
• Vous enregistrez et traitez les données de nos clients.
• Vous partagez vos connaissances avec l'équipe.
~ Voir plus
~ Offres d’emploi similaires
~ Développeur Java
~ Beta Conseil
""",
    "es": """\
Desarrollador Python
Acme Software
Madrid, España · hace 1 semana · 36 personas han solicitado
~ Promocionado por el reclutador · Respuestas gestionadas fuera de LinkedIn
~ Solicitud sencilla
~ Guardar
~ Conoce al equipo de contratación
~ Lucía García
~ Reclutadora en Acme
~ Mensaje
Acerca del empleo
Desarrollamos software para clínicas. Revisamos cada solicitud en un plazo de 5 días.
• Guardas y procesas los datos de nuestros clientes.
• Compartes conocimiento con el equipo.
~ Ver más
~ Empleos similares
~ Desarrollador Java
~ Beta Consultores
""",
    "it": """\
Sviluppatore Python
Acme Software
Milano, Italia · 3 giorni fa · Oltre 100 candidati
~ Promosso dal selezionatore · Risposte gestite al di fuori di LinkedIn
~ Candidatura semplice
~ Salva
~ Incontra il team di selezione
~ Giulia Rossi
~ Recruiter presso Acme
~ Messaggio
Informazioni sull’offerta di lavoro
Sviluppiamo software per studi medici. Candidati entro il 30 giugno 2025 con il tuo CV.
• Salvi e gestisci i dati dei nostri clienti.
• Condividi le tue conoscenze con il team.
~ Mostra di più
~ Offerte di lavoro simili
~ Sviluppatore Java
~ Beta Consulting
""",
    "nl": """\
Python-ontwikkelaar
Acme Software
Utrecht, Nederland · 2 dagen geleden · Meer dan 100 sollicitanten
~ Gepromoot door recruiter · Reacties worden buiten LinkedIn beheerd
~ Eenvoudig solliciteren
~ Opslaan
~ Maak kennis met het wervingsteam
~ Sanne de Vries
~ Recruiter bij Acme
~ Bericht
Over de vacature
Wij bouwen software voor huisartsen. Solliciteer vóór 30 juni 2025 met je cv.
• Je slaat gegevens van klanten veilig op.
• Je deelt kennis met het team.
~ Meer weergeven
~ Vergelijkbare vacatures
~ Java-ontwikkelaar
~ Beta Consultancy
""",
    "pt": """\
Desenvolvedor Python
Acme Software
São Paulo, Brasil · há 1 semana · Mais de 100 candidaturas
~ Promovida pelo recrutador · Respostas gerenciadas fora do LinkedIn
~ Candidatura simplificada
~ Salvar
~ Conheça a equipe de contratação
~ Ana Souza
~ Recrutadora na Acme
~ Mensagem
Sobre a vaga
Criamos software para clínicas. Candidate-se até 30 de junho de 2025 com seu currículo.
• Você salva e processa os dados dos nossos clientes.
• Você compartilha conhecimento com o time.
~ Exibir mais
~ Vagas semelhantes
~ Desenvolvedor Java
~ Beta Consultoria
""",
}

LINKEDIN_COUNTS = {
    "de": " · Mehr als 100 Bewerbungen",
    "fr": " · Plus de 100 candidats",
    "es": " · 36 personas han solicitado",
    "it": " · Oltre 100 candidati",
    "nl": " · Meer dan 100 sollicitanten",
    "pt": " · Mais de 100 candidaturas",
}


@pytest.mark.parametrize("lang", sorted(LINKEDIN_PAGES))
def test_linkedin_with_a_localized_interface_is_detected_and_cleaned(lang: str) -> None:
    page = LINKEDIN_PAGES[lang]
    result = CLEANER.clean(Document(source=_source(page)))
    assert result.site == "linkedin"
    _check(page, result.cleaned, LINKEDIN_COUNTS[lang])


INDEED_DE = """\
Data Engineer (m/w/d)
Acme Datenwerk GmbH
Berlin
~ Mit Indeed bewerben
~ Speichern
~ Jobdetails
~ Gehalt
~ • 60.000 € – 75.000 € pro Jahr
~ Jobart
~ • Vollzeit
~ Aus der vollständigen Stellenbeschreibung übernommen
~ Vollständige Stellenbeschreibung
Wir bauen Datenplattformen für den Mittelstand.
Gehalt: 60.000 € – 75.000 € pro Jahr, Vollzeit.
Bewerben Sie sich bis zum 30. Juni 2025 mit Lebenslauf.
~ Job melden
"""

GLASSDOOR_FR = """\
Acme Logiciels
Développeur Python
Lyon
~ 42 k € - 55 k € (Estimation Glassdoor)
~ Candidature simplifiée
Nous éditons des logiciels pour les cabinets médicaux.
Salaire : 45 000 € à 52 000 € par an.
~ Aperçu de l’entreprise
~ Taille
~ 201 à 500 employés
~ Fondée en
~ 1998
~ 85 % recommanderaient à un ami
"""


@pytest.mark.parametrize(
    ("page", "site"),
    [(INDEED_DE, "indeed"), (GLASSDOOR_FR, "glassdoor")],
    ids=["indeed", "glassdoor"],
)
def test_indeed_and_glassdoor_localized_pages(page: str, site: str) -> None:
    result = CLEANER.clean(Document(source=_source(page)))
    assert result.site == site
    _check(page, result.cleaned)


def test_employer_pay_on_a_localized_glassdoor_page_stays() -> None:
    pay = "45 k € - 55 k € (Estimation de l’employeur)"
    text = f"Acme\nDéveloppeur Python\n{pay}\n85 % recommanderaient à un ami\n"
    result = CLEANER.clean(Document(source=text))
    assert result.site == "glassdoor"
    assert pay in result.cleaned
    assert "recommanderaient" not in result.cleaned


def test_an_employer_mentioning_linkedin_is_not_taken_for_linkedin() -> None:
    text = (
        "Data Engineer (m/w/d)\nAcme Datenwerk GmbH, Berlin\n"
        "Bitte bewerben Sie sich außerhalb von LinkedIn über unser Karriereportal.\n"
    )
    assert CLEANER.detect_site(text) is None
