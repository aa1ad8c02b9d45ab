// Small enhancements; every page works without them.

// Move focus to a form's error summary, so keyboard and screen-reader users hear it first.
const summary = document.querySelector("[data-error-summary]");
if (summary instanceof HTMLElement) {
  summary.focus();
}

// Narrow a long list to the choice made in another select (the municipalities of the county
// chosen), without a reload. The options carry their county in data-county; when the server has
// narrowed the list already, the whole list waits in a <template data-options-for="…">.
for (const chooser of document.querySelectorAll("select[data-narrows]")) {
  const list = document.getElementById(chooser.getAttribute("data-narrows") ?? "");
  if (!(chooser instanceof HTMLSelectElement) || !(list instanceof HTMLSelectElement)) {
    continue;
  }
  const whole = document.querySelector(`template[data-options-for="${list.id}"]`);
  const options = whole instanceof HTMLTemplateElement
    ? Array.from(whole.content.querySelectorAll("option"))
    : Array.from(list.options, (option) => option.cloneNode(true));
  chooser.addEventListener("change", () => {
    const county = chooser.value;
    const chosen = list.value;
    const kept = options.filter((option) => {
      const own = option.getAttribute("data-county");
      return !county || !own || own === county;
    });
    list.replaceChildren(...kept.map((option) => document.importNode(option, true)));
    list.value = kept.some((option) => option.getAttribute("value") === chosen) ? chosen : "";
  });
}

// A copy button beside a read-only field (the calendar address). Without the script the
// button stays hidden and the field can be selected and copied by hand.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.getAttribute("data-copy") ?? "");
  if (!(field instanceof HTMLInputElement) || !navigator.clipboard) {
    continue;
  }
  const status = document.querySelector(`[data-copy-status="${field.id}"]`);
  button.hidden = false;
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) {
        status.textContent = button.getAttribute("data-copied") ?? "";
      }
    } catch {
      // The field is selected: the person can copy it with the keyboard.
    }
  });
}
