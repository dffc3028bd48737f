// Pairs pages: a header checkbox with data-check-all="NAME" ticks every
// checkbox named NAME in the same form. No inline script (Content Security Policy).
document.addEventListener("change", function (event) {
  var box = event.target;
  var name = box.dataset ? box.dataset.checkAll : null;
  if (!name || !box.form) {
    return;
  }
  box.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (el) {
    el.checked = box.checked;
  });
});
