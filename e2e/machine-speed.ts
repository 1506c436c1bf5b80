import type { BrowserContext } from 'playwright-core';
import { median } from '../server/testing/figures';

/**
 * How fast the browser runs a fixed piece of work right now, in ms: the
 * median of five runs in a blank tab. The work is what opening a page
 * spends its time on, in small: compiling and running script it has not
 * seen before, building elements and laying them out, reading JSON.
 *
 * This machine's speed moves by half or more within an hour (its
 * neighbours on the host, other tests running beside the check), and a
 * page's time moves with it. Page timings are judged against this figure
 * as well as against their own: a page twice as slow on a machine twice as
 * slow is not a regression.
 */
export async function machineSpeedMs(context: BrowserContext): Promise<number> {
  const page = await context.newPage();
  try {
    const runs = await page.evaluate(`(${measureWork})(5)`);
    return Math.round(median(runs as number[]));
  } finally {
    await page.close();
  }
}

/** Runs in the page: times `runs` rounds of the work, in ms. Sent as source text: nothing from outside it. */
function measureWork(runs: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    // Script never seen before (a new name each round defeats every cache): about 200 KB of functions, compiled and called.
    const functions: string[] = [];
    for (let index = 0; index < 1500; index++) {
      functions.push(`function f${run}_${index}(a) { const list = [a, ${index}, 'item ${index}']; return list.map((x) => String(x).length).reduce((s, n) => s + n, 0); }`);
    }
    const calls = functions.map((_, index) => `f${run}_${index}(${index})`).join(' + ');
    const total = new Function(`${functions.join('\n')}\nreturn ${calls};`)() as number;
    // Elements: a list of 2000 items, laid out, then removed.
    const list = document.createElement('ul');
    for (let index = 0; index < 2000; index++) {
      const item = document.createElement('li');
      item.className = 'item';
      item.textContent = `Item ${index} of the list, with some words to lay out (${total}).`;
      list.append(item);
    }
    document.body.append(list);
    void list.getBoundingClientRect().height;
    list.remove();
    // JSON: about 180 KB written and read back.
    const rows = Array.from({ length: 3000 }, (_, index) => ({ id: `row-${index}`, name: `Name ${index}`, values: [index, index * 2, index * 3] }));
    JSON.parse(JSON.stringify(rows));
    times.push(performance.now() - start);
  }
  return times;
}
