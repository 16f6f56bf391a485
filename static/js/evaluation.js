// Live total on the expert's score sheet; the server computes and checks the same again.
document.addEventListener("input", (event) => {
  const sheet = event.target.closest("[data-score-sheet]");
  if (!sheet) return;
  let total = 0;
  let complete = true;
  sheet.querySelectorAll("input[data-weight]").forEach((input) => {
    const value = parseFloat(input.value);
    const max = parseFloat(input.dataset.max);
    if (Number.isNaN(value) || value < 0 || value > max) { complete = false; return; }
    total += (value / max) * parseFloat(input.dataset.weight);
  });
  const out = sheet.querySelector("[data-total]");
  if (out) out.textContent = complete ? total.toFixed(2) : "—";
});

// The file picker shows the chosen file's name in Chinese, whatever the browser's own language.
document.addEventListener("change", (event) => {
  const input = event.target.closest(".file-pick input[type=file]");
  if (!input) return;
  const out = input.closest(".file-pick").querySelector("[data-file-name]");
  if (out) out.textContent = input.files.length ? input.files[0].name : "未选择文件";
});
