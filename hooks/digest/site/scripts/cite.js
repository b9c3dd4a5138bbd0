/* "Cite this digest": the day the reader looked at the page (urldate), and, without a site_url, the
 * page's address where the build could not put it (data-digest-url is empty).
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
    if (!url) {
      return;
    }
    var empty = document.querySelectorAll("span[data-digest-url]");
    for (var k = 0; k < empty.length; k++) {
      empty[k].textContent = url;
    }
  }

  fillCitation();
})(window.digestCommon);
