/* Small behaviours of staff and public pages. No inline scripts anywhere (Content-Security-Policy):
   markup declares what it wants with data- attributes, this file wires it up. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  ready(function () {
    /* <input type="checkbox" data-check-all="ids">: ticks or clears every checkbox named "ids" in its form. */
    document.addEventListener("change", function (ev) {
      var box = ev.target;
      if (!box || !box.matches || !box.matches("input[type=checkbox][data-check-all]")) return;
      var scope = box.form || document;
      scope.querySelectorAll('input[type=checkbox][name="' + box.getAttribute("data-check-all") + '"]')
        .forEach(function (c) { c.checked = box.checked; });
    });
  });
})();
