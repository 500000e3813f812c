// Upload progress for the evidence panel: htmx reports XHR progress on the submitting form, and
// the form's <progress> element shows it. Loaded from the panel fragment, which htmx may swap in
// again, so the listeners are installed once.
(function () {
  if (window.ziEvidenceProgress) return;
  window.ziEvidenceProgress = true;

  function parts(evt) {
    const form = evt.target && evt.target.closest ? evt.target.closest("form") : null;
    if (!form) return null;
    const bar = form.querySelector("progress.upload-progress");
    if (!bar) return null;
    return { bar: bar, text: form.querySelector(".upload-progress-text") };
  }

  document.addEventListener("htmx:beforeRequest", function (evt) {
    const p = parts(evt);
    if (!p) return;
    p.bar.value = 0;
    p.bar.hidden = false;
    if (p.text) p.text.textContent = "0%";
  });

  document.addEventListener("htmx:xhr:progress", function (evt) {
    const p = parts(evt);
    if (!p || !evt.detail || !evt.detail.lengthComputable) return;
    const pct = Math.round((evt.detail.loaded / evt.detail.total) * 100);
    p.bar.value = pct;
    if (p.text) p.text.textContent = pct >= 100 ? (p.text.dataset.done || "100%") : pct + "%";
  });

  document.addEventListener("htmx:afterRequest", function (evt) {
    const p = parts(evt);
    if (!p) return;
    p.bar.hidden = true;
    if (p.text) p.text.textContent = "";
  });
})();
