import type { Page } from 'playwright-core';

/** The page's width against the viewport's: a page that fits never scrolls sideways (scrollWidth <= clientWidth). */
export function hasNoSideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: Math.max(document.documentElement.clientWidth, document.documentElement.scrollWidth),
    clientWidth: document.documentElement.clientWidth,
  }));
}

/**
 * Every visible piece of text on the page whose colour against what is behind
 * it (backgrounds composited up the tree, as computed) falls below the 4.5:1
 * of WCAG AA, as "what: ratio". Disabled controls are left out, as WCAG does.
 */
export function contrastProblems(page: Page, minimum = 4.5): Promise<string[]> {
  return page.evaluate(async (least) => {
    // Colours are read once every transition has ended (a hover or a change of theme fades some of them).
    await Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation instanceof CSSTransition)
        .map((animation) => animation.finished.catch(() => undefined)),
    );
    type Rgba = [number, number, number, number];
    const parse = (colour: string): Rgba => {
      const parts = colour.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      if (colour.startsWith('color(srgb')) return [parts[0]! * 255, parts[1]! * 255, parts[2]! * 255, parts[3] ?? 1];
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const alpha = top[3] + bottom[3] * (1 - top[3]);
      if (alpha === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / alpha;
      return [mix(0), mix(1), mix(2), alpha];
    };
    const backdrop = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let at: Element | null = element; at; at = at.parentElement) {
        const colour = parse(getComputedStyle(at).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      let result: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (light! + 0.05) / (dark! + 0.05);
    };
    const problems: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      // Fields that show their value as text (a slider's or a checkbox's value is not shown).
      const textInput = element instanceof HTMLInputElement && ['text', 'search', 'email', 'url', 'tel', 'number', 'date', 'datetime-local'].includes(element.type);
      const field = (textInput || element instanceof HTMLTextAreaElement) && (element as HTMLInputElement).value.trim() !== '';
      if (!ownText && !field) continue;
      if (element.closest('svg, [disabled], [aria-disabled="true"], .visually-hidden, noscript')) continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width <= 1 || box.height <= 1 || style.visibility !== 'visible' || style.display === 'none') continue;
      const behind = backdrop(element);
      const text = over(parse(style.color), behind);
      const found = ratio(text, behind);
      if (found < least) {
        const what = `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\s+/).join('.') : ''}`;
        const words = (field ? (element as HTMLInputElement).value : element.textContent!).trim().slice(0, 30);
        problems.push(`${what} "${words}": ${found.toFixed(2)} (${style.color} on rgb(${behind.slice(0, 3).map(Math.round).join(', ')}))`);
      }
    }
    return problems;
  }, minimum);
}
