/*
 * The site's search: titles, authors, journals, years, DOIs and topics of every entry.
 *
 * The index (assets/search-index.js, built by hooks/digest/search.py) is loaded on first use
 * with a <script> element, so it works from file:// where fetch() of a JSON file is refused,
 * and nothing is built in the browser beyond one lower-cased string per record: the first
 * results show within milliseconds at thousands of entries.
 *
 * Results are links with a data-search-result attribute (their URL), shown in a panel under
 * the box. "/" or "s" anywhere focuses the box; arrows move, Enter opens, Escape closes.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-digest-search]");
  if (!root) return;
  var input = root.querySelector("[data-digest-search-input]");
  var panel = root.querySelector("[data-digest-search-panel]");
  var meta = root.querySelector("[data-digest-search-meta]");
  var list = root.querySelector("[data-digest-search-list]");
  var base = (root.getAttribute("data-base") || ".").replace(/\/$/, "");
  var MAX = 30;
  var docs = null;
  var loading = false;
  var active = -1;

  // Lower case without accents ("Müller" matches "muller"); most text is ASCII and skips normalising.
  var NON_ASCII = /[^\x00-\x7f]/;
  function fold(text) {
    text = String(text || "").toLowerCase();
    return NON_ASCII.test(text) ? text.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : text;
  }

  function load() {
    if (docs || loading) return;
    loading = true;
    mark("digest-search-load");
    if (window.digestSearchIndex) return ready(window.digestSearchIndex);
    var script = document.createElement("script");
    script.src = root.getAttribute("data-index");
    script.onload = function () { mark("digest-search-loaded"); ready(window.digestSearchIndex); };
    script.onerror = function () { show("The search index could not be loaded."); };
    document.head.appendChild(script);
  }

  // Venues and topic names are written once in the index and named by number in each record.
  function ready(index) {
    var at = {};
    index.fields.forEach(function (name, i) { at[name] = i; });
    var venues = index.venues.map(fold);
    var topics = index.topics.map(fold);
    docs = index.docs.map(function (row) {
      var names = row[at.topics];
      var doc = {
        url: row[at.url], title: row[at.title], authors: row[at.authors], year: row[at.year],
        venue: index.venues[row[at.venue]], teaser: row[at.teaser], kind: row[at.kind],
        status: at.status === undefined ? "" : row[at.status],
        topics: names.map(function (i) { return index.topics[i]; }).join(", ")
      };
      doc.t = fold(doc.title);
      doc.a = fold(doc.authors);
      doc.k = names.map(function (i) { return topics[i]; }).join(", ");
      doc.all = [doc.t, doc.a, venues[row[at.venue]], doc.year, fold(row[at.doi]), doc.k, fold(doc.teaser)].join(" \u0001 ");
      return doc;
    });
    mark("digest-search-ready");
    if (input.value) run();
  }

  // For measuring: how long loading the index takes (performance.measure between the two marks).
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

  function wordStart(text, term) {
    var i = text.indexOf(term);
    while (i > 0 && /[a-z0-9]/.test(text.charAt(i - 1))) i = text.indexOf(term, i + 1);
    return i >= 0;
  }

  function score(doc, terms) {
    var total = doc.kind === "topic" ? 3 : 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      if (doc.all.indexOf(term) < 0) return 0;
      if (doc.t.indexOf(term) >= 0) total += wordStart(doc.t, term) ? 10 : 6;
      else if (doc.a.indexOf(term) >= 0) total += wordStart(doc.a, term) ? 8 : 4;
      else if (doc.k.indexOf(term) >= 0) total += 4;
      else total += 1;
    }
    return total;
  }

  function search(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], terms);
      if (s) hits.push({ doc: docs[i], score: s, order: i });
    }
    hits.sort(function (x, y) { return y.score - x.score || x.order - y.order; });
    return hits;
  }

  function show(message) {
    meta.textContent = message;
    panel.hidden = false;
  }

  function item(doc) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "digest-search__result";
    link.href = base + "/" + doc.url;
    link.setAttribute("data-search-result", doc.url);
    var title = document.createElement("span");
    title.className = "digest-search__title";
    title.textContent = (doc.kind === "topic" ? "Topic: " : "") + doc.title;
    if (doc.status) {  // retracted, corrected ... (bib/status.yml)
      var status = document.createElement("strong");
      status.className = "digest-search__status";
      status.textContent = doc.status + ":";
      title.insertBefore(status, title.firstChild);
    }
    var detail = document.createElement("span");
    detail.className = "digest-search__detail";
    detail.textContent = doc.kind === "topic" ? doc.teaser
      : [doc.authors, doc.venue, doc.year].filter(Boolean).join(" · ");
    link.appendChild(title);
    link.appendChild(detail);
    li.appendChild(link);
    return li;
  }

  function run() {
    var query = input.value.trim();
    active = -1;
    list.textContent = "";
    if (!query) { panel.hidden = true; return; }
    if (!docs) { show("Loading the index…"); return; }
    var hits = search(query);
    var fragment = document.createDocumentFragment();
    hits.slice(0, MAX).forEach(function (hit) { fragment.appendChild(item(hit.doc)); });
    list.appendChild(fragment);
    show(hits.length === 0 ? "No matching entries" :
      hits.length === 1 ? "1 match" :
      hits.length > MAX ? hits.length + " matches, the first " + MAX + " shown" : hits.length + " matches");
  }

  function links() { return list.querySelectorAll("a"); }

  function move(step) {
    var all = links();
    if (!all.length) return;
    if (active >= 0) all[active].classList.remove("digest-search__result--active");
    active = (active + step + all.length) % all.length;
    all[active].classList.add("digest-search__result--active");
    all[active].scrollIntoView({ block: "nearest" });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  // Capture phase: the box takes "/" and "s" before the theme's own keyboard handling.
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "/" || event.key === "s") {
      event.preventDefault();
      event.stopPropagation();
      input.focus();
      load();
    }
  }, true);

  input.addEventListener("focus", load);
  root.addEventListener("pointerenter", load);  // a hand on its way to the box: start reading the index
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      var all = links();
      if (all.length) { event.preventDefault(); all[Math.max(active, 0)].click(); }
    } else if (event.key === "Escape") {
      input.value = "";
      run();
      input.blur();
    }
    event.stopPropagation();
  });
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) panel.hidden = true;
  });
  input.addEventListener("focus", function () { if (input.value.trim()) panel.hidden = false; });
})();
