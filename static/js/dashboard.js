// Draws the dashboard's charts from the numbers the page prints in its tables
// (<script type="application/json" id="dashboard-data">, written by json_script): no inline script.
(function () {
  "use strict";
  var PALETTE = ["#1d4ed8", "#15803d", "#b45309", "#b91c1c", "#6b21a8", "#0f766e"];

  function option(spec) {
    var stacked = spec.type === "stacked";
    return {
      color: spec.colors && spec.colors.length ? spec.colors : PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: {
        type: "category",
        inverse: true,
        data: spec.categories,
        axisLabel: { width: 120, overflow: "truncate" },
      },
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: "bar",
          stack: stacked ? "total" : undefined,
          data: s.data,
          emphasis: { focus: "series" },
        };
      }),
    };
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) return;
    var specs = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = specs[el.getAttribute("data-chart")];
      if (!spec || !spec.categories.length) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(spec));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
