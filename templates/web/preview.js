// preview.js: in vigil pack preview, asks the server once a second
// whether a file of the pack has changed, and reloads the page when one
// has, so that an author sees what they saved without touching the
// browser.  The page works without it (reload by hand).  The server
// counts the changes it has seen; the page says the count it was made
// at (data-gen on this script's tag).  Served by vigil as /preview.js.
"use strict";

(function () {
  var me = document.currentScript;
  var gen = me && me.getAttribute("data-gen");

  if (!gen || !window.fetch) {
    return;
  }
  function poll() {
    fetch("/preview/changed", { cache: "no-store",
                                credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : gen; })
      .then(function (t) {
        if (t.trim() !== gen) {
          // A GET of the same address: never a form sent again.
          window.location.replace(window.location.href);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 1000);
})();
