// Copy buttons on the Instagram sign-in settings page.
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-iglr-copy]');
  if (!button) return;
  const field = document.getElementById(button.dataset.iglrCopy);
  if (!field) return;
  const done = () => {
    const label = button.textContent;
    button.textContent = button.dataset.iglrCopied;
    setTimeout(() => {
      button.textContent = label;
    }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done);
    return;
  }
  // Plain-http admin pages have no Clipboard API.
  const type = field.type;
  field.type = 'text';
  field.select();
  document.execCommand('copy');
  field.type = type;
  done();
});
