// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const pick = event.target.closest("[data-pick-employer]");
  if (!pick) return;
  const form = pick.closest("form");
  form.querySelector("input[name=employer]").value = pick.dataset.pickEmployer;
  form.querySelector("[data-employer-name]").textContent = pick.dataset.name;
  event.preventDefault();
});
