/* "Cite this digest": the day the reader looked at the page (urldate), and, without a site_url, the
 * page's address where the build could not put it: each hidden line (data-digest-url-line: the address
 * with what leads to it, "url = {...}," in BibTeX) is filled and shown where the page has an http(s)
 * address, and removed where it has none (file://), so that no empty field is shown or copied.
 */
(function (common) {
  "use strict";

  function fillCitation() {
    var today = new Date().toISOString().slice(0, 10);
    var dated = document.querySelectorAll("[data-digest-urldate]");
    for (var i = 0; i < dated.length; i++) {
      dated[i].textContent = today;
    }
    var url = common.pageUrl();
    var lines = document.querySelectorAll("[data-digest-url-line]");
    for (var k = 0; k < lines.length; k++) {
      var line = lines[k];
      var address = line.querySelector("[data-digest-url]");
      if (url && address) {
        address.textContent = url;
        line.hidden = false;
      } else {
        line.parentNode.removeChild(line);
      }
    }
  }

  fillCitation();
})(window.digestCommon);
