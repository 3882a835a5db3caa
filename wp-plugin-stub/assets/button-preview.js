// The settings page's button preview: the style that is ticked, with the label as it is typed.
(() => {
  const preview = document.getElementById('iglr-button-preview');
  const label = document.getElementById('iglr_button_label');
  if (!preview || !label) return;
  const styles = document.querySelectorAll('input[name="iglr_button[style]"]');
  const update = () => {
    const chosen = Array.from(styles).find((input) => input.checked);
    preview.querySelectorAll('[data-iglr-style]').forEach((sample) => {
      sample.hidden = !chosen || sample.dataset.iglrStyle !== chosen.value;
    });
    // What the server saves: the text without surrounding spaces, or the default (the placeholder, translated).
    const text = label.value.trim() || label.placeholder;
    // The label is the button's last node: its text, or the hidden text of the icon-only style.
    preview.querySelectorAll('.iglr-button').forEach((button) => {
      button.lastChild.textContent = text;
      if (button.title) button.title = text;
    });
  };
  styles.forEach((input) => input.addEventListener('change', update));
  label.addEventListener('input', update);
})();
