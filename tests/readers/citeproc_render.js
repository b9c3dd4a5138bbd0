// Render a CSL-JSON file with citeproc-js (Zotero's CSL processor): every item's bibliography entry.
// usage: node citeproc_render.js <citeproc_commonjs.js> <style.csl> <locales folder> <items.json>
// Prints {"entries": [[id, text], ...], "errors": [...]} on stdout; exits 1 when an item cannot be rendered.
"use strict";
const fs = require("fs");
const path = require("path");
const [citeprocPath, stylePath, localesDir, itemsPath] = process.argv.slice(2);
const CSL = require(path.resolve(citeprocPath));
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale: (lang) => {
    const file = path.join(localesDir, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem: (id) => byId.get(String(id)),
};
const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US");
engine.opt.development_extensions.wrap_url_and_doi = false;
const entries = [];
const errors = [];
for (const item of items) {  // one at a time, so that an item that breaks the processor is named
  try {
    engine.updateItems([String(item.id)]);
    const [meta, bib] = engine.makeBibliography();
    errors.push(...meta.bibliography_errors.map((e) => `${item.id}: ${JSON.stringify(e)}`));
    entries.push([String(item.id), bib.join("").replace(/<[^>]+>/g, "").trim()]);
  } catch (error) {
    errors.push(`${item.id}: ${error}`);
  }
}
process.stdout.write(JSON.stringify({ entries, errors }));
process.exitCode = errors.length ? 1 : 0;  // not process.exit(), which cuts a piped stdout short
