// Run Zotero's "COinS" and "Embedded Metadata" translators on a saved page, headless, and print what
// Zotero saves: the items of the first of them, by priority, that recognises the page (COinS 310,
// Embedded Metadata 320: lower first, as Zotero orders the translators of a page).
// usage: node zotero_embedded_metadata.js <translators checkout> <utilities checkout> <node_modules with jsdom> <pages.json>
// pages.json: [[html file, its URL], ...]; prints [{"page": file, "translator": "COinS" | "Embedded Metadata",
//   "detected": type, "statements": n, "items": [...], "embedded": {"detected": type, "items": [...]}}, ...]
//
// The translator is run as Zotero runs it (detectWeb, then doWeb), with Zotero's own utilities
// (zotero/utilities: cleanAuthor, strToISO, xpath, ...), jsdom for the page and wicked-good-xpath for
// its XPath, as Zotero's translation-server runs translators under node. What is shimmed:
// Zotero.Item (collects the fields), Zotero.loadTranslator("import") for the RDF translator (Dublin
// Core / OpenGraph tags), which is only faithful when the page has none of those: the harness counts
// the RDF statements the translator hands it and fails if there are any.
"use strict";
const fs = require("fs");
const path = require("path");
const [translators, utilities, modules, pagesFile] = process.argv.slice(2);
const { JSDOM } = require(path.join(path.resolve(modules), "jsdom"));
const wgxpath = require(path.join(path.resolve(modules), "wicked-good-xpath"));

const debug = [];
global.Zotero = { Translate: {}, isFx: false, isIE: false, isNode: true, debug: (m) => debug.push(String(m)) };
const Utilities = require(path.join(path.resolve(utilities), "utilities.js"));
const UtilitiesItem = require(path.join(path.resolve(utilities), "utilities_item.js"));
const UtilitiesDate = require(path.join(path.resolve(utilities), "date.js"));
// Zotero's item types, from its schema (zotero/zotero-schema, the utilities' resource/schema/global submodule).
const schema = path.join(path.resolve(utilities), "resource", "schema", "global", "schema.json");
const itemTypes = new Set(JSON.parse(fs.readFileSync(schema, "utf8")).itemTypes.map((t) => t.itemType));
const OpenURL = require(path.join(path.resolve(utilities), "openurl.js"));
const ZU = Object.assign({}, Utilities, UtilitiesItem, {
  parseContextObject: OpenURL.parseContextObject,
  Item: Object.assign({}, UtilitiesItem, { itemTypeExists: (type) => itemTypes.has(type) }),
  strToISO: (s) => UtilitiesDate.strToISO(s),
  formatDate: (d) => UtilitiesDate.formatDate(d),
  fieldIsValidForType: () => true,
});

// The helpers Zotero's translator sandbox gives every translator (as in Zotero's translate.js).
function pick(node, selector, index) {
  return index === undefined ? node.querySelector(selector) : node.querySelectorAll(selector).item(index);
}
const attr = (node, selector, name, index) => { const found = pick(node, selector, index); return found ? found.getAttribute(name) || "" : ""; };
const text = (node, selector, index) => { const found = pick(node, selector, index); return found ? found.textContent : ""; };

function translatorCode(name) {
  const source = fs.readFileSync(path.join(translators, `${name}.js`), "utf8");
  const header = JSON.parse(source.slice(0, source.indexOf("\n}\n") + 2));
  return { priority: header.priority, code: source.slice(source.indexOf("\n}\n") + 3).split("/** BEGIN TEST CASES **/")[0] };
}
const embedded = translatorCode("Embedded Metadata");
const coins = translatorCode("COinS");

function run(doc, url, translator) {
  const items = [];
  let statements = 0;
  let lookups = 0;
  class Item {
    constructor(itemType) {
      this.itemType = itemType;
      this.creators = [];
      this.attachments = [];
      this.notes = [];
      this.tags = [];
      this.seeAlso = [];
    }
    complete() {
      const { attachments, notes, seeAlso, ...fields } = this;
      items.push({ ...fields, attachments: attachments.map((a) => ({ title: a.title, url: a.url, mimeType: a.mimeType })) });
    }
  }
  const rdf = {
    Zotero: { RDF: { addStatement: () => { statements += 1; } } },
    getNodes: () => [],
    detectType: () => false,
    doImport: () => {},
  };
  const Z = Object.assign(global.Zotero, {
    Item,
    Utilities: ZU,
    done: () => {},
    loadTranslator: (kind) => (kind === "search" ? search() : {
      setTranslator: () => {},
      setHandler: () => {},
      getTranslatorObject: (callback) => callback(rdf),
    }),
    wait: () => {},
    selectItems: () => { throw new Error("more than one COinS span on the page"); },
  });
  // COinS looks an item without creators up with Zotero's search translators (DOI, ISBN, PubMed: on the
  // network); offline none answers, and COinS saves what its span holds, as Zotero does when none finds it.
  function search() {
    const handlers = {};
    lookups += 1;
    return {
      setHandler: (name, handler) => { handlers[name] = handler; },
      setSearch: () => {},
      getTranslators: () => handlers.translators(null, []),
    };
  }
  // A fresh translator for each page: it keeps state in globals, as in Zotero.
  const { detectWeb, doWeb } = new Function("Zotero", "Z", "ZU", "attr", "text",
    `${translator.code}\nreturn { detectWeb, doWeb };`)(Z, Z, ZU, attr, text);
  let detected = null;
  Z.done = (type) => { detected = type; };
  const found = detectWeb(doc, url);  // COinS returns its type; Embedded Metadata calls Zotero.done with it
  if (found !== undefined) detected = found;
  if (detected) doWeb(doc, url);
  return { detected, statements, lookups, items };
}

// The page as Zotero's connector saves it: the first translator by priority that recognises it.
// Neither translator changes the page: both read one DOM, closed after (thousands of pages in one run).
function save(file, url) {
  const { window } = new JSDOM(fs.readFileSync(file, "utf8"), { url });
  wgxpath.install(window, true);  // jsdom's own XPath cannot take the namespaced paths the translator uses (as translation-server does)
  const byCoins = run(window.document, url, coins);
  const byEmbedded = run(window.document, url, embedded);
  window.close();
  const first = byCoins.detected && coins.priority < embedded.priority ? byCoins : byEmbedded;
  return { page: file, ...first, translator: first === byCoins ? "COinS" : "Embedded Metadata",
           embedded: { detected: byEmbedded.detected, items: byEmbedded.items } };
}

const pages = JSON.parse(fs.readFileSync(pagesFile, "utf8"));
process.stdout.write(JSON.stringify(pages.map(([file, url]) => save(file, url))));
