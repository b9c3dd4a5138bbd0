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

  /* One polite live region per page: screen readers announce "APA 7 reference copied" (a button's
   * own text changing is not announced). */
  var live = null;

  function announce(text) {
    if (!live) {
      live = document.createElement("p");
      live.className = "digest-sr-only digest-status-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
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

  /* A topic's reading list (.bib, .ris), made here from the records scripts (assets/records/<n>.js,
   * data-shard entries each, added to window.digestRecords) instead of a file per topic that repeats
   * every entry once per topic. Script elements load them from file:// too; the list is handed to
   * the reader as a Blob download. Without script the link gives the whole library's file. */
  var FORMATS = {bib: {type: "application/x-bibtex", join: "\n\n", end: "\n", field: 0},
                 ris: {type: "application/x-research-info-systems", join: "\n", end: "", field: 1}};

  function loadRecords(base, shard) {
    window.digestRecords = window.digestRecords || {};
    if (window.digestRecords[shard]) {
      return Promise.resolve();
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = base + shard + ".js";
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + script.src)); };
      document.head.appendChild(script);
    });
  }

  function readingList(link) {
    var format = FORMATS[link.getAttribute("data-format")];
    var positions = link.getAttribute("data-entries").split(" ").filter(Boolean).map(Number);
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
})();
