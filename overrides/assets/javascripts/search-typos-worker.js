/* Typo tolerance and exact-word preference for Material's search, as a proxy
   between Material's search box and Material's own search worker.

   Material turns every query word into a prefix search (`skil` -> `skil*`) but
   never into a fuzzy one, so `humanod` finds nothing; and a prefix expansion
   counts as much as the word itself, so in a collection about skills `skill`
   ranks every title with `SkillMimic` or `Skill2vec` above the papers that say
   `skill`. Before Material's worker sees a query, this worker adds a boosted
   exact copy of each plain word of three or more letters and a fuzzy copy of
   each of five or more: `humanod` -> `humanod humanod^10 humanod~1` (Material
   then searches `humanod* humanod^10 humanod~1`). Queries that use lunr syntax
   (quotes, ~ ^ * :, a leading + or -) are left alone. Stop words are dropped
   (Material would search them as prefixes: `and*` finds `Andrii`).

   How it sits between them: overrides/main.html names this file as the site's
   search worker, with Material's worker as its `worker` parameter (relative to
   this file). This worker starts Material's as a worker of its own, passes every
   message from the page on to it and every answer back, and changes only two
   kinds, recognised by their shape rather than by Material's private message
   numbers: a query (its `data` is the text typed) and a result (its `data.items`
   is the list of pages found). A message keeps its own `type` both ways.

   Only a worker set up with a lunr index (the setup message's `data.docs`, as
   Material sends it) gets lunr syntax and Pagefind's papers; any other worker
   (Zensical's, whose setup sends `data.items`) is passed everything unchanged. */
"use strict";

var PLAIN_WORD = /^[\p{L}\p{N}]{5,}$/u;
var EXACT_WORD = /^[\p{L}\p{N}]{3,}$/u;
var EXACT_BOOST = 10;

/* lunr's English stop words (lunr.stopWordFilter, lunr 2.3.9), which Material's
   worker leaves out of its index. Material's worker keeps lunr to itself, so the
   list is here; tests/test_search.py compares it with the installed worker's. */
var STOP_WORDS = new Set([
  "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among",
  "an", "and", "any", "are", "as", "at", "be", "because", "been", "but", "by", "can",
  "cannot", "could", "dear", "did", "do", "does", "either", "else", "ever", "every",
  "for", "from", "get", "got", "had", "has", "have", "he", "her", "hers", "him", "his",
  "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "least", "let",
  "like", "likely", "may", "me", "might", "most", "must", "my", "neither", "no", "nor",
  "not", "of", "off", "often", "on", "only", "or", "other", "our", "own", "rather",
  "said", "say", "says", "she", "should", "since", "so", "some", "than", "that", "the",
  "their", "them", "then", "there", "these", "they", "this", "tis", "to", "too", "twas",
  "us", "wants", "was", "we", "were", "what", "when", "where", "which", "while", "who",
  "whom", "why", "will", "with", "would", "yet", "you", "your"
]);

