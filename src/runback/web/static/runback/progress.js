// Draws the progress charts from the JSON the page embeds (no network requests).
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!window.Chart) { return; }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  var teal = "#0f766e", red = "#b91c1c", purple = "#6d28d9", grey = "#94a3b8";
  // Dates in the runner's language ("3 Dec", "3. Dez."), never ISO.
  var lang = navigator.language || document.documentElement.lang;  // the browser speaks the runner's language
  var dayMonth = new Intl.DateTimeFormat(lang, {day: "numeric", month: "short", timeZone: "UTC"});
  var when = function (iso) { return dayMonth.format(new Date(iso + "T00:00:00Z")); };
  var pick = function (rows, key) { return rows.map(function (r) { return r[key]; }); };
  var minutesAxis = function (rows, keys) {
    // Room above the tallest bar, and whole minutes: no 0-10 axis clipping a 12-minute run.
    var top = 0;
    rows.forEach(function (r) {
      var sum = keys.reduce(function (t, k) { return t + (r[k] || 0); }, 0);
      top = Math.max(top, sum);
    });
    return {beginAtZero: true, suggestedMax: Math.max(10, Math.ceil(top * 1.15)),
      ticks: {precision: 0}, title: {display: true, text: "minutes"}};
  };
  var runs = data.runs;
  new Chart(document.getElementById("chart-runs"), {
    data: {
      labels: runs.map(function (r) { return when(r.date); }),
      datasets: [
        {type: "bar", label: "Running (done)", data: pick(runs, "run_minutes"), backgroundColor: teal,
         stack: "done", yAxisID: "y", order: 3, maxBarThickness: 36},
        {type: "bar", label: "Walking (done)", data: pick(runs, "walk_minutes"), backgroundColor: "#7cc4bc",
         stack: "done", yAxisID: "y", order: 3, maxBarThickness: 36},
        {type: "bar", label: "Planned", backgroundColor: "#cbd5e1", stack: "planned", yAxisID: "y", order: 3,
         maxBarThickness: 36, data: runs.map(function (r) {
           return r.planned_run === null ? null : r.planned_run + r.planned_walk; })},
        {type: "line", label: "Pain during", data: pick(runs, "pain_during"), borderColor: "#c2410c",
         backgroundColor: "#c2410c", yAxisID: "pain", spanGaps: true, order: 1, pointRadius: 4,
         pointStyle: "triangle"},
        {type: "line", label: "Pain straight after", data: pick(runs, "pain_after"), borderColor: purple,
         backgroundColor: purple, yAxisID: "pain", spanGaps: true, order: 1, pointRadius: 4,
         borderDash: [4, 3], pointStyle: "rect"},
        {type: "line", label: "Pain next morning", data: pick(runs, "pain_next_morning"), borderColor: red,
         backgroundColor: red, yAxisID: "pain", spanGaps: true, order: 1, pointRadius: 5}
      ]
    },
    options: {maintainAspectRatio: false, scales: {
      x: {stacked: true},
      y: Object.assign(minutesAxis(runs.map(function (r) {
        return {m: Math.max(r.run_minutes + r.walk_minutes, (r.planned_run || 0) + (r.planned_walk || 0))};
      }), ["m"]), {stacked: true}),
      pain: {position: "right", min: 0, max: 10, ticks: {stepSize: 2}, grid: {drawOnChartArea: false},
             title: {display: true, text: "pain /10"}}
    }}
  });
  new Chart(document.getElementById("chart-weeks"), {
    type: "bar",
    data: {
      labels: data.weeks.map(function (w) { return when(w.week); }),
      datasets: [{label: "Running minutes", maxBarThickness: 48, data: data.weeks.map(function (w) { return w.minutes; }),
        backgroundColor: data.weeks.map(function (w) { return w.flag ? red : teal; })}]
    },
    options: {maintainAspectRatio: false, scales: {y: minutesAxis(data.weeks, ["minutes"])}}
  });
  if (document.getElementById("chart-strength")) new Chart(document.getElementById("chart-strength"), {
    type: "line",
    data: {
      labels: data.strength.map(function (s) { return when(s.date); }),
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
        labels: ex.points.map(function (p) { return when(p.date); }),
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
