// The order form: search in the list of eligible pairs, mentors or awards, and
// choose / clear the shown ones. No inline script (Content Security Policy).
(function () {
  function fold(text) {
    return (text || "").toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.dataset || !input.dataset.filterItems) { return; }
    var box = document.getElementById(input.dataset.filterItems);
    if (!box) { return; }
    var words = fold(input.value).split(" ").filter(Boolean);
    var shown = 0;
    box.querySelectorAll("[data-item]").forEach(function (item) {
      var text = fold(item.textContent);
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    var empty = box.parentElement.querySelector("[data-items-empty]");
    if (empty) { empty.hidden = shown !== 0; }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-check-items]") : null;
    if (!button) { return; }
    var box = document.getElementById(button.dataset.checkItems);
    if (!box) { return; }
    box.querySelectorAll("[data-item]").forEach(function (item) {
      if (!item.hidden) {
        var checkbox = item.querySelector("input[type=checkbox]");
        if (checkbox) { checkbox.checked = button.dataset.value === "1"; }
      }
    });
  });
})();
