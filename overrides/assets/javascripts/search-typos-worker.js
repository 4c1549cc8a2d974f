/* Typo tolerance and exact-word preference for Material's search worker.

   Material turns every query word into a prefix search (`skil` -> `skil*`) but
   never into a fuzzy one, so `humanod` finds nothing; and a prefix expansion
   counts as much as the word itself, so in a collection about skills `skill`
   ranks every title with `SkillMimic` or `Skill2vec` above the papers that say
   `skill`. This worker runs Material's own worker (its URL is the `worker`
   parameter, set by search-typos.js) and, before Material sees a query, adds a
   boosted exact copy of each plain word of three or more letters and a fuzzy
   copy of each of five or more: `humanod` -> `humanod humanod^10 humanod~1`
   (Material then searches `humanod* humanod^10 humanod~1`). Queries that use
   lunr syntax (quotes, ~ ^ * :, a leading + or -) are left alone. Stop words
   are dropped (Material would search them as prefixes: `and*` finds `Andrii`).
   tests/tools/search_mirror.py does the same for the query tests. */
"use strict";

var QUERY = 2; /* SearchMessageType.QUERY in Material's worker */
var PLAIN_WORD = /^[\p{L}\p{N}]{5,}$/u;
var EXACT_WORD = /^[\p{L}\p{N}]{3,}$/u;
var EXACT_BOOST = 10;

function isStopWord(word) {
  return typeof self.lunr !== "undefined" && !self.lunr.stopWordFilter(word.toLowerCase());
}

function withTypos(query) {
  if (/["~^*:]|(?:^|\s)[+-]/.test(query)) return query;
  var words = query.trim().split(/\s+/).filter(Boolean);
  /* Material's query pipeline keeps stop words, so `and` searches `and*` and
     finds `Andrii`. Drop them, except a last word still being typed. */
  var typing = !/\s$/.test(query);
  words = words.filter(function (word, index) {
    return (typing && index === words.length - 1) || !isStopWord(word);
  });
  var exact = words.filter(function (word) { return EXACT_WORD.test(word); })
    .map(function (word) { return word + "^" + EXACT_BOOST; });
  var fuzzy = words.filter(function (word) { return PLAIN_WORD.test(word); })
    .map(function (word) { return word + "~1"; });
  return words.concat(exact, fuzzy).join(" ");
}

/* Registered before Material's listener, so it runs first on the same event. */
self.addEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === QUERY && typeof message.data === "string") {
    message.data = withTypos(message.data);
  }
});

importScripts(new URL(self.location.href).searchParams.get("worker"));
