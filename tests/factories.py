"""factory_boy factories for the organisation spine and for what hangs off an assessment:
answers, evidence (with real stored files), comments, flags, events, snapshots and report jobs.

Dates are relative to today (Asia/Jakarta): a cycle's windows are open around today whatever
the calendar says, so the suite does not start failing when a hard-coded year runs out.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from areas.models import Framework, Question
from evidence.models import Comment, Evidence, EvidenceAttachment, EvidenceRevision, ReviewFlag
from scoring.models import Answer, AssessmentEvent, ReportJob, Side, Snapshot
from zi_portal.models import Assessment, Cycle, Membership, ReviewerAssignment, Unit

PASSWORD = "rahasia-uji-123"
FRAMEWORK_CODE = "permenpanrb-90-2021"
FIRST_CODE = "A.I.1.i.a"  # Ya/Tidak, area 1: the default question of the factories below

# A cycle's windows: opened well before today, closing a year after it.
WINDOW_OPENED_DAYS_AGO = 120
WINDOW_CLOSES_IN_DAYS = 365


def today() -> datetime.date:
    """Today in the portal's time zone (Asia/Jakarta), as the editing rules see it."""
    return timezone.localdate()


# --------------------------------------------------------------------------- file contents


def pdf_bytes(text: str = "Bukti dukung") -> bytes:
    """A minimal but valid one-page PDF, with a correct xref table."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (11, 92, 171)).save(buf, format="PNG")
    return buf.getvalue()


# --------------------------------------------------------------------------- organisation


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@uji.local")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Unit Kerja {n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")
    slug = factory.Sequence(lambda n: f"unit-kerja-{n}")
    parent = None


class CycleFactory(DjangoModelFactory):
    """This year's cycle, both windows open: opened months ago, closing a year from today.

    The windows follow today whatever `year` is; a test about a closed window sets the end
    relative to today itself (e.g. yesterday).
    """

    class Meta:
        model = Cycle
        django_get_or_create = ("year",)

    year = factory.LazyFunction(lambda: today().year)
    name = factory.LazyAttribute(lambda c: f"Pembangunan ZI {c.year}")
    self_assessment_start = factory.LazyFunction(
        lambda: today() - datetime.timedelta(days=WINDOW_OPENED_DAYS_AGO)
    )
    self_assessment_end = factory.LazyFunction(
        lambda: today() + datetime.timedelta(days=WINDOW_CLOSES_IN_DAYS)
    )
    review_start = factory.SelfAttribute("self_assessment_start")
    review_end = factory.SelfAttribute("self_assessment_end")
    submission_deadline = factory.SelfAttribute("self_assessment_end")


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    unit = factory.SubFactory(UnitFactory)
    cycle = factory.SubFactory(CycleFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.get(code=FRAMEWORK_CODE))


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "tim_kerja"


class ReviewerAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = ReviewerAssignment

    reviewer = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    cycle = factory.SubFactory(CycleFactory)


# --------------------------------------------------------------------------- assessment content


def _question(obj: Any) -> Question:
    return Question.objects.get(framework=obj.assessment.framework, code=obj.code)


class AnswerFactory(DjangoModelFactory):
    """One side's answer to one question (by `code`), stored directly: no rules, no audit.

    Unless given, the value is the question's best one: its highest option, 3 for every count
    of a percentage question, 3.5 for a survey index. `AnswerFactory(tpi=True)` is the TPI side.
    """

    class Meta:
        model = Answer

    class Params:
        code = FIRST_CODE
        tpi = factory.Trait(side=Side.TPI)

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.LazyAttribute(_question)
    side = Side.UNIT
    choice = factory.LazyAttribute(
        lambda a: (
            max(a.question.options.all(), key=lambda o: o.value).label
            if a.question.is_choice
            else ""
        )
    )
    counts = factory.LazyAttribute(
        lambda a: (
            {i.key: 3 for i in a.question.inputs.all()}
            if a.question.answer_type == Question.AnswerType.PERSEN
            else {}
        )
    )
    index_value = factory.LazyAttribute(
        lambda a: (
            Decimal("3.5") if a.question.answer_type == Question.AnswerType.NILAI_0_4 else None
        )
    )


class EvidenceRevisionFactory(DjangoModelFactory):
    """A stored revision: `content` (a small valid PDF by default) saved through default_storage
    under the app's own upload path, with its real size and sha256. It becomes the evidence's
    current revision; `number` follows the evidence's newest one."""

    class Meta:
        model = EvidenceRevision
        skip_postgeneration_save = True

    class Params:
        content = factory.LazyAttribute(lambda r: pdf_bytes(r.evidence.title))

    evidence = factory.SubFactory("tests.factories.EvidenceFactory", revision=None)
    number = factory.LazyAttribute(lambda r: r.evidence.revisions.count() + 1)
    original_name = factory.LazyAttribute(lambda r: f"{r.evidence.title}.pdf")
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda r: len(r.content))
    sha256 = factory.LazyAttribute(lambda r: hashlib.sha256(r.content).hexdigest())
    file = factory.LazyAttribute(lambda r: ContentFile(r.content, name=r.original_name))
    uploaded_by = factory.SelfAttribute("evidence.created_by")

    @factory.post_generation
    def current(obj, create, extracted, **kwargs):
        """current=False leaves the evidence's current revision as it was."""
        if create and extracted is not False:
            obj.evidence.current_revision = obj
            obj.evidence.save(update_fields=["current_revision"])


