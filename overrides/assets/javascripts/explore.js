/* The Explore page: filters explore/papers.json (written by generator/explore.py)
   by topics, years, code and words, sorts it, and keeps the filters in the
   address (?topic=a&topic=b&from=2020&to=2024&code=1&text=...&sort=title&match=all,
   and &author=<person key>&venue=<venue key>, as the authors and venues pages link)
   so a filtered view can be shared. `q` and `h` are avoided: Material's search
   uses them. Record text is inserted with textContent only.

   A large collection's data comes in parts: papers.json has the newest papers and
   names the files with the others (`parts`, in order). The list is filtered as each
   part arrives, keeping what is shown; `data-loaded` is set on the page's root once
   every paper is in. */
(function () {
  "use strict";
  var cache = {};
  var topicTitles = {};
  var BATCH = 100;  /* items rendered at once; "Show more" adds the next batch */
  var PARAMS = ["text", "sort", "from", "to", "code", "match", "topic", "author", "venue"];

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("explore: " + url + " " + response.status);
        return response.json();
      });
    }
    return cache[url];
  }

  function words(text) {
    return text.toLowerCase().split(/[\s,;:.()\[\]"\/\-]+/).filter(Boolean);
  }

  function readForm(form) {
    var year = function (name) {
      var value = parseInt(form.elements[name].value, 10);
      return isNaN(value) ? null : value;
    };
    var topics = [];
    form.querySelectorAll("input[name=topic]:checked").forEach(function (box) {
      topics.push(box.value);
    });
    return {
      text: form.elements.text.value.trim(),
      sort: form.elements.sort.value,
      from: year("from"),
      to: year("to"),
      code: form.elements.code.checked,
      match: form.elements.match.value,
      topics: topics,
      author: form.elements.author.value,
      venue: form.elements.venue.value
    };
  }

  function writeForm(form, params) {
    form.elements.text.value = params.get("text") || "";
    form.elements.sort.value = params.get("sort") || "newest";
    if (!form.elements.sort.value) form.elements.sort.value = "newest";
    form.elements.from.value = params.get("from") || "";
    form.elements.to.value = params.get("to") || "";
    form.elements.code.checked = params.get("code") === "1";
    form.elements.match.value = params.get("match") === "all" ? "all" : "any";
    form.elements.author.value = params.get("author") || "";
    form.elements.venue.value = params.get("venue") || "";
    var wanted = params.getAll("topic");
    form.querySelectorAll("input[name=topic]").forEach(function (box) {
      box.checked = wanted.indexOf(box.value) !== -1;
    });
  }

  function saveState(state) {
    var url = new URL(window.location.href);
    PARAMS.forEach(function (name) { url.searchParams.delete(name); });
    if (state.text) url.searchParams.set("text", state.text);
    if (state.sort !== "newest") url.searchParams.set("sort", state.sort);
    if (state.from !== null) url.searchParams.set("from", state.from);
    if (state.to !== null) url.searchParams.set("to", state.to);
    if (state.code) url.searchParams.set("code", "1");
    if (state.match === "all") url.searchParams.set("match", "all");
    state.topics.forEach(function (key) { url.searchParams.append("topic", key); });
    if (state.author) url.searchParams.set("author", state.author);
    if (state.venue) url.searchParams.set("venue", state.venue);
    if (url.href !== window.location.href) {
      window.history.replaceState(window.history.state, "", url.href);
    }
  }

  function personKey(entry) { return entry.slice(entry.indexOf("/") + 1); }

  function matches(paper, state, needles) {
    if (state.code && !paper.code) return false;
    if (state.venue && paper.venue !== state.venue) return false;
    if (state.author && !paper.people.some(function (entry) {
      return personKey(entry) === state.author;
    })) return false;
    if (state.from !== null && !(paper.year >= state.from)) return false;
    if (state.to !== null && !(paper.year <= state.to)) return false;
    if (state.topics.length) {
      var has = function (key) { return paper.topics.indexOf(key) !== -1; };
      if (state.match === "all" ? !state.topics.every(has) : !state.topics.some(has)) {
        return false;
      }
    }
    if (needles.length) {
      var hay = paper._words || (paper._words = words(
        [paper.title, paper.authors.join(" "), paper.gist, paper.id, String(paper.year || ""),
          paper.topics.map(function (key) { return topicTitles[key] || key; }).join(" ")]
          .join(" ")));
      return needles.every(function (needle) {
        return hay.some(function (word) { return word.indexOf(needle) === 0; });
      });
    }
    return true;
  }

  var ORDERS = {
    newest: function (a, b) { return (b.year || 0) - (a.year || 0); },
    oldest: function (a, b) { return (a.year || 9999) - (b.year || 9999); },
    title: function (a, b) {
      return a.title.localeCompare(b.title, "en", { sensitivity: "base" });
    },
    added: function (a, b) { return a.added < b.added ? 1 : a.added > b.added ? -1 : 0; }
  };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The first authors, each linked to their section on the authors pages. */
  function byline(paper, base) {
    var line = element("span", "paper-byline");
    var shown = paper.authors.length > 3 ? 3 : paper.authors.length;
    paper.authors.slice(0, shown).forEach(function (name, i) {
      if (i) line.appendChild(document.createTextNode(", "));
      var entry = paper.people[i], link = element("a", "paper-author", name);
      link.href = new URL("authors/" + entry.split("/")[0] + "/#" + personKey(entry), base).href;
      line.appendChild(link);
    });
    var rest = (paper.authors.length > shown ? " et al." : "") +
      (paper.authors.length && paper.year ? " · " : "") + (paper.year || "");
    if (rest) line.appendChild(document.createTextNode(rest));
    return line;
  }

  /* What the author and venue filters say: "By Yejin Choi", "In NeurIPS". */
  function whoLabel(state, data) {
    var parts = [];
    if (state.author) {
      var name = state.author;
      data.papers.some(function (paper) {
        var i = paper.people.map(personKey).indexOf(state.author);
        if (i !== -1) name = paper.authors[i];
        return i !== -1;
      });
      parts.push("By " + name);
    }
    if (state.venue) parts.push("In " + (data.venues[state.venue] || state.venue));
    return parts.join(", ");
  }

  function renderItem(paper, topics, base) {
    var item = element("li");
    var link = element("a", "paper-title", paper.title);
    link.href = new URL("papers/" + encodeURIComponent(paper.id) + "/", base).href;
    item.appendChild(link);
    item.appendChild(element("br"));
    item.appendChild(byline(paper, base));
    item.appendChild(element("br"));
    item.appendChild(element("span", "paper-gist", paper.gist));
    var chips = element("span", "explore-chips");
    paper.topics.forEach(function (key) {
      var chip = element("a", "topic-chip topic-chip--small", topics[key] || key);
      chip.href = new URL("topics/" + encodeURIComponent(key) + "/", base).href;
      chips.appendChild(chip);
    });
    item.appendChild(chips);
    return item;
  }

  function setup(root) {
    var form = root.querySelector(".explore-filters");
    var list = root.querySelector(".explore-results");
    var count = root.querySelector(".explore-count");
    var source = new URL(root.dataset.exploreSrc, window.location.href).href;
    var base = new URL("../", source);  /* the site root: papers.json is in explore/ */
    writeForm(form, new URL(window.location.href).searchParams);
    var more = root.querySelector(".explore-more");
    var whoRow = root.querySelector(".explore-who");
    whoRow.querySelector("button").addEventListener("click", function () {
      form.elements.author.value = "";
      form.elements.venue.value = "";
      form.dispatchEvent(new Event("change"));
    });
    var pending = [];
    var rendered = 0;
    load(source).then(function (data) {
      topicTitles = data.topics;
      function renderMore() {
        var fragment = document.createDocumentFragment();
        pending.slice(rendered, rendered + BATCH).forEach(function (paper) {
          fragment.appendChild(renderItem(paper, data.topics, base));
        });
        list.appendChild(fragment);
        rendered = Math.min(pending.length, rendered + BATCH);
        more.hidden = rendered >= pending.length;
        more.textContent = "Show " + Math.min(BATCH, pending.length - rendered) + " more";
      }
      more.addEventListener("click", renderMore);
      function update() {
        var state = readForm(form);
        var needles = words(state.text);
        var shown = data.papers.filter(function (paper) {
          return matches(paper, state, needles);
        });
        var order = ORDERS[state.sort] || ORDERS.newest;
        shown = shown.map(function (paper, index) { return [paper, index]; })
          .sort(function (a, b) { return order(a[0], b[0]) || a[1] - b[1]; })
          .map(function (pair) { return pair[0]; });
        var keep = growing ? rendered : 0;  /* a part arrived: as many as were shown */
        list.replaceChildren();
        rendered = 0;
        pending = shown;
        do { renderMore(); } while (rendered < keep && rendered < pending.length);
        var total = data.total === undefined ? data.papers.length : data.total;
        var loading = data.papers.length < total
          ? " (loading: " + data.papers.length + " of " + total + " so far)" : "";
        count.textContent = (shown.length === data.papers.length && !loading
          ? "All " + total + " papers"
          : shown.length + " of " + total + " papers") + loading;
        root.dataset.shown = String(shown.length);
        var who = whoLabel(state, data);
        whoRow.hidden = !who;
        whoRow.querySelector(".explore-who__label").textContent = who;
        saveState(state);
      }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("reset", function () { window.setTimeout(update, 0); });
      var growing = false;
      update();
      /* the other parts, one after another, each added in order */
      (data.parts || []).reduce(function (before, name) {
        return before.then(function () { return load(new URL(name, source).href); })
          .then(function (part) {
            data.papers = data.papers.concat(part.papers);
            growing = true;
            update();
            growing = false;
          });
      }, Promise.resolve()).then(function () {
        root.dataset.loaded = "1";
      }).catch(function (error) {
        count.textContent += " Some papers could not be loaded.";
        console.warn(error);
      });
    }).catch(function (error) {
      count.textContent = "The list of papers could not be loaded.";
      console.warn(error);
    });
  }

  function init() {
    document.querySelectorAll(".explore[data-explore-src]").forEach(function (root) {
      if (!root.dataset.ready) {
        root.dataset.ready = "1";
        setup(root);
      }
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
