// Draws the statistics dashboards' charts with Apache ECharts from the
// tables beside them, so that a chart shows the same numbers as its table.
// A chart is <div class="chart" data-table="ID" data-kind="bar|line|pie"
// data-cols="1,2" data-lines="2">: the table's first cell of each body row
// names the point, and the columns listed (their cells' data-v values) are
// the series, named by their header cells; data-lines lists the columns
// drawn as lines on a second axis (fractions, as percentages).
(function () {
  "use strict";
  if (!window.echarts) { return; }
  function num(cell) {
    var v = cell && cell.getAttribute("data-v");
    return v === null || v === undefined || v === "" ? null : Number(v);
  }
  function draw(el) {
    var table = document.getElementById(el.getAttribute("data-table"));
    if (!table) { return; }
    var kind = el.getAttribute("data-kind") || "bar";
    var cols = (el.getAttribute("data-cols") || "1").split(",").map(Number);
    var lines = (el.getAttribute("data-lines") || "").split(",").filter(Boolean).map(Number);
    var heads = table.tHead.rows[0].cells;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var labels = rows.map(function (r) { return r.cells[0].textContent.trim(); });
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var option;
    if (kind === "pie") {
      option = {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], data: rows.map(function (r, i) {
          return { name: labels[i], value: num(r.cells[cols[0]]) };
        }).filter(function (d) { return d.value > 0; }) }]
      };
    } else {
      var series = cols.map(function (c) {
        var isLine = lines.indexOf(c) >= 0;
        return {
          name: heads[c].textContent.trim(), type: isLine ? "line" : kind,
          yAxisIndex: isLine ? 1 : 0,
          data: rows.map(function (r) { var v = num(r.cells[c]); return v === null ? null : (isLine ? v * 100 : v); })
        };
      });
      option = {
        tooltip: { trigger: "axis" }, legend: { top: 0 },
        grid: { left: 60, right: lines.length ? 50 : 20, top: 40, bottom: 40 },
        xAxis: { type: "category", data: labels },
        yAxis: [{ type: "value" }, { type: "value", show: lines.length > 0, axisLabel: { formatter: "{value}%" } }],
        series: series
      };
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll(".chart[data-table]").forEach(draw);
})();
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.addEventListener("click", function () { window.print(); });
});
