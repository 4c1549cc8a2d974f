/* Site behaviour that Material does not provide: sortable tables, TeX math, the
   authors pages' filter and an accessible name for the search dialog. Runs on every page view, including
   instant-navigation ones (document$). */
(function () {
  "use strict";
  var base = new URL("../vendor/", document.currentScript.src);
  var katexLoading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadKatex() {
    if (!katexLoading) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("katex/katex.min.css", base).href;
      document.head.appendChild(css);
      katexLoading = loadScript(new URL("katex/katex.min.js", base).href).then(function () {
        return loadScript(new URL("katex/auto-render.min.js", base).href);
      });
    }
    return katexLoading;
  }

  function renderMath() {
    var blocks = document.querySelectorAll(".arithmatex-auto");
    if (!blocks.length) return;
    loadKatex().then(function () {
      blocks.forEach(function (block) {
        window.renderMathInElement(block, {
          delimiters: [
            { left: "$$", right: "$$", display: true },
            { left: "$", right: "$", display: false },
            { left: "\\(", right: "\\)", display: false }
          ],
          throwOnError: false,
          trust: false
        });
      });
    });
  }

  function sortTables() {
    if (typeof window.Tablesort === "undefined") return;
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (!table.dataset.sortReady) {
        new window.Tablesort(table, { descending: true });
        table.dataset.sortReady = "1";
      }
    });
  }

  /* Material's search dialog has none (axe: aria-dialog-name). */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }

  /* An authors page: the filter box shows the people whose name has the words typed. */
  function filterAuthors() {
    var form = document.querySelector("form.author-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var sections = Array.prototype.slice.call(document.querySelectorAll(".author-list > section"));
    var input = form.querySelector("input"), shown = form.querySelector("output");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), count = 0;
      sections.forEach(function (section) {
        var name = section.querySelector("h2").textContent.toLowerCase();
        var match = words.every(function (word) { return name.indexOf(word) !== -1; });
        section.hidden = !match;
        count += match;
      });
      shown.textContent = words.length ? count + " of " + sections.length : "";
    });
  }

  function init() {
    filterAuthors();
    nameSearchDialog();
    sortTables();
    renderMath();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
