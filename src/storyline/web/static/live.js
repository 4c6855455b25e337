/* Keeps an open story page current: asks the server every few seconds whether the story
   changed (a new article, a rebuilt dossier) and reloads the page when it did, reopening the
   sections the reader had open. Without this script the page works the same, by hand. */
(function () {
  "use strict";
  var el = document.querySelector("[data-live]");
  if (!el || !window.fetch) { return; }
  var url = el.getAttribute("data-live");
  var seen = el.getAttribute("data-version");
  var seconds = parseInt(el.getAttribute("data-seconds"), 10) || 10;
  var key = "storyline-open:" + location.pathname;
  try {
    var open = JSON.parse(sessionStorage.getItem(key) || "[]");
    sessionStorage.removeItem(key);
    open.forEach(function (id) {
      var d = document.getElementById(id);
      if (d && d.tagName === "DETAILS") { d.open = true; }
    });
  } catch (e) { /* storage refused: nothing to restore */ }
  function check() {
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || typeof data.version !== "string" || data.version === seen) { return; }
        if (data.moved_to) { location.assign(data.moved_to); return; }
        try {
          var ids = Array.prototype.map.call(
            document.querySelectorAll("details[open][id]"), function (d) { return d.id; });
          sessionStorage.setItem(key, JSON.stringify(ids));
        } catch (e) { /* ignore */ }
        location.reload();
      })
      .catch(function () { /* offline for a moment: try again later */ });
  }
  setInterval(check, seconds * 1000);
})();
