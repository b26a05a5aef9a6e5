/* World map of the aggregated list: a choropleth of published locations per country. The data
   comes from a json_script element; the table below the map carries the same figures. */
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("location-map");
    var source = document.getElementById("map-data");
    if (!canvas || !source || typeof Chart === "undefined" || typeof ChartGeo === "undefined") return;
    var values = {};
    JSON.parse(source.textContent).forEach(function (d) { values[d.id] = d.value; });
    fetch(canvas.dataset.atlas).then(function (r) { return r.json(); }).then(function (world) {
      var countries = ChartGeo.topojson.feature(world, world.objects.countries).features
        .filter(function (f) { return f.properties.name !== "Antarctica"; });
      new Chart(canvas, {
        type: "choropleth",
        data: {
          labels: countries.map(function (f) { return f.properties.name; }),
          datasets: [{
            label: canvas.dataset.label,
            outline: countries,
            data: countries.map(function (f) { return { feature: f, value: values[String(Number(f.id))] || 0 }; })
          }]
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          showOutline: true,
          plugins: { legend: { display: false } },
          scales: {
            projection: { axis: "x", projection: "equalEarth" },
            color: { axis: "x", quantize: 5, legend: { position: "bottom-right", align: "right" } }
          }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
