/* The topic map (an svg, and a table of the same topics under it) on a phone (max-width as
 * Material's layout switch): the map keeps its size in a region that pans sideways
 * (docs/assets/digest.css), started at its middle and focusable when it scrolls. The first tap on a
 * topic picks it: its neighbours stay bright, the rest fade, and the panel under the map lists what
 * it shares, as links big enough to tap (taken from the map's table). A second tap on it opens its
 * page. Small maps (topic pages) keep one tap.
 */
(function (common) {
  "use strict";

  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 44.984375em)") : null;

  function setUpMaps() {
    var pans = document.querySelectorAll("[data-map-pan]");
    for (var i = 0; i < pans.length; i++) {
      var pan = pans[i];
      var scrolls = /auto|scroll/.test(window.getComputedStyle(pan).overflowX);
      if (scrolls && pan.scrollWidth > pan.clientWidth + 1 && !pan.hasAttribute("tabindex")) {
        pan.scrollLeft = (pan.scrollWidth - pan.clientWidth) / 2;
        pan.tabIndex = 0;
        pan.setAttribute("role", "region");
        var svg = pan.querySelector("svg");
        pan.setAttribute("aria-label", (svg && svg.getAttribute("aria-label") || "Map") + " (scrolls sideways)");
        var hint = pan.nextElementSibling;
        if (hint && hint.classList.contains("digest-map-pan-hint")) {
          hint.hidden = false;
        }
      }
    }
  }

  function tableRow(figure, slug) {
    var table = figure.parentNode ? figure.parentNode.querySelector(".digest-map-table") : null;
    var rows = table ? table.querySelectorAll("tr[data-topic]") : [];
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-topic") === slug) {
        return rows[i];
      }
    }
    return null;
  }

  function markNear(svg, slug) {
    var marked = svg.querySelectorAll(".digest-map-near, .digest-map-selected");
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove("digest-map-near", "digest-map-selected");
    }
    svg.classList.add("digest-map-picking");
    var near = {};
    near[slug] = true;
    var lines = svg.querySelectorAll("[data-topics]");
    for (var j = 0; j < lines.length; j++) {
      var ends = lines[j].getAttribute("data-topics").split(" ");
      if (ends.indexOf(slug) >= 0) {
        lines[j].classList.add("digest-map-near");
        near[ends[0]] = near[ends[1]] = true;
      }
    }
    var nodes = svg.querySelectorAll("a.digest-map-node");
    for (var k = 0; k < nodes.length; k++) {
      var topic = nodes[k].getAttribute("data-topic");
      if (topic === slug) {
        nodes[k].classList.add("digest-map-selected");
      } else if (near[topic]) {
        nodes[k].classList.add("digest-map-near");
      }
    }
  }

  function showPicked(panel, node, row) {
    while (panel.firstChild) {
      panel.removeChild(panel.firstChild);
    }
    var head = document.createElement("p");
    var open = row.cells[0].querySelector("a").cloneNode(true);
    open.textContent = "Open " + open.textContent;
    head.appendChild(open);
    head.appendChild(document.createTextNode(": " + row.cells[1].textContent + " digest" + (row.cells[1].textContent === "1" ? "" : "s") + "."));
    panel.appendChild(head);
    var shared = row.cells[2].querySelectorAll("a");
    if (shared.length) {
      var intro = document.createElement("p");
      intro.textContent = "Shares digests with:";
      panel.appendChild(intro);
      var list = document.createElement("ul");
      for (var i = 0; i < shared.length; i++) {
        var item = document.createElement("li");
        item.appendChild(shared[i].cloneNode(true));
        list.appendChild(item);
      }
      panel.appendChild(list);
    }
    panel.setAttribute("data-topic", node.getAttribute("data-topic"));
    panel.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var node = common.closest(event, "a.digest-map-node");
    if (!node || !NARROW || !NARROW.matches) {
      return;
    }
    var figure = node.closest("figure");
    var panel = figure ? figure.querySelector("[data-map-panel]") : null;
    var slug = node.getAttribute("data-topic");
    var row = panel ? tableRow(figure, slug) : null;
    if (!row || (!panel.hidden && panel.getAttribute("data-topic") === slug)) {
      return;  // a second tap on the picked topic (or a map without a panel) follows the link
    }
    event.preventDefault();
    markNear(node.ownerSVGElement, slug);
    showPicked(panel, node, row);
    if (panel.scrollIntoView) {
      panel.scrollIntoView({block: "nearest"});
    }
  });

  setUpMaps();  // now, before the scripts after this one add to the page
  common.onResize(setUpMaps);
})(window.digestCommon);
