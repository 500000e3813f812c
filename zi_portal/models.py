"""The organisation spine: units, memberships and roles, cycles and assessments."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A work unit (unit kerja / satker), or an instansi when it has no parent."""

    name = models.CharField(_("nama"), max_length=200)
    code = models.CharField(_("kode"), max_length=32, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("instansi induk"),
    )
    holds_wbk = models.BooleanField(
        _("sudah berpredikat Menuju WBK"),
        default=False,
        help_text=_(
            "Syarat untuk diusulkan Menuju WBBM. Salinan riwayat predikat: dicatat dan dicabut "
            "di halaman predikat unit (/predikat/), tidak di sini."
        ),
    )
    # The current predicate (WBK / WBBM / "") and its decree date: written through by the
    # predicate services (scoring/predicates/services.py) so pages below scoring can show it.
    predicate = models.CharField(_("predikat saat ini"), max_length=4, blank=True)
    predicate_date = models.DateField(_("tanggal keputusan predikat"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.name

    @property
    def is_instansi(self) -> bool:
        return self.parent_id is None


class Role(models.TextChoices):
    TIM_KERJA = "tim_kerja", _("Tim kerja")
    TPI = "tpi", _("Penilai TPI")
    PIMPINAN_UNIT = "pimpinan_unit", _("Pimpinan unit")
    PIMPINAN_INSTANSI = "pimpinan_instansi", _("Pimpinan instansi")
    ADMIN = "admin", _("Admin instansi")


class Membership(models.Model):
    """A person's role in a unit. pimpinan_instansi and admin memberships sit on the instansi."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    areas = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="+",
        verbose_name=_("dibatasi pada area"),
        help_text=_("Kosong berarti semua area (hanya untuk tim kerja)."),
    )

    class Meta:
        ordering = ["unit", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.unit}"


class Cycle(models.Model):
    """A yearly evaluation period with its phase windows (seed 001's calendar)."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    name = models.CharField(_("nama"), max_length=200)
    self_assessment_start = models.DateField(_("penilaian mandiri mulai"))
    self_assessment_end = models.DateField(_("penilaian mandiri berakhir"))
    review_start = models.DateField(_("evaluasi TPI mulai"))
    review_end = models.DateField(_("evaluasi TPI berakhir"))
    submission_deadline = models.DateField(_("batas pengusulan ke TPN"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("siklus")
        verbose_name_plural = _("siklus")

    def __str__(self) -> str:
        return self.name


class ReviewerAssignment(models.Model):
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reviewer_assignments")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reviewer_assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "unit", "cycle"], name="reviewer_assignment_unique"
            )
        ]
        verbose_name = _("penugasan penilai TPI")
        verbose_name_plural = _("penugasan penilai TPI")

    def __str__(self) -> str:
        return f"{self.reviewer} - {self.unit} ({self.cycle.year})"


class Phase(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Penilaian mandiri")
    REVIEW = "review", _("Evaluasi TPI")


class WindowExtension(models.Model):
    """An admin's extension of one phase window for one unit, with its reason."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="window_extensions")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    new_end = models.DateField(_("berakhir pada"))
    reason = models.TextField(_("alasan"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("perpanjangan jadwal")
        verbose_name_plural = _("perpanjangan jadwal")

    def __str__(self) -> str:
        return f"{self.unit} {self.get_phase_display()} s.d. {self.new_end}"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan ke TPI")
        IN_REVIEW = "in_review", _("Dievaluasi TPI")
        REVISION = "revision", _("Perbaikan")
        EVALUATED = "evaluated", _("Selesai dievaluasi")
        PROPOSED = "proposed", _("Diusulkan ke TPN")
        PRA_EVALUASI = "pra_evaluasi", _("Pra-evaluasi TPN")
        DESK_EVALUASI = "desk_evaluasi", _("Evaluasi dokumen TPN")
        EVALUASI_LAPANGAN = "evaluasi_lapangan", _("Evaluasi lapangan TPN")
        DECIDED = "decided", _("Diputuskan TPN")
        CLOSED = "closed", _("Ditutup")

    class Recommendation(models.TextChoices):
        NONE = "", _("Belum ada")
        LAYAK = "layak", _("Layak diusulkan ke TPN")
        BELUM_LAYAK = "belum_layak", _("Belum layak diusulkan ke TPN")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(
        "areas.Framework", on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic locking: every state change bumps it; a writer holding an older number loses.
    version = models.PositiveIntegerField(default=1)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.CharField(
        max_length=12, choices=Recommendation.choices, default="", blank=True
    )
    recommendation_text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-cycle__year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "cycle", "framework"], name="assessment_unique")
        ]
        verbose_name = _("penilaian")
        verbose_name_plural = _("penilaian")

    def __str__(self) -> str:
        return f"{self.unit} {self.cycle.year}"

    def window_end(self, phase: str) -> datetime.date:
        """The phase's end date for this unit, after any extension (read once per phase inside
        `window_ends_remembered`)."""
        remembered: dict[str, datetime.date] | None = getattr(self, "_window_ends", None)
        if remembered is not None and phase in remembered:
            return remembered[phase]
        end = self._window_end(phase)
        if remembered is not None:
            remembered[phase] = end
        return end

    def _window_end(self, phase: str) -> datetime.date:
        base = (
            self.cycle.self_assessment_end
            if phase == Phase.SELF_ASSESSMENT
            else self.cycle.review_end
        )
        ext = (
            WindowExtension.objects.filter(cycle=self.cycle, unit=self.unit, phase=phase)
            .order_by("-new_end")
            .values_list("new_end", flat=True)
            .first()
        )
        return max(base, ext) if ext else base


@contextmanager
def window_ends_remembered(assessment: Assessment) -> Iterator[None]:
    """Within the block, each phase's end of this assessment is read once: for a page that asks
    the same window rule once per document (the question page's evidence panel). Only for reads:
    a block that adds an extension must not use it."""
    assessment._window_ends = {}  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del assessment._window_ends  # type: ignore[attr-defined]


def window_ends_read(assessments: Sequence[Assessment]) -> None:
    """Both phases' ends of these assessments read in one query and remembered on them, as
    `window_ends_remembered` does for one: for a list that asks the window rules of each (the
    home page's tasks ask up to three times per assessment). Only for reads: the objects must
    not outlive a change of extension (they are the request's own)."""
    if not assessments:
        return
    latest: dict[tuple[int, int, str], datetime.date] = {}
    for cycle_id, unit_id, phase, new_end in (
        WindowExtension.objects.filter(
            cycle_id__in={a.cycle_id for a in assessments},
            unit_id__in={a.unit_id for a in assessments},
        )
        .order_by()
        .values_list("cycle_id", "unit_id", "phase", "new_end")
    ):
        key = (cycle_id, unit_id, phase)
        if key not in latest or new_end > latest[key]:
            latest[key] = new_end
    for a in assessments:
        ends = {}
        for phase, base in (
            (Phase.SELF_ASSESSMENT, a.cycle.self_assessment_end),
            (Phase.REVIEW, a.cycle.review_end),
        ):
            ext = latest.get((a.cycle_id, a.unit_id, phase))
            ends[str(phase)] = max(base, ext) if ext else base
        a._window_ends = ends  # type: ignore[attr-defined]


class NotificationPreference(models.Model):
    """A person's e-mail choices: the daily digest of pending tasks (on unless turned off), the
    language of the e-mails, and the day the last digest went out (one digest a day)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    daily_digest = models.BooleanField(_("kirim ringkasan harian"), default=True)
    language = models.CharField(
        _("bahasa e-mail"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    digest_sent_on = models.DateField(_("ringkasan terakhir dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("preferensi pemberitahuan")
        verbose_name_plural = _("preferensi pemberitahuan")

    def __str__(self) -> str:
        return str(self.user)
