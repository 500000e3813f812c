"""Importing a plan workbook in two steps: check every row (write nothing), then create all.

Policy: all or nothing. ``plan_import`` reads the sheet (reader.py), finds each row's indicator
(matching.py: codes first, then text; a continuation row with empty NO, KOMPONEN and INDIKATOR
inherits the indicator and question of the row above, one with only INDIKATOR the indicator),
reads its values (layout.py) and asks plan_edit_refusal for its indicator: a row the user may not
write (an area they do not hold) is a problem like a bad date. Area header rows (I MANAJEMEN
PERUBAHAN, II PENATAAN TATALAKSANA, ...) set the area the names are looked up in; rows with only
NO, KOMPONEN or INDIKATOR set the indicator of the rows below. When any row has a problem the
plan cannot be applied. ``plan_import_apply`` creates every planned item in one transaction
through plan_item_create (locked, rule re-checked, audited), and CATATAN as a progress note
(the reason, for a cancelled item).

The page carries the checked rows from the preview to "Impor" signed (payload.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Area, Indicator, Question
from scoring.plans import rules
from scoring.plans.models import PlanItem, PlanNote, Status
from scoring.plans.services import plan_item_create, plan_note_add
from scoring.plans.transfer import layout
from scoring.plans.transfer.matching import (
    Ambiguous,
    FrameworkIndex,
    QuestionRef,
    existing_steps,
    unit_members,
)
from scoring.plans.transfer.reader import MAX_ROWS, Sheet, SheetRow, read_sheet
from zi_portal.models import Assessment

TEXT_MAX = 4000
LIMITS = {"authority": 300, "person": 200}
IDENTITY_KEYS = ("indicator", "component", "indicator_code", "question_code")
ITEM_KEYS = ("step", "authority", "output", "person", "start", "due", "status", "note")


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  # the column's header ("TENGGAT"), blank for the whole row
    cell: str  # "K12", blank when the sheet has no such column
    message: str


@dataclass(frozen=True)
class PlannedItem:
    row: int
    indicator_id: int
    indicator_code: str
    indicator_name: str
    step: str
    question_id: int | None = None
    question_code: str = ""
    output: str = ""
    authority: str = ""
    person_id: int | None = None
    person_label: str = ""  # as the preview shows it (the member's name, or person_name)
    person_name: str = ""
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    status: str = Status.PLANNED
    cancel_reason: str = ""
    note: str = ""

    @property
    def status_label(self) -> str:
        return layout.status_label(self.status)


@dataclass(frozen=True)
class ImportPlan:
    assessment_id: int
    items: tuple[PlannedItem, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    sheet: str = ""

    @property
    def can_apply(self) -> bool:
        return bool(self.items) and not self.problems


@dataclass
class _Context:
    area: Area | None = None
    indicator: Indicator | None = None
    question: QuestionRef | None = None
    failed_row: int = 0


class _RowError(Exception):
    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(message)


@dataclass
class _Planner:
    actor: User
    assessment: Assessment
    sheet: Sheet
    index: FrameworkIndex
    members: dict[str, User]
    statuses: dict[str, str]
    existing: set[tuple[int, str]] = field(default_factory=set)
    ctx: _Context = field(default_factory=_Context)
    refusals: dict[int, str | None] = field(default_factory=dict)
    items: list[PlannedItem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def problem(self, row: int, key: str, message: str) -> None:
        letter = self.sheet.columns.get(key, "")
        header = layout.BY_KEY[key].header if key else ""
        self.problems.append(RowProblem(row, header, f"{letter}{row}" if letter else "", message))

    # --- one row -------------------------------------------------------------------------

    def area_header(self, row: SheetRow) -> Area | None:
        if any(row.text(k) for k in ("indicator", "indicator_code", "question_code", *ITEM_KEYS)):
            return None
        number, name = row.text("no"), row.text("component")
        if number and not name:  # "II PENATAAN TATALAKSANA" in one cell
            number, _sep, name = number.partition(" ")
        area = self.index.area_named(number, name) if name else None
        if area is None and layout.normalise(number) in layout.ROMAN:
            area = self.index.area_numbered(number)
        return area

    def scope(self) -> str:
        if self.ctx.area is not None:
            return _("area %(area)s") % {"area": self.ctx.area.name}
        return _("kerangka penilaian ini")

    def resolve(self, row: SheetRow) -> tuple[Indicator, QuestionRef | None]:
        """The row's indicator and question, or _RowError naming the column at fault."""
        qcode, icode = row.text("question_code"), row.text("indicator_code")
        text, component = row.text("indicator"), row.text("component")
        if qcode:
            q = self.index.question_by_code(qcode)
            if q is None:
                raise _RowError(
                    "question_code",
                    _("Kode pertanyaan %(code)s tidak ada pada indikator kerangka penilaian ini.")
                    % {"code": qcode},
                )
            if icode and icode.casefold() != q.indicator.code.casefold():
                raise _RowError(
                    "indicator_code",
                    _(
                        "Kode indikator %(given)s tidak cocok dengan pertanyaan %(q)s (indikator "
                        "%(code)s)."
                    )
                    % {"given": icode, "q": q.code, "code": q.indicator.code},
                )
            return q.indicator, q
        if icode:
            ind = self.index.indicator_by_code(icode)
            if ind is None:
                raise _RowError(
                    "indicator_code",
                    _("Kode indikator %(code)s tidak ada dalam kerangka penilaian ini.")
                    % {"code": icode},
                )
            try:
                q = self.index.question_by_text(text, None) if text else None
            except Ambiguous:
                q = None
            return ind, (q if q is not None and q.indicator.pk == ind.pk else None)
        key = "indicator"
        try:
            if text:
                q = self.index.question_by_text(text, self.ctx.area)
                if q is not None:
                    return q.indicator, q
                ind = self.index.indicator_by_name(text, self.ctx.area)
                if ind is not None:
                    return ind, None
            if component:
                key = "component"
                ind = self.index.indicator_by_name(component, self.ctx.area, loose=True)
                if ind is not None:
                    return ind, None
                raise _RowError(
                    "component",
                    _(
                        'Komponen "%(text)s" tidak cocok dengan nama indikator mana pun di '
                        "%(scope)s; isi KODE INDIKATOR."
                    )
                    % {"text": component[:80], "scope": self.scope()},
                )
        except Ambiguous as exc:
            raise _RowError(
                key,
                _(
                    '"%(text)s" cocok dengan lebih dari satu indikator (%(codes)s); isi KODE '
                    "INDIKATOR."
                )
                % {"text": (component if key == "component" else text)[:80], "codes": exc},
            ) from exc
        if self.ctx.indicator is not None:
            return self.ctx.indicator, (None if text else self.ctx.question)
        if self.ctx.failed_row:
            raise _RowError(
                "indicator",
                _("Indikator baris di atasnya (baris %(row)s) tidak dikenali.")
                % {"row": self.ctx.failed_row},
            )
        raise _RowError(
            "indicator",
            _("Baris ini tidak menyebut indikator dan tidak ada baris indikator di atasnya."),
        )

    def refusal(self, indicator: Indicator) -> str | None:
        if indicator.pk not in self.refusals:
            refusal = rules.plan_edit_refusal(self.actor, self.assessment, indicator)
            self.refusals[indicator.pk] = None if refusal is None else str(refusal)
        return self.refusals[indicator.pk]

    def values(self, row: SheetRow) -> dict[str, Any]:
        """The item's fields from the row; _RowError at the first bad cell."""
        out: dict[str, Any] = {}
        for key in ("step", "output", "authority", "person", "note"):
            value = _long_text(row.values.get(key))
            if len(value) > LIMITS.get(key, TEXT_MAX):
                raise _RowError(
                    key,
                    _("Teks terlalu panjang (%(n)s karakter, paling banyak %(max)s).")
                    % {"n": len(value), "max": LIMITS.get(key, TEXT_MAX)},
                )
            out[key] = value
        for key in ("start", "due"):
            try:
                out[key] = layout.cell_date(row.values.get(key))
            except layout.BadValue as exc:
                raise _RowError(
                    key,
                    _(
                        'Tanggal "%(value)s" tidak dikenali; tulis sebagai tanggal Excel atau '
                        "dd/mm/yyyy."
                    )
                    % {"value": str(exc)[:40]},
                ) from exc
        if out["start"] and out["due"] and out["start"] > out["due"]:
            raise _RowError(
                "due",
                _("Tenggat %(due)s sebelum tanggal mulai %(start)s.")
                % {"due": layout.cell_text(out["due"]), "start": layout.cell_text(out["start"])},
            )
        try:
            out["status"] = layout.cell_status(row.values.get("status"), self.statuses)
        except layout.BadValue as exc:
            raise _RowError(
                "status",
                _(
                    'Status "%(value)s" tidak dikenal; gunakan Direncanakan, Berjalan, Selesai, '
                    "Terlambat atau Dibatalkan."
                )
                % {"value": str(exc)[:40]},
            ) from exc
        if out["status"] == Status.CANCELLED and not out["note"]:
            raise _RowError("note", _("Butir yang dibatalkan memerlukan alasan di kolom CATATAN."))
        return out

    def row(self, row: SheetRow) -> None:
        area = self.area_header(row)
        if area is not None:
            self.ctx = _Context(area=area)
            return
        has_step = bool(row.text("step"))
        has_item_values = any(row.text(k) for k in ITEM_KEYS)
        if not has_item_values and not any(row.text(k) for k in IDENTITY_KEYS):
            return  # a lone NO
        try:
            indicator, question = self.resolve(row)
        except _RowError as exc:
            self.ctx.indicator, self.ctx.question, self.ctx.failed_row = None, None, row.number
            self.problem(row.number, exc.key, exc.message)
            return
        self.ctx.indicator, self.ctx.question, self.ctx.failed_row = indicator, question, 0
        if not has_step:
            if has_item_values:
                self.problem(row.number, "step", _("LANGKAH AKSI wajib diisi."))
            return  # a KOMPONEN or INDIKATOR row: sets the indicator of the rows below
        refused = self.refusal(indicator)
        if refused:
            key = next((k for k in IDENTITY_KEYS[::-1] if row.text(k)), "indicator")
            self.problem(row.number, key, refused)
            return
        try:
            values = self.values(row)
        except _RowError as exc:
            self.problem(row.number, exc.key, exc.message)
            return
        if (indicator.pk, layout.normalise(values["step"])) in self.existing:
            self.problem(
                row.number,
                "step",
                _(
                    "Langkah aksi ini sudah ada pada indikator %(code)s di rencana aksi; "
                    "butir yang sama tidak diimpor dua kali."
                )
                % {"code": indicator.code},
            )
            return
        self.items.append(self.planned(row.number, indicator, question, values))

    def planned(
        self, number: int, indicator: Indicator, question: QuestionRef | None, v: dict[str, Any]
    ) -> PlannedItem:
        person = self.members.get(layout.normalise(v["person"])) if v["person"] else None
        cancelled = v["status"] == Status.CANCELLED
        return PlannedItem(
            row=number,
            indicator_id=indicator.pk,
            indicator_code=indicator.code,
            indicator_name=indicator.name,
            question_id=question.pk if question else None,
            question_code=question.code if question else "",
            step=v["step"],
            output=v["output"],
            authority=v["authority"],
            person_id=person.pk if person else None,
            person_label=(person.get_full_name() or person.get_username())
            if person
            else v["person"],
            person_name="" if person else v["person"],
            start_date=v["start"],
            due_date=v["due"],
            status=v["status"],
            cancel_reason=v["note"] if cancelled else "",
            note="" if cancelled else v["note"],
        )


