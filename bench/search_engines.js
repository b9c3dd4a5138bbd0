/*
 * How the JavaScript search libraries fare on bench/'s synthetic corpus: the measurement behind
 * choosing a prebuilt, sharded index (hooks/digest/search.py). Not part of any build or test.
 *
 *   npm install --prefix .cache/search-engines --no-save minisearch@7.2.0 flexsearch@0.7.43
 *   .venv/bin/python bench/search_engines.py 20000 > .cache/search-engines/docs.json
 *   node --max-old-space-size=4000 bench/search_engines.js .cache/search-engines/docs.json
 *
 * Node runs the V8 of Chromium, so the build and load times are the browser's, give or take.
 * Figures (2026-11-27, 2 CPUs under load): MiniSearch 5,000 entries: built 0.7 s, serialised
 * 5.8 MB, loadJSON 0.1 s, heap 109 MB; 20,000: built 2.9 s, 25 MB, loadJSON 0.9 s, heap 541 MB.
 * FlexSearch 5,000 entries: built 1.0 s, exported 17 MB, heap 100 MB.
 */
"use strict";
const fs = require("fs");
const path = require("path");
// Resolved as packages (their "exports"), from where npm installed them.
const load = require("module").createRequire(path.resolve(__dirname, "..", ".cache", "search-engines", "x.js"));
const MiniSearch = load("minisearch");
const { Document } = load("flexsearch");

const docs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const fields = ["title", "authors", "abstract", "body"];

let t = performance.now();
const mini = new MiniSearch({ fields: fields, storeFields: [] });
mini.addAll(docs);
const built = performance.now() - t;
const json = JSON.stringify(mini);
t = performance.now();
MiniSearch.loadJSON(json, { fields: fields });
const loaded = performance.now() - t;
console.log(`MiniSearch, ${docs.length} entries: built ${built.toFixed(0)} ms, serialised ${(json.length / 1e6).toFixed(1)} MB, ` +
            `loadJSON ${loaded.toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

t = performance.now();
const flex = new Document({ document: { id: "id", index: fields }, tokenize: "forward" });
docs.forEach((d) => flex.add(d));
const flexBuilt = performance.now() - t;
let size = 0;
flex.export((key, value) => { size += (value || "").length; });
setTimeout(() => {
  console.log(`FlexSearch, ${docs.length} entries: built ${flexBuilt.toFixed(0)} ms, exported ${(size / 1e6).toFixed(1)} MB, ` +
              `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
}, 500);
