/* Copy buttons for the references on entry pages.
 *
 * Each button (class "digest-copy") names a style and an entry key; the text copied is the text
 * content of the element that carries the same data-citation-style and data-citation-key.
 * The Clipboard API is tried first; where it is missing or refused (older browsers, some file://
 * contexts), a hidden textarea and document.execCommand("copy") do the same.
 */
(function (common) {
  "use strict";

  function findReference(style, key) {
    var nodes = document.querySelectorAll("[data-citation-style]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.getAttribute("data-citation-style") === style && node.getAttribute("data-citation-key") === key) {
        return node;
      }
    }
    return null;
  }

  function copyWithTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    var selection = document.getSelection();
    var kept = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    area.select();
    area.setSelectionRange(0, text.length);
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    document.body.removeChild(area);
    if (kept && selection) {
      selection.removeAllRanges();
      selection.addRange(kept);
    }
    return done;
  }

  function copyText(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithTextarea(text); }
      );
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  function showResult(button, done) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    var what = label.replace(/^Copy /, "");
    common.announce(done ? what + " copied to the clipboard" : what + " selected: press Ctrl+C (or Command+C) to copy");
    button.textContent = done ? "Copied" : "Press Ctrl+C to copy";
    button.classList.toggle("digest-copied", done);
    window.clearTimeout(button._digestTimer);
    button._digestTimer = window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("digest-copied");
    }, 2000);
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.addEventListener("click", function (event) {
    var button = common.closest(event, ".digest-copy");
    if (!button) {
      return;
    }
    var node = findReference(button.getAttribute("data-copy-style"), button.getAttribute("data-copy-key"));
    if (!node) {
      return;
    }
    event.preventDefault();
    copyText(node.textContent).then(function (done) {
      if (!done) {
        selectText(node);
      }
      showResult(button, done);
    });
  });

  if (document.querySelector(".digest-copy")) {
    common.liveRegion();  // there before the first copy, to be heard
  }
})(window.digestCommon);
