/* Downloads made in the browser: an entry's own .bib and .ris, and a topic's reading list.
 *
 * Made here from the records scripts (assets/records/<n>.js, data-shard entries each, added to
 * window.digestRecords) instead of a file per entry or topic, or a copy in every page, repeating
 * records the site holds once. Script elements load them from file:// too; the list is handed to
 * the reader as a Blob download. Without script the link gives the whole library's file.
 */
(function (common) {
  "use strict";

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
    var link = common.closest(event, "a.digest-download[data-entries]");
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
})(window.digestCommon);
