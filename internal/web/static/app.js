// maeul's few scripts, served from the binary so that pages can forbid
// inline scripts (Content-Security-Policy: script-src 'self'). Every page
// works without them: they count down flash sales, resubmit the checkout
// form when a choice changes, and print a receipt.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // Countdowns: an element with data-ends (an RFC 3339 time) shows the
  // time left; data-day is the word for days.
  var ends = document.querySelectorAll("[data-ends]");
  function tick() {
    for (var i = 0; i < ends.length; i++) {
      var e = ends[i];
      var s = Math.max(0, Math.floor((Date.parse(e.getAttribute("data-ends")) - Date.now()) / 1000));
      var d = Math.floor(s / 86400);
      e.textContent = (d ? d + e.getAttribute("data-day") + " " : "") + pad(Math.floor(s % 86400 / 3600)) + ":" + pad(Math.floor(s % 3600 / 60)) + ":" + pad(s % 60);
    }
  }
  if (ends.length) { tick(); setInterval(tick, 1000); }

  // The checkout form updates itself when a delivery choice or a field
  // marked data-autosubmit changes; its update buttons are then hidden.
  var f = document.getElementById("checkout");
  if (f) {
    var b = f.querySelector("button[name=op][value=update]");
    f.addEventListener("change", function (e) {
      var t = e.target;
      if (t.hasAttribute("data-autosubmit") || (t.type === "radio" && t.name.indexOf("delivery.") === 0)) {
        if (f.requestSubmit) { f.requestSubmit(b); } else { b.click(); }
      }
    });
    var u = f.querySelectorAll(".ck-update");
    for (var i = 0; i < u.length; i++) u[i].classList.add("js-hide");
  }

  // Print buttons.
  var p = document.querySelectorAll("[data-print]");
  for (var j = 0; j < p.length; j++) {
    p[j].addEventListener("click", function () { window.print(); });
  }
})();
