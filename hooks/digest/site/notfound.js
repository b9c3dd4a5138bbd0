/* The 404 page when the site has no site_url (hooks/digest/notfound.py): a host serves it at any
 * missing address, at any depth, under a sub-path the build cannot know (GitHub Pages: /<repo>/).
 * Its styles are in the page; this script finds the site's root from the address (the path up to
 * the first of the site's top-level names, else a project's first segment), then points the
 * page's links at it and loads the site's scripts from it. Written into the page as an inline
 * script, allowed by its hash like the theme's own (hooks/digest/csp.py). */
(function () {
  "use strict";
  var NAMES = __NAMES__;
  var SCRIPTS = __SCRIPTS__;
  var parts = location.pathname.split("/").filter(Boolean);
  var depth = -1;
  for (var i = 0; i < parts.length && depth < 0; i++) {
    if (NAMES.indexOf(parts[i]) >= 0) {
      depth = i;
    }
  }
  if (depth < 0) {
    depth = parts.length > 1 ? 1 : 0;
  }
  var root = "/" + parts.slice(0, depth).map(function (p) { return p + "/"; }).join("");
  window.__digest_root = root;

  function rooted(value) {
    return value.charAt(0) === "/" && value.charAt(1) !== "/" ? root + value.slice(1) : value;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var linked = document.querySelectorAll("a[href], link[href], [data-base], [data-index]");
    for (var i = 0; i < linked.length; i++) {
      ["href", "data-base", "data-index"].forEach(function (name) {
        var value = linked[i].getAttribute(name);
        if (value) {
          value = rooted(value);
          // The search's base is joined with "/" + a page's URL: no slash of its own at the end.
          linked[i].setAttribute(name, name === "data-base" ? value.replace(/\/$/, "") : value);
        }
      });
    }
    var config = document.getElementById("__config");
    if (config) {
      var data = JSON.parse(config.textContent);
      data.base = rooted(data.base || "/");
      if (data.search) {
        data.search = rooted(data.search);
      }
      config.textContent = JSON.stringify(data);
    }
    SCRIPTS.forEach(function (src) {
      var script = document.createElement("script");
      script.src = rooted(src);
      script.async = false;
      document.body.appendChild(script);
    });
  });
})();
