// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Language switch submits on change; the button stays for keyboard and no-JS users.
  const lang = document.getElementById("lang-select");
  if (lang) lang.addEventListener("change", () => lang.form.submit());
});

// Irreversible steps ask first: a form with data-confirm="sentence" opens the page's native
// <dialog> (templates/_confirm_dialog.html), or window.confirm where <dialog> is missing. Listening
// in the capture phase runs before htmx's own submit handler, so htmx forms are asked too. The
// confirmed form is submitted again with the same button; without JS the form simply posts.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (form.dataset.confirmed === "1") {
      delete form.dataset.confirmed;
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    const submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
    const go = () => {
      form.dataset.confirmed = "1";
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
    };
    const dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(form.dataset.confirm)) go();
      return;
    }
    dialog.querySelector("#confirm-dialog-text").textContent = form.dataset.confirm;
    const ok = dialog.querySelector("#confirm-dialog-ok");
    ok.dataset.label = ok.dataset.label || ok.textContent;
    ok.textContent = (submitter && submitter.textContent.trim()) || ok.dataset.label;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => { if (dialog.returnValue === "ok") go(); }, { once: true });
    dialog.showModal();
  },
  true,
);
