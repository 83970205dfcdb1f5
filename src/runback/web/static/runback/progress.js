// Draws the progress charts from the JSON the page embeds (no network requests).
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!window.Chart) { return; }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  var teal = "#0f766e", red = "#b91c1c", purple = "#6d28d9", grey = "#94a3b8";
  new Chart(document.getElementById("chart-runs"), {
    data: {
      labels: data.runs.map(function (r) { return r.date; }),
      datasets: [
        {type: "bar", label: "Run minutes", data: data.runs.map(function (r) { return r.run_minutes; }),
         backgroundColor: teal, yAxisID: "y", order: 2, maxBarThickness: 48},
        {type: "line", label: "Pain next morning", data: data.runs.map(function (r) { return r.pain_next_morning; }),
         borderColor: red, backgroundColor: red, yAxisID: "pain", spanGaps: true, order: 1,
         pointRadius: 5}
      ]
    },
    options: {maintainAspectRatio: false, scales: {
      y: {beginAtZero: true, title: {display: true, text: "minutes"}},
      pain: {position: "right", min: 0, max: 10, grid: {drawOnChartArea: false}, title: {display: true, text: "pain /10"}}
    }}
  });
  new Chart(document.getElementById("chart-weeks"), {
    type: "bar",
    data: {
      labels: data.weeks.map(function (w) { return w.week; }),
      datasets: [{label: "Running minutes", maxBarThickness: 48, data: data.weeks.map(function (w) { return w.minutes; }),
        backgroundColor: data.weeks.map(function (w) { return w.flag ? red : teal; })}]
    },
    options: {maintainAspectRatio: false, scales: {y: {beginAtZero: true}}}
  });
  new Chart(document.getElementById("chart-strength"), {
    type: "line",
    data: {
      labels: data.strength.map(function (s) { return s.date; }),
      datasets: [{label: "Heaviest load (kg)", data: data.strength.map(function (s) { return s.load_kg; }),
        borderColor: purple, backgroundColor: purple}]
    },
    options: {maintainAspectRatio: false, scales: {y: {beginAtZero: true}}}
  });
  var dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  new Chart(document.getElementById("chart-scores"), {
    data: {
      labels: data.scores.weeks,
      datasets: [{type: "bar", label: "Running minutes", data: data.scores.minutes,
        backgroundColor: grey, yAxisID: "y", order: 2, maxBarThickness: 48}].concat(
        data.scores.lines.map(function (line, i) {
          return {type: "line", label: line.label, data: line.scores, yAxisID: "score",
            borderColor: [red, purple, teal, "#1e293b"][i % 4], backgroundColor: [red, purple, teal, "#1e293b"][i % 4],
            borderDash: dashes[i % 4], spanGaps: true, order: 1, pointRadius: 5};
        }))
    },
    options: {maintainAspectRatio: false, scales: {
      y: {beginAtZero: true, title: {display: true, text: "minutes"}},
      score: {position: "right", min: 0, max: 100, grid: {drawOnChartArea: false}, title: {display: true, text: "score"}}
    }}
  });
  document.querySelectorAll("canvas[data-exercise]").forEach(function (canvas) {
    var ex = data.exercises[Number(canvas.dataset.exercise)];
    new Chart(canvas, {
      data: {
        labels: ex.points.map(function (p) { return p.date; }),
        datasets: [
          {type: "bar", label: "Load (kg)", data: ex.points.map(function (p) { return p.load_kg; }),
           backgroundColor: purple, maxBarThickness: 32, order: 2},
          {type: "line", label: "Estimated strength (kg, one-rep max)", data: ex.points.map(function (p) { return p.e1rm; }),
           borderColor: teal, backgroundColor: teal, borderDash: [6, 4], spanGaps: true, order: 1}
        ]
      },
      options: {maintainAspectRatio: false, scales: {y: {beginAtZero: true, title: {display: true, text: "kg"}}}}
    });
  });
});
