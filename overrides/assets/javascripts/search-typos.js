/* Point Material's search at search-typos-worker.js, which wraps Material's own
   worker and adds typo tolerance. Loaded before Material's bundle (main.html),
   because the bundle reads #__config once at start-up. Also gives Material's
   search dialog the accessible name it lacks. */
(function () {
  "use strict";
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  var element = document.getElementById("__config");
  if (!element) return;
  var config = JSON.parse(element.textContent);
  if (!config.search) return;
  var material = new URL(config.search, document.baseURI).href;
  var wrapper = new URL("search-typos-worker.js", document.currentScript.src);
  wrapper.searchParams.set("worker", material);
  config.search = wrapper.href;
  element.textContent = JSON.stringify(config);
})();
