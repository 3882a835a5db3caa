import type { Locator, Page } from 'playwright-core';

/** What a store owner sets in the settings page's Button section, and how the button then looks. */

export const STYLES = ['gradient', 'dark', 'light', 'icon'] as const;
export const PLACEMENTS = ['my_account_login', 'my_account_register', 'checkout', 'cart', 'wp_login'] as const;

/** In the Button section: ticks, fills in and saves; options.php brings the settings page back. */
export async function saveButtonSettings(
  admin: Page,
  change: { style?: string; label?: string; placements?: Partial<Record<string, boolean>> },
): Promise<void> {
  if (change.style) await admin.check(`#iglr_button_style_${change.style}`);
  if (change.label !== undefined) await admin.fill('#iglr_button_label', change.label);
  for (const [placement, on] of Object.entries(change.placements ?? {})) {
    await admin.setChecked(`#iglr_button_${placement}`, on === true);
  }
  await Promise.all([admin.waitForURL(/settings-updated=true/), admin.click('text=Save button settings')]);
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(rgb: number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((value) => {
    const channel = value / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two sRGB colours. */
export function contrast(a: number[], b: number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Every opaque `rgb(…)` colour in a computed style value (a colour, or each stop of a gradient). */
function colours(value: string): number[][] {
  return [...value.matchAll(/rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)/g)]
    .filter((match) => match[4] === undefined || Number(match[4]) > 0)
    .map((match) => [Number(match[1]), Number(match[2]), Number(match[3])]);
}

/**
 * The button's classes, and the lowest contrast between its text (and glyph, drawn in the text's
 * colour) and any colour behind it: its background colour or each stop of its gradient, as the
 * browser computed them with the theme's styles applied. 0 when it has no background of its own.
 */
export async function buttonLook(button: Locator): Promise<{ className: string; lowestContrast: number }> {
  const style = await button.evaluate((element) => {
    const computed = (
      globalThis as unknown as {
        getComputedStyle(node: unknown): { color: string; backgroundColor: string; backgroundImage: string };
      }
    ).getComputedStyle(element);
    return {
      color: computed.color,
      background: `${computed.backgroundColor} ${computed.backgroundImage}`,
      className: (element as unknown as { className: string }).className,
    };
  });
  const text = colours(style.color)[0] ?? [];
  const behind = colours(style.background);
  return {
    className: style.className,
    lowestContrast: behind.length === 0 ? 0 : Math.min(...behind.map((colour) => contrast(text, colour))),
  };
}

/** The classes each style gives the button: the gradient is the button's own look. */
export function styleClass(style: string): string {
  return style === 'gradient' ? 'iglr-button' : `iglr-button iglr-button--${style}`;
}
