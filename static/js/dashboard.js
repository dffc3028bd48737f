// Dashboard charts (Chart.js, vendored in static/vendor/chartjs). The figures come
// from <script type="application/json"> blocks written by Django's json_script;
// no inline script (Content Security Policy). Each chart has its table of
// figures beside it: without Chart.js the tables stay open and the charts hidden.
(function () {
  "use strict";

  // Pair statuses (pairs.enums.PairStatus) → colour of their part of a bar.
  var STATUS_COLOURS = {
    draft: "#adb5bd",
    proposed: "#ffc107",
    approved: "#0dcaf0",
    active: "#198754",
    completed: "#0d6efd",
    terminated: "#dc3545"
  };
  var TARGET_COLOUR = "#6c757d";
  var ACTUAL_COLOUR = "#0d6efd";

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  // Decimal figures arrive as exact text ("92.5") or null (unknown).
  function numbers(values) {
    return values.map(function (v) { return v === null ? null : Number(v); });
  }

  // Show the chart's box and fold the table of figures (still one click away).
  function reveal(canvas) {
    var box = canvas.closest(".dashboard-chart");
    if (box) {
      box.hidden = false;
    }
    var figure = canvas.closest("figure, .card");
    var details = figure ? figure.querySelector("details.dashboard-chart-table") : null;
    if (details) {
      details.open = false;
    }
  }

  function drawTrend(data) {
    if (!data || !data.series) {
      return;
    }
    data.series.forEach(function (series) {
      var canvas = document.getElementById(series.id);
      if (!canvas) {
        return;
      }
      reveal(canvas);
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: series.years,
          datasets: [
            {
              label: data.labels.target,
              data: numbers(series.targets),
              borderColor: TARGET_COLOUR,
              backgroundColor: TARGET_COLOUR,
              borderDash: [6, 4],
              spanGaps: true
            },
            {
              label: data.labels.actual,
              data: numbers(series.actuals),
              borderColor: ACTUAL_COLOUR,
              backgroundColor: ACTUAL_COLOUR,
              spanGaps: true
            }
          ]
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { position: "bottom" } },
          scales: { y: { beginAtZero: true, title: { display: !!series.unit, text: series.unit } } }
        }
      });
    });
  }

  function drawPairs(data) {
    var canvas = document.getElementById("dashboard-pairs-chart");
    if (!data || !canvas || !data.datasets.length) {
      return;
    }
    reveal(canvas);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.forms,
        datasets: data.datasets.map(function (ds) {
          return {
            label: ds.label,
            data: ds.data,
            backgroundColor: STATUS_COLOURS[ds.status] || "#6c757d"
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.Chart === "undefined") {
      return;
    }
    drawTrend(readJson("dashboard-trend-data"));
    drawPairs(readJson("dashboard-pairs-data"));
  });
})();
