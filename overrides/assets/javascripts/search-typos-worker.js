/* Typo tolerance for Material's search worker.

   Material turns every query word into a prefix search (`skil` -> `skil*`) but
   never into a fuzzy one, so `humanod` finds nothing. This worker runs Material's
   own worker (its URL is the `worker` parameter, set by search-typos.js) and,
   before Material sees a query, adds a fuzzy copy of each plain word of five or
   more letters: `humanod` -> `humanod humanod~1` (Material then searches
   `humanod* humanod~1`). Queries that use lunr syntax (quotes, + - ~ ^ * :) are
   left alone. tests/search_mirror.py does the same for the query tests. */
"use strict";

var QUERY = 2; /* SearchMessageType.QUERY in Material's worker */
var PLAIN_WORD = /^[\p{L}\p{N}]{5,}$/u;

function withTypos(query) {
  if (/["+\-~^*:]/.test(query)) return query;
  var words = query.trim().split(/\s+/).filter(Boolean);
  var fuzzy = words.filter(function (word) { return PLAIN_WORD.test(word); })
    .map(function (word) { return word + "~1"; });
  return words.concat(fuzzy).join(" ");
}

/* Registered before Material's listener, so it runs first on the same event. */
self.addEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === QUERY && typeof message.data === "string") {
    message.data = withTypos(message.data);
  }
});

importScripts(new URL(self.location.href).searchParams.get("worker"));
