/* The "Add a paper" form: check the fields with the collection's own rules, write
   the record as YAML and open GitHub's create-file page with it filled in.

   The rules (schema patterns and limits, the invisible-character class, topics and
   the ids already taken) come from the page's <script id="add-paper-data"> JSON,
   generated from generator/schema/paper.schema.json, so they match
   `python -m generator check`. Every value is put into the page as text
   (textContent, never innerHTML). */
(function () {
  "use strict";

  /* Longer links risk "414 URI Too Long" on the way to GitHub. */
  var MAX_URL = 8000;
  var LABELS = {
    title: "Title", short_name: "Short name", abstract: "Abstract", venue: "Venue",
    arxiv: "arXiv id", doi: "DOI", year: "Year", id: "Record id", added: "Date added"
  };

  function collapse(text) {
    return String(text || "").split(/\s+/).filter(Boolean).join(" ");
  }

  /* Latin letters that Unicode does not decompose; python-slugify transliterates them. */
  var LETTERS = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l",
                  "þ": "th", "ı": "i" };

  /* The same shape as generator/slug.py (python-slugify): ASCII, lowercase, '-'. */
  function slugify(text, maxWords) {
    var slug = collapse(text).toLowerCase().replace(/[øæœßđðłþı]/g, function (c) {
      return LETTERS[c];
    }).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (maxWords > 0) slug = slug.split("-").slice(0, maxWords).join("-");
    return slug;
  }

  /* As generator/scaffold.py's split_authors: ";" or one name a line separate names;
     a comma does only when every part between commas has two words or more, else
     the commas are read as in "Last, First" ("Doe, Jane" is one name). */
  var AND = /(?<![\p{L}\p{N}_])and(?![\p{L}\p{N}_])/u;
  function splitAuthors(text) {
    var parts;
    if (text.indexOf(";") >= 0) parts = text.split(";");
    else if (text.trim().indexOf("\n") >= 0) parts = text.split("\n");
    else {
      parts = text.split(AND);
      var pieces = [];
      parts.forEach(function (part) { pieces = pieces.concat(part.split(",")); });
      var full = pieces.every(function (piece) {
        var words = collapse(piece);
        return !words || words.indexOf(" ") >= 0;
      });
      if (full) parts = pieces;
    }
    return parts.map(collapse).filter(Boolean);
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* YAML the strict loader reads back exactly: double-quoted strings (a JSON string
     is a valid YAML double-quoted scalar), and the whitespace-collapsed abstract as
     a folded block, wrapped at spaces. */
  function quoted(value) {
    return JSON.stringify(value);
  }

  function folded(text, width) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return ">-\n" + lines.map(function (l) { return "  " + l; }).join("\n");
  }

  function toYaml(record, schemaLine) {
    var out = [schemaLine, "title: " + quoted(record.title)];
    if (record.short_name) out.push("short_name: " + quoted(record.short_name));
    if (record.authors.length) {
      out.push("authors:");
      record.authors.forEach(function (a) { out.push("- " + quoted(a)); });
    }
    if (record.year !== null) out.push("year: " + record.year);
    if (record.venue) out.push("venue: " + quoted(record.venue));
    if (record.arxiv) out.push("arxiv: " + quoted(record.arxiv));
    if (record.doi) out.push("doi: " + quoted(record.doi));
    out.push("topics:");
    record.topics.forEach(function (t) { out.push("- " + t); });
    var kinds = Object.keys(record.links);
    if (kinds.length) {
      out.push("links:");
      kinds.forEach(function (k) { out.push("  " + k + ": " + quoted(record.links[k])); });
    }
    out.push("added: " + quoted(record.added));
    out.push("abstract: " + folded(record.abstract, 86));
    return out.join("\n") + "\n";
  }

  /* The year of a new-style arXiv id (the schema's x-date: yy, mm). */
  function arxivYear(arxiv, rule) {
    var m = new RegExp(rule["x-date"]).exec(arxiv || "");
    return m ? 2000 + parseInt(m[1], 10) : null;
  }

  function Form(form, data) {
    this.form = form;
    this.data = data;
    this.invisible = new RegExp(data.invisible, "u");
    this.patterns = {};
    this.shards = {};   /* number -> loaded file of existing keys */
    this.loading = {};  /* number -> its fetch */
  }

  /* 32-bit FNV-1a of the UTF-8 bytes, as generator/site/addform.py computes it */
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return hash;
  }

  /* The file of existing ids, arXiv ids and DOIs that holds `key` (addform.py), or
     null while it loads; the form is checked again once it is in. */
  Form.prototype.existing = function (key) {
    var self = this, number = fnv1a(key) % this.data.existing.shards;
    if (!this.loading[number]) {
      this.loading[number] = fetch(new URL("existing-" + number + ".json", window.location.href))
        .then(function (response) {
          if (!response.ok) throw new Error("add-paper: existing-" + number + " " + response.status);
          return response.json();
        })
        .then(function (shard) { self.shards[number] = shard; self.preview(); });
    }
    return this.shards[number] || null;
  };

  Form.prototype.value = function (name) {
    var el = this.form.elements.namedItem(name);
    return el ? el.value : "";
  };

  Form.prototype.pattern = function (source) {
    if (!this.patterns[source]) this.patterns[source] = new RegExp(source);
    return this.patterns[source];
  };

  /* One string against one rule set; returns a message or null. */
  Form.prototype.problem = function (label, value, rules) {
    var bad = this.invisible.exec(value);
    if (bad) {
      var code = bad[0].codePointAt(0).toString(16).toUpperCase();
      return label + " contains the invisible character U+" + code.padStart(4, "0") +
        "; remove it";
    }
    /* JSON Schema, and so check, counts characters (code points), not UTF-16 units */
    var length = Array.from(value).length;
    if (rules.minLength && length < rules.minLength) {
      return label + (length ? " is too short" : " must not be empty");
    }
    if (rules.maxLength && length > rules.maxLength) {
      return label + " is too long (" + length + " characters, at most " +
        rules.maxLength + ")";
    }
    if (rules.pattern && !this.pattern(rules.pattern).test(value)) {
      return label + " " + JSON.stringify(value) + " " + (rules["x-message"] || "has the wrong form");
    }
    return null;
  };

  Form.prototype.collect = function () {
    var data = this.data, rules = data.rules, self = this, problems = [];
    function check(label, value, ruleSet) {
      var message = self.problem(label, value, ruleSet);
      if (message) problems.push(message);
    }
    var record = {
      title: collapse(this.value("title")),
      short_name: collapse(this.value("short_name")),
      authors: splitAuthors(this.value("authors")),
      venue: collapse(this.value("venue")),
      arxiv: this.value("arxiv").trim(),
      doi: this.value("doi").trim(),
      abstract: collapse(this.value("abstract")),
      topics: [],
      links: {},
      added: today(),
      year: null
    };
    this.form.querySelectorAll("input[data-topic]:checked").forEach(function (box) {
      record.topics.push(box.value);
    });
    this.form.querySelectorAll("input[data-link]").forEach(function (input) {
      var url = input.value.trim();
      if (url) record.links[input.dataset.link] = url;
    });

    if (!record.title) problems.push("Title is required");
    else check(LABELS.title, record.title, rules.title);
    if (!record.abstract) problems.push("Abstract is required");
    else check(LABELS.abstract, record.abstract, rules.abstract);
    ["short_name", "venue", "arxiv", "doi"].forEach(function (name) {
      if (!record[name]) return;
      var message = self.problem(LABELS[name], record[name], rules[name]);
      /* what a pasted URL, version or prefix probably meant (the schema's x-in-text) */
      var hint = rules[name] && rules[name]["x-in-text"];
      var guess = message && hint && new RegExp(hint).exec(record[name]);
      if (guess && guess[1] !== record[name]) message += " (did you mean " + JSON.stringify(guess[1]) + "?)";
      if (message) problems.push(message);
    });
    record.authors.forEach(function (author, i) {
      check("Author " + (i + 1), author, rules.author);
    });
    if (!record.topics.length) problems.push("Pick at least one topic");
    record.topics.forEach(function (key) { check("Topic", key, rules.topic); });
    Object.keys(record.links).forEach(function (kind) {
      check("Link (" + kind + ")", record.links[kind], rules.link);
    });

    var yearText = this.value("year").trim();
    if (yearText) {
      var year = Number(yearText);
      if (!/^\d+$/.test(yearText) || year < rules.year.minimum || year > rules.year.maximum) {
        problems.push("Year must be a whole number from " + rules.year.minimum + " to " +
          rules.year.maximum);
      } else {
        record.year = year;
      }
    } else {
      record.year = arxivYear(record.arxiv, rules.arxiv);
    }

    var waiting = false;
    function known(kind, key) {
      var shard = self.existing(key);
      if (!shard) { waiting = true; return null; }
      return kind === "ids" ? shard.ids.indexOf(key) >= 0 : shard[kind][key] || null;
    }
    var arxivOf = record.arxiv && known("arxiv", record.arxiv);
    if (arxivOf) {
      problems.push("arXiv id " + record.arxiv + " is already in the collection (" +
        arxivOf + ")");
    }
    var doiOf = record.doi && known("doi", record.doi.toLowerCase());
    if (doiOf) {
      problems.push("DOI " + record.doi + " is already in the collection (" + doiOf + ")");
    }

    var id = this.value("id").trim();
    if (!id) problems.push("Record id is required (type a title first)");
    else {
      check(LABELS.id, id, rules.id);
      if (data.existing.reserved_ids.indexOf(id) >= 0) {
        problems.push("Record id " + JSON.stringify(id) + " is reserved for a page of the " +
          "site; choose another");
      } else if (known("ids", id)) {
        problems.push("Record id " + JSON.stringify(id) + " is taken; choose another");
      }
    }
    /* `waiting`: a file of existing keys is still loading (collect again once it is) */
    return { record: record, id: id, problems: problems, waiting: waiting };
  };

  Form.prototype.url = function (id, yaml) {
    var d = this.data;
    return d.repo_url + "/new/" + encodeURIComponent(d.branch) + "/" + d.folder +
      "?filename=" + encodeURIComponent(id + ".yaml") +
      (yaml === null ? "" : "&value=" + encodeURIComponent(yaml));
  };

  Form.prototype.notice = function (message) {
    var box = this.form.querySelector("#ap-problems"), text = document.createElement("p");
    text.textContent = message;
    box.replaceChildren(text);
  };

  Form.prototype.show = function (problems) {
    var box = this.form.querySelector("#ap-problems");
    box.replaceChildren();
    if (!problems.length) return;
    var intro = document.createElement("p");
    intro.textContent = "Please fix:";
    var list = document.createElement("ul");
    problems.forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      list.appendChild(item);
    });
    box.append(intro, list);
  };

  Form.prototype.preview = function () {
    var result = this.collect();
    this.form.querySelector("#ap-preview").textContent =
      toYaml(result.record, this.data.schema_line);
    return result;
  };

  Form.prototype.suggestId = function () {
    var idInput = this.form.elements.namedItem("id");
    if (idInput.dataset.edited) return;
    var shortName = this.value("short_name");
    idInput.value = (shortName ? slugify(shortName, 1) : slugify(this.value("title"), 6))
      .slice(0, this.data.rules.id.maxLength).replace(/-+$/, "");
  };

  Form.prototype.start = function () {
    var self = this, list = this.form.querySelector("#ap-topic-list");
    list.replaceChildren();
    this.data.topics.forEach(function (topic) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = topic.key;
      box.dataset.topic = "";
      label.append(box, document.createTextNode(" " + topic.title));
      list.appendChild(label);
    });
    this.form.elements.namedItem("id").addEventListener("input", function (event) {
      event.target.dataset.edited = event.target.value ? "1" : "";
    });
    this.form.addEventListener("input", function (event) {
      if (event.target.name === "title" || event.target.name === "short_name") self.suggestId();
      self.preview();
    });
    this.form.addEventListener("change", function () { self.preview(); });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = self.preview();
      if (result.waiting) {
        /* the duplicate check's files first (small: well within the click's activation) */
        self.notice("Checking the collection for duplicates…");
        Promise.all(Object.keys(self.loading).map(function (n) { return self.loading[n]; }))
          .then(function () { self.form.requestSubmit(); })
          .catch(function (error) {
            self.notice("The collection's ids could not be loaded; try again.");
            console.warn(error);
          });
        return;
      }
      self.show(result.problems);
      self.form.dataset.checked = "1";
      if (result.problems.length) return;
      var yaml = toYaml(result.record, self.data.schema_line);
      var url = self.url(result.id, yaml);
      if (url.length > MAX_URL) {
        /* Too long for a link: open the empty file and hand the record over by clipboard. */
        url = self.url(result.id, null);
        self.notice("The record is too long to pass in a link. It has been copied: paste it " +
          "into GitHub's editor (or copy it from the preview below).");
        if (navigator.clipboard) navigator.clipboard.writeText(yaml).catch(function () {});
      }
      self.form.dataset.url = url;
      window.open(url, "_blank", "noopener");
    });
    this.preview();
  };

  function init() {
    var form = document.getElementById("add-paper-form");
    var source = document.getElementById("add-paper-data");
    if (!form || !source || form.dataset.ready) return;
    form.dataset.ready = "1";
    new Form(form, JSON.parse(source.textContent)).start();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
