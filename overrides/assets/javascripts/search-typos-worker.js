/* The site's search: a worker between Material's search box and Material's own
   search worker, which ranks papers the way readers look for them.

   For every query it asks the names index (generator/site/search_names.py: titles,
   short names, arXiv ids and authors, in small files) and the full-text engine
   (Material's lunr index; past a few hundred papers, Pagefind), and answers one
   list, best first:

     pages (topics, about, ...) whose title has every word typed;
     1. the paper whose title is the query, then titles that start with it;
     2. the paper whose short name or arXiv id is the query;
     3. papers with every word among their authors, short name and title, one at
        least in the authors or the short name (a surname lists that author),
        after the authors whose name has every word (their authors page section);
     4. papers with every word in their title;
     5. the engine's papers with every word (the abstract), in the engine's order;
     6. 1-4 again for papers found only by correcting a typo;
     7. the engine's papers with some of the words, those with the rarer words
        first (which words a page has is read from its whole text; a page with
        none of them as typed is kept only when it has every one within a typo);
     the other pages.

   Words: folded (accents dropped, lower case), stop words left out, an arXiv id
   kept whole. A word matches a term of the index as typed, as its prefix (three
   letters or more), joined with the next word (`skill factory` finds the title
   word SkillFactory, indexed with its parts and joined neighbours), or, when it
   matches nothing, by correction: up to two edits a query (one in a word of four
   to six letters, two in a longer one; a letter changed, added, dropped, or two
   swapped), against the terms that start with the word's first letters. The
   engine is asked the words as typed plus the corrections.

   With Pagefind, words whose stem is in more than a tenth of the papers (`common` in
   search-engine.js) are not asked of it while another word is typed: it would
   rank nearly every paper, taking a second at 10,000, and by that word as much as
   by the rare one; 5 and 7 keep the papers with every word first. At most the
   three rarest words are asked (pagefindWords). A query of common words only is
   answered from the names index when ten titles have them all, else Pagefind is
   asked the least common of them. While Pagefind works, the worker answers at once with the names index's
   papers (marked `pending`), then with the whole list, which keeps them first.

   How it sits between them: overrides/main.html names this file as the site's
   search worker, with Material's worker as its `worker` parameter (relative to
   this file). This worker starts Material's as a worker of its own, passes every
   message from the page on to it and every answer back, and changes only two
   kinds, recognised by their shape rather than by Material's private message
   numbers: a query (its `data` is the text typed) and a result (its `data.items`
   is the list of pages found). A message keeps its own `type` both ways. A query
   is answered once typing pauses (PAUSE); an answer overtaken by a newer query is
   dropped.

   Only a worker set up with a lunr index (the setup message's `data.docs`, as
   Material sends it) gets any of this; any other worker (Zensical's, whose setup
   sends `data.items`) is passed everything unchanged. */
"use strict";

var SITE = new URL("../../", self.location.href);
try {
  importScripts(new URL("search-engine.js", self.location.href).href);
} catch (error) { /* a site built without the generator: Material alone */ }
var ENGINE = self.SEARCH_ENGINE || { papers: "lunr", stop: [] };
/* lunr's English stop words, as the generator lists them (search_names.py) */
var STOP_WORDS = new Set(ENGINE.stop || []);
/* with Pagefind: the words in more than a tenth of the papers, and the share of
   papers each is in (search_names.common_words) */
var COMMON = new Map(Object.entries(ENGINE.common || {}));

/* A common word, or the word being typed (the query's last) when it starts one:
   Pagefind would load that word's index chunks too. Its share: the word's, or the
   largest of the common words it starts. */
function commonShare(word, isLast) {
  if (COMMON.has(word)) return COMMON.get(word);
  if (!isLast) return 0;
  var share = 0;
  COMMON.forEach(function (value, common) {
    if (common.indexOf(word) === 0) share = Math.max(share, value);
  });
  return share;
}
var SHOWN = 10;      /* papers from the names index; Pagefind's papers shown */
var PAUSE = 120;     /* ms without typing before a query is answered */
var EXACT_BOOST = 10;

