// Submit a form as soon as one of its selects changes (the agency switcher); the button stays
// for keyboard users and browsers without script.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") form.requestSubmit();
});
