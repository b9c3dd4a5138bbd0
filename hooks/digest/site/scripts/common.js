/* What the digest's scripts share, on one object: window.digestCommon.
 *
 * The scripts are classic scripts, one feature a file, joined in a fixed order into the one file
 * the pages load, assets/digest.js (hooks/digest/site/scripts/__init__.py): no modules and no
 * bundler, so that the site works from file:// and under a Content-Security-Policy of 'self'.
 * This file comes first; each one after it is a function over this object. Plain script, no
 * network.
 */
window.digestCommon = (function () {
  "use strict";

  /* One polite live region per page that speaks, there from the start (a region added at the
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

  /* The element matching `selector` an event happened in, or null (older browsers: no closest). */
  function closest(event, selector) {
    return event.target && event.target.closest ? event.target.closest(selector) : null;
  }

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    made.textContent = text || "";
    return made;
  }

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

  /* What is laid out again when the window changes size: run once it has stopped changing for 200 ms,
   * in the order given. */
  var resized = [];
  var resizing = 0;

  function onResize(callback) {
    if (!resized.length) {
      window.addEventListener("resize", function () {
        window.clearTimeout(resizing);
        resizing = window.setTimeout(function () { resized.forEach(function (again) { again(); }); }, 200);
      });
    }
    resized.push(callback);
  }

  return {liveRegion: liveRegion, announce: announce, closest: closest, element: element, pageUrl: pageUrl,
          onResize: onResize};
})();
