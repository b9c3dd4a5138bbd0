/* Copy buttons for the references on entry pages.
 *
 * Each button (class "digest-copy") names a style and an entry key; the text copied is the text
 * content of the element that carries the same data-citation-style and data-citation-key.
 * Plain script, no network: works from file:// too. The Clipboard API is tried first; where it is
 * missing or refused (older browsers, some file:// contexts), a hidden textarea and
 * document.execCommand("copy") do the same.
 */
(function () {
  "use strict";

  function findReference(style, key) {
    var nodes = document.querySelectorAll("[data-citation-style]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.getAttribute("data-citation-style") === style && node.getAttribute("data-citation-key") === key) {
        return node;
      }
    }
    return null;
  }

  function copyWithTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    var selection = document.getSelection();
    var kept = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    area.select();
    area.setSelectionRange(0, text.length);
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    document.body.removeChild(area);
    if (kept && selection) {
      selection.removeAllRanges();
      selection.addRange(kept);
    }
    return done;
  }

  function copyText(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithTextarea(text); }
      );
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  /* One polite live region per page with copy buttons, there from the start (a region added at the
   * moment it speaks is often not heard): screen readers announce "APA 7 reference copied to the
   * clipboard" (a button's own text changing is not announced). */
  var live = null;

  function liveRegion() {
    if (!live) {
      live = document.createElement("p");
      live.className = "digest-sr-only digest-status-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    return live;
  }

  function announce(text) {
    liveRegion().textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function showResult(button, done) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    var what = label.replace(/^Copy /, "");
    announce(done ? what + " copied to the clipboard" : what + " selected: press Ctrl+C (or Command+C) to copy");
    button.textContent = done ? "Copied" : "Press Ctrl+C to copy";
    button.classList.toggle("digest-copied", done);
    window.clearTimeout(button._digestTimer);
    button._digestTimer = window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("digest-copied");
    }, 2000);
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* An entry's own .bib and .ris, and a topic's reading list, made here from the records scripts
   * (assets/records/<n>.js, data-shard entries each, added to window.digestRecords) instead of a file
   * per entry or topic, or a copy in every page, repeating records the site holds once. Script elements load them from file:// too; the list is handed to
   * the reader as a Blob download. Without script the link gives the whole library's file. */
  var FORMATS = {bib: {type: "application/x-bibtex", join: "\n\n", end: "\n", field: 0},
                 ris: {type: "application/x-research-info-systems", join: "\n", end: "", field: 1}};

  /* A records script sets window.digestRecords[shard] to its records as JSON, deflated (zlib) and
   * base64-encoded; inflated here with the browser's own DecompressionStream, once a page. */
  function inflate(packed) {
    var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text().then(JSON.parse);
  }

  function loadRecords(base, shard) {
    window.digestRecords = window.digestRecords || {};
    var found = window.digestRecords[shard];
    if (Array.isArray(found)) {
      return Promise.resolve();
    }
    var loaded = typeof found === "string" ? Promise.resolve() : new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = base + shard + ".js";
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + script.src)); };
      document.head.appendChild(script);
    });
    return loaded.then(function () {
      var packed = window.digestRecords[shard];
      return Array.isArray(packed) ? packed : inflate(packed);
    }).then(function (records) {
      window.digestRecords[shard] = records;
    });
  }

  function readingList(link) {
    var format = FORMATS[link.getAttribute("data-format")];
    var positions = [];
    link.getAttribute("data-entries").split(" ").filter(Boolean).forEach(function (token) {
      var range = token.split("-").map(Number);  // "0-19999": a run of positions (the whole library)
      for (var p = range[0]; p <= range[range.length - 1]; p++) {
        positions.push(p);
      }
    });
    var size = Number(link.getAttribute("data-shard"));
    var shards = positions.map(function (p) { return Math.floor(p / size); })
      .filter(function (s, i, all) { return all.indexOf(s) === i; });
    var base = link.getAttribute("data-records");
    return Promise.all(shards.map(function (s) { return loadRecords(base, s); })).then(function () {
      var records = positions.map(function (p) {
        return window.digestRecords[Math.floor(p / size)][p % size][format.field];
      });
      return new Blob([records.join(format.join) + format.end], {type: format.type + ";charset=utf-8"});
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a.digest-download[data-entries]") : null;
    if (!link || !FORMATS[link.getAttribute("data-format")]) {
      return;
    }
    event.preventDefault();
    readingList(link).then(function (blob) {
      var save = document.createElement("a");
      save.href = URL.createObjectURL(blob);
      save.download = link.getAttribute("download") || "reading-list";
      document.body.appendChild(save);
      save.click();
      document.body.removeChild(save);
      window.setTimeout(function () { URL.revokeObjectURL(save.href); }, 10000);
    }, function () {
      window.location.href = link.href;  // the records could not be loaded: the whole library instead
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest(".digest-copy") : null;
    if (!button) {
      return;
    }
    var node = findReference(button.getAttribute("data-copy-style"), button.getAttribute("data-copy-key"));
    if (!node) {
      return;
    }
    event.preventDefault();
    copyText(node.textContent).then(function (done) {
      if (!done) {
        selectText(node);
      }
      showResult(button, done);
    });
  });
  /* The page's own address, for sharing and citing it: the canonical URL MkDocs writes when the site
   * has a site_url, else the address it was opened at (over http(s) only: a file:// path means
   * nothing to anyone else). */
  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && canonical.href) {
      return canonical.href;
    }
    return /^https?:$/.test(location.protocol) ? location.href.split("#")[0] : "";
  }

  /* A network's share link for a page of `title` at `url`, as hooks/digest/share.py makes it. */
  function shareHref(name, title, url) {
    var q = encodeURIComponent;
    var text = (title + " " + url).trim();
    return {
      email: "mailto:?subject=" + q(title) + "&body=" + q((title + "\n\n" + url).trim()),
      bluesky: "https://bsky.app/intent/compose?text=" + q(text),
      linkedin: "https://www.linkedin.com/sharing/share-offsite/?url=" + q(url),
      x: "https://x.com/intent/post?text=" + q(title) + "&url=" + q(url),
      mastodon: "share?text=" + q(text)
    }[name];
  }

  /* Share links and "Cite this digest" without a site_url: put the address in where the build could
   * not (the share links are made again with it; data-digest-url is empty). */
  function fillAddress() {
    var url = pageUrl();
    var today = new Date().toISOString().slice(0, 10);
    var dated = document.querySelectorAll("[data-digest-urldate]");
    for (var i = 0; i < dated.length; i++) {
      dated[i].textContent = today;  // urldate: the day the reader looked at the page
    }
    if (!url) {
      return;
    }
    var blocks = document.querySelectorAll('.digest-share[data-share-url=""]');
    for (var j = 0; j < blocks.length; j++) {
      var links = blocks[j].querySelectorAll("a[data-share]");
      for (var n = 0; n < links.length; n++) {
        links[n].href = shareHref(links[n].getAttribute("data-share"), blocks[j].getAttribute("data-share-title"), url);
      }
    }
    var empty = document.querySelectorAll("span[data-digest-url]");
    for (var k = 0; k < empty.length; k++) {
      empty[k].textContent = url;
    }
  }

  /* Mastodon has no central server: ask for the reader's own (remembered for next time), then open
   * its share page. The Web Share API button shows only where the browser has it. */
  var MASTODON_KEY = "digest.mastodon";

  function mastodonHost(text) {
    var host = String(text || "").trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "");
    host = host.slice(host.lastIndexOf("@") + 1);  // "@me@example.social" -> "example.social"
    return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$/i.test(host) ? host.toLowerCase() : "";
  }

  function remembered() {
    try {
      return window.localStorage.getItem(MASTODON_KEY) || "";
    } catch (error) {
      return "";
    }
  }

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    made.textContent = text || "";
    return made;
  }

  /* The buttons only the script can work: Mastodon (with its fields, hidden until asked for) and,
   * where the browser has the Web Share API, its own share. */
  function setUpSharing() {
    var blocks = document.querySelectorAll(".digest-share");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var title = block.getAttribute("data-share-title");
      block.appendChild(element("button", {"class": "digest-share-link digest-share-mastodon", type: "button", "data-share": "mastodon",
                                           "data-share-path": shareHref("mastodon", title, pageUrl()), "aria-expanded": "false"}, "Mastodon"));
      if (typeof navigator.share === "function") {
        block.appendChild(element("button", {"class": "digest-share-link digest-share-native", type: "button", "data-share": "native"},
                                  "Share…"));
      }
      var group = element("div", {"class": "digest-share-mastodon-form", role: "group", "aria-label": "Share on Mastodon",
                                  "data-share-mastodon-form": ""});
      var label = element("label", {}, "Your Mastodon server ");
      label.appendChild(element("input", {type: "text", name: "instance", placeholder: "mastodon.social", autocomplete: "url",
                                          autocapitalize: "off", spellcheck: "false"}));
      group.appendChild(label);
      group.appendChild(element("button", {type: "button", "class": "digest-share-link digest-share-mastodon-go"}, "Share on Mastodon"));
      group.appendChild(element("span", {"class": "digest-share-error", role: "alert"}));
      group.hidden = true;
      block.appendChild(group);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest(".digest-share-mastodon, .digest-share-native") : null;
    if (!button) {
      return;
    }
    var block = button.closest(".digest-share");
    if (button.classList.contains("digest-share-native")) {
      navigator.share({title: block.getAttribute("data-share-title"), url: pageUrl() || undefined}).catch(function () {});
      return;
    }
    var form = block.querySelector("[data-share-mastodon-form]");
    var open = form.hidden;
    form.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var input = form.querySelector("input[name=instance]");
      input.value = input.value || remembered();
      input.focus();
    }
  });

  function shareOnMastodon(group) {
    var host = mastodonHost(group.querySelector("input[name=instance]").value);
    var error = group.querySelector(".digest-share-error");
    if (!host) {
      error.textContent = "Give your server's address, such as mastodon.social.";
      return;
    }
    error.textContent = "";
    try {
      window.localStorage.setItem(MASTODON_KEY, host);
    } catch (ignored) {
      // private browsing: not remembered
    }
    var path = group.closest(".digest-share").querySelector(".digest-share-mastodon").getAttribute("data-share-path");
    window.open("https://" + host + "/" + path, "_blank", "noopener");
  }

  document.addEventListener("click", function (event) {
    var go = event.target && event.target.closest ? event.target.closest(".digest-share-mastodon-go") : null;
    if (go) {
      shareOnMastodon(go.closest("[data-share-mastodon-form]"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && input && input.name === "instance" && input.closest && input.closest("[data-share-mastodon-form]")) {
      event.preventDefault();
      shareOnMastodon(input.closest("[data-share-mastodon-form]"));
    }
  });

  /* The topic map on a phone (max-width as Material's layout switch): the map keeps its size in a
   * region that pans sideways (docs/assets/digest.css), started at its middle and focusable when it
   * scrolls. The first tap on a topic picks it: its neighbours stay bright, the rest fade, and the
   * panel under the map lists what it shares, as links big enough to tap (taken from the map's
   * table). A second tap on it opens its page. Small maps (topic pages) keep one tap. */
  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 44.984375em)") : null;

  function setUpMaps() {
    var pans = document.querySelectorAll("[data-map-pan]");
    for (var i = 0; i < pans.length; i++) {
      var pan = pans[i];
      var scrolls = /auto|scroll/.test(window.getComputedStyle(pan).overflowX);
      if (scrolls && pan.scrollWidth > pan.clientWidth + 1 && !pan.hasAttribute("tabindex")) {
        pan.scrollLeft = (pan.scrollWidth - pan.clientWidth) / 2;
        pan.tabIndex = 0;
        pan.setAttribute("role", "region");
        var svg = pan.querySelector("svg");
        pan.setAttribute("aria-label", (svg && svg.getAttribute("aria-label") || "Map") + " (scrolls sideways)");
        var hint = pan.nextElementSibling;
        if (hint && hint.classList.contains("digest-map-pan-hint")) {
          hint.hidden = false;
        }
      }
    }
  }

  function tableRow(figure, slug) {
    var table = figure.parentNode ? figure.parentNode.querySelector(".digest-map-table") : null;
    var rows = table ? table.querySelectorAll("tr[data-topic]") : [];
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-topic") === slug) {
        return rows[i];
      }
    }
    return null;
  }

  function markNear(svg, slug) {
    var marked = svg.querySelectorAll(".digest-map-near, .digest-map-selected");
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove("digest-map-near", "digest-map-selected");
    }
    svg.classList.add("digest-map-picking");
    var near = {};
    near[slug] = true;
    var lines = svg.querySelectorAll("[data-topics]");
    for (var j = 0; j < lines.length; j++) {
      var ends = lines[j].getAttribute("data-topics").split(" ");
      if (ends.indexOf(slug) >= 0) {
        lines[j].classList.add("digest-map-near");
        near[ends[0]] = near[ends[1]] = true;
      }
    }
    var nodes = svg.querySelectorAll("a.digest-map-node");
    for (var k = 0; k < nodes.length; k++) {
      var topic = nodes[k].getAttribute("data-topic");
      if (topic === slug) {
        nodes[k].classList.add("digest-map-selected");
      } else if (near[topic]) {
        nodes[k].classList.add("digest-map-near");
      }
    }
  }

  function showPicked(panel, node, row) {
    while (panel.firstChild) {
      panel.removeChild(panel.firstChild);
    }
    var head = document.createElement("p");
    var open = row.cells[0].querySelector("a").cloneNode(true);
    open.textContent = "Open " + open.textContent;
    head.appendChild(open);
    head.appendChild(document.createTextNode(": " + row.cells[1].textContent + " digest" + (row.cells[1].textContent === "1" ? "" : "s") + "."));
    panel.appendChild(head);
    var shared = row.cells[2].querySelectorAll("a");
    if (shared.length) {
      var intro = document.createElement("p");
      intro.textContent = "Shares digests with:";
      panel.appendChild(intro);
      var list = document.createElement("ul");
      for (var i = 0; i < shared.length; i++) {
        var item = document.createElement("li");
        item.appendChild(shared[i].cloneNode(true));
        list.appendChild(item);
      }
      panel.appendChild(list);
    }
    panel.setAttribute("data-topic", node.getAttribute("data-topic"));
    panel.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var node = event.target && event.target.closest ? event.target.closest("a.digest-map-node") : null;
    if (!node || !NARROW || !NARROW.matches) {
      return;
    }
    var figure = node.closest("figure");
    var panel = figure ? figure.querySelector("[data-map-panel]") : null;
    var slug = node.getAttribute("data-topic");
    var row = panel ? tableRow(figure, slug) : null;
    if (!row || (!panel.hidden && panel.getAttribute("data-topic") === slug)) {
      return;  // a second tap on the picked topic (or a map without a panel) follows the link
    }
    event.preventDefault();
    markNear(node.ownerSVGElement, slug);
    showPicked(panel, node, row);
    if (panel.scrollIntoView) {
      panel.scrollIntoView({block: "nearest"});
    }
  });

  setUpMaps();
  /* Whatever scrolls sideways in a page (a wide table in a digest, a long line of code, the map) can
   * be reached and scrolled with the keyboard: focusable, and named for screen readers. Checked
   * once the page has loaded (the theme wraps tables by then) and again when the window changes. */
  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset pre > code, .digest-scroll";

  function focusableScrollers() {
    var found = document.querySelectorAll(SCROLLERS);
    for (var i = 0; i < found.length; i++) {
      var box = found[i];
      if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth + 1) {
        continue;
      }
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.tagName === "CODE" ? "Code (scrolls sideways)" : "Table (scrolls sideways)");
    }
  }

  var resizing = 0;
  window.addEventListener("load", focusableScrollers);
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { focusableScrollers(); setUpMaps(); }, 200);
  });

  if (document.querySelector(".digest-copy")) {
    liveRegion();
  }
  fillAddress();
  setUpSharing();
})();
