/* The charts of the staff pages (Chart.js, vendored). Each page ships its figures in a json_script block;
   this file draws whichever of them is present. Loaded after vendor/chart-*.umd.min.js. */
(function () {
  "use strict";
  function json(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    var value = JSON.parse(el.textContent);
    return typeof value === "string" ? JSON.parse(value) : value;
  }
  function canvas(id) { return document.getElementById(id); }

  function auditBatch() {  /* office/auditor/batch.html */
    var data = json("audit-charts");
    if (!data) return;
    function bar(id, d, color) {
      var el = canvas(id);
      if (!el || !d || !d.values.length) return;
      new Chart(el, {type: "bar",
        data: {labels: d.labels, datasets: [{label: "问题数", data: d.values, backgroundColor: color}]},
        options: {indexAxis: "y", plugins: {legend: {display: false}},
                  scales: {x: {beginAtZero: true, ticks: {precision: 0}}}}});
    }
    bar("chart-rules", data.rules, "#d32f2f");
    bar("chart-agencies", data.agencies, "#1565c0");
  }

  function reportCompare() {  /* office/reports/compare.html */
    var d = json("chart-data");
    if (!d) return;
    if (canvas("chart-t3")) {
      new Chart(canvas("chart-t3"), {type: "bar", data: {labels: d.labels, datasets: d.t3}, options: {responsive: true}});
    }
    if (canvas("chart-t4")) {
      new Chart(canvas("chart-t4"), {type: "bar", data: {labels: d.labels, datasets: d.t4}, options: {responsive: true}});
    }
  }

  function applicationsPanel() {  /* office/applications/panel.html (dashboard) */
    if (!canvas("chart-months") || !document.getElementById("app-months")) return;
    new Chart(canvas("chart-months"), {type: "bar", data: {labels: json("app-months"),
      datasets: [{label: "每月收到申请（件）", data: json("app-month-counts"), backgroundColor: "#1f3b5a"}]}});
    new Chart(canvas("chart-outcomes"), {type: "doughnut", data: {labels: json("app-outcome-labels"),
      datasets: [{data: json("app-outcome-counts")}]},
      options: {plugins: {title: {display: true, text: "本年办理结果"}}}});
  }

  function draw() {
    if (typeof Chart === "undefined") return;
    auditBatch();
    reportCompare();
    applicationsPanel();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
