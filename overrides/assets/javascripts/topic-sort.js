/* Sort control of topic pages: reorders the `.paper-list` that follows a
   `.paper-sort` form, using the data-year / data-title / data-added attributes
   of _paper_list.md.j2's items. The form is hidden until this script runs. */
(function () {
  "use strict";
  var ORDERS = {
    newest: function (a, b) {
      return (Number(b.dataset.year) || 0) - (Number(a.dataset.year) || 0);
    },
    title: function (a, b) {
      return a.dataset.title.localeCompare(b.dataset.title, "en", { sensitivity: "base" });
    },
    added: function (a, b) {
      return a.dataset.added < b.dataset.added ? 1 : a.dataset.added > b.dataset.added ? -1 : 0;
    }
  };

  function setup(form) {
    var list = form.nextElementSibling;
    while (list && !list.classList.contains("paper-list")) list = list.nextElementSibling;
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);  /* page order: newest */
    var select = form.querySelector("select");
    select.addEventListener("change", function () {
      var order = ORDERS[select.value] || ORDERS.newest;
      var sorted = items.map(function (item, index) { return [item, index]; })
        .sort(function (a, b) { return order(a[0], b[0]) || a[1] - b[1]; })
        .map(function (pair) { return pair[0]; });
      sorted.forEach(function (item) { list.appendChild(item); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
  }

  function init() {
    document.querySelectorAll("form.paper-sort").forEach(function (form) {
      if (!form.dataset.ready) {
        form.dataset.ready = "1";
        setup(form);
      }
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
