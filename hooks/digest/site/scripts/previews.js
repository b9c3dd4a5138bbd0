/* Previews: an in-text citation, a related-digest link or a "cites / cited by" link shows a card on
 * hover, keyboard focus and first tap, made from what the page already holds: a citation's entry in
 * the page's reference list (matched by the link it shares with it), a list item's title, short
 * citation and teaser. No request, no HTML parsed (text only), so it works from file:// and under the
 * CSP. Escape closes it; on a phone the card sits at the edge of the screen away from the link, so it
 * never covers what is being read; a second tap follows the link.
 */
(function (common) {
  "use strict";

  var LISTS = ".digest-related li > a:first-of-type, .digest-cites li > a:first-of-type, .digest-cited-by li > a:first-of-type";
  var TARGETS = "a.digest-citation, " + LISTS;
  var card = null;
  var shownFor = null;
  var armed = null;

  /* The card's lines for `link`: [title, byline, teaser or reference], "" where there is none. */
  function lines(link) {
    if (link.classList.contains("digest-citation")) {
      var refs = document.querySelectorAll(".digest-references a.digest-ref-page");
      for (var i = 0; i < refs.length; i++) {
        if (refs[i].getAttribute("href") === link.getAttribute("href")) {
          var item = refs[i].parentNode.cloneNode(true);
          item.removeChild(item.querySelector("a.digest-ref-page"));
          return ["", "", item.textContent.trim()];
        }
      }
      return null;
    }
    var li = link.parentNode;
    var cite = li.querySelector(".digest-cite");
    var teaser = li.querySelector(".digest-teaser");
    return [link.textContent.trim(), cite ? cite.textContent.trim().replace(/^\(|\)$/g, "") : "",
      teaser ? teaser.textContent.trim() : ""];
  }

  function theCard() {
    if (!card) {
      card = common.element("div", {"class": "digest-preview", role: "tooltip", id: "digest-preview", hidden: ""});
      document.body.appendChild(card);
    }
    return card;
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var phone = window.matchMedia && window.matchMedia("(max-width: 600px)").matches;
    card.style.left = card.style.top = card.style.bottom = "";
    card.classList.toggle("digest-preview-edge", !!phone);
    if (phone) {  /* pinned to the half of the screen the link is not in */
      if (box.top + box.height / 2 < window.innerHeight / 2) {
        card.style.bottom = "0";
      } else {
        card.style.top = "0";
      }
      return;
    }
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 8));
    card.style.left = left + "px";
    card.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function show(link) {
    var found = lines(link);
    if (!found || !(found[0] || found[2])) {
      return false;
    }
    var shown = theCard();
    shown.textContent = "";
    [["digest-preview-title", found[0]], ["digest-preview-byline", found[1]], ["digest-preview-text", found[2]]]
      .forEach(function (part) {
        if (part[1]) {
          shown.appendChild(common.element("p", {"class": part[0]}, part[1]));
        }
      });
    shown.hidden = false;
    place(link);
    if (shownFor && shownFor !== link) {
      shownFor.removeAttribute("aria-describedby");
    }
    link.setAttribute("aria-describedby", "digest-preview");
    shownFor = link;
    return true;
  }

  function hide() {
    if (card) {
      card.hidden = true;
    }
    if (shownFor) {
      shownFor.removeAttribute("aria-describedby");
    }
    shownFor = armed = null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = common.closest(event, TARGETS);
    if (link && link !== shownFor) {
      show(link);
    } else if (!link && shownFor && !common.closest(event, ".digest-preview")) {
      hide();
    }
  });
  document.addEventListener("focusin", function (event) {
    var link = common.closest(event, TARGETS);
    if (link) {
      show(link);
    } else {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && card && !card.hidden) {
      hide();
    }
  });
  /* First tap shows the card, a second tap on the same link follows it. */
  document.addEventListener("pointerdown", function (event) {
    if (event.pointerType === "mouse") {
      return;
    }
    var link = common.closest(event, TARGETS);
    if (!link) {
      hide();
      return;
    }
    if (armed !== link && show(link)) {
      armed = link;
      link.dataset.previewTap = "1";
    }
  });
  document.addEventListener("click", function (event) {
    var link = common.closest(event, TARGETS);
    if (link && link.dataset.previewTap === "1") {
      delete link.dataset.previewTap;
      event.preventDefault();
    }
  });
})(window.digestCommon);
