/* Sharing links: made again with the page's address where the build could not know it (no
 * site_url), and the buttons only a script can work: Mastodon, which has no central server (the
 * reader's own is asked for, and remembered), and the browser's own Web Share where it has one.
 */
(function (common) {
  "use strict";

  var element = common.element;

  /* A network's share link for a page of `title` at `url`, as hooks/digest/site/share.py makes it. */
  function shareHref(name, title, url) {
    var q = encodeURIComponent;
    var text = (title + " " + url).trim();
    return {
      email: "mailto:?subject=" + q(title) + "&body=" + q((title + "\n\n" + url).trim()),
      bluesky: "https://bsky.app/intent/compose?text=" + q(text),
      linkedin: "https://www.linkedin.com/sharing/share-offsite/?url=" + q(url),
      x: "https://x.com/intent/post?text=" + q(title) + "&url=" + q(url),
      mastodon: "share?text=" + q(text)
    }[name];
  }

  /* Share links without a site_url: made again with the address the page was opened at. */
  function fillShareLinks() {
    var url = common.pageUrl();
    if (!url) {
      return;
    }
    var blocks = document.querySelectorAll('.digest-share[data-share-url=""]');
    for (var j = 0; j < blocks.length; j++) {
      var links = blocks[j].querySelectorAll("a[data-share]");
      for (var n = 0; n < links.length; n++) {
        links[n].href = shareHref(links[n].getAttribute("data-share"), blocks[j].getAttribute("data-share-title"), url);
      }
    }
  }

  var MASTODON_KEY = "digest.mastodon";

  function mastodonHost(text) {
    var host = String(text || "").trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "");
    host = host.slice(host.lastIndexOf("@") + 1);  // "@me@example.social" -> "example.social"
    return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$/i.test(host) ? host.toLowerCase() : "";
  }

  function remembered() {
    try {
      return window.localStorage.getItem(MASTODON_KEY) || "";
    } catch (error) {
      return "";
    }
  }

  /* The buttons only the script can work: Mastodon (with its fields, hidden until asked for) and,
   * where the browser has the Web Share API, its own share. */
  function setUpSharing() {
    var blocks = document.querySelectorAll(".digest-share");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var title = block.getAttribute("data-share-title");
      block.appendChild(element("button", {"class": "digest-share-link digest-share-mastodon", type: "button", "data-share": "mastodon",
                                           "data-share-path": shareHref("mastodon", title, common.pageUrl()), "aria-expanded": "false"},
                                "Mastodon"));
      if (typeof navigator.share === "function") {
        block.appendChild(element("button", {"class": "digest-share-link digest-share-native", type: "button", "data-share": "native"},
                                  "Share…"));
      }
      var group = element("div", {"class": "digest-share-mastodon-form", role: "group", "aria-label": "Share on Mastodon",
                                  "data-share-mastodon-form": ""});
      var label = element("label", {}, "Your Mastodon server ");
      label.appendChild(element("input", {type: "text", name: "instance", placeholder: "mastodon.social", autocomplete: "url",
                                          autocapitalize: "off", spellcheck: "false"}));
      group.appendChild(label);
      group.appendChild(element("button", {type: "button", "class": "digest-share-link digest-share-mastodon-go"}, "Share on Mastodon"));
      group.appendChild(element("span", {"class": "digest-share-error", role: "alert"}));
      group.hidden = true;
      block.appendChild(group);
    }
  }

  document.addEventListener("click", function (event) {
    var button = common.closest(event, ".digest-share-mastodon, .digest-share-native");
    if (!button) {
      return;
    }
    var block = button.closest(".digest-share");
    if (button.classList.contains("digest-share-native")) {
      navigator.share({title: block.getAttribute("data-share-title"), url: common.pageUrl() || undefined}).catch(function () {});
      return;
    }
    var form = block.querySelector("[data-share-mastodon-form]");
    var open = form.hidden;
    form.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var input = form.querySelector("input[name=instance]");
      input.value = input.value || remembered();
      input.focus();
    }
  });

  function shareOnMastodon(group) {
    var host = mastodonHost(group.querySelector("input[name=instance]").value);
    var error = group.querySelector(".digest-share-error");
    if (!host) {
      error.textContent = "Give your server's address, such as mastodon.social.";
      return;
    }
    error.textContent = "";
    try {
      window.localStorage.setItem(MASTODON_KEY, host);
    } catch (ignored) {
      // private browsing: not remembered
    }
    var path = group.closest(".digest-share").querySelector(".digest-share-mastodon").getAttribute("data-share-path");
    window.open("https://" + host + "/" + path, "_blank", "noopener");
  }

  document.addEventListener("click", function (event) {
    var go = common.closest(event, ".digest-share-mastodon-go");
    if (go) {
      shareOnMastodon(go.closest("[data-share-mastodon-form]"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && input && input.name === "instance" && input.closest && input.closest("[data-share-mastodon-form]")) {
      event.preventDefault();
      shareOnMastodon(input.closest("[data-share-mastodon-form]"));
    }
  });

  fillShareLinks();
  setUpSharing();
})(window.digestCommon);
