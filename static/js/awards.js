// The award form: the pay supplement's percentage is asked only for a pay
// supplement (reports/forms_awards.py). No inline script (Content Security Policy).
document.addEventListener("DOMContentLoaded", function () {
  var kind = document.querySelector("[data-award-kind]");
  var percent = document.querySelector("[data-pay-supplement]");
  if (!kind || !percent) {
    return;
  }
  var wrapper = percent.closest(".mb-3") || percent.parentElement;
  function toggle() {
    var shown = kind.value === percent.dataset.paySupplement;
    wrapper.hidden = !shown;
    percent.disabled = !shown;
  }
  kind.addEventListener("change", toggle);
  toggle();
});
