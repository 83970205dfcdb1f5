// The clinician's timeline of one runner: runs, pain and load on one chart, from the
// JSON the page embeds (no network requests, no inline script: strict CSP).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("timeline-data");
  var canvas = document.getElementById("chart-timeline");
  if (!source || !canvas || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  var lang = navigator.language || document.documentElement.lang;
  var dayMonth = new Intl.DateTimeFormat(lang, {day: "numeric", month: "short", timeZone: "UTC"});
  var days = data.days;
  var pick = function (key) { return days.map(function (d) { return d[key]; }); };
  new Chart(canvas, {
    data: {
      labels: days.map(function (d) { return dayMonth.format(new Date(d.date + "T00:00:00Z")); }),
      datasets: [
        {type: "bar", label: "Running (with walk breaks)", data: pick("run"), backgroundColor: "#0f766e",
         stack: "minutes", yAxisID: "y", order: 3},
        {type: "bar", label: "Other training", data: pick("other"), backgroundColor: "#7cc4bc",
         stack: "minutes", yAxisID: "y", order: 3},
        {type: "line", label: "Acute load (7-day EWMA)", data: pick("acute"), borderColor: "#64748b",
         backgroundColor: "#64748b", yAxisID: "y", stack: "acute", pointRadius: 0, order: 2},
        {type: "line", label: "Pain during", data: pick("during"), borderColor: "#c2410c",
         backgroundColor: "#c2410c", yAxisID: "pain", spanGaps: true, pointStyle: "triangle", order: 1},
        {type: "line", label: "Pain straight after", data: pick("after"), borderColor: "#6d28d9",
         backgroundColor: "#6d28d9", yAxisID: "pain", spanGaps: true, borderDash: [4, 3],
         pointStyle: "rect", order: 1},
        {type: "line", label: "Pain next morning", data: pick("morning"), borderColor: "#b91c1c",
         backgroundColor: "#b91c1c", yAxisID: "pain", spanGaps: true, order: 1}
      ]
    },
    options: {maintainAspectRatio: false, scales: {
      x: {stacked: true},
      y: {stacked: true, beginAtZero: true, ticks: {precision: 0}, title: {display: true, text: "minutes"}},
      pain: {position: "right", min: 0, max: 10, ticks: {stepSize: 2}, grid: {drawOnChartArea: false},
             title: {display: true, text: "pain /10"}}
    }}
  });
});
