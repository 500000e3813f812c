"""The framework browser: the whole LKE worksheet with weights, options and formulas."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from areas.selectors import framework_active, framework_tree, hasil_tree


def framework_browser(request: HttpRequest) -> HttpResponse:
    framework = framework_active()
    if framework is None:
        raise Http404("Kerangka LKE belum dimuat (jalankan manage.py load_framework).")
    return render(
        request,
        "areas/framework_browser.html",
        {
            "framework": framework,
            "areas": framework_tree(framework=framework),
            "hasil": hasil_tree(framework=framework),
        },
    )
