// Assessment and question pages: small enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Nothing lost: warn before leaving a question page with an answer typed but not saved.
  const forms = document.querySelectorAll("form.answer-form");
  let dirty = false;
  forms.forEach((form) => {
    form.addEventListener("input", () => {
      dirty = true;
      form.classList.add("unsaved");
    });
    form.addEventListener("submit", () => {
      dirty = false;
    });
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // With htmx the filters apply on change, so the explicit button is only for no-JS use.
  if (window.htmx) {
    document.querySelectorAll("form.filters .apply-filters").forEach((b) => { b.remove(); });
  }
});
