/* Survey form: add answer rows, and suggest the skills linked to the chosen occupation.
   The form works without this script (three empty rows after every save). */
(function () {
  "use strict";

  function suggest(row, links) {
    var ssyk = row.querySelector("select.survey-ssyk");
    var skills = row.querySelector("select.survey-skills");
    if (!ssyk || !skills) { return; }
    var linked = links[ssyk.value] || [];
    var options = skills.querySelectorAll("option");
    for (var i = 0; i < options.length; i += 1) {
      var on = linked.indexOf(options[i].value) !== -1;
      options[i].classList.toggle("survey-suggested", on);
      var base = options[i].getAttribute("data-label") || options[i].textContent;
      options[i].setAttribute("data-label", base);
      options[i].textContent = on ? "\u2605 " + base : base;
    }
  }

  function wire(row, links) {
    var ssyk = row.querySelector("select.survey-ssyk");
    if (ssyk) {
      ssyk.addEventListener("change", function () { suggest(row, links); });
      suggest(row, links);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("survey-form");
    if (!form) { return; }
    var links = {};
    try { links = JSON.parse(form.getAttribute("data-skill-links") || "{}"); } catch (e) { links = {}; }
    var rows = document.getElementById("survey-rows");
    var rowList = rows.querySelectorAll("fieldset.survey-row");
    for (var i = 0; i < rowList.length; i += 1) { wire(rowList[i], links); }
    var template = document.getElementById("survey-empty-row");
    var add = document.getElementById("survey-add-row");
    var total = form.querySelector("input[name$='-TOTAL_FORMS']");
    var max = form.querySelector("input[name$='-MAX_NUM_FORMS']");
    if (!template || !add || !total) { return; }
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.querySelector("fieldset.survey-row");
      var legend = row.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent + " " + String(index + 1); }
      rows.appendChild(row);
      total.value = String(index + 1);
      wire(row, links);
      var first = row.querySelector("select, input, textarea");
      if (first) { first.focus(); }
    });
  });
}());
