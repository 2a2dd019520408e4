/* 区分处理: draw boxes on the rendered pages; the coordinates (PDF points from the page's top-left
   corner) go into the box form, which the clerk saves with a reason. Saved marks are shown on the pages.
   No inline script or style (CSP): positions are set through the CSSOM. */
(function () {
  "use strict";
  var pages = document.querySelectorAll(".rd-page");
  if (!pages.length) { return; }
  var dataEl = document.getElementById("rd-marks");
  var marks = dataEl ? JSON.parse(dataEl.textContent) : [];
  var form = document.getElementById("box-form");

  function scaleOf(fig) {
    var img = fig.querySelector("img");
    var w = parseFloat(fig.dataset.w);
    return img && img.clientWidth && w ? img.clientWidth / w : 0;
  }

  function place(el, s, box) {
    el.style.left = (box[0] * s) + "px";
    el.style.top = (box[1] * s) + "px";
    el.style.width = ((box[2] - box[0]) * s) + "px";
    el.style.height = ((box[3] - box[1]) * s) + "px";
  }

  function drawSaved() {
    pages.forEach(function (fig) {
      fig.querySelectorAll(".rd-saved").forEach(function (el) { el.remove(); });
      var s = scaleOf(fig);
      if (!s) { return; }
      marks.forEach(function (m) {
        if (String(m.page) !== fig.dataset.page || !m.box) { return; }
        var el = document.createElement("div");
        el.className = "rd-box rd-saved";
        el.textContent = m.mark;
        el.title = m.mark;
        place(el, s, m.box);
        fig.appendChild(el);
      });
    });
  }

  function setField(name, value) {
    if (!form) { return; }
    var input = form.querySelector("[name=" + name + "]");
    if (input) { input.value = value; }
  }

  pages.forEach(function (fig) {
    var img = fig.querySelector("img");
    if (img) { img.addEventListener("load", drawSaved); }
    if (!form) { return; }
    fig.classList.add("rd-drawable");
    var start = null, draft = null;
    function point(ev) {
      var r = img.getBoundingClientRect();
      return [Math.min(Math.max(ev.clientX - r.left, 0), r.width), Math.min(Math.max(ev.clientY - r.top, 0), r.height)];
    }
    fig.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0 || ev.target.closest("figcaption")) { return; }
      ev.preventDefault();
      start = point(ev);
      fig.querySelectorAll(".rd-draft").forEach(function (el) { el.remove(); });
      draft = document.createElement("div");
      draft.className = "rd-box rd-draft";
      fig.appendChild(draft);
      place(draft, 1, [start[0], start[1], start[0], start[1]]);
      fig.setPointerCapture(ev.pointerId);
    });
    fig.addEventListener("pointermove", function (ev) {
      if (!start) { return; }
      var p = point(ev);
      place(draft, 1, [Math.min(start[0], p[0]), Math.min(start[1], p[1]), Math.max(start[0], p[0]), Math.max(start[1], p[1])]);
    });
    fig.addEventListener("pointerup", function (ev) {
      if (!start) { return; }
      var p = point(ev), s = scaleOf(fig);
      var box = [Math.min(start[0], p[0]), Math.min(start[1], p[1]), Math.max(start[0], p[0]), Math.max(start[1], p[1])];
      start = null;
      if (!s || box[2] - box[0] < 3 || box[3] - box[1] < 3) { draft.remove(); return; }
      setField("page", fig.dataset.page);
      ["x0", "y0", "x1", "y1"].forEach(function (k, i) { setField(k, (box[i] / s).toFixed(1)); });
      var reason = form.querySelector("[name=reason]");
      if (reason) { reason.focus(); }
    });
  });
  window.addEventListener("resize", drawSaved);
  drawSaved();
})();
