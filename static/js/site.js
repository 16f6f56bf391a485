// Small progressive enhancements; every page works without them. No inline script anywhere
// (Content-Security-Policy: script-src 'self'): pages mark elements with data-* attributes instead.
document.addEventListener("click", (event) => {
  const pick = event.target.closest("[data-pick-employer]");
  if (!pick) return;
  const form = pick.closest("form");
  form.querySelector("input[name=employer]").value = pick.dataset.pickEmployer;
  form.querySelector("[data-employer-name]").textContent = pick.dataset.name;
  event.preventDefault();
});

// <select data-autosubmit>: choosing an option submits its form (the language switch).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});

// Irreversible acts: a form or its submit button carries data-confirm="what will happen". The
// submission waits for a <dialog> that says so and offers 确定 / 取消; without script the form
// posts directly and the server still checks everything.
(function () {
  let dialog = null;
  let pending = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.innerHTML =
      '<form method="dialog">' +
      '<h2 id="confirm-dialog-title">请确认</h2>' +
      '<p data-confirm-text></p>' +
      '<div class="actions">' +
      '<button class="btn" value="ok" data-confirm-ok>确定</button>' +
      '<button class="btn secondary" value="cancel" autofocus>取消</button>' +
      "</div></form>";
    document.body.appendChild(dialog);
    dialog.addEventListener("close", () => {
      const job = pending;
      pending = null;
      if (!job || dialog.returnValue !== "ok") return;
      job.form.dataset.confirmed = "1";
      job.form.requestSubmit(job.submitter || undefined);
    });
  }

  window.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const submitter = event.submitter;
      const message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
      if (!message) return;
      if (form.dataset.confirmed === "1") {
        delete form.dataset.confirmed;
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (!dialog) build();
      dialog.querySelector("[data-confirm-text]").textContent = message;
      dialog.querySelector("[data-confirm-ok]").textContent =
        (submitter && submitter.dataset.confirmOk) || form.dataset.confirmOk || "确定";
      pending = { form, submitter };
      dialog.returnValue = "";
      dialog.showModal();
    },
    true,
  );
})();
