"""Users, agencies (the tenant), memberships with a role, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.accounts.roles import Role
from retainer.core.calendar import default_windows, validate_timezone, validate_windows
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel
from retainer.core.tokens import new_token, token_hash

CURRENCIES = [("RUB", "₽ RUB"), ("UAH", "₴ UAH"), ("USD", "$ USD"), ("EUR", "€ EUR")]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # The interface language last chosen: e-mails and feeds are written in it.
    language = models.CharField(_("language"), max_length=2, blank=True,
                                choices=settings.LANGUAGES)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.full_name or self.email


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    letterhead = models.TextField(
        _("letterhead text"), blank=True, help_text=_("Address and requisites for letters.")
    )
    signatory_name = models.CharField(_("signatory name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=200, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Moscow", validators=[validate_timezone]
    )
    working_windows = models.JSONField(
        _("working windows"), default=default_windows, validators=[validate_windows]
    )
    holiday_country = models.CharField(
        _("holiday country code"), max_length=2, blank=True, default="RU"
    )
    days_off = models.JSONField(_("the agency's own days off"), default=list, blank=True)
    working_days = models.JSONField(
        _("extra working days"), default=list, blank=True,
        help_text=_("Transferred working Saturdays, or holidays the agency works."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="RUB")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = History()

    role_label = ChoiceLabel("role", Role)

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency} ({self.role})"


class ApiToken(models.Model):
    """A bearer token bound to one membership: requests made with it act in that agency with
    that role. Only the hash is stored; the token is shown once when created."""

    PREFIX = "rt_"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100, default="api")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.membership})"

    @classmethod
    def issue(cls, membership: Membership, name: str = "api") -> tuple[ApiToken, str]:
        raw = new_token(cls.PREFIX)
        token = cls.objects.create(membership=membership, name=name, key_hash=token_hash(raw))
        return token, raw

    @classmethod
    def find_active(cls, raw: str) -> ApiToken | None:
        return (
            cls.objects.select_related("membership__agency", "membership__user")
            .filter(key_hash=token_hash(raw), revoked_at__isnull=True)
            .first()
        )
