// Assessment and question pages: small enhancements; every page works without this file.
(function () {
  // Nothing lost: warn before leaving a question page with an answer typed but not saved.
  // Delegated, because an htmx save swaps the answer block (and its form) in place.
  const dirty = new Set();
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form.answer-form");
    if (!form) return;
    dirty.add(form.closest(".answer-side").id);
    form.classList.add("unsaved");
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest && event.target.closest("form.answer-form");
    if (form) dirty.delete(form.closest(".answer-side").id);
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function answerRequest(evt) {
    const elt = evt.detail && evt.detail.elt;
    return elt && elt.matches && elt.matches("form.answer-form") ? elt : null;
  }

  // An answer save answers 400 (what to correct) or 409 (someone saved first: the newer answer
  // with what was typed) with the answer block itself: swap it like a success.
  document.addEventListener("htmx:beforeSwap", (evt) => {
    if (!answerRequest(evt)) return;
    const status = evt.detail.xhr.status;
    if (status === 400 || status === 409) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });

  // Anything else (a refusal's 403 page, a server error): post the form the ordinary way, so the
  // browser shows that page. A refused save writes nothing, so sending it again is harmless.
  document.addEventListener("htmx:responseError", (evt) => {
    const form = answerRequest(evt);
    if (form) form.submit();
  });

  // After the swap: the block is new, so move focus to its message for keyboard and screen
  // reader users (the "saved" line, or the first error). With outerHTML the event fires on the
  // new element.
  document.addEventListener("htmx:afterSwap", (evt) => {
    const block = evt.target;
    if (!block || !block.classList || !block.classList.contains("answer-side")) return;
    if (evt.detail.xhr.status < 300) dirty.delete(block.id);
    const message = block.querySelector(".error, .saved-line");
    if (message) message.focus();
  });

  document.addEventListener("DOMContentLoaded", () => {
    // With htmx the filters apply on change, so the explicit button is only for no-JS use.
    if (window.htmx) {
      document.querySelectorAll("form.filters .apply-filters").forEach((b) => { b.remove(); });
    }
  });
})();