function isStopWord(word) {
  return STOP_WORDS.has(word.toLowerCase());
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

/* ---- Papers in Pagefind (large collections) --------------------------------

   Past a few hundred papers the generator leaves paper pages out of Material's
   index and writes a Pagefind index instead (generator/search_index.py), and
   search-engine.js says so. Material's worker then searches the other pages
   (topics, about, ...) and this worker adds the papers Pagefind finds to its
   result message: strong page matches (every word in the title) first, then
   papers, then other pages. Pagefind loads only the index chunks of the words
   typed and one fragment a shown paper. */
var SHOWN = 10; /* papers shown, best first (one fragment each); then a link to Explore */
var SITE = new URL("../../", self.location.href);
/* Pagefind is asked once typing pauses: each word typed letter by letter would
   load the index chunks of `h`, `hu`, `hum`, ... */
var PAUSE = 120;

try {
  importScripts(new URL("search-engine.js", self.location.href).href);
} catch (error) { /* a site built without the generator: Material alone */ }
var ENGINE = self.SEARCH_ENGINE || { papers: "lunr" };

var pagefind = null;
function loadPagefind() {
  if (!pagefind) {
    pagefind = import(new URL(ENGINE.index + "pagefind.js", SITE).href)
      .then(function (module) {
        return module.options({ baseUrl: "/", excerptLength: 24 })
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
  }
  return pagefind;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function queryWords(query) {
  return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/* The title as HTML: escaped, each word that starts with a query word marked. */
function markTitle(title, words) {
  return title.split(/([\p{L}\p{N}]+)/u).map(function (piece, index) {
    var word = piece.toLowerCase();
    var hit = index % 2 === 1 && words.some(function (w) { return word.indexOf(w) === 0; });
    return hit ? "<mark>" + escapeHtml(piece) + "</mark>" : escapeHtml(piece);
  }).join("");
}

/* Pagefind's excerpt is a window of the page's words with "<" and ">" escaped and
   each hit wrapped in <mark>; "&" is left as it is, so the excerpt can be read
   back neither as HTML nor as text (a typed "&lt;" and a typed "<" look the same).
   The snippet is rebuilt from the page's own text instead: the same window of
   words, each escaped once, marked where Pagefind marked it. The reader sees the
   text as typed ("x < y", not "x &lt; y"), and nothing but the marks is ever a
   tag (tests/test_search_pagefind.py). */
var MARKED = /^<mark>([\s\S]*)<\/mark>$/;

function pagefindWord(word) {
  return word.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function safeExcerpt(page) {
  var shown = String(page.excerpt || "").split(" ");
  var plain = shown.map(function (word) { return word.replace(MARKED, "$1"); });
  var words = String(page.content || "").split(/[\r\n\s]+/g);
  for (var start = 0; start + plain.length <= words.length; start++) {
    var same = plain.every(function (word, i) { return pagefindWord(words[start + i]) === word; });
    if (same) {
      return plain.map(function (word, i) {
        var text = escapeHtml(words[start + i]);
        return MARKED.test(shown[i]) ? "<mark>" + text + "</mark>" : text;
      }).join(" ");
    }
  }
  /* not found (a Pagefind that builds excerpts differently): unmarked, still text */
  return escapeHtml(plain.join(" ").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
}

/* Does a word the reader typed start a word of the title or of a marked hit? (A
   typed `skil` finds `skills`; a typed `skills` finds the stem `skill`.) Pagefind
   also returns pages where a mere prefix of the typed word matched (`x` for
   `xylophone`); those are dropped. */
function found(page, words) {
  var seen = queryWords(page.meta.title || "");
  for (var hit of page.excerpt.matchAll(/<mark>([^<]*)<\/mark>/g)) {
    seen = seen.concat(queryWords(hit[1]));
  }
  return words.some(function (w) {
    return seen.some(function (m) {
      return m.indexOf(w) === 0 || commonPrefix(w, m) >= Math.max(4, w.length - 2);
    });
  });
}

function commonPrefix(a, b) {
  var n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/* 1 for a paper whose short name or arXiv id is the whole query, else 0. */
function namedPaper(query) {
  var wanted = query.trim().toLowerCase().replace(/^arxiv:\s*/, "").replace(/v\d+$/, "");
  return function (page) {
    var names = (page.meta.names || "").toLowerCase().split(" ");
    return wanted && names.indexOf(wanted) !== -1 ? 1 : 0;
  };
}

/* Typos. Pagefind has no fuzzy search, so when a query finds no paper, each word
   of five or more letters that is not a known word is replaced by the most
   frequent known word one edit away (a letter changed, added, dropped, or two
   swapped, as lunr's `~1`), and the query is asked again. Known words: those of
   titles, short names and author names (search/words.json, most frequent first),
   loaded the first time a query needs them. */
var vocabulary = null; /* {words: [...], known: {word: true}} once loaded */
function loadVocabulary() {
  if (!vocabulary) {
    vocabulary = fetch(new URL(ENGINE.words, SITE).href)
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (words) {
        var known = {};
        words.forEach(function (word) { known[word] = true; });
        return { words: words, known: known };
      });
  }
  return vocabulary;
}

function oneEditApart(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  var i = commonPrefix(a, b);
  if (a.length === b.length) {
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function corrected(query) {
  return loadVocabulary().then(function (vocab) {
    return queryWords(query).map(function (word) {
      if (word.length < 5 || vocab.known[word]) return word;
      return vocab.words.find(function (known) { return oneEditApart(word, known); }) || word;
    }).join(" ");
  });
}

function paperGroups(query) {
  return paperSearch(query).then(function (groups) {
    var long = queryWords(query).some(function (word) { return word.length >= 5; });
    if (groups.length || !long || !ENGINE.words) return groups;
    return corrected(query).then(function (better) {
      return better === queryWords(query).join(" ") ? groups : paperSearch(better);
    });
  });
}

function paperSearch(query) {
  query = query.replace(/\barxiv:\s*/gi, "arXiv "); /* as indexed: search_index.py */
  var words = queryWords(query);
  if (!words.length) return Promise.resolve([]);
  return loadPagefind()
    .then(function (module) { return module.search(query); })
    .then(function (search) {
      var shown = search.results.slice(0, SHOWN);
      return Promise.all(shown.map(function (result) { return result.data(); }))
        .then(function (pages) {
          var terms = {};
          words.filter(function (word) { return !isStopWord(word); })
            .forEach(function (word) { terms[word] = true; });
          var named = namedPaper(query);
          pages = pages.filter(function (page) { return found(page, words); });
          pages.sort(function (a, b) { return named(b) - named(a); }); /* stable */
          var groups = pages.map(function (page) {
            return [{ location: page.url.replace(/^\//, ""), score: 1, terms: terms,
                      title: markTitle(page.meta.title || page.url, words),
                      text: safeExcerpt(page) }];
          });
          if (search.results.length > shown.length) {
            var explore = "explore/?text=" + encodeURIComponent(query.trim());
            groups.push([{ location: explore, score: 1, terms: terms,
              title: "All " + search.results.length.toLocaleString("en") +
                     " papers matching \u201c" + escapeHtml(query.trim()) + "\u201d",
              text: "These are the " + SHOWN + " best. Explore filters all of them by " +
                    "words, topic and year." }]);
          }
          return groups;
        });
    });
}

function plainText(html) {
  return html.replace(/<[^>]*>/g, "").toLowerCase();
}

/* One list: pages whose title has every word, papers, then the other pages. Scores
   are rescaled so that Enter (Material opens the highest score) opens the first. */
function merge(papers, pages, query) {
  var words = queryWords(query);
  var strong = [], weak = [];
  pages.forEach(function (group) {
    var title = plainText(group[0].title);
    var all = words.length && words.every(function (w) { return title.indexOf(w) !== -1; });
    (all ? strong : weak).push(group);
  });
  var groups = strong.concat(papers, weak);
  return groups.map(function (group, position) {
    var target = groups.length - position;
    var factor = group[0].score > 0 ? target / group[0].score : 1;
    return group.map(function (item) {
      return Object.assign({}, item, { score: item.score * factor });
    });
  });
}

/* ---- The proxy --------------------------------------------------------------- */

var material = new Worker(new URL(new URL(self.location.href).searchParams.get("worker"),
                                  self.location.href));

/* What a message is, by its shape. */
function isSetup(message) {
  return !!message && !!message.data && typeof message.data.config === "object";
}
function isQuery(message) {
  return !!message && typeof message.data === "string";
}
function isResult(message) {
  return !!message && !!message.data && Array.isArray(message.data.items);
}

var lunrIndex = false; /* set up with Material's lunr index (`data.docs`) */
var withPapers = ENGINE.papers === "pagefind";
/* The queries sent on and not yet answered, oldest first: Material's worker
   answers every query, in the order asked. `latest` is the last one asked. */
var unanswered = [];
var latest = null;

self.addEventListener("message", function (event) {
  var message = event.data;
  if (isSetup(message)) {
    lunrIndex = Array.isArray(message.data.docs);
    if (lunrIndex && withPapers) {
      loadPagefind().catch(function () { /* reported with the first query */ });
    }
  } else if (lunrIndex && isQuery(message)) {
    latest = { query: message.data };
    unanswered.push(latest);
    message = Object.assign({}, message, { data: withTypos(message.data) });
  }
  material.postMessage(message);
});

material.addEventListener("message", function (event) {
  var message = event.data;
  if (!lunrIndex || !isResult(message)) return self.postMessage(message);
  var asked = unanswered.shift();
  if (!withPapers || !asked) return self.postMessage(message);
  /* An answer overtaken by a newer query is dropped: the reader is still typing. */
  setTimeout(function () {
    if (asked !== latest) return;
    paperGroups(asked.query).then(function (papers) {
      if (asked !== latest) return;
      var items = merge(papers, message.data.items, asked.query);
      self.postMessage(Object.assign({}, message,
        { data: Object.assign({}, message.data, { items: items }) }));
    }, function (error) {
      console.warn("Paper search failed:", error);
      if (asked === latest) self.postMessage(message);
    });
  }, PAUSE);
});
