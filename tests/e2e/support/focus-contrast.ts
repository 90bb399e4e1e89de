/**
 * WCAG 1.4.11 (non-text contrast) for focus indicators: the ring around the
 * focused control must have at least 3:1 contrast against the colours next
 * to it. axe-core does not check this, so the page measures it here.
 *
 * The indicator is the first visible outline among the focused element, its
 * ::after and ::before, and its next sibling (a hidden radio button shows its
 * focus on the label text after it). An outline drawn inside the element
 * (outline-offset ≤ −width) is compared with the element's own background,
 * one drawn outside with the background around the element. Backgrounds are
 * composited, translucent layers over what is below them, down to white.
 */
import type { Page } from 'playwright-core';

export interface FocusIndicator {
  /** The focused element, e.g. "button: Ångra". */
  readonly label: string;
  /** Contrast of the ring against what is next to it; 0 when no ring is drawn. */
  readonly contrast: number;
  readonly width: number;
  readonly colours: string;
}

export function focusIndicator(page: Page): Promise<FocusIndicator> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (colour: string): Rgba | null => {
      const match = /rgba?\(([^)]+)\)/.exec(colour);
      if (match === null) return null;
      const [r = 0, g = 0, b = 0, a = 1] = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }: Rgba): number => {
      const channel = (v: number): number => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const contrast = (x: Rgba, y: Rgba): number => {
      const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
      return (light + 0.05) / (dark + 0.05);
    };
    const backgroundFrom = (start: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let node = start; node !== null; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour !== null && colour.a > 0) {
          layers.push(colour);
          if (colour.a >= 1) break;
        }
      }
      let below: Rgba = { r: 255, g: 255, b: 255, a: 1 };
      for (const layer of layers.reverse()) {
        below = {
          r: layer.r * layer.a + below.r * (1 - layer.a),
          g: layer.g * layer.a + below.g * (1 - layer.a),
          b: layer.b * layer.a + below.b * (1 - layer.a),
          a: 1,
        };
      }
      return below;
    };
    const invisible = (node: Element): boolean => {
      for (let n: Element | null = node; n !== null; n = n.parentElement) if (Number(getComputedStyle(n).opacity) === 0) return true;
      const box = node.getBoundingClientRect();
      return box.width <= 1 || box.height <= 1;
    };
    const describe = (colour: Rgba): string => `rgb(${Math.round(colour.r)}, ${Math.round(colour.g)}, ${Math.round(colour.b)})`;

    const el = document.activeElement as HTMLElement | null;
    if (el === null || el === document.body) return { label: '(nothing)', contrast: 0, width: 0, colours: '' };
    const labelText = (el as HTMLInputElement).labels?.[0]?.textContent ?? null;
    const name = (el.getAttribute('aria-label') ?? labelText ?? el.textContent ?? '').trim().slice(0, 50);
    const kind = el.getAttribute('role') ?? (el instanceof HTMLInputElement ? `input ${el.type}` : el.tagName.toLowerCase());
    const label = `${kind}: ${name}`;
    const candidates: [Element | null, string | null][] = [
      [el, null],
      [el, '::after'],
      [el, '::before'],
      [el.nextElementSibling, null],
    ];
    for (const [node, pseudo] of candidates) {
      if (node === null || invisible(node)) continue;
      const style = getComputedStyle(node, pseudo);
      const width = parseFloat(style.outlineWidth);
      if (style.outlineStyle === 'none' || !(width >= 1) || (pseudo !== null && style.content === 'none')) continue;
      const ring = parse(style.outlineColor);
      if (ring === null) continue;
      const inside = parseFloat(style.outlineOffset) + width <= 0;
      const next = backgroundFrom(inside ? node : node.parentElement);
      return { label, contrast: contrast(ring, next), width, colours: `${describe(ring)} on ${describe(next)}` };
    }
    return { label, contrast: 0, width: 0, colours: 'no focus ring' };
  });
}
