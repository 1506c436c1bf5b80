import { describe, expect, it } from 'vitest';
import { bodySegments, findTypedMentions, linkTypedMentions, maxLinkLength, mentionedUserIds } from './mentions';
import { readRoster } from './roster-rows';
import { checkLink } from './safe-url';
import { rosterLimits } from './schemas/roster';
import { feedbackLimits, replyBody } from './schemas/threads';

/**
 * Every scan of user text in shared/ fed the input that is worst for it, at
 * the largest size the API accepts, and held to a generous bound: a scan
 * that backtracks or repeats itself takes seconds here (link trimming once
 * took 19 s on a 4 KB comment), a linear one a few milliseconds. Timings
 * belong in benchmarks; these bounds only tell linear from not.
 */

const bound = 1_000;

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Every reading of a feedback body: the schema, the segments a feed and a browser show, the mentions typed and chosen. */
function readBody(body: string, members: readonly { id: string; name: string }[] = []): void {
  replyBody.safeParse({ body });
  bodySegments(body);
  mentionedUserIds(body);
  findTypedMentions(body, members);
  linkTypedMentions(body, members);
}

/** A link followed by full stops, then closing brackets, `length` characters in all: each bracket once re-ran a search through all the stops. */
function stopsThenBrackets(length: number, close = ')'): string {
  const start = 'https://example.org/';
  const half = Math.floor((length - start.length) / 2);
  return start + '.'.repeat(half) + close.repeat(length - start.length - half);
}

describe('a feedback body at its worst', () => {
  it('trims a link followed by stops and closing brackets in one pass, at 4 KB and at the longest body', () => {
    for (const body of [stopsThenBrackets(4096), stopsThenBrackets(feedbackLimits.body), stopsThenBrackets(feedbackLimits.body, ']')]) {
      expect(timed(() => readBody(body))).toBeLessThan(bound);
      // Nothing is lost: the stops and brackets are text after the (too long) link.
      expect(bodySegments(body).map((segment) => (segment.type === 'link' ? segment.url : segment.type === 'text' ? segment.text : '')).join('')).toBe(body);
    }
    // Stops and brackets in turn, and brackets that open and close.
    for (const body of [`https://x.org/${'.)'.repeat(4_990)}`, `https://x.org/${'(['.repeat(4_990)}`, `https://x.org/${'()'.repeat(4_990)}`]) {
      expect(timed(() => readBody(body))).toBeLessThan(bound);
    }
  });

  it(`links an address of at most ${maxLinkLength} characters; a longer one stays text`, () => {
    const start = 'https://example.org/';
    const longest = start + 'a'.repeat(maxLinkLength - start.length);
    expect(bodySegments(`see ${longest}.`)).toEqual([
      { type: 'text', text: 'see ' },
      { type: 'link', url: longest },
      { type: 'text', text: '.' },
    ]);
    const tooLong = `${longest}a`;
    expect(bodySegments(`see ${tooLong}.`)).toEqual([{ type: 'text', text: `see ${tooLong}.` }]);
  });

  it('reads hostile mention syntax and many links in linear time', () => {
    const n = feedbackLimits.body;
    const bodies = [
      '@['.repeat(n / 2),
      `@[${'a'.repeat(119)}](`.repeat(n / 123),
      '@'.repeat(n),
      'http://a.b '.repeat(n / 11),
      `${'http://a.b x'.repeat(n / 12 - 1)}@Ann`,
      `@${'a'.repeat(n - 1)}`,
    ];
    const members = Array.from({ length: 500 }, (_, i) => ({ id: `${'m'.repeat(16)}${i}`, name: `Ann ${'a'.repeat(i % 120)}` }));
    for (const body of bodies) expect(timed(() => readBody(body, members)), body.slice(0, 20)).toBeLessThan(bound);
  });

  it('finds typed mentions in a large course where everyone shares a first name', () => {
    // Each member's list of namesakes was once copied for every new namesake: the square of the course's size.
    const course = Array.from({ length: 15_000 }, (_, i) => ({ id: `${'s'.repeat(16)}${i}`, name: `Sam Namesake${i}` }));
    let found: ReturnType<typeof findTypedMentions> = [];
    expect(timed(() => (found = findTypedMentions('Thanks @Sam and @Sam Namesake42', course)))).toBeLessThan(bound);
    expect(found.map(({ member, among }) => [member?.id ?? null, among])).toEqual([
      [null, 15_000],
      [course[42]!.id, 1],
    ]);
  });

  it('refuses a body with a control character at the end of the longest request quickly', () => {
    // The checks after the length still run on a body that is too long: each must be linear in what the server accepts (1 MB).
    const body = `${'a'.repeat(1024 * 1024)}\u0001`;
    let success = true;
    expect(timed(() => (success = replyBody.safeParse({ body }).success))).toBeLessThan(bound);
    expect(success).toBe(false);
  });
});

describe('other user text at its worst', () => {
  it('checks a long hostile link address in linear time', () => {
    for (const value of [`${'a'.repeat(5_000)}:`, `http:${'/'.repeat(4_000)}`, ' '.repeat(1024 * 1024), `${'a+.-'.repeat(1_000)}:x`]) {
      expect(timed(() => checkLink(value))).toBeLessThan(bound);
    }
  });

  it('reads a roster of the largest size, all quotes or one huge field, in linear time', () => {
    const size = rosterLimits.maxBytes;
    const files = ['"'.repeat(size), `name,email\n"${'a'.repeat(size - 20)}`, 'a,'.repeat(size / 2), '\n'.repeat(size), `sep=${','.repeat(size - 4)}`];
    for (const text of files) expect(timed(() => readRoster(new TextEncoder().encode(text))), text.slice(0, 12)).toBeLessThan(bound * 5);
  });
});