def _long_text(value: Any) -> str:
    """A text cell with its line breaks kept (steps and notes are often several lines)."""
    if value is None or isinstance(value, datetime.date | int | float):
        return layout.cell_text(value)
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


class PlanImportDuplicate(Exception):
    """Rows of the preview are in the plan already (the same import applied twice); nothing was
    written."""

    def __init__(self, rows: list[int]) -> None:
        self.rows = rows
        super().__init__(
            _(
                "Butir dari baris %(rows)s sudah ada di rencana aksi (impor ini mungkin sudah "
                "dijalankan); tidak ada yang disimpan."
            )
            % {"rows": ", ".join(str(r) for r in rows)}
        )


def plan_import(*, actor: User, assessment: Assessment, source: IO[bytes] | bytes) -> ImportPlan:
    """What importing `source` would create, and every problem by row; writes nothing.

    Raises reader.UnreadableWorkbook when the file is no workbook with a LANGKAH AKSI header.
    """
    sheet = read_sheet(source)
    planner = _Planner(
        actor=actor,
        assessment=assessment,
        sheet=sheet,
        index=FrameworkIndex.for_assessment(assessment),
        members=unit_members(assessment),
        existing=existing_steps(assessment),
        statuses=layout.status_names(),
    )
    if not any(k in sheet.columns for k in IDENTITY_KEYS):
        planner.problem(
            sheet.header_row,
            "",
            _("Baris judul tidak memuat kolom INDIKATOR, KOMPONEN atau KODE INDIKATOR."),
        )
    else:
        for row in sheet.rows:
            planner.row(row)
    if sheet.truncated:
        planner.problem(
            sheet.header_row,
            "",
            _("Lembar kerja memuat lebih dari %(max)s baris; bagi menjadi beberapa berkas.")
            % {"max": MAX_ROWS},
        )
    if not planner.items and not planner.problems:
        planner.problem(
            sheet.header_row, "step", _("Lembar kerja tidak memuat baris langkah aksi.")
        )
    return ImportPlan(assessment.pk, tuple(planner.items), tuple(planner.problems), sheet.title)


