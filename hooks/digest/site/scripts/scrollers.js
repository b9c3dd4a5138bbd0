/* Whatever scrolls sideways in a page (a wide table in a digest, a long line of code) can be reached
 * and scrolled with the keyboard: focusable, and named for screen readers. Checked once the page
 * has loaded (the theme wraps tables by then) and again when the window changes.
 */
(function (common) {
  "use strict";

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

  window.addEventListener("load", focusableScrollers);
  common.onResize(focusableScrollers);
})(window.digestCommon);
