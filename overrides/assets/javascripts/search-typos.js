/* Point Material's search at search-typos-worker.js, which wraps Material's own
   worker and adds typo tolerance. Loaded before Material's bundle (main.html),
   because the bundle reads #__config once at start-up. */
(function () {
  "use strict";
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