@transaction.atomic
def plan_import_apply(*, actor: User, assessment: Assessment, plan: ImportPlan) -> list[PlanItem]:
    """Create every planned item (all or nothing): plan_item_create locks the assessment and
    re-checks plan_edit_refusal per item, so a refusal (Refused) rolls back every row; a row
    the plan already holds (the same preview applied twice) refuses all (PlanImportDuplicate)."""
    if plan.assessment_id != assessment.pk or not plan.can_apply:
        raise ValueError("only a plan without problems of this assessment is applied")
    # Locked first, so a second "Impor" of the same preview waits and then finds the rows.
    locked = Assessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
    existing = existing_steps(locked)
    repeated = [p.row for p in plan.items if (p.indicator_id, layout.normalise(p.step)) in existing]
    if repeated:
        raise PlanImportDuplicate(repeated)
    indicators = Indicator.objects.select_related("part__area").in_bulk(
        {i.indicator_id for i in plan.items}
    )
    questions = Question.objects.in_bulk({i.question_id for i in plan.items if i.question_id})
    people = User.objects.in_bulk({i.person_id for i in plan.items if i.person_id})
    created: list[PlanItem] = []
    for p in plan.items:
        item = plan_item_create(
            actor=actor,
            assessment=assessment,
            indicator=indicators[p.indicator_id],
            question=questions[p.question_id] if p.question_id else None,
            step=p.step,
            output=p.output,
            authority=p.authority,
            person=people[p.person_id] if p.person_id else None,
            person_name=p.person_name,
            start_date=p.start_date,
            due_date=p.due_date,
            status=p.status,
            cancel_reason=p.cancel_reason,
        )
        if p.note:
            plan_note_add(actor=actor, item=item, kind=PlanNote.Kind.PROGRESS, text=p.note)
        created.append(item)
    return created
