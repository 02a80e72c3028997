"""Respondents, invitations, responses, answers. Authorities are frame ids (``commune:42218``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from barometre.campaigns.models import QuestionnaireVersion, Wave
from barometre.questionnaire.carryover import CHANGED, CONFIRMED, TYPED

AUTHORITY_ID_LENGTH = 32


class Role(models.TextChoices):
    AGENT = "agent", "agent"
    ELU = "elu", "élu ou élue"


class Respondent(models.Model):
    """A person who answers for one authority; one person may answer for several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="respondents"
    )
    authority_id = models.CharField("collectivité", max_length=AUTHORITY_ID_LENGTH, db_index=True)
    role = models.CharField("rôle", max_length=8, choices=Role.choices)
    function = models.CharField("fonction", max_length=120, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "répondant"
        constraints = [
            models.UniqueConstraint(
                fields=("user", "authority_id"), name="one_respondent_per_person"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="respondent_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()}, {self.authority_id})"

    @property
    def capacity(self) -> str:
        """« agent (Secrétaire de mairie) », read after « en tant qu' » (both roles elide)."""
        role = self.get_role_display()
        return f"{role} ({self.function})" if self.function else role


class LoginLink(models.Model):
    """A single-use login link; only the SHA-256 of its token is stored."""

    token_hash = models.CharField(max_length=64, unique=True)
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=16, default="invitation")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lien de connexion"
        verbose_name_plural = "liens de connexion"

    def __str__(self) -> str:
        return f"lien {self.purpose} pour {self.respondent} (expire le {self.expires_at:%Y-%m-%d})"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "en cours"
    SUBMITTED = "submitted", "soumise"


class Response(models.Model):
    """One authority's response to one questionnaire of one wave, on one version."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses")
    questionnaire_key = models.SlugField(max_length=64)
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="+")
    authority_id = models.CharField("collectivité", max_length=AUTHORITY_ID_LENGTH, db_index=True)
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        Respondent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt_number = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = "réponse"
        constraints = [
            models.UniqueConstraint(
                fields=("wave", "questionnaire_key", "authority_id"),
                name="one_response_per_authority_and_questionnaire",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ResponseStatus.values), name="response_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="submitted_response_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} — {self.questionnaire_key} ({self.get_status_display()})"


class Provenance(models.TextChoices):
    """How an answer relates to the previous edition's (``questionnaire.carryover``)."""

    TYPED = TYPED, "saisie dans cette édition"
    CONFIRMED = CONFIRMED, "reprise de l'édition précédente et confirmée"
    CHANGED = CHANGED, "reprise de l'édition précédente puis modifiée"


class Answer(models.Model):
    """The current answer to one question; ``set_aside`` when skip logic made it irrelevant.

    ``provenance`` says whether it was typed in this edition or carried over from the previous
    one (``carried_from``, the previous response; ``carried_value``, what was carried, in the
    terms of this version) and then confirmed as is or changed."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64)
    value = models.JSONField()
    set_aside = models.BooleanField(default=False)
    answered_by = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=8, choices=Role.choices)
    updated_at = models.DateTimeField(auto_now=True)
    provenance = models.CharField(
        "provenance", max_length=12, choices=Provenance.choices, default=Provenance.TYPED
    )
    carried_from = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carried_value = models.JSONField("réponse reprise", null=True, blank=True)

    class Meta:
        verbose_name = "réponse à une question"
        verbose_name_plural = "réponses aux questions"
        constraints = [
            models.UniqueConstraint(
                fields=("response", "question_id"), name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values), name="answer_provenance_known"
            ),
            models.CheckConstraint(
                condition=Q(provenance="saisie") | Q(carried_value__isnull=False),
                name="carried_answer_keeps_what_was_carried",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} = {self.value!r}"


class PageSave(models.Model):
    """One accepted save of a section, keyed by the form's idempotency key.

    ``page_id`` is the section (revisions count per section); ``pages`` the screens of it that
    the save covered (empty for saves made before sections were cut into screens: all of them).
    ``carried_over``: the save confirmed the previous edition's answers of the section; it
    counts as a revision but covers no screen (the respondent has still to check them there).
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="page_saves")
    page_id = models.CharField(max_length=64)
    pages = models.JSONField(default=list)
    autosave = models.BooleanField(default=False)
    carried_over = models.BooleanField(default=False)
    key = models.CharField(max_length=64)
    payload_hash = models.CharField(max_length=64)
    revision = models.PositiveIntegerField()
    saved_by = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("response", "key"), name="one_save_per_key"),
            models.UniqueConstraint(
                fields=("response", "page_id", "revision"), name="one_page_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} r{self.revision} ({self.key})"


class Draft(models.Model):
    """What a respondent typed that is not a stored answer yet: a value that does not pass its
    checks, or a page typed when the session ended. Shown back on its page until saved there."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="drafts")
    question_id = models.CharField(max_length=64)
    value = models.JSONField()
    typed_by = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "brouillon"
        constraints = [
            models.UniqueConstraint(
                fields=("response", "question_id"), name="one_draft_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"brouillon {self.question_id} = {self.value!r}"


class LinkRequest(models.Model):
    """A request for a new login link, kept to rate-limit them (hashes only, no address)."""

    email_hash = models.CharField(max_length=64, db_index=True)
    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"demande de lien {self.at:%Y-%m-%d %H:%M}"


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", "en attente"
    APPROVED = "approved", "acceptée"
    REFUSED = "refused", "refusée"


class AccessRequest(models.Model):
    """« Je réponds pour ma collectivité » from an address we cannot vouch for: a person decides."""

    authority_id = models.CharField("collectivité", max_length=AUTHORITY_ID_LENGTH, db_index=True)
    email = models.EmailField("adresse électronique", max_length=150)
    role = models.CharField("rôle", max_length=8, choices=Role.choices)
    function = models.CharField("fonction", max_length=120, blank=True)
    source = models.CharField("origine", max_length=16, default="formulaire")
    status = models.CharField(
        "statut",
        max_length=16,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "demande d'accès"
        verbose_name_plural = "demandes d'accès"
        constraints = [
            models.UniqueConstraint(
                fields=("authority_id", "email"),
                condition=Q(status="pending"),
                name="one_pending_request_per_person_and_authority",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AccessRequestStatus.values),
                name="access_request_status_known",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="access_request_role_known"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="decided_request_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} pour {self.authority_id} ({self.get_status_display()})"


class AllowedDomain(models.Model):
    """An e-mail domain that operators vouch for: its addresses get a link for this authority."""

    authority_id = models.CharField("collectivité", max_length=AUTHORITY_ID_LENGTH, db_index=True)
    domain = models.CharField("domaine", max_length=253)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "domaine reconnu"
        verbose_name_plural = "domaines reconnus"
        constraints = [
            models.UniqueConstraint(
                fields=("authority_id", "domain"), name="one_domain_per_authority"
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.domain} ({self.authority_id})"
