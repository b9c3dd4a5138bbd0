/*
 * The site's search: every word of the digests, abstracts, titles, names, topics and pages.
 *
 * The index is built by hooks/digest/search.py and split into scripts (assets/search/): a small
 * index.js, term shards t<n>.js, result shards m<n>.js and text shards x<n>.js. Each is loaded
 * on first need with a <script> element, which works from file:// as well as over HTTP.
 * A query loads the index and one term shard a word, then the rows of the results it shows,
 * then their texts for the excerpts.
 *
 * Words are folded, spelled and stemmed as hooks/digest/searchtext.py does (its twin: change
 * both). Queries: words (all must match; the last one is a prefix while typing; a word of 5+
 * letters with no match finds its near spellings), "a phrase", -word, author:, year:2016 or
 * year:2010-2016, topic:, doi:.
 *
 * The box in the header is an ARIA combobox (arrows move, Enter opens, Escape closes and keeps
 * the focus in the box); the page search/ (search.html from file://) shows every result, with
 * filters, and reads its query from ?q=. Contributor text is only ever put in the page as text
 * nodes (textContent, createTextNode): never as HTML.
 */
(function () {
  "use strict";

  // -- words: the twin of hooks/digest/searchtext.py --------------------------------------------

  var SPECIAL = { "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
                  "ħ": "h", "ŀ": "l", "ς": "σ" };
  var SPECIAL_RE = new RegExp("[" + Object.keys(SPECIAL).join("") + "]", "g");
  // Maps keyed by words have no prototype: a digest may say "constructor".
  function map() { return Object.create(null); }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  var GREEK = map();
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega"
    .split(" ").forEach(function (name, i) { GREEK["αβγδεζηθικλμνξοπρστυφχψω".charAt(i)] = name; });
  var STOPWORDS = map();
  ("a an and are as at be but by for from has have in into is it its of on or that the their then there these " +
   "this to was were which with").split(" ").forEach(function (w) { STOPWORDS[w] = true; });
  var WORD = /[\p{L}\p{N}]+/gu;
  var ASCII = /^[\x00-\x7f]*$/;
  var VARIANTS = [
    [/^(.{3,})is(e|ed|es|ing|ation|ations|er|ers)$/, "$1iz$2"],
    [/^(.{2,})ys(e|ed|es|ing)$/, "$1yz$2"],
    [/^(.{3,})our(s|ed|ing|al|ally|ite|ites|able|er|ers)?$/, "$1or$2"],
    [/^(cent|fib|lit|met|theat|calib|lust|sab|spect|meag)re(s|d)?$/, "$1er$2"],
    [/^(.{2,})([ae])ll(ed|ing|er|ers)$/, "$1$2l$3"],
    [/^(.{2,})ogue(s)?$/, "$1og$2"],
    [/^(defen|licen|offen|preten)ce(s)?$/, "$1se$2"],
    [/^programme(s)?$/, "program$1"],
    [/^oe(.{3,})$/, "e$1"],
    [/^(.+)oea(l|s)?$/, "$1ea$2"],
    [/^(.*[^aeiou])ae(.{2,})$/, "$1e$2"],
    [/^ae(.{4,})$/, "e$1"],
    [/^(sul)ph(.+)$/, "$1f$2"],
    [/^(ag|judg)e(ing|ment|ments)$/, "$1$2"]
  ];

  function fold(text) {
    text = String(text || "").toLowerCase();
    if (ASCII.test(text)) return text;
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(SPECIAL_RE, function (c) { return SPECIAL[c]; });
  }

  function tokens(text) {
    return (fold(text).match(WORD) || []).map(function (w) { return w.length === 1 && GREEK[w] ? GREEK[w] : w; });
  }

  function variant(word) {
    if (word.length < 5 || !ASCII.test(word)) return word;
    for (var i = 0; i < VARIANTS.length; i++) {
      if (VARIANTS[i][0].test(word)) return word.replace(VARIANTS[i][0], VARIANTS[i][1]);
    }
    return word;
  }

  // Porter's stemmer (1980), step for step as in searchtext.py.
  var STEP2 = { ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", abli: "able", alli: "al",
                entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al",
                iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble" };
  var STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
               "ate", "iti", "ous", "ive", "ize"];

  function cons(w, i) {
    var c = w.charAt(i);
    if ("aeiou".indexOf(c) >= 0) return false;
    if (c === "y") return i === 0 || !cons(w, i - 1);
    return true;
  }
  function measure(w) {
    var n = 0, i = 0, size = w.length;
    while (i < size && cons(w, i)) i++;
    while (i < size) {
      while (i < size && !cons(w, i)) i++;
      if (i >= size) break;
      while (i < size && cons(w, i)) i++;
      n++;
    }
    return n;
  }
  function hasVowel(w) { for (var i = 0; i < w.length; i++) if (!cons(w, i)) return true; return false; }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function double(w) { var n = w.length; return n >= 2 && w.charAt(n - 1) === w.charAt(n - 2) && cons(w, n - 1); }
  function cvc(w) {
    var n = w.length;
    return n >= 3 && cons(w, n - 3) && !cons(w, n - 2) && cons(w, n - 1) && "wxy".indexOf(w.charAt(n - 1)) < 0;
  }
  function longest(w, suffixes) {
    var best = "";
    suffixes.forEach(function (s) { if (ends(w, s) && s.length > best.length) best = s; });
    return best;
  }
  function step1(w) {
    if (ends(w, "sses") || ends(w, "ies")) w = w.slice(0, -2);
    else if (ends(w, "s") && !ends(w, "ss")) w = w.slice(0, -1);
    if (ends(w, "eed")) return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
    var suffixes = ["ed", "ing"];
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (ends(w, s) && hasVowel(w.slice(0, -s.length))) {
        w = w.slice(0, -s.length);
        if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) return w + "e";
        if (double(w) && "lsz".indexOf(w.charAt(w.length - 1)) < 0) return w.slice(0, -1);
        if (measure(w) === 1 && cvc(w)) return w + "e";
        return w;
      }
    }
    return w;
  }
  function stem(word) {
    if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
    var w = step1(word);
    if (ends(w, "y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
    [STEP2, STEP3].forEach(function (table) {
      var s = longest(w, Object.keys(table));
      if (s && measure(w.slice(0, -s.length)) > 0) w = w.slice(0, -s.length) + table[s];
    });
    var s = longest(w, STEP4);
    var rest = s ? w.slice(0, -s.length) : "";
    if (s && measure(rest) > 1 && (s !== "ion" || ends(rest, "s") || ends(rest, "t"))) w = rest;
    if (ends(w, "e")) {
      var m = measure(w.slice(0, -1));
      if (m > 1 || (m === 1 && !cvc(w.slice(0, -1)))) w = w.slice(0, -1);
    }
    if (measure(w) > 1 && double(w) && ends(w, "l")) w = w.slice(0, -1);
    return w;
  }
  function term(word) { return stem(variant(word)); }

  // A word being typed, in American spelling as far as it goes ("randomis" -> "randomiz"), to
  // compare with the American spelling of the words of the text.
  function prefixVariant(p) {
    return p.replace(/^(.{3,})is(a|at|ati|atio|e|ed|es|i|in|ing)?$/, "$1iz$2").replace(/^(.{2,})ys(e|ed|i|in)?$/, "$1yz$2");
  }

  // For tests/browser/test_search_words.py, which compares these with searchtext.py's.
  window.digestSearchWords = { fold: fold, tokens: tokens, variant: variant, stem: stem, term: term };

  // -- loading ------------------------------------------------------------------------------------

  var FINAL = "0123456789abcdefghijklmnopqrstuv";
  var MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_~";
  var DIGIT = {};
  for (var d = 0; d < 32; d++) { DIGIT[FINAL.charAt(d)] = [d, true]; DIGIT[MORE.charAt(d)] = [d, false]; }

  function decode(text) {
    var out = [], value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charAt(i)];
      value = value * 32 + digit[0];
      if (digit[1]) { out.push(value); value = 0; }
    }
    return out;
  }

  function Loader(indexUrl) {
    this.folder = indexUrl.replace(/index\.js(\?.*)?$/, "");
    this.indexUrl = indexUrl;
    this.pending = {};
    this.loaded = window.digestSearchLoaded = window.digestSearchLoaded || [];
    window.digestSearchShards = window.digestSearchShards || {};
  }
  Loader.prototype.script = function (name, url, value) {
    var self = this;
    var have = value();
    if (have) return Promise.resolve(have);
    if (!self.pending[name]) {
      self.pending[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () {
          self.loaded.push(name);
          var got = value();
          if (got) resolve(got); else reject(new Error(url + " set no data"));
        };
        script.onerror = function () { delete self.pending[name]; reject(new Error("could not load " + url)); };
        document.head.appendChild(script);
      });
    }
    return self.pending[name];
  };
  Loader.prototype.index = function () {
    return this.script("index", this.indexUrl, function () { return window.digestSearchIndex; });
  };
  Loader.prototype.shard = function (name) {
    return this.script(name, this.folder + name + ".js", function () { return window.digestSearchShards[name]; });
  };

  // -- the engine ---------------------------------------------------------------------------------

  var PREFIX_LIMIT = 60;
  var VERIFY_LIMIT = 48;

  function Engine(index, loader) {
    this.index = index;
    this.loader = loader;
    this.keys = index.keys;
    this.keyNumber = map();
    for (var i = 0; i < index.keys.length; i++) this.keyNumber[index.keys[i]] = i;
    this.decoded = map();
  }

  // The key of the shard that holds term t: the longest key t starts with.
  Engine.prototype.keyOf = function (t) {
    for (var n = t.length; n > 0; n--) {
      if (has(this.keyNumber, t.slice(0, n))) return t.slice(0, n);
    }
    return null;
  };
  // The keys of the shards that may hold terms starting with p (at most limit of them, else none).
  Engine.prototype.keysFrom = function (p, limit) {
    var out = [];
    var own = this.keyOf(p);
    if (own) out.push(own);
    for (var i = 0; i < this.keys.length; i++) {
      var k = this.keys[i];
      if (k !== own && k.length > p.length && k.slice(0, p.length) === p) out.push(k);
    }
    return out.length > limit ? out.slice(0, 1) : out;
  };
  Engine.prototype.shards = function (keys) {
    var self = this;
    return Promise.all(keys.map(function (k) {
      return self.loader.shard("t" + self.keyNumber[k]).then(function (data) { return { key: k, data: data }; });
    }));
  };
  Engine.prototype.postings = function (data, t) {
    var cached = this.decoded[t];
    if (cached) return cached;
    var numbers = decode(data.t[t]);
    var docs = new Map(), doc = -1;
    for (var i = 0; i < numbers.length; i += 2) {
      doc += numbers[i] + 1;
      docs.set(doc, numbers[i + 1]);
    }
    return (this.decoded[t] = docs);
  };

  // The documents of one query word, with the terms it matched (for highlighting).
  // word: {w: folded word, t: term, prefix, field ("" | "a:" | "t:" | "s:" | "d:")}
  Engine.prototype.word = function (word) {
    var self = this;
    var field = word.field;
    var exact = field ? field + word.w : word.t;
    var keys = [];
    var own = this.keyOf(exact);
    if (own) keys.push(own);
    // A word being typed is completed from its third letter on ("ra" would be most of the index).
    var expand = word.prefix && (field ? word.w.length >= 1 : word.w.length >= 3);
    if (expand) {
      this.keysFrom(field + word.w, 8).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    }
    if (!field && word.w !== word.t) {
      var surfaceKey = this.keyOf(word.w);
      if (surfaceKey && keys.indexOf(surfaceKey) < 0) keys.push(surfaceKey);
    }
    return this.shards(keys).then(function (shards) {
      var found = map();  // term -> weight
      var start = field + word.w;
      var american = field ? start : prefixVariant(start);
      shards.forEach(function (shard) {
        var data = shard.data;
        if (has(data.t, exact)) found[exact] = 1;
        if (!field && has(data.w, word.w)) found[data.w[word.w]] = 1;
        if (expand) {
          var n = 0;
          for (var t in data.t) {
            if (n >= PREFIX_LIMIT) break;
            if (t.length > start.length && t.slice(0, start.length) === start && !found[t]) { found[t] = 0.9; n++; }
          }
          if (!field) {
            for (var w in data.w) {
              if (n >= PREFIX_LIMIT) break;
              if (found[data.w[w]] || w.length <= start.length) continue;
              if (w.slice(0, start.length) === start || variant(w).slice(0, american.length) === american) { found[data.w[w]] = 0.9; n++; }
            }
          }
        }
      });
      if (!Object.keys(found).length && !field && word.w.length >= 5) {
        var most = word.w.length >= 8 ? 2 : 1;
        shards.forEach(function (shard) {
          var data = shard.data;
          for (var t in data.t) if (t.indexOf(":") < 0 && near(t, word.t, most)) found[t] = 0.7;
          for (var w in data.w) if (near(w, word.w, most)) found[data.w[w]] = 0.7;
        });
      }
      var docs = new Map();
      var byShard = map();
      shards.forEach(function (shard) { for (var t in found) if (has(shard.data.t, t)) byShard[t] = shard.data; });
      Object.keys(byShard).forEach(function (t) {
        self.postings(byShard[t], t).forEach(function (score, doc) {
          var s = score * found[t];
          if (!(docs.get(doc) >= s)) docs.set(doc, s);
        });
      });
      return { docs: docs, terms: Object.keys(byShard) };
    });
  };

  // Damerau-Levenshtein distance of a and b at most most (optimal string alignment).
  function near(a, b, most) {
    if (Math.abs(a.length - b.length) > most || a === b) return false;
    var rows = [], i, j;
    for (i = 0; i <= a.length; i++) { rows.push([i]); }
    for (j = 1; j <= b.length; j++) rows[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      var low = Infinity;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          v = Math.min(v, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = v;
        if (v < low) low = v;
      }
      if (low > most) return false;
    }
    return rows[a.length][b.length] <= most;
  }

  // The query as clauses: words, phrases, excluded words, author:, topic:, doi:, year:.
  var FIELD_NAMES = { author: "a:", authors: "a:", topic: "t:", topics: "t:", doi: "d:", year: "year",
                      design: "g:", species: "p:", participants: "n", n: "n" };
  function parse(query) {
    var out = { words: [], phrases: [], not: [], years: null, participants: null, text: [] };
    var clause = /(-)?(?:([A-Za-z]+):)?(?:"([^"]*)"?|([^\s"]+))/g;
    var m, typing = !/\s$/.test(query);
    var all = [];
    while ((m = clause.exec(query))) {
      if (!m[0]) { clause.lastIndex++; continue; }
      all.push({ not: !!m[1], field: m[2] ? m[2].toLowerCase() : "", quoted: m[3] !== undefined, text: m[3] !== undefined ? m[3] : m[4] || "",
                 end: clause.lastIndex === query.length });
    }
    all.forEach(function (c) {
      var field = has(FIELD_NAMES, c.field) ? FIELD_NAMES[c.field] : undefined;
      if (c.field && !field) { c.text = c.field + ":" + c.text; field = ""; }
      var prefix = typing && c.end && !c.quoted;
      if (field === "year") { out.years = years(c.text) || out.years; return; }
      if (field === "n") { out.participants = counts(c.text) || out.participants; return; }
      if (field === "d:") { out.words.push({ w: fold(c.text.replace(/^https?:\/\/(dx\.)?doi\.org\//i, "")), t: "", prefix: true, field: "d:" }); return; }
      if (!field && !c.not && /^10\.\d{4,9}\/\S+$/.test(c.text)) { out.words.push({ w: fold(c.text), t: "", prefix: true, field: "d:" }); return; }
      var words = tokens(c.text);
      var real = words.filter(function (w) { return !STOPWORDS[w]; });
      if (c.not) { real.forEach(function (w) { out.not.push(field ? { w: w, field: field } : { w: w, t: term(w), field: "" }); }); return; }
      if (c.quoted && words.length > 1) out.phrases.push(words.map(term));
      (real.length ? real : words).forEach(function (w, i, list) {
        out.words.push({ w: w, t: field ? w : term(w), prefix: prefix && i === list.length - 1, field: field || "" });
        if (!field) out.text.push(term(w));
      });
    });
    return out;
  }
  // participants:>100, >=100, <50, 10-100, 100: a range of whole numbers [from, to].
  function counts(text) {
    var m = /^(>=?|<=?)?(\d{1,10})(?:(?:-|\.\.)(\d{1,10}))?$/.exec(text.replace(/,/g, ""));
    if (!m) return null;
    var n = +m[2];
    if (m[3]) return [n, +m[3]];
    return { ">": [n + 1, Infinity], ">=": [n, Infinity], "<": [0, n - 1], "<=": [0, n] }[m[1]] || [n, n];
  }
  function years(text) {
    var m = /^(\d{4})?(?:(-|\.\.)(\d{4})?)?$/.exec(text);
    if (!m || (!m[1] && !m[3])) return null;
    var from = m[1] ? +m[1] : 0, to = m[3] ? +m[3] : m[2] ? 9999 : from;
    return [from, to];
  }

  // Year (0: none) and "has a digest" of document doc, from the index's facets.
  function facets(index, doc) {
    var v = index.facets.charCodeAt(doc) - 0x100;
    return { year: v >> 1 ? (v >> 1) + 999 : 0, digest: (v & 1) === 1 };
  }

  // query: the box's text; filters: {topic: slug, from, to, digest}. Resolves to
  // {hits: [{doc, score}], exact: whether the count is exact, words: matched terms, prefixes}.
  // current: a function telling whether the query is still wanted (the reader typed on).
  Engine.prototype.search = function (query, filters, want, current) {
    var self = this, index = this.index;
    var q = parse(query);
    filters = filters || {};
    var required = q.words.slice();
    if (filters.topic) required.push({ w: filters.topic, t: "", prefix: false, field: "s:" });
    if (filters.design) required.push({ w: filters.design, t: "", prefix: false, field: "g:" });
    if (filters.species) required.push({ w: filters.species, t: "", prefix: false, field: "p:" });
    var unfiltered = !required.length;
    if (unfiltered && !q.years && !q.participants && !filters.from && !filters.to && !filters.digest) {
      return Promise.resolve({ hits: [], rest: [], exact: true, terms: [], prefixes: [], empty: true });
    }
    var excluded = q.not.map(function (n) { return { w: n.w, t: n.t || "", prefix: false, field: n.field }; });
    return Promise.all(required.concat(excluded).map(function (word) { return self.word(word); })).then(function (found) {
      var scores = null;
      var terms = [], prefixes = [];
      required.forEach(function (word, i) {
        var docs = found[i].docs;
        if (!word.field || word.field === "a:" || word.field === "t:") {
          terms = terms.concat(found[i].terms.map(function (t) { return t.replace(/^[at]:/, ""); }));
          if (word.prefix) prefixes.push(word.w);
        }
        if (scores === null) { scores = new Map(docs); return; }
        var next = new Map();
        scores.forEach(function (s, doc) { if (docs.has(doc)) next.set(doc, s + docs.get(doc)); });
        scores = next;
      });
      if (scores === null) {  // filters alone: every document
        scores = new Map();
        for (var doc = 0; doc < index.count; doc++) scores.set(doc, 0);
      }
      found.slice(required.length).forEach(function (f) { f.docs.forEach(function (_, doc) { scores.delete(doc); }); });
      var from = q.years ? q.years[0] : +filters.from || 0, to = q.years ? q.years[1] : +filters.to || 9999;
      if (q.years && filters.from) from = Math.max(from, +filters.from);
      if (q.years && filters.to) to = Math.min(to, +filters.to);
      var narrowYear = !!(q.years || filters.from || filters.to);
      if (narrowYear || filters.digest) {
        scores.forEach(function (_, doc) {
          var f = facets(index, doc);
          if ((narrowYear && (!f.year || f.year < from || f.year > to)) || (filters.digest && !f.digest)) scores.delete(doc);
        });
      }
      if (q.participants) {
        var people = index.participants || {};
        scores.forEach(function (_, doc) {
          var n = people[doc];
          if (!n || n < q.participants[0] || n > q.participants[1]) scores.delete(doc);
        });
      }
      self.topicFirst(q, scores);
      var hits = [];
      scores.forEach(function (score, doc) { hits.push({ doc: doc, score: score }); });
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      var result = { hits: hits, rest: [], exact: true, terms: terms, prefixes: prefixes, phrases: q.phrases };
      if (!q.phrases.length) return result;
      result.rest = hits;
      result.hits = [];
      return self.verify(result, want || 20, current);
    });
  };

  // The topic page first when the words of the query are a topic's name or one of its synonyms.
  Engine.prototype.topicFirst = function (q, scores) {
    if (!q.text.length || q.words.length !== q.text.length) return;
    var said = q.text.join(" ");
    this.index.topics.forEach(function (topic) {
      var names = topic[3].map(function (name) { return tokens(name).filter(function (w) { return !STOPWORDS[w]; }).map(term).join(" "); });
      if (names.indexOf(said) >= 0 && scores.has(topic[2])) scores.set(topic[2], 1e9);
    });
  };

  // Check the candidates of a query with quoted phrases against their text, best first, until
  // want of them hold every phrase (or VERIFY_LIMIT more were checked): result.hits are those
  // found so far, result.rest the candidates not checked yet. Each text shard holds TEXT texts:
  // checking every candidate of a common phrase would load most of the index.
  Engine.prototype.verify = function (result, want, current) {
    var self = this;
    var limit = result.hits.length + VERIFY_LIMIT;
    function more() {
      if (current && !current()) return Promise.resolve(result);  // overtaken: load nothing more
      if (result.hits.length >= want || !result.rest.length || result.hits.length + result.checked >= limit) {
        result.exact = !result.rest.length;
        result.checked = 0;
        return Promise.resolve(result);
      }
      var batch = result.rest.splice(0, Math.max(16, want - result.hits.length));
      result.checked += batch.length;
      return Promise.all(batch.map(function (hit) { return self.document(hit.doc); })).then(function (docs) {
        batch.forEach(function (hit, i) {
          var words = " " + tokens(docs[i].title + " \n " + docs[i].text).map(term).join(" ") + " ";
          if (result.phrases.every(function (phrase) { return words.indexOf(" " + phrase.join(" ") + " ") >= 0; })) {
            result.hits.push(hit);
          }
        });
        return more();
      });
    }
    result.checked = 0;
    return more();
  };

  // What a result shows: {url, title, authors, venue, year, topics (names), teaser, kind, status}.
  Engine.prototype.row = function (doc) {
    var index = this.index;
    return this.loader.shard("m" + Math.floor(doc / index.meta)).then(function (rows) {
      var row = rows[doc % index.meta], out = {};
      index.fields.forEach(function (name, i) { out[name] = row[i]; });
      out.topics = out.topics.map(function (i) { return index.names[i]; });
      return out;
    });
  };
  Engine.prototype.text = function (doc) {
    var index = this.index;
    return this.loader.shard("x" + Math.floor(doc / index.text)).then(function (texts) { return texts[doc % index.text]; });
  };
  Engine.prototype.document = function (doc) {
    var self = this;
    return Promise.all([self.row(doc), self.text(doc)]).then(function (both) {
      return { title: both[0].title, text: both[1] };
    });
  };

  // -- showing results ----------------------------------------------------------------------------

  // A function telling whether a word of the text is one the query matched.
  function matcher(result) {
    var terms = map();
    (result.terms || []).forEach(function (t) { terms[t] = true; });
    (result.phrases || []).forEach(function (p) { p.forEach(function (t) { terms[t] = true; }); });
    var prefixes = (result.prefixes || []).filter(function (p) { return p.length >= 3; });
    return function (word) {
      var tokensOf = tokens(word);
      return tokensOf.some(function (w) {
        return terms[term(w)] || terms[w] || prefixes.some(function (p) { return w.slice(0, p.length) === p; });
      });
    };
  }

  // text as nodes of parent, the matched words in <mark> elements; words in [from, to) only.
  function marked(parent, text, isHit, from, to) {
    var at = from || 0, m, n = 0, end = to === undefined ? text.length : to;
    var word = new RegExp(WORD.source, "gu");
    word.lastIndex = at;
    while ((m = word.exec(text)) && m.index < end) {
      if (!isHit(m[0])) continue;
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      at = m.index + m[0].length;
      n++;
    }
    if (at < end) parent.appendChild(document.createTextNode(text.slice(at, end)));
    return n;
  }

  // The passage of about 30 words with the most different matched words, as [start, end).
  function passage(text, isHit) {
    var words = [], m, word = new RegExp(WORD.source, "gu");
    while ((m = word.exec(text))) words.push({ at: m.index, end: m.index + m[0].length, hit: isHit(m[0]), w: fold(m[0]) });
    if (!words.length) return null;
    var size = 30, best = -1, bestAt = 0;
    for (var i = 0; i < words.length; i++) {
      if (!words[i].hit) continue;
      var seen = map(), count = 0;
      for (var j = i; j < Math.min(words.length, i + size); j++) {
        if (words[j].hit && !seen[words[j].w]) { seen[words[j].w] = true; count++; }
      }
      if (count > best) { best = count; bestAt = i; }
    }
    if (best < 0) return null;
    var first = Math.max(0, bestAt - 8), last = Math.min(words.length - 1, first + size);
    return [first === 0 ? 0 : words[first].at, last === words.length - 1 ? text.length : words[last].end];
  }

  function excerpt(node, text, isHit) {
    var span = passage(text || "", isHit);
    if (!span) { node.hidden = true; return; }
    node.textContent = "";
    if (span[0] > 0) node.appendChild(document.createTextNode("… "));
    marked(node, text, isHit, span[0], span[1]);
    if (span[1] < text.length) node.appendChild(document.createTextNode(" …"));
    node.hidden = false;
  }

  function span(className, text) {
    var node = document.createElement("span");
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // One result: a link with its title, byline, topics and (filled in later) excerpt.
  function resultNode(base, row, isHit) {
    var link = document.createElement("a");
    link.className = "digest-search__result";
    link.href = base + "/" + row.url;
    link.setAttribute("data-search-result", row.url);
    var title = span("digest-search__title");
    if (row.status) {  // retracted, corrected ... (bib/status.yml)
      var status = document.createElement("strong");
      status.className = "digest-search__status";
      status.textContent = row.status + ": ";
      title.appendChild(status);
    }
    if (row.kind === "topic") title.appendChild(document.createTextNode("Topic: "));
    marked(title, row.title, isHit);
    link.appendChild(title);
    var detail = row.kind === "topic" ? "" : [row.authors, row.venue, row.year].filter(Boolean).join(" · ");
    if (detail) {
      var byline = span("digest-search__detail");
      marked(byline, detail, isHit);
      link.appendChild(byline);
    }
    if (row.kind === "entry" && row.topics.length) link.appendChild(span("digest-search__topics", row.topics.join(" · ")));
    var quote = span("digest-search__excerpt");
    quote.hidden = true;
    quote.setAttribute("data-search-excerpt", "");
    link.appendChild(quote);
    return link;
  }

  function countText(result, shown) {
    var n = result.hits.length, more = result.exact ? "" : "at least ";
    if (!n) return result.exact ? "No matches" : "No matches among the best candidates yet";
    var text = n === 1 ? "1 match" : more + n + " matches";
    return shown && shown < n ? text + ", the first " + shown + " shown" : text;
  }

  // For measuring (tests/browser/measure_search.py): when each step ended, what had been loaded.
  function mark(name, detail) {
    if (window.performance && performance.mark) performance.mark(name, detail ? { detail: detail } : undefined);
  }

  function siteBase(root) { return (root.getAttribute("data-base") || ".").replace(/\/$/, ""); }

  function pageUrl(base, index, query) {
    return base + "/" + index.page + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  // -- the box in the header: an ARIA combobox ---------------------------------------------------

  function Box(root) {
    this.root = root;
    this.input = root.querySelector("[data-digest-search-input]");
    this.panel = root.querySelector("[data-digest-search-panel]");
    this.meta = root.querySelector("[data-digest-search-meta]");
    this.live = root.querySelector("[data-digest-search-live]");
    this.list = root.querySelector("[data-digest-search-list]");
    this.all = root.querySelector("[data-digest-search-all]");
    this.base = siteBase(root);
    this.loader = new Loader(root.getAttribute("data-index"));
    this.engine = null;
    this.active = -1;
    this.turn = 0;
    this.bind();
  }
  Box.prototype.MAX = 8;
  Box.prototype.start = function () {
    var self = this;
    if (self.starting) return self.starting;
    mark("digest-search-load");
    self.starting = self.loader.index().then(function (index) {
      self.engine = new Engine(index, self.loader);
      mark("digest-search-ready");
      return self.engine;
    });
    self.starting.catch(function () { self.say("The search index could not be loaded."); self.starting = null; });
    return self.starting;
  };
  Box.prototype.open = function (open) {
    this.panel.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) this.select(-1);
  };
  Box.prototype.say = function (text) {
    this.meta.textContent = text;
    this.live.textContent = text;
    this.open(true);
  };
  Box.prototype.run = function () {
    var self = this, query = self.input.value, turn = ++self.turn;
    if (!query.trim()) {
      self.list.textContent = self.meta.textContent = self.live.textContent = "";
      self.all.hidden = true;
      self.root.removeAttribute("data-shown");
      self.open(false);
      return;
    }
    if (!self.engine) self.say("Loading the index…");
    // A reader types faster than the shards load: a query overtaken by a newer one stops where it
    // is, so that it loads nothing more (turn !== self.turn).
    self.start().then(function (engine) {
      if (turn !== self.turn) return null;
      mark("digest-search-query");
      return engine.search(query, {}, self.MAX, function () { return turn === self.turn; }).then(function (result) {
        if (turn !== self.turn) return null;
        mark("digest-search-searched");
        var shown = result.hits.slice(0, self.MAX);
        return Promise.all(shown.map(function (hit) { return engine.row(hit.doc); })).then(function (rows) {
          if (turn !== self.turn) return;
          self.show(engine, result, shown, rows, query);
        });
      });
    }).catch(function (error) { if (turn === self.turn) self.say("Search failed: " + error.message); });
  };
  Box.prototype.show = function (engine, result, shown, rows, query) {
    var self = this, isHit = matcher(result);
    self.select(-1);
    self.list.textContent = "";
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row, i) {
      var item = document.createElement("li");
      item.setAttribute("role", "presentation");
      var link = resultNode(self.base, row, isHit);
      link.id = "digest-search-option-" + i;
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.tabIndex = -1;
      item.appendChild(link);
      fragment.appendChild(item);
      if (row.kind !== "topic") {
        engine.text(shown[i].doc).then(function (text) { excerpt(link.querySelector("[data-search-excerpt]"), text, isHit); });
      }
    });
    self.list.appendChild(fragment);
    var text = countText(result, shown.length);
    self.all.hidden = !result.hits.length && result.exact;
    self.all.href = pageUrl(self.base, engine.index, query.trim());
    self.all.textContent = !result.exact ? "More results" :
      result.hits.length > shown.length ? "All " + result.hits.length + " results" : "Open these results on their own page";
    self.say(text);
    self.root.setAttribute("data-shown", query);  // what the results are of (for tests and tools)
    mark("digest-search-shown", { loaded: self.loader.loaded.slice() });
  };
  Box.prototype.options = function () { return this.list.querySelectorAll("[role=option]"); };
  Box.prototype.select = function (i) {
    var all = this.options();
    if (this.active >= 0 && all[this.active]) {
      all[this.active].setAttribute("aria-selected", "false");
      all[this.active].classList.remove("digest-search__result--active");
    }
    this.active = i;
    if (i >= 0 && all[i]) {
      all[i].setAttribute("aria-selected", "true");
      all[i].classList.add("digest-search__result--active");
      all[i].scrollIntoView({ block: "nearest" });
      this.input.setAttribute("aria-activedescendant", all[i].id);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };
  Box.prototype.move = function (step) {
    var n = this.options().length;
    if (!n) return;
    if (this.panel.hidden) this.open(true);
    this.select(this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n);
  };
  Box.prototype.bind = function () {
    var self = this, input = self.input;
    // Capture phase: the box takes "/" and "s" before the theme's own keyboard handling.
    window.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key === "/" || event.key === "s") {
        event.preventDefault();
        event.stopPropagation();
        input.focus();
        self.start();
      }
    }, true);
    input.addEventListener("focus", function () { self.start(); if (input.value.trim() && self.list.children.length) self.open(true); });
    self.root.addEventListener("pointerenter", function () { self.start(); });  // a hand on its way to the box
    // index.js (100 kB at 20,000 entries, growing with the library) is read when a reader heads for the
    // box (a pointer over it, focus, "/"), not on every page view: a page view stays the same size
    // whatever the library's (issue 26: a first view under 0.5 MB), and a reader reaching for the box
    // has it read before the first key.
    input.addEventListener("input", function () { self.run(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        self.move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        var all = self.options();
        // A result opens only when the reader highlighted it; otherwise Enter asks for all the results.
        if (self.active >= 0 && all[self.active]) { event.preventDefault(); all[self.active].click(); }
        else if (input.value.trim() && self.engine) { event.preventDefault(); window.location.href = pageUrl(self.base, self.engine.index, input.value.trim()); }
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (!self.panel.hidden) self.open(false);
        else { input.value = ""; self.run(); }
      }
      event.stopPropagation();
    });
    document.addEventListener("click", function (event) { if (!self.root.contains(event.target)) self.open(false); });
  };

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  // -- the results page (search/, search.html from file://) --------------------------------------

  function ResultsPage(form, root, loader) {
    this.form = form;
    this.input = form.querySelector("[name=q]");
    this.count = document.querySelector("[data-digest-search-count]");
    this.list = document.querySelector("[data-digest-search-results]");
    this.more = document.querySelector("[data-digest-search-more]");
    this.base = siteBase(root);
    this.loader = loader;  // the box's: each script is loaded once
    this.turn = 0;
    this.shown = 0;
    var self = this, params = new URLSearchParams(window.location.search);
    ["q", "topic", "from", "to", "design", "species"].forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field && params.get(name)) field.value = params.get(name);
    });
    var digest = form.querySelector("[name=digest]");
    if (digest) digest.checked = params.get("digest") === "1";
    form.addEventListener("input", function () { self.run(); });
    form.addEventListener("change", function () { self.run(); });
    this.more.addEventListener("click", function () { self.page(); });
    this.loader.index().then(function (index) {
      self.engine = new Engine(index, self.loader);
      self.run();
    }).catch(function () { self.count.textContent = "The search index could not be loaded."; });
  }
  ResultsPage.prototype.STEP = 20;
  ResultsPage.prototype.filters = function () {
    var get = function (name) { var f = this.form.querySelector("[name=" + name + "]"); return f ? f.value.trim() : ""; }.bind(this);
    var digest = this.form.querySelector("[name=digest]");
    return { topic: get("topic"), from: get("from"), to: get("to"), digest: !!(digest && digest.checked),
             design: get("design"), species: get("species") };
  };
  ResultsPage.prototype.remember = function (filters) {
    var params = new URLSearchParams();
    if (this.input.value.trim()) params.set("q", this.input.value.trim());
    ["topic", "from", "to", "design", "species"].forEach(function (name) { if (filters[name]) params.set(name, filters[name]); });
    if (filters.digest) params.set("digest", "1");
    var search = this.params = params.toString();
    try { window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "")); } catch (e) { /* file:// may refuse */ }
  };
  ResultsPage.prototype.run = function () {
    var self = this, turn = ++self.turn, filters = self.filters();
    if (!self.engine) return;
    self.remember(filters);
    self.engine.search(self.input.value, filters, self.STEP, function () { return turn === self.turn; }).then(function (result) {
      if (turn !== self.turn) return;
      self.result = result;
      self.isHit = matcher(result);
      self.list.textContent = "";
      self.shown = 0;
      if (result.empty) {
        self.count.textContent = "Type a query, or choose a topic or years.";
        self.more.hidden = true;
        self.form.setAttribute("data-shown", self.params);
        return;
      }
      self.page();
    }).catch(function (error) { self.count.textContent = "Search failed: " + error.message; });
  };
  ResultsPage.prototype.page = function () {
    var self = this, turn = self.turn, engine = self.engine, result = self.result;
    var verified = result.rest.length ? engine.verify(result, self.shown + self.STEP) : Promise.resolve(result);
    verified.then(function () {
      var next = result.hits.slice(self.shown, self.shown + self.STEP);
      self.shown += next.length;
      return Promise.all(next.map(function (hit) { return engine.row(hit.doc); })).then(function (rows) { return [next, rows]; });
    }).then(function (both) {
      var next = both[0], rows = both[1];
      if (turn !== self.turn) return;
      rows.forEach(function (row, i) {
        var item = document.createElement("li");
        var link = resultNode(self.base, row, self.isHit);
        item.appendChild(link);
        self.list.appendChild(item);
        if (row.kind !== "topic") {
          engine.text(next[i].doc).then(function (text) { excerpt(link.querySelector("[data-search-excerpt]"), text, self.isHit); });
        }
      });
      self.count.textContent = countText(result, self.shown);
      self.form.setAttribute("data-shown", self.params);  // what the results are of (for tests and tools)
      self.more.hidden = self.shown >= result.hits.length && !result.rest.length;
    });
  };

  var root = document.querySelector("[data-digest-search]");
  var box = root ? new Box(root) : null;
  var form = document.querySelector("[data-digest-search-page]");
  if (form && box) new ResultsPage(form, root, box.loader);
})();
