// Review pages: select-all for bulk approval and a live count (confirmations: site.js). Pages work without it.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (all) {
    document.querySelectorAll('input[name="ids"][form="bulk-form"]').forEach((box) => { box.checked = all.checked; });
  }
  if (all || event.target.matches('input[name="ids"][form="bulk-form"]')) {
    const n = document.querySelectorAll('input[name="ids"][form="bulk-form"]:checked').length;
    document.querySelectorAll("[data-selected-count]").forEach((el) => { el.textContent = String(n); });
    const details = document.getElementById("bulk");
    if (details && n > 0) details.open = true;
  }
});

document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (event.defaultPrevented) return;
  const form = event.target;
  if (form.matches("[data-bulk-form]") && !document.querySelector('input[name="ids"][form="bulk-form"]:checked')) {
    event.preventDefault();
    window.alert("请先勾选要审核通过的申报。");
    return;
  }
  // A second click while the first request is on its way would only meet "已被他人处理".
  if (button) setTimeout(() => { button.disabled = true; }, 0);
});
