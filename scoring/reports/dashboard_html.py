"""The unit dashboard's verdict and gap blocks written in Python: byte for byte what
templates/dashboard/_verdict.html and _gap.html render (the PDF still includes those templates,
and tests/scoring/reports/test_dashboard_html.py compares the two). An include per block with
about thirty criterion rows and a dozen gap steps was a fifth of the dashboard's time
(docs/scale.md section 6)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _


def _e(value: Any) -> str:
    return str(conditional_escape(value))


def _t(message: str) -> str:
    """{% translate %}: the translation, escaped as the template escapes it."""
    return _e(_(message))


def _urlencode(value: str) -> str:
    return _e(quote(value, safe="/"))


def verdict_html(v: Any) -> str:
    """One scoring.reports.selectors.dashboard.VerdictView."""
    title = _t("Menuju WBK") if v.predicate == "WBK" else _t("Menuju WBBM")
    if v.passed:
        badge = f'<span class="badge badge-pass">{_t("Memenuhi syarat")}</span>'
    else:
        badge = f'<span class="badge badge-fail">{_t("Belum memenuhi syarat")}</span>'
    prov = "" if v.final else f'<span class="badge badge-prov">{_t("sementara")}</span>'
    passed = f'<span class="pass">✓ {_t("lulus")}</span>'
    failed = f'<span class="fail">✗ {_t("belum")}</span>'
    rows = "".join(
        f'\n    <tr><td>{_e(c.label)}</td><td class="num">{_e(c.value)}</td>'
        f'<td class="num">{_e(c.minimum)}</td>\n'
        f"      <td>{passed if c.passed else failed}</td>\n"
        f'      <td class="num">{_e(c.missing)}</td></tr>\n    '
        for c in v.criteria
    )
    warnings = "".join(f'<p class="warn small">⚠ {_e(w)}</p>' for w in v.warnings)
    return (
        '\n<div class="verdict">\n  <div class="verdict-head">\n'
        f"    <h3>{title}</h3>\n    <span>\n      {badge}\n      {prov}\n    </span>\n  </div>\n"
        '  <div class="table-wrap"><table class="list">\n'
        '    <colgroup><col class="c-label"><col class="c-num"><col class="c-num">'
        '<col class="c-res"><col class="c-num"></colgroup>\n'
        f'    <thead><tr><th scope="col">{_t("Kriteria")}</th>'
        f'<th scope="col" class="num">{_t("Nilai")}</th>'
        f'<th scope="col" class="num">{_t("Minimum")}</th>'
        f'<th scope="col">{_t("Status")}</th>'
        f'<th scope="col" class="num">{_t("Kurang")}</th></tr></thead>\n'
        f"    <tbody>\n    {rows}\n    </tbody>\n  </table></div>\n  {warnings}\n</div>\n"
    )


def verdicts_html(verdicts: Iterable[Any]) -> SafeString:
    return mark_safe("".join(verdict_html(v) for v in verdicts))  # noqa: S308 - escaped above


def _step_html(g: Any, s: Any, plan_url: str, step_allowed: Callable[[str], bool]) -> str:
    link_label = f' <span class="muted">({_e(s.link_label)})</span>' if s.link_label else ""
    # {% blocktranslate %} escapes the values, not the sentence around them.
    moved = _("dari %(a)s ke %(b)s") % {"a": _e(s.from_), "b": _e(s.to)}
    link = ""
    if plan_url and step_allowed(s.code):
        link = (
            f'<a class="gap-plan-link" href="{_e(plan_url)}?predikat='
            f'{_urlencode(g.predicate)}&amp;pertanyaan={_urlencode(s.code)}">'
            f"{_t('Tambah ke rencana aksi')}</a>"
        )
    return (
        f'\n      <li><span class="code">{_e(s.code)}</span>{link_label}:\n'
        f"        {moved}, <strong>+{_e(s.gain)}</strong> {_t('poin')}\n"
        "        \n"
        f"        {link}\n"
        f'        <br><span class="muted small">{_e(Truncator(s.text).chars(140))}</span></li>\n'
        "      "
    )


def gap_html(g: Any, *, limit: int, plan_url: str, step_allowed: Callable[[str], bool]) -> str:
    """One scoring.reports.selectors.dashboard.GapView; `limit` steps at most (0: all);
    `step_allowed(code)`: may the user add that step to the action plan (only asked with a
    plan_url, as the template's plan_step_allowed tag)."""
    head = _("Langkah tercepat menuju %(p)s") % {"p": _e(g.predicate)}
    if g.passed:
        passed = _("Syarat %(p)s sudah terpenuhi.") % {"p": _e(g.predicate)}
        body = f'\n    <p class="pass">{passed}</p>\n  '
        return f'\n<div class="gap">\n  <h3>{head}</h3>\n  {body}\n</div>\n'
    out = [f"\n    <p>{_e(g.message)}</p>\n    "]
    if g.steps:
        steps = "".join(
            _step_html(g, s, plan_url, step_allowed) if not limit or i <= limit else ""
            for i, s in enumerate(g.steps, start=1)
        )
        more = ""
        if limit and len(g.steps) > limit:
            n = _e(localize(len(g.steps)))
            more = (
                '<p class="muted small">'
                + _("Rencana lengkap: %(n)s langkah (di laporan PDF).") % {"n": n}
                + "</p>"
            )
        gain = _("Jumlah tambahan pengungkit dari langkah-langkah ini: %(gain)s poin.") % {
            "gain": _e(g.steps_gain)
        }
        short = (
            ""
            if g.reached
            else f' <span class="warn">{_t("Langkah pengungkit saja belum cukup.")}</span>'
        )
        out.append(
            f'\n    <ol class="steps">\n      {steps}\n    </ol>\n    {more}\n'
            f'    <p class="small">{gain}{short}</p>\n    '
        )
    out.append("\n    ")
    if g.surveys:
        out.append(
            render_to_string("surveys/_gap.html", {"lines": g.surveys, "predicate": g.predicate})
        )
    out.append("\n    ")
    if g.blocked:
        items = "".join(f"<li>{_e(b)}</li>" for b in g.blocked)
        out.append(
            f'\n    <p class="small"><strong>{_t("Yang harus dipenuhi komponen hasil:")}'
            f'</strong></p>\n    <ul class="small">{items}</ul>\n    '
        )
    out.append("\n  ")
    return f'\n<div class="gap">\n  <h3>{head}</h3>\n  {"".join(out)}\n</div>\n'
