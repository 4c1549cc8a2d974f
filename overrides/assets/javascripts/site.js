/* Site behaviour that Material does not provide: sortable tables, TeX math and an
   accessible name for the search dialog. Runs on every page view, including
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

  function init() {
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
