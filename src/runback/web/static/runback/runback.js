// The Content-Security-Policy allows no inline style: htmx must not inject its
// indicator <style> (runback.css has those rules), and run/walk blocks get their
// widths from data-flex here (setting a style from a script is allowed).
if (window.htmx) { htmx.config.includeIndicatorStyles = false; }

function sizeTimelines(root) {
  root.querySelectorAll("[data-flex]").forEach(function (el) {
    el.style.flexGrow = el.dataset.flex;
    el.style.flexBasis = "0";
  });
}

// Let htmx swap 422 answers (a form with errors beside the fields) like a 200.
document.addEventListener("DOMContentLoaded", function () {
  sizeTimelines(document);
  if (!window.htmx) { return; }
  htmx.onLoad(sizeTimelines);  // content swapped in later
  htmx.config.responseHandling = [
    {code: "204", swap: false},
    {code: "[23]..", swap: true},
    {code: "422", swap: true},
    {code: "[45]..", swap: false, error: true},
  ];
});

// The service worker lets a phone install runback; its URL is on <body data-sw>.
// It also keeps a morning check-in made offline and sends it when the connection is
// back: asked to try on every page load and whenever the browser comes online.
if ("serviceWorker" in navigator && document.body && document.body.dataset.sw) {
  navigator.serviceWorker.register(document.body.dataset.sw).catch(function () {});
  var sendKept = function () {
    if (navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({type: "flush"});
    }
  };
  window.addEventListener("online", sendKept);
  navigator.serviceWorker.ready.then(sendKept);
}

// A morning form shown from the phone's cache must not reuse the token or the date it
// was cached with: each showing gets its own token and today's date.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-one-time]").forEach(function (form) {
    var token = form.querySelector("input[name=client_token]");
    var made = form.querySelector("input[name=made_on]");
    if (token && window.crypto && crypto.randomUUID) { token.value = crypto.randomUUID(); }
    if (made) {
      var now = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      made.value = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
  });
});

// "Copy" buttons: data-copy names the input whose value goes to the clipboard.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-copy]") : null;
  if (!button) { return; }
  var field = document.getElementById(button.dataset.copy);
  var status = document.getElementById(button.getAttribute("aria-describedby"));
  var said = function (text) { if (status) { status.textContent = text; } };
  field.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(
      function () { said("Copied."); },
      function () { said("Select the address and copy it."); });
  } else {
    said(document.execCommand("copy") ? "Copied." : "Select the address and copy it.");
  }
});
