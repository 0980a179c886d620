// brinkwatch dashboard: the only script. It brings a followed source span into view and
// flashes it; every page works without it.
(function () {
  "use strict";
  function focusSpan() {
    var id = window.location.hash.slice(1);
    if (!id) { return; }
    var el = document.getElementById(id);
    if (!el || el.tagName !== "MARK") { return; }
    el.scrollIntoView({ block: "center" });
    el.classList.add("flash");
  }
  document.addEventListener("DOMContentLoaded", focusSpan);
  window.addEventListener("hashchange", focusSpan);
}());
