/* Progress chart: grouped bars per step, one bar per round. The data comes from a json_script
   element; the table beside the chart carries the same figures for screen readers and print. */
(function () {
  "use strict";
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]; // Okabe-Ito
  function draw() {
    var canvas = document.getElementById("progress-chart");
    var source = document.getElementById("progress-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    data.datasets.forEach(function (d, i) {
      d.backgroundColor = PALETTE[i % PALETTE.length];
      d.borderColor = PALETTE[i % PALETTE.length];
    });
    new Chart(canvas, {
      type: "bar",
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
