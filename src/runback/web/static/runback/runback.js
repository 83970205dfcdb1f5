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
if ("serviceWorker" in navigator && document.body && document.body.dataset.sw) {
  navigator.serviceWorker.register(document.body.dataset.sw).catch(function () {});
}

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
