// Small enhancements; every page works without them.

// Move focus to a form's error summary, so keyboard and screen-reader users hear it first.
const summary = document.querySelector("[data-error-summary]");
if (summary instanceof HTMLElement) {
  summary.focus();
}