/* ---- Words ----------------------------------------------------------------- */

function fold(text) {
  return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

var ARXIV = /\d{4}\.\d{4,5}/g;
var WORD = /[\p{L}\p{N}]+/gu;

/* search_names.normal_words: runs of letters and digits, an arXiv id whole */
function normalWords(text) {
  var folded = fold(text), words = [], at = 0, match;
  ARXIV.lastIndex = 0;
  while ((match = ARXIV.exec(folded))) {
    words = words.concat(folded.slice(at, match.index).match(WORD) || []);
    words.push(match[0]);
    at = match.index + match[0].length;
  }
  return words.concat(folded.slice(at).match(WORD) || []);
}

function isStopWord(word) {
  return STOP_WORDS.has(word);
}

/* The words a query is searched by: `arXiv:2401.17092v2` is `2401.17092`; stop
   words go, unless the query has nothing else. */
function queryWords(query) {
  var text = String(query).replace(/\barxiv:\s*/gi, " ").replace(/(\d{4}\.\d{4,5})v\d+\b/g, "$1");
  var words = normalWords(text);
  var kept = words.filter(function (word) { return !isStopWord(word); });
  return kept.length ? kept : words;
}

function withoutStopWords(words) {
  return words.filter(function (word) { return !isStopWord(word); });
}

/* Optimal string alignment distance (edits: change, add, drop, swap two), or
   `limit + 1` once it is sure to pass `limit`. */
function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  var previous2 = null, previous = [], row;
  for (var j = 0; j <= b.length; j++) previous.push(j);
  for (var i = 1; i <= a.length; i++) {
    row = [i];
    var best = i;
    for (var k = 1; k <= b.length; k++) {
      var cost = a[i - 1] === b[k - 1] ? 0 : 1;
      var value = Math.min(previous[k] + 1, row[k - 1] + 1, previous[k - 1] + cost);
      if (previous2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
        value = Math.min(value, previous2[k - 2] + 1);
      }
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous2 = previous;
    previous = row;
  }
  return previous[b.length];
}

function allowedEdits(word) {
  return word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* The text as HTML: escaped, each word that starts with a sought word marked. */
function markWords(text, sought) {
  return String(text).split(/([\p{L}\p{N}]+)/u).map(function (piece, index) {
    var word = fold(piece);
    var hit = index % 2 === 1 && sought.some(function (w) { return word.indexOf(w) === 0; });
    return hit ? "<mark>" + escapeHtml(piece) + "</mark>" : escapeHtml(piece);
  }).join("");
}

function plainText(html) {
  return String(html).replace(/<[^>]*>/g, " ");
}

/* ---- The names index (search_names.py) ----------------------------------------- */

var TITLE = 0, TITLE_START = 1, NAME = 2, AUTHOR = 3;
var EXACT = 3, JOINED = 3, PREFIX = 2;

function namesUrl(file) {
  return new URL(ENGINE.names + file, SITE).href;
}

var loaded = new Map();
function fetchJson(file) {
  if (!loaded.has(file)) {
    loaded.set(file, fetch(namesUrl(file)).then(function (response) {
      if (!response.ok) throw new Error(file + ": " + response.status);
      return response.json();
    }));
  }
  return loaded.get(file);
}

function manifest() {
  return ENGINE.names ? fetchJson("manifest.json") : Promise.resolve(null);
}

/* The longest key (up to three letters, search_names.KEY_LETTERS) the word starts with. */
function shardKey(word, shards) {
  for (var n = Math.min(word.length, 3); n > 0; n--) {
    if (shards.indexOf(word.slice(0, n)) !== -1) return word.slice(0, n);
  }
  return null;
}

function shardFile(key) {
  return "terms-" + Array.from(key).map(function (c) {
    return c.codePointAt(0).toString(16);
  }).join("-") + ".json";
}

function shardOf(word, info) {
  var key = shardKey(word, info.shards);
  return key === null ? Promise.resolve({}) : fetchJson(shardFile(key));
}

/* The papers a term is in: {number: fields as bits}. */
function postings(deltas) {
  var papers = new Map(), code = 0;
  for (var i = 0; i < deltas.length; i++) {
    code += deltas[i];
    var number = code >> 2;
    papers.set(number, (papers.get(number) || 0) | (1 << (code & 3)));
  }
  return papers;
}

/* How each word of the query matches the index: a list a word of
   {term, quality, edits}, and the corrections made ({typed: corrected}). */
function matchWords(words, info) {
  var joined = words.slice(0, -1).map(function (word, i) { return word + words[i + 1]; });
  return Promise.all(words.concat(joined).map(function (word) { return shardOf(word, info); }))
    .then(function (shards) {
      var matches = words.map(function (word, i) {
        var terms = shards[i], found = [];
        if (Object.prototype.hasOwnProperty.call(terms, word)) {
          found.push({ term: word, quality: EXACT, edits: 0, terms: terms });
        }
        if (word.length >= 3) {
          for (var term in terms) {
            if (term !== word && term.indexOf(word) === 0) {
              found.push({ term: term, quality: PREFIX, edits: 0, terms: terms });
            }
          }
        }
        return found;
      });
      /* two words typed apart that the index has as one (or as neighbours joined) */
      joined.forEach(function (word, i) {
        var terms = shards[words.length + i];
        if (Object.prototype.hasOwnProperty.call(terms, word)) {
          var match = { term: word, quality: JOINED, edits: 0, terms: terms };
          matches[i].push(match);
          matches[i + 1].push(match);
        }
      });
      var budget = 2, corrections = {};
      words.forEach(function (word, i) {
        var limit = Math.min(allowedEdits(word), budget);
        if (matches[i].length || !limit || /^\d/.test(word)) return;
        var terms = shards[i], best = null;
        for (var term in terms) {
          var edits = editDistance(word, term, limit);
          if (edits > limit) continue;
          /* fewest edits, then the term in most papers */
          if (!best || edits < best.edits ||
              (edits === best.edits && terms[term].length > terms[best.term].length)) {
            best = { term: term, quality: 1, edits: edits, terms: terms };
          }
        }
        if (best) {
          matches[i].push(best);
          budget -= best.edits;
          corrections[word] = best.term;
        }
      });
      return { matches: matches, corrections: corrections };
    });
}

/* Papers with every word, each with how it matched: {number, fields: [bits a word],
   quality, edits}. */
function candidates(matches) {
  var perWord = matches.map(function (found) {
    var papers = new Map();
    found.forEach(function (match) {
      postings(match.terms[match.term]).forEach(function (fields, number) {
        var seen = papers.get(number);
        if (!seen || match.quality > seen.quality ||
            (match.quality === seen.quality && match.edits < seen.edits)) {
          papers.set(number, { fields: fields | (seen ? seen.fields : 0),
                               quality: match.quality, edits: match.edits });
        } else {
          seen.fields |= fields;
        }
      });
    });
    return papers;
  });
  if (!perWord.length || perWord.some(function (papers) { return !papers.size; })) return [];
  var smallest = perWord.reduce(function (a, b) { return a.size <= b.size ? a : b; });
  var found = [];
  smallest.forEach(function (_, number) {
    if (!perWord.every(function (papers) { return papers.has(number); })) return;
    var each = perWord.map(function (papers) { return papers.get(number); });
    found.push({
      number: number,
      fields: each.map(function (match) { return match.fields; }),
      quality: each.reduce(function (sum, match) { return sum + match.quality; }, 0),
      edits: each.reduce(function (sum, match) { return sum + match.edits; }, 0)
    });
  });
  return found;
}

function inTitle(bits) {
  return (bits & ((1 << TITLE) | (1 << TITLE_START))) !== 0;
}

/* Before the papers' titles are loaded: the likely order (fewest edits; a title
   that may be the query or start with it; author and short-name matches; the
   better matched words; the newest). */
function likelyOrder(a, b) {
  return a.edits - b.edits || guess(a) - guess(b) || b.quality - a.quality || a.number - b.number;
}

function guess(candidate) {
  if (candidate.fields[0] & (1 << TITLE_START) && candidate.fields.every(inTitle)) return 0;
  return candidate.fields.every(inTitle) ? 2 : 1;
}

/* The tier of a paper (1-4 above), with its title at hand. */
function tier(candidate, paper, words) {
  var title = withoutStopWords(normalWords(paper.title));
  var typed = words.join(" ");
  if (title.join(" ") === typed || title.join("") === words.join("")) return 1;
  var last = words.length - 1;
  var starts = title.length > last && words.every(function (word, i) {
    return i === last ? title[i].indexOf(word) === 0 : title[i] === word;
  });
  /* or typed with other spaces: `code bert` starts `CodeBERT: a pre-trained ...` */
  var joined = words.join(""), prefix = "";
  for (var i = 0; i < title.length && prefix.length < joined.length; i++) prefix += title[i];
  if (starts || prefix === joined) return 1.5;
  var names = [normalWords(paper.short).join(""), paper.id];
  if (names.indexOf(words.join("")) !== -1 || candidate.fields.length === 1 &&
      candidate.fields[0] & (1 << NAME) && /^\d{4}\.\d{4,5}$/.test(typed)) return 2;
  return candidate.fields.every(inTitle) ? 4 : 3;
}

function paperBlock(number, info) {
  return fetchJson("papers-" + Math.floor(number / info.block) + ".json").then(function (rows) {
    var row = rows[number % info.block];
    return { id: row[0], title: row[1], short: row[2], authors: row[3], year: row[4],
             people: row[5] || [] };
  });
}

/* For each word, about how many papers have it in the names index (the postings
   of the terms it matched): how rare it is in titles and author lists. */
function titleCounts(matches) {
  return matches.map(function (found) {
    return found.reduce(function (sum, match) { return sum + match.terms[match.term].length; }, 0);
  });
}

/* The names index's answer: {papers: [{id, title, ..., tier, edits}], corrections,
   words, total, inTitles}. */
function namesSearch(query) {
  var words = queryWords(query);
  if (!words.length) return Promise.resolve({ papers: [], corrections: {}, words: words });
  return manifest().then(function (info) {
    if (!info) return { papers: [], corrections: {}, words: words };
    return matchWords(words, info).then(function (matched) {
      var found = candidates(matched.matches);
      var likely = found.sort(likelyOrder).slice(0, 3 * SHOWN);
      return Promise.all(likely.map(function (c) { return paperBlock(c.number, info); }))
        .then(function (papers) {
          var ranked = papers.map(function (paper, i) {
            return Object.assign(paper, { tier: tier(likely[i], paper, words),
                                          edits: likely[i].edits, order: i });
          }).sort(function (a, b) {
            return (a.edits > 0) - (b.edits > 0) || a.tier - b.tier || a.order - b.order;
          });
          return { papers: ranked.slice(0, SHOWN), corrections: matched.corrections,
                   words: words, total: found.length, inTitles: titleCounts(matched.matches) };
        });
    });
  });
}

/* ---- The full-text engine's papers -------------------------------------------- */

/* For Material's lunr: each word also as an exact word (a prefix expansion counts
   as much as the word: `skill*` would rank every SkillMimic above papers that say
   `skill`) and, from five letters, a fuzzy one; the corrections too. Queries in
   lunr's own syntax (quotes, ~ ^ * :, a leading + or -) are left alone. */
function lunrQuery(query, corrections) {
  if (/["~^*:]|(?:^|\s)[+-]/.test(query)) return query;
  var words = query.trim().split(/\s+/).filter(Boolean);
  var typing = !/\s$/.test(query);
  words = words.filter(function (word, index) {
    return (typing && index === words.length - 1) || !isStopWord(fold(word));
  });
  var exact = words.filter(function (word) { return /^[\p{L}\p{N}]{3,}$/u.test(word); })
    .map(function (word) { return word + "^" + EXACT_BOOST; });
  var fuzzy = words.filter(function (word) { return /^[\p{L}\p{N}]{5,}$/u.test(word); })
    .map(function (word) { return word + "~1"; });
  var fixed = Object.keys(corrections).map(function (word) { return corrections[word]; });
  return words.concat(exact, fuzzy, fixed).join(" ");
}

var PAPER = /^papers\/([^/#?]+)\//;
function paperId(location) {
  var match = PAPER.exec(location);
  return match ? match[1] : null;
}

/* The words of each page of Material's index (the setup message's docs), by
   location: a result shows only the sentences lunr matched, so which words a page
   has is read from the page's whole text. */
var pageTexts = new Map(), pageWords = new Map();
function keepPageTexts(docs) {
  pageTexts = new Map();
  pageWords = new Map();
  docs.forEach(function (doc) {
    var page = String(doc.location).split("#")[0];
    pageTexts.set(page, (pageTexts.get(page) || "") + " " + plainText(doc.title || "") + " " +
                  plainText(doc.text || ""));
  });
}
function wordsOf(group) {
  var page = group[0].location.split("#")[0];
  if (pageTexts.has(page)) {
    if (!pageWords.has(page)) pageWords.set(page, normalWords(pageTexts.get(page)));
    return pageWords.get(page);
  }
  return normalWords(group.map(function (item) {
    return plainText(item.title) + " " + plainText(item.text) + " " + (item.content || "");
  }).join(" "));
}

function hasWord(seen, forms) {
  return seen.some(function (w) {
    return forms.some(function (form) { return w.indexOf(form) === 0; });
  });
}

/* Which of the words a result group has: `typed`, the number as typed (a word of
   the page starting with it); `exact`, as typed or corrected; `near`, those or
   within a typo of a word of the page (allowedEdits), which is how lunr's fuzzy
   terms found it; `weight`, the sum of `weights` of the words it has exactly. */
function coverage(group, words, corrections, weights) {
  var seen = wordsOf(group), found = { typed: 0, exact: 0, near: 0, weight: 0 };
  words.forEach(function (word, i) {
    var typed = hasWord(seen, [word]);
    var exact = typed || (!!corrections[word] && hasWord(seen, [corrections[word]]));
    var limit = allowedEdits(word);
    found.typed += typed;
    found.exact += exact;
    found.weight += exact ? (weights ? weights[i] : 1) : 0;
    found.near += exact || (limit > 0 && seen.some(function (w) {
      return editDistance(word, w, limit) <= limit;
    }));
  });
  return found;
}

/* How much each word tells papers apart: log(pages / pages with the word), over
   Material's index (the small mode); a word in every page counts for little
   beside a word in one, so a page with the rare word comes first. With Pagefind,
   common words (search-engine.js) count a tenth. */
function wordWeights(words, corrections) {
  if (!pageTexts.size) {
    return words.map(function (word) { return COMMON.has(word) ? 0.1 : 1; });
  }
  var pages = Array.from(pageTexts.keys()).filter(function (page) { return paperId(page); });
  return words.map(function (word) {
    var forms = [word, corrections[word]].filter(Boolean);
    var having = pages.filter(function (page) {
      return hasWord(wordsOf([{ location: page }]), forms);
    }).length;
    return Math.log((pages.length + 1) / (having + 1)) + 0.01;
  });
}

/* ---- Papers in Pagefind (large collections) ------------------------------------

   Past a few hundred papers the generator leaves paper pages out of Material's
   index and writes a Pagefind index instead (generator/site/search_index.py), and
   search-engine.js says so. Pagefind loads only the index chunks of the words
   typed and one fragment a shown paper. */
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

/* Pagefind is asked the words that are not common (the least common if all are): a
   common word would cost it a second at 10,000 papers and rank papers by that word
   as much as by the rare one; the papers that have the common word too come first
   (merge, by coverage). Nor a word of one or two letters (nor, being typed last
   after others, is it counted at all: settled), or one being typed that starts a
   common word, beside others: Pagefind loads the index chunks of every word a
   typed word starts. And at most ASKED words, the rarest in the names
   index: each costs a chunk, and three rare words already single a paper out
   (the others are checked by coverage). It also returns pages where a mere prefix of a typed word
   matched (`x` for `xylophone`); a page is kept when a word typed starts one of
   its words. */
var ASKED = 3;       /* words asked of Pagefind at most */

/* A word of one or two letters (no digit): Pagefind would load every word it starts. */
function isShort(word) { return word.length < 3 && !/\d/.test(word); }

/* The positions of the words that decide what Pagefind is asked: all but a short last
   word typed after others (the reader is in the middle of it: "skill mi" is asked as
   "skill" is, the names index matching "mi" as typed). */
function settled(words) {
  var indexes = words.map(function (word, i) { return i; });
  var last = words.length - 1;
  return last > 0 && isShort(words[last]) ? indexes.slice(0, last) : indexes;
}

function pagefindWords(names) {
  var words = names.words, last = words.length - 1, counts = names.inTitles || [];
  var indexes = settled(words);
  var rare = indexes.filter(function (i) {
    var word = words[i];
    return !commonShare(word, i === last) && !isShort(word);
  });
  if (!indexes.some(function (i) { return !isShort(words[i]); })) {
    return [];  /* short words only ("s", "sk", "rl"): the names index answers */
  }
  if (!rare.length) {
    /* only common words (and short ones): the least common of them */
    indexes = indexes.filter(function (i) { return !isShort(words[i]); });
    var least = indexes.slice().sort(function (a, b) {
      return commonShare(words[a], a === last) - commonShare(words[b], b === last) || a - b;
    })[0];
    return [words[least]];
  }
  rare.sort(function (a, b) { return (counts[a] || 0) - (counts[b] || 0) || a - b; });
  return rare.slice(0, ASKED).sort(function (a, b) { return a - b; })
    .map(function (i) { return words[i]; });
}

function pagefindSearch(query, names) {
  var words = names.words;
  var sought = pagefindWords(names);
  var fixed = sought.map(function (word) { return names.corrections[word] || word; });
  return loadPagefind().then(function (module) {
    return module.search(sought.join(" ")).then(function (search) {
      if (search.results.length || fixed.join(" ") === sought.join(" ")) return search;
      return module.search(fixed.join(" "));
    });
  }).then(function (search) {
    var shown = search.results.slice(0, SHOWN);
    return Promise.all(shown.map(function (result) { return result.data(); }))
      .then(function (pages) {
        var groups = pages.map(function (page) {
          return [{ location: page.url.replace(/^\//, ""), score: 1, terms: {},
                    title: markWords(page.meta.title || page.url, fixed.concat(words)),
                    text: safeExcerpt(page), content: page.content }];
        }).filter(function (group) {
          return coverage(group, words, names.corrections).exact;
        });
        return { groups: groups, total: search.results.length };
      });
  });
}

/* ---- One list ---------------------------------------------------------------- */

function namesGroup(paper, words, corrections) {
  var sought = words.concat(Object.keys(corrections).map(function (w) { return corrections[w]; }));
  var facts = [paper.short && fold(paper.title).indexOf(fold(paper.short)) === -1 ? paper.short : "",
               paper.authors, paper.year].filter(Boolean).join(" \u00b7 ");
  return [{ location: "papers/" + paper.id + "/", score: 1, terms: {},
            title: markWords(paper.title, sought), text: markWords(facts, sought) }];
}

/* Authors (at most AUTHORS_SHOWN) of the names index's papers whose name has every
   word typed (as a word's start; only those with every word whole if there are
   any: "Rabin" is not Rabinovich, "Rabi" may be), most papers first; a result each, opening their section of
   the authors pages. */
var AUTHORS_SHOWN = 3;
function authorGroups(papers, words, corrections) {
  var found = new Map();
  papers.forEach(function (paper) {
    paper.people.forEach(function (person) {
      var name = normalWords(person[0]);
      var all = words.every(function (word) {
        return hasWord(name, [word, corrections[word]].filter(Boolean));
      });
      if (!all) return;
      var whole = words.every(function (word) {
        return name.indexOf(word) !== -1 || name.indexOf(corrections[word]) !== -1;
      });
      var seen = found.get(person[1]) ||
        { name: person[0], ref: person[1], papers: 0, whole: whole };
      seen.papers += 1;
      found.set(person[1], seen);
    });
  });
  var sought = words.concat(Object.keys(corrections).map(function (w) { return corrections[w]; }));
  var all = Array.from(found.values());
  var whole = all.filter(function (person) { return person.whole; });
  return (whole.length ? whole : all).sort(function (a, b) { return b.papers - a.papers; })
    .slice(0, AUTHORS_SHOWN).map(function (person) {
      var slash = person.ref.indexOf("/");
      return [{ location: "authors/" + person.ref.slice(0, slash) + "/#" +
                  person.ref.slice(slash + 1),
                score: 1, terms: {}, title: markWords(person.name, sought),
                text: "Author: their papers, co-authors and topics" }];
    });
}

/* The answer for `query`: Material's result groups (`pages`: its pages, and in
   the small mode its papers), the names index's papers, Pagefind's (or null). */
function merge(query, pages, names, engine) {
  var words = names.words, corrections = names.corrections;
  var strong = [], weak = [], fullText = [];
  var terms = {}; /* Material adds them to a result's link (`?h=`) to highlight them */
  words.forEach(function (word) { terms[corrections[word] || word] = true; });
  pages.forEach(function (group) {
    if (paperId(group[0].location)) return fullText.push(group);
    var title = fold(plainText(group[0].title));
    var all = words.length && words.every(function (w) { return title.indexOf(w) !== -1; });
    (all ? strong : weak).push(group);
  });
  if (engine) fullText = engine.groups;
  var byId = new Map();
  fullText.forEach(function (group) { byId.set(paperId(group[0].location), group); });
  var shown = new Set();
  function take(paper) {
    shown.add(paper.id);
    return byId.get(paper.id) || namesGroup(paper, words, corrections);
  }
  var exact = names.papers.filter(function (paper) { return !paper.edits; });
  var named = exact.map(take);
  /* the people whose name has every word, before the papers found by their authors */
  var people = authorGroups(exact, words, corrections);
  var at = exact.findIndex(function (paper) { return paper.tier >= 3; });
  if (people.length && at !== -1) named.splice.apply(named, [at, 0].concat(people));
  var fixed = names.papers.filter(function (paper) { return paper.edits; });
  var weights = wordWeights(words, corrections);
  var rest = fullText.filter(function (group) {
    return !shown.has(paperId(group[0].location));
  }).map(function (group, order) {
    return { group: group, covered: coverage(group, words, corrections, weights),
             order: order };
  }).sort(function (a, b) { return b.covered.weight - a.covered.weight || a.order - b.order; });
  var complete = rest.filter(function (r) { return r.covered.exact === words.length; });
  /* some of the words as typed, the rarest first; or all of them, within a typo */
  var partial = rest.filter(function (r) {
    return r.covered.exact < words.length && (r.covered.typed > 0 || r.covered.near === words.length);
  });
  var papers = named.concat(
    complete.map(function (r) { return r.group; }),
    fixed.filter(function (paper) { return !shown.has(paper.id); }).map(take),
    partial.map(function (r) { return r.group; }));
  var explore = "explore/?text=" + encodeURIComponent(query.trim());
  var quoted = "\u201c" + escapeHtml(query.trim()) + "\u201d";
  if (engine && engine.total > SHOWN && engine.groups.length) {
    papers.push([{ location: explore, score: 1, terms: {},
      title: "All " + engine.total.toLocaleString("en") + " papers matching " + quoted,
      text: "These are the " + SHOWN + " best. Explore filters all of them by " +
            "words, topic and year." }]);
  } else if (engine && engine.titles && names.total > SHOWN) {
    papers.push([{ location: explore, score: 1, terms: {},
      title: "All papers matching " + quoted,
      text: "These are " + SHOWN + " of the " + names.total.toLocaleString("en") +
            " with it in the title. Explore filters all of them by words, topic and year." }]);
  }
  /* Scores rescaled so that Enter (Material opens the highest score) opens the first. */
  var groups = strong.concat(papers, weak);
  return groups.map(function (group, position) {
    var target = groups.length - position;
    var factor = group[0].score > 0 ? target / group[0].score : 1;
    return group.map(function (item) {
      var copy = Object.assign({}, item, { score: item.score * factor });
      if (!Object.keys(copy.terms || {}).length) copy.terms = terms;
      delete copy.content;
      return copy;
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
var withPagefind = ENGINE.papers === "pagefind";
/* Queries sent on to Material and not yet answered, oldest first (Material's
   worker answers every query, in the order asked), and the last query typed. */
var unanswered = [];
var latest = null;

function ask(asked, message) {
  return new Promise(function (resolve) {
    unanswered.push(resolve);
    material.postMessage(message);
  }).then(function (result) { asked.result = result; return result; });
}

/* Does the names index answer alone? With Pagefind, when every word is common and
   at least SHOWN titles have them all: Pagefind would take a second to rank nearly
   every paper, and no paper it adds would come before those titles. Also while a
   short last word is typed after common ones ("skill mi"): the next key changes it. */
function titlesSuffice(found) {
  var words = found.words, last = words.length - 1, kept = settled(words);
  var allCommon = words.length > 0 && kept.every(function (i) {
    return commonShare(words[i], i === last) > 0;
  });
  return allCommon && (kept.length < words.length ||
    found.papers.filter(function (paper) { return !paper.edits; }).length >= SHOWN);
}

function answer(asked, message) {
  var names = namesSearch(asked.query).catch(function (error) {
    console.warn("Name search failed:", error);
    return { papers: [], corrections: {}, words: queryWords(asked.query), total: 0 };
  });
  names.then(function (found) {
    if (asked !== latest) return null;
    var lunr = ask(asked, Object.assign({}, message,
      { data: lunrQuery(asked.query, found.corrections) }));
    var engine = Promise.resolve(null), pending = false;
    if (withPagefind && found.words.length &&
        (titlesSuffice(found) || !pagefindWords(found).length)) {
      engine = Promise.resolve({ groups: [], total: 0, titles: true });
    } else if (withPagefind && found.words.length) {
      pending = true;
      engine = pagefindSearch(asked.query, found).catch(function (error) {
        console.warn("Paper search failed:", error);
        return null;
      }).then(function (result) { pending = false; return result; });
    }
    /* `pending`: a first answer, another follows (Material reads only `items`) */
    function post(result, items, first) {
      self.postMessage(Object.assign({}, result, { data: Object.assign({}, result.data,
        first ? { items: items, pending: true } : { items: items }) }));
    }
    /* While Pagefind works: the pages and the names index's papers found as typed
       at once; Pagefind's papers then come after them, in the answer that follows. */
    lunr.then(function (result) {
      var exact = found.papers.filter(function (paper) { return !paper.edits; });
      if (asked !== latest || !pending || !exact.length) return;
      post(result, merge(asked.query, result.data.items,
                         Object.assign({}, found, { papers: exact }), null), true);
    });
    return Promise.all([lunr, engine]).then(function (both) {
      if (asked !== latest) return;
      post(both[0], merge(asked.query, both[0].data.items, found, both[1]));
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (isSetup(message)) {
    lunrIndex = Array.isArray(message.data.docs);
    if (lunrIndex) keepPageTexts(message.data.docs);
    if (lunrIndex && withPagefind) {
      loadPagefind().catch(function () { /* reported with the first query */ });
    }
    if (lunrIndex) manifest().catch(function () { /* reported with the first query */ });
  } else if (lunrIndex && isQuery(message) && message.data.trim()) {
    var asked = latest = { query: message.data };
    setTimeout(function () { if (asked === latest) answer(asked, message); }, PAUSE);
    return;
  } else if (lunrIndex && isQuery(message)) {
    latest = null; /* an emptied box: Material's own (empty) answer */
    return ask({}, message).then(function (result) { self.postMessage(result); });
  }
  material.postMessage(message);
});

material.addEventListener("message", function (event) {
  var message = event.data;
  if (isResult(message) && unanswered.length) return unanswered.shift()(message);
  self.postMessage(message);
});
