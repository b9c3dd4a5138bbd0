// Run Zotero's "Embedded Metadata" translator on a saved page, headless, and print the item it saves.
// usage: node zotero_embedded_metadata.js <translators checkout> <utilities checkout> <node_modules with jsdom> <pages.json>
// pages.json: [[html file, its URL], ...]; prints [{"page": file, "detected": type, "statements": n, "items": [...]}, ...]
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
const ZU = Object.assign({}, Utilities, UtilitiesItem, {
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

const source = fs.readFileSync(path.join(translators, "Embedded Metadata.js"), "utf8");
const code = source.slice(source.indexOf("\n}\n") + 3).split("/** BEGIN TEST CASES **/")[0];

function run(pagePath, url) {
  const items = [];
  let statements = 0;
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
    loadTranslator: () => ({
      setTranslator: () => {},
      setHandler: () => {},
      getTranslatorObject: (callback) => callback(rdf),
    }),
  });
  // A fresh translator for each page: it keeps state in globals, as in Zotero.
  const translator = new Function("Zotero", "Z", "ZU", "attr", "text", `${code}\nreturn { detectWeb, doWeb };`)(Z, Z, ZU, attr, text);
  const { window } = new JSDOM(fs.readFileSync(pagePath, "utf8"), { url });
  wgxpath.install(window, true);  // jsdom's own XPath cannot take the namespaced paths the translator uses (as translation-server does)
  const doc = window.document;
  let detected = null;
  Z.done = (type) => { detected = type; };
  translator.detectWeb(doc, url);
  translator.doWeb(doc, url);
  return { page: pagePath, detected, statements, items };
}

const pages = JSON.parse(fs.readFileSync(pagesFile, "utf8"));
process.stdout.write(JSON.stringify(pages.map(([file, url]) => run(file, url))));
