// Follows an import job: polls its status URL and shows the progress; reloads the page when
// the job has finished a step, so the server renders the result. Without JavaScript the page
// refreshes itself (a <noscript> meta refresh) and shows the same state.
(function () {
  "use strict";
  var section = document.querySelector("[data-job-status-url]");
  if (!section) {
    return;
  }
  var url = section.getAttribute("data-job-status-url");
  var initial = section.getAttribute("data-job-status");
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-progress-text");
  var delay = 700;

  function show(state) {
    if (state.progress_total > 0 && bar) {
      bar.max = state.progress_total;
      bar.value = state.progress_done;
      bar.textContent = state.percent + " %";
    }
    if (text) {
      text.textContent = state.status_label +
        (state.percent !== null && state.percent !== undefined ? " – " + state.percent + " %" : "");
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        if (!state.active || state.status !== initial && state.status !== "running") {
          window.location.reload();
          return;
        }
        show(state);
        delay = Math.min(delay * 1.3, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, delay);
})();
