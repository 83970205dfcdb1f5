// Draws each readiness test's results over time from the JSON the page embeds.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Chart) { return; }
  var history = JSON.parse(document.getElementById("test-history").textContent);
  Chart.defaults.animation = false;
  document.querySelectorAll("canvas[data-test]").forEach(function (canvas) {
    var rows = history[canvas.dataset.test] || [];
    var sided = canvas.dataset.sided === "1";
    var sets = [{label: sided ? "Left" : "Result", data: rows.map(function (r) { return r.left; }),
                 borderColor: "#0f766e", backgroundColor: "#0f766e", pointStyle: "circle"}];
    if (sided) {
      sets.push({label: "Right", data: rows.map(function (r) { return r.right; }),
                 borderColor: "#6d28d9", backgroundColor: "#6d28d9", borderDash: [6, 4], pointStyle: "rect"});
    }
    new Chart(canvas, {type: "line", data: {labels: rows.map(function (r) { return r.date; }), datasets: sets},
      options: {maintainAspectRatio: false, scales: {y: {beginAtZero: true}}}});
  });
});
