// A little behaviour on top of pages that work without it.
(function () {
  "use strict";

  // Compare page: pointing at (or focusing) a shared passage lights up the same passage on the other side.
  function pairPassages() {
    var marks = document.querySelectorAll(".compare mark[data-group]");
    marks.forEach(function (mark) {
      var group = mark.getAttribute("data-group");
      function light(on) {
        document.querySelectorAll('.compare mark[data-group="' + group + '"]').forEach(function (other) {
          other.classList.toggle("lit", on);
        });
      }
      mark.addEventListener("mouseenter", function () { light(true); });
      mark.addEventListener("mouseleave", function () { light(false); });
    });
  }

  // Job page: follow the job until it is done, then stop.
  function followJob() {
    var box = document.querySelector("[data-job]");
    if (!box) { return; }
    var id = box.getAttribute("data-job");
    function poll() {
      fetch("/api/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          ["state", "progress", "result", "error"].forEach(function (name) {
            var cell = box.querySelector('[data-field="' + name + '"]');
            if (cell) { cell.textContent = job[name] || "-"; }
          });
          if (job.state === "queued" || job.state === "running") { setTimeout(poll, 1000); }
          else if (job.rejects && job.rejects.length) { window.location.reload(); }
        });
    }
    var state = box.querySelector('[data-field="state"]');
    if (state && (state.textContent === "queued" || state.textContent === "running")) { setTimeout(poll, 1000); }
  }

  // Story list: a changed filter menu applies at once.
  function autoFilter() {
    document.querySelectorAll("form.filters select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    pairPassages();
    followJob();
    autoFilter();
  });
})();