class EvidenceFactory(DjangoModelFactory):
    """A document of an assessment with one real stored revision holding `content` (a small PDF
    of the title by default), attached to `questions`. `deleted=True` soft-deletes it. Further
    revisions: EvidenceRevisionFactory(evidence=ev, content=...)."""

    class Meta:
        model = Evidence
        skip_postgeneration_save = True

    class Params:
        content = factory.LazyAttribute(lambda e: pdf_bytes(e.title))
        deleted = factory.Trait(deleted_at=factory.LazyFunction(timezone.now))
        has_file = factory.LazyAttribute(lambda e: e.kind == Evidence.Kind.FILE)

    assessment = factory.SubFactory(AssessmentFactory)
    title = factory.Sequence(lambda n: f"Dokumen uji {n}")
    kind = Evidence.Kind.FILE
    created_by = None
    deleted_at = factory.LazyAttribute(lambda e: timezone.now() if e.deleted_by else None)
    deleted_by = None

    revision = factory.Maybe(
        "has_file",
        yes_declaration=factory.RelatedFactory(
            EvidenceRevisionFactory, "evidence", content=factory.SelfAttribute("..content")
        ),
    )

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        """questions=[Question or code, ...]: the questions the evidence is attached to."""
        for question in extracted or ():
            which = {"code": question} if isinstance(question, str) else {"question": question}
            EvidenceAttachmentFactory(evidence=obj, attached_by=obj.created_by, **which)


class EvidenceLinkFactory(EvidenceFactory):
    """A link (no file, no revision) attached to `questions`."""

    kind = Evidence.Kind.LINK
    url = factory.Sequence(lambda n: f"https://contoh.go.id/zi/{n}")


class EvidenceAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceAttachment

    class Params:
        code = FIRST_CODE
        assessment = factory.SelfAttribute("evidence.assessment")

    evidence = factory.SubFactory(EvidenceFactory)
    question = factory.LazyAttribute(_question)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    class Params:
        code = FIRST_CODE

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.LazyAttribute(_question)
    author = None
    body = "Mohon dilengkapi"


class ReviewFlagFactory(DjangoModelFactory):
    """An open TPI flag ("perlu perbaikan"); `resolved=True` closes it now."""

    class Meta:
        model = ReviewFlag

    class Params:
        code = FIRST_CODE
        resolved = factory.Trait(resolved_at=factory.LazyFunction(timezone.now))

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.LazyAttribute(_question)
    note = "Perbaiki dokumen"
    created_by = None


class SnapshotFactory(DjangoModelFactory):
    class Meta:
        model = Snapshot

    assessment = factory.SubFactory(AssessmentFactory)
    kind = Snapshot.Kind.SUBMITTED
    data = factory.LazyFunction(dict)
    created_by = None


class AssessmentEventFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentEvent

    assessment = factory.SubFactory(AssessmentFactory)
    actor = None
    action = "submit"


class ReportJobFactory(DjangoModelFactory):
    """A queued assessment PDF job. `done=True` gives it a stored file (`content`, named
    `filename`); `institution=True` makes it an institution PDF with no assessment."""

    class Meta:
        model = ReportJob

    class Params:
        content = b"%PDF-1.4 laporan\n"
        done = factory.Trait(
            status=ReportJob.Status.DONE,
            progress=100,
            filename="laporan.pdf",
            file=factory.LazyAttribute(lambda j: ContentFile(j.content, name=j.filename)),
            finished_at=factory.LazyFunction(timezone.now),
        )
        institution = factory.Trait(kind=ReportJob.Kind.INSTITUTION_PDF, assessment=None)

    kind = ReportJob.Kind.ASSESSMENT_PDF
    assessment = factory.SubFactory(AssessmentFactory)
    unit = factory.LazyAttribute(lambda j: j.assessment.unit if j.assessment else None)
    requested_by = None
