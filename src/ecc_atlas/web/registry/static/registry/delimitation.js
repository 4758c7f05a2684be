// The screening table: a "select all rows on this page" checkbox in the first column's header.
// Without JavaScript each row is ticked by itself.
(function () {
  "use strict";
  var table = document.querySelector("[data-testid='candidates']");
  var header = table && table.querySelector("thead th[data-select-all]");
  if (!header) {
    return;
  }
  var boxes = table.querySelectorAll("tbody input[type='checkbox'][name='organisations']");
  var all = document.createElement("input");
  all.type = "checkbox";
  all.id = "select-all";
  all.setAttribute("aria-label", header.getAttribute("data-select-all"));
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
  header.appendChild(document.createTextNode(" "));
  header.appendChild(all);
})();
