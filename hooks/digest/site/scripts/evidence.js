/* Evidence tables: sort by any column, filter by design, species (and on evidence/ by topic, year
 * and participants), download what is shown as CSV or JSON.
 *
 * A topic page's table holds all its rows: they are sorted and hidden in place. The evidence page
 * shows its first rows as served; every study is in the evidence scripts (assets/evidence/<n>.js,
 * data-shard studies each, added to window.digestEvidence), loaded by script elements (file:// too)
 * only when the reader first sorts, filters, asks for more or downloads, so the first screen never
 * waits for 20,000 studies. Every text goes in as textContent. Without script: a plain table.
 */
(function (common) {
  "use strict";

  var PAGE = 100;
  var FORMULA = /^[=+\-@\t\r]/;

  function number(text) {
    return text === "" || text === null || text === undefined ? null : Number(text);
  }

  /* A topic page's rows as records, each keeping its own row. */
  function fromRows(tbody) {
    return Array.prototype.map.call(tbody.rows, function (tr, index) {
      var cells = tr.cells;
      return {tr: tr, index: index, year: number(cells[0].getAttribute("data-value")), title: cells[1].textContent,
              rank: number(cells[2].getAttribute("data-value")), design: tr.getAttribute("data-design"),
              design_name: cells[2].textContent, species: tr.getAttribute("data-species"),
              participants: number(cells[4].getAttribute("data-value")), versus: cells[5].textContent,
              result: cells[6].textContent, topics: ""};
    });
  }

  function loadShard(base, shard) {
    window.digestEvidence = window.digestEvidence || {};
    if (window.digestEvidence[shard]) {
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

  function loadAll(box) {
    var shards = Number(box.getAttribute("data-shards"));
    var base = box.getAttribute("data-base");
    var waits = [];
    for (var s = 0; s < shards; s++) {
      waits.push(loadShard(base, s));
    }
    return Promise.all(waits).then(function () {
      var records = [];
      for (var s = 0; s < shards; s++) {
        records = records.concat(window.digestEvidence[s] || []);
      }
      return records.map(function (record, index) {
        record.index = index;
        record.year = number(record.year);
        return record;
      });
    });
  }

  function makeRow(record) {
    var tr = common.element("tr", {"data-design": record.design, "data-species": record.species});
    var link = common.element("a", {href: record.href}, record.title);
    var texts = [record.year === null ? "" : String(record.year), null, record.design_name, record.species,
                 record.participants === null ? "" : record.participants.toLocaleString("en"), record.versus, record.result];
    texts.forEach(function (text, i) {
      var td = common.element("td", {}, text === null ? "" : text);
      if (i === 1) {
        td.appendChild(link);
      }
      if (i === 4) {
        td.className = "digest-number";
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function matches(record, filters) {
    return filters.every(function (filter) {
      var value = filter.value;
      if (value === "") {
        return true;
      }
      var kind = filter.getAttribute("data-filter");
      if (kind === "topic") {
        return (" " + record.topics + " ").indexOf(" " + value + " ") >= 0;
      }
      if (kind === "design" || kind === "species") {
        return record[kind] === value;
      }
      var field = kind.split("-")[0];
      var bound = Number(value);
      var own = record[field];
      return own !== null && own !== undefined && (kind.slice(-3) === "min" ? own >= bound : own <= bound);
    });
  }

  function compare(key, direction) {
    return function (a, b) {
      var x = a[key], y = b[key];
      var emptyX = x === null || x === undefined || x === "", emptyY = y === null || y === undefined || y === "";
      if (emptyX || emptyY) {
        return emptyX === emptyY ? a.index - b.index : (emptyX ? 1 : -1);  // no value: last either way
      }
      var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return (order || a.index - b.index) * (order ? direction : 1);
    };
  }

  function cell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    text = FORMULA.test(text) ? "'" + text : text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(box, records, format) {
    var columns = box.getAttribute("data-columns").split(" ");
    var body;
    if (format === "csv") {
      body = [columns.join(",")].concat(records.map(function (record) {
        return columns.map(function (name) { return cell(record[name]); }).join(",");
      })).join("\r\n") + "\r\n";
    } else {
      body = JSON.stringify({columns: columns, studies: records.map(function (record) {
        var out = {};
        columns.forEach(function (name) { out[name] = record[name] === undefined ? null : record[name]; });
        return out;
      })}, null, 1) + "\n";
    }
    var blob = new Blob([body], {type: (format === "csv" ? "text/csv" : "application/json") + ";charset=utf-8"});
    var link = common.element("a", {href: URL.createObjectURL(blob), download: "evidence-shown." + format});
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function table(box) {
    var tbody = box.querySelector("tbody");
    var status = box.querySelector(".digest-evidence-status");
    var more = box.querySelector(".digest-evidence-more");
    var filters = Array.prototype.slice.call(box.querySelectorAll("[data-filter]"));
    var sharded = box.hasAttribute("data-shards");
    var records = sharded ? null : fromRows(tbody);
    var sortKey = null, direction = 1, shown = PAGE;

    function ready() {
      if (records) {
        return Promise.resolve(records);
      }
      if (status) {
        status.textContent = "Loading every study\u2026";
      }
      return loadAll(box).then(function (all) { records = all; return all; });
    }

    function visible() {
      var found = records.filter(function (record) { return matches(record, filters); });
      return sortKey ? found.sort(compare(sortKey, direction)) : found;
    }

    function render() {
      var found = visible();
      var limit = sharded ? shown : found.length;
      if (sharded) {
        tbody.textContent = "";
      } else {
        records.forEach(function (record) { record.tr.hidden = true; });
      }
      found.slice(0, limit).forEach(function (record) {
        var tr = sharded ? makeRow(record) : record.tr;
        tr.hidden = false;
        tbody.appendChild(tr);
      });
      if (more) {
        more.hidden = found.length <= limit;
      }
      if (status) {
        status.textContent = "Showing " + Math.min(limit, found.length).toLocaleString("en") + " of " +
          found.length.toLocaleString("en") + " studies" + (found.length < records.length ? " that match" : "") + ".";
      }
    }

    box.querySelectorAll("th[data-key]").forEach(function (th) {
      var button = common.element("button", {type: "button", "class": "digest-sort"}, th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        box.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortKey = th.getAttribute("data-key");
        direction = ascending ? 1 : -1;
        ready().then(render);
      });
    });
    filters.forEach(function (filter) {
      filter.addEventListener(filter.tagName === "SELECT" ? "change" : "input", function () {
        shown = PAGE;
        ready().then(render);
      });
    });
    if (more) {
      more.addEventListener("click", function () {
        shown += PAGE;
        ready().then(render);
      });
    }
    box.querySelectorAll("[data-download]").forEach(function (button) {
      button.addEventListener("click", function () {
        ready().then(function () { download(box, visible(), button.getAttribute("data-download")); });
      });
    });
    var controls = box.querySelector(".digest-evidence-controls");
    if (controls) {
      controls.hidden = false;
    }
  }

  document.querySelectorAll("[data-evidence]").forEach(table);
})(window.digestCommon);
