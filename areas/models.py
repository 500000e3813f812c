"""The evaluation worksheet as data: framework, areas, parts, indicators, questions, rule sets.

Loaded from a reference-format file by `manage.py load_framework` (the committed fixture seeds
permenpanrb-90-2021); each version lives under its own Framework code and the scoring engine reads
its spec from these rows. The official LKE codes (A.I.1.i.a ... B.II.a) are the natural keys.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    source = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    pengungkit_weight = models.DecimalField(max_digits=6, decimal_places=3)
    pemenuhan_weight = models.DecimalField(max_digits=6, decimal_places=3)
    reform_weight = models.DecimalField(max_digits=6, decimal_places=3)
    hasil_weight = models.DecimalField(max_digits=6, decimal_places=3)
    # sha256 of the framework's document (areas.documents.framework_document): the engine caches
    # its spec under (code, content_hash). Emptied when a row of the framework changes (signals)
    # and filled again from the rows by the next reader or the admin save.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("kerangka LKE")
        verbose_name_plural = _("kerangka LKE")

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    no = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=8)
    name = models.CharField(max_length=200)
    weight = models.DecimalField(max_digits=6, decimal_places=3)

    class Meta:
        ordering = ["framework", "no"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "no"], name="area_unique_no"),
        ]
        verbose_name = _("area")
        verbose_name_plural = _("area")

    def __str__(self) -> str:
        return f"{self.roman}. {self.name}"

    @property
    def roman(self) -> str:
        return ["I", "II", "III", "IV", "V", "VI"][self.no - 1]


class Part(models.Model):
    class Kind(models.TextChoices):
        PEMENUHAN = "pemenuhan", _("Pemenuhan")
        REFORM = "reform", _("Reform")

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    weight = models.DecimalField(max_digits=6, decimal_places=3)

    class Meta:
        ordering = ["area", "kind"]
        constraints = [models.UniqueConstraint(fields=["area", "kind"], name="part_unique_kind")]
        verbose_name = _("bagian")
        verbose_name_plural = _("bagian")

    def __str__(self) -> str:
        return f"{self.area.name} - {self.get_kind_display()}"


class Indicator(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=300)
    weight = models.DecimalField(max_digits=6, decimal_places=3)
    order = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["part__area__no", "part__kind", "order"]
        constraints = [models.UniqueConstraint(fields=["part", "code"], name="indicator_unique")]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class HasilComponent(models.Model):
    """B.I (bersih dan akuntabel) and B.II (pelayanan prima)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="hasil")
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=300)
    weight = models.DecimalField(max_digits=6, decimal_places=3)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="hasil_unique_code")
        ]
        verbose_name = _("komponen hasil")
        verbose_name_plural = _("komponen hasil")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Question(models.Model):
    """A scored question of the pengungkit, or one of the three hasil inputs."""

    class AnswerType(models.TextChoices):
        YA_TIDAK = "ya_tidak", "Ya/Tidak"
        ABC = "abc", "A/B/C"
        ABCD = "abcd", "A/B/C/D"
        ABCDE = "abcde", "A/B/C/D/E"
        PERSEN = "persen", "%"
        NILAI_0_4 = "nilai_0_4", _("Nilai (0-4)")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="questions")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="questions"
    )
    hasil_component = models.ForeignKey(
        HasilComponent, null=True, blank=True, on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(max_length=32)
    order = models.PositiveSmallIntegerField()
    # Global position in the worksheet, so lists can be sorted without joining the tree.
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices)
    lke_row = models.PositiveSmallIntegerField()
    link_label = models.CharField(max_length=16, blank=True)
    label = models.CharField(max_length=32, blank=True)
    explanation = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Hanya untuk input hasil (B.I.a, B.I.b, B.II.a)."),
    )
    formula = models.JSONField(null=True, blank=True)
    formula_text = models.TextField(blank=True)
    zero_denominator_value = models.DecimalField(
        max_digits=6, decimal_places=3, null=True, blank=True
    )
    zero_denominator_why = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="question_unique_code"),
            models.CheckConstraint(
                condition=(
                    models.Q(indicator__isnull=False, hasil_component__isnull=True)
                    | models.Q(indicator__isnull=True, hasil_component__isnull=False)
                ),
                name="question_in_indicator_or_hasil",
            ),
        ]
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")

    def __str__(self) -> str:
        return self.code

    @property
    def is_hasil(self) -> bool:
        return self.hasil_component_id is not None

    @property
    def is_choice(self) -> bool:
        return self.answer_type not in (self.AnswerType.PERSEN, self.AnswerType.NILAI_0_4)

    @property
    def area_no(self) -> int | None:
        # Codes carry the area: A.I.3.ii.a -> 3; hasil inputs belong to no area.
        return int(self.code.split(".")[2]) if self.code.startswith("A.") else None


class AnswerOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=8)
    value = models.DecimalField(max_digits=6, decimal_places=3)
    text = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="option_unique_label")
        ]
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")

    def __str__(self) -> str:
        return f"{self.question.code} {self.label}"


class CountInput(models.Model):
    """A 'Jumlah' row feeding a percentage question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="inputs")
    key = models.CharField(max_length=64)
    label = models.CharField(max_length=300)
    lke_row = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question", "order"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="input_unique_key")]
        verbose_name = _("input jumlah")
        verbose_name_plural = _("input jumlah")

    def __str__(self) -> str:
        return f"{self.question.code} {self.key}"


class ExpectedDocument(models.Model):
    """A supporting document (data dukung) the evaluators expect for a question."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="expected_documents"
    )
    text = models.CharField(max_length=400)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("dokumen yang diharapkan")
        verbose_name_plural = _("dokumen yang diharapkan")

    def __str__(self) -> str:
        return self.text


class RuleSet(models.Model):
    class Predicate(models.TextChoices):
        WBK = "WBK", _("Menuju WBK")
        WBBM = "WBBM", _("Menuju WBBM")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rulesets")
    predicate = models.CharField(max_length=4, choices=Predicate.choices)
    total_min = models.DecimalField(max_digits=6, decimal_places=3)
    pengungkit_min = models.DecimalField(max_digits=6, decimal_places=3)
    area_min_pct = models.DecimalField(max_digits=6, decimal_places=3)
    bersih_akuntabel_min = models.DecimalField(max_digits=6, decimal_places=3)
    ipak_min = models.DecimalField(max_digits=6, decimal_places=3)
    kinerja_min = models.DecimalField(max_digits=6, decimal_places=3)
    pelayanan_prima_min = models.DecimalField(max_digits=6, decimal_places=3)
    requires_prior_wbk = models.BooleanField(default=False)

    class Meta:
        ordering = ["framework", "predicate"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "predicate"], name="ruleset_unique")
        ]
        verbose_name = _("aturan predikat")
        verbose_name_plural = _("aturan predikat")

    def __str__(self) -> str:
        return f"{self.framework.code} {self.predicate}"


ZERO = Decimal("0")
