// Confirmation before destructive or irreversible actions: any form or button
// with data-confirm="text" asks first. No inline script (Content Security Policy).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  var text = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
  if (text && !window.confirm(text)) {
    event.preventDefault();
  }
}, true);
// Progress bars take their width from data-progress (CSP forbids inline styles).
function applyProgress(root) {
  (root || document).querySelectorAll("[data-progress]").forEach(function (el) {
    el.style.width = el.dataset.progress + "%";
  });
}
document.addEventListener("DOMContentLoaded", function () { applyProgress(document); });
document.addEventListener("htmx:afterSwap", function (event) { applyProgress(event.target); });
