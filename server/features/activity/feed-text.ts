import { plainBodyText } from '../../../shared/mentions';
import type { EditSection, EditStats } from '../../../shared/schemas/activity';
import type { ThreadKind } from '../../../shared/schemas/threads';
import { payloadOf } from './event-log';
import type { FeedEntry } from './feed-entries';

/**
 * The words of the feed: one sentence per item, and the summary of
 * many. Deterministic: the same entries give the same text, numbers are
 * written the en-US way ("1,240"), people are listed "A", "A and B",
 * "A, B and C", "A, B and 2 others".
 */

const numbers = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return numbers.format(n);
}

/** "1 word", "2 words"; `many` for irregular plurals. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Names in a sentence: up to three in full, then the first two "and N others". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, 2).join(', ')} and ${counted(names.length - 2, 'other')}`;
}

/** A list of phrases: "a", "a and b", "a, b and c". */
export function joinPhrases(phrases: readonly string[]): string {
  return phrases.length <= 1 ? (phrases[0] ?? '') : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}

const excerptLength = 100;

/** A body as one quoted line: mentions as "@Name", cut at `excerptLength` characters. */
export function excerptOf(text: string): string {
  const plain = plainBodyText(text)
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length <= excerptLength ? plain : `${plain.slice(0, excerptLength - 1).trimEnd()}…`;
}

const quoted = (text: string) => `“${excerptOf(text)}”`;
const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** The short quote an item shows, if any: a comment, reply, note or proposal that still exists. */
export function entryExcerpt(entry: FeedEntry): string | null {
  const { event, thread } = entry;
  if (event.type === 'reply-created') return entry.replyBody === null ? null : excerptOf(entry.replyBody);
  if (event.type !== 'thread-created' || !thread || thread.deleted) return null;
  if (thread.body !== '') return excerptOf(thread.body);
  return thread.kind === 'suggestion' ? excerptOf(thread.replacement ?? '') || null : null;
}

export function editStatsOf(entry: FeedEntry): EditStats | null {
  if (entry.event.type !== 'edit-session') return null;
  const p = payloadOf('edit-session', entry.event.payload);
  return {
    charsAdded: p.charsAdded ?? 0,
    charsRemoved: p.charsRemoved ?? 0,
    wordsAdded: p.wordsAdded ?? 0,
    wordsRemoved: p.wordsRemoved ?? 0,
    sections: p.sections ?? [],
    fromUpdateId: p.fromUpdateId ?? 0,
    toUpdateId: p.toUpdateId ?? 0,
    startedAt: p.startedAt ?? Number(entry.event.created_at),
    endedAt: p.endedAt ?? Number(entry.event.created_at),
  };
}

/** "Ana and Ben edited Final report: +1,240 words, mostly in Methods and Results." */
function editSentence(names: readonly string[], title: string, stats: Omit<EditStats, 'fromUpdateId' | 'toUpdateId' | 'startedAt' | 'endedAt'>): string {
  const change: string[] = [];
  if (stats.wordsAdded > 0 || stats.wordsRemoved > 0) {
    if (stats.wordsAdded > 0) change.push(`+${counted(stats.wordsAdded, 'word')}`);
    if (stats.wordsRemoved > 0) change.push(`-${counted(stats.wordsRemoved, 'word')}`);
  } else {
    if (stats.charsAdded > 0) change.push(`+${counted(stats.charsAdded, 'character')}`);
    if (stats.charsRemoved > 0) change.push(`-${counted(stats.charsRemoved, 'character')}`);
  }
  const named = stats.sections.filter((s): s is EditSection & { heading: string } => s.heading !== null);
  const shown = named.slice(0, 2).map((s) => s.heading);
  const where = shown.length === 0 ? '' : `${stats.sections.length > shown.length ? 'mostly in' : 'in'} ${joinPhrases(shown)}`;
  const who = `${joinNames(names)} edited ${title}`;
  if (change.length === 0) return `${who}${where ? ` ${where}` : ''}.`;
  return `${who}: ${joinPhrases(change)}${where ? `, ${where}` : ''}.`;
}

/**
 * Editing going on: "Ana is writing in Methods and Results of Final report.",
 * "… in Methods, Results and 2 more sections of …" beyond the headings shown,
 * "Ana is writing in Final report." before any heading is known.
 */
export function ongoingSentence(name: string, title: string, headings: readonly string[], more: number): string {
  if (headings.length === 0) return `${name} is writing in ${title}.`;
  const where = more > 0 ? [...headings, counted(more, 'more section', 'more sections')] : headings;
  return `${name} is writing in ${joinPhrases(where)} of ${title}.`;
}

const kindNoun: Record<ThreadKind, string> = { comment: 'comment', annotation: 'annotation', suggestion: 'suggestion' };

/** One readable sentence for an item, as `readerId` reads it. */
export function entryText(entry: FeedEntry, readerId: string): string {
  const { event, thread } = entry;
  const actor = entry.actor.name;
  const group = entry.group.name;
  const doc = entry.doc?.title ?? 'a document';
  const privately = thread?.visibility === 'instructors' ? 'privately ' : '';
  const whose = (author: { id: string; name: string }) =>
    author.id === readerId ? 'your' : author.id === entry.actor.id ? 'their' : `${author.name}’s`;
  switch (event.type) {
    case 'group-created':
      return `${actor} created ${group}.`;
    case 'member-joined': {
      const role = payloadOf('member-joined', event.payload).role ?? 'member';
      return `${actor} joined ${group} as ${article(role)}.`;
    }
    case 'member-role-changed': {
      const role = payloadOf('member-role-changed', event.payload).role ?? 'member';
      const subject = entry.subject?.id === readerId ? 'you' : (entry.subject?.name ?? 'someone');
      return `${actor} made ${subject} ${article(role)} in ${group}.`;
    }
    case 'member-left':
      return entry.subject === null || entry.subject.id === entry.actor.id
        ? `${actor} left ${group}.`
        : `${actor} removed ${entry.subject.id === readerId ? 'you' : entry.subject.name} from ${group}.`;
    case 'thread-created': {
      if (!thread) return `${actor} gave feedback on ${doc}.`;
      if (thread.deleted) return `${actor} ${privately}wrote ${article(kindNoun[thread.kind])} on ${doc}, since deleted.`;
      const note = thread.body === '' ? '' : `: ${quoted(thread.body)}`;
      if (thread.kind === 'comment') return `${actor} ${privately}commented on ${doc}${note}`;
      if (thread.kind === 'annotation') return `${actor} ${privately}marked ${quoted(thread.quote)} in ${doc} as ${thread.tag ?? 'annotated'}${note}`;
      const replacement = thread.replacement ?? '';
      if (replacement === '') return `${actor} ${privately}suggested deleting ${quoted(thread.quote)} in ${doc}.`;
      if (thread.quote === '') return `${actor} ${privately}suggested inserting ${quoted(replacement)} in ${doc}.`;
      return `${actor} ${privately}suggested replacing ${quoted(thread.quote)} with ${quoted(replacement)} in ${doc}.`;
    }
    case 'reply-created': {
      const on = thread ? `${whose(thread.author)} ${kindNoun[thread.kind]}` : 'a thread';
      return `${actor} ${privately}replied to ${on} on ${doc}${entry.replyBody ? `: ${quoted(entry.replyBody)}` : '.'}`;
    }
    case 'thread-status-changed': {
      const status = payloadOf('thread-status-changed', event.payload).status ?? 'resolved';
      const verb = status === 'open' ? 'reopened' : status;
      const what = thread ? `${thread.author.id === readerId ? 'your' : 'a'} ${kindNoun[thread.kind]}` : 'a thread';
      return `${actor} ${verb} ${what} on ${doc}.`;
    }
    case 'edit-session':
      return editSentence([actor], doc, editStatsOf(entry)!);
    case 'version-named': {
      const name = payloadOf('version-named', event.payload).name ?? '';
      return `${actor} named a version of ${doc}${name ? `: ${quoted(name)}` : '.'}`;
    }
  }
}

/** Sentences that sum entries up, most telling first; one sentence when there is nothing. */
export function summarySentences(entries: readonly FeedEntry[]): string[] {
  if (entries.length === 0) return ['Nothing new since your last visit.'];
  const sentences: string[] = [];

  // Editing, per document, the latest first.
  const edits = new Map<string, { title: string; byActor: Map<string, { name: string; words: number; chars: number }>; stats: EditStats[] }>();
  for (const entry of entries) {
    const stats = editStatsOf(entry);
    if (!stats || !entry.doc) continue;
    let doc = edits.get(entry.doc.id);
    if (!doc) edits.set(entry.doc.id, (doc = { title: entry.doc.title, byActor: new Map(), stats: [] }));
    doc.stats.push(stats);
    const actor = doc.byActor.get(entry.actor.id) ?? { name: entry.actor.name, words: 0, chars: 0 };
    actor.words += stats.wordsAdded;
    actor.chars += stats.charsAdded;
    doc.byActor.set(entry.actor.id, actor);
  }
  for (const doc of edits.values()) {
    const names = [...doc.byActor.values()]
      .sort((a, b) => b.words - a.words || b.chars - a.chars || a.name.localeCompare(b.name, 'en'))
      .map((a) => a.name);
    sentences.push(editSentence(names, doc.title, sumStats(doc.stats)));
  }

  const created = (kinds: ThreadKind[]) =>
    entries.filter((e) => e.event.type === 'thread-created' && e.thread !== null && !e.thread.deleted && kinds.includes(e.thread.kind));
  const comments = [...created(['comment', 'annotation']), ...entries.filter((e) => e.event.type === 'reply-created')];
  if (comments.length > 0) {
    const n = comments.length;
    const m = comments.filter((e) => e.needsYou === 'mention').length;
    const mentions =
      m === 0 ? '' : n === 1 ? ', which mentions you' : m === 1 ? ', one mentions you' : m === n ? `, ${n === 2 ? 'both' : 'all'} mention you` : `, ${formatCount(m)} mention you`;
    sentences.push(`${counted(n, 'new comment', 'new comments')}${mentions}.`);
  }
  const suggestions = created(['suggestion']);
  const waiting = suggestions.filter((e) => e.needsYou === 'suggestion-on-your-text').length;
  if (suggestions.length > waiting) sentences.push(`${counted(suggestions.length - waiting, 'new suggestion', 'new suggestions')}.`);
  if (waiting > 0) sentences.push(`${counted(waiting, 'suggestion')} on your text ${waiting === 1 ? 'waits' : 'wait'} for your answer.`);
  const open = entries.filter((e) => e.needsYou === 'thread-on-your-text').length;
  if (open > 0) sentences.push(`${counted(open, 'unresolved thread', 'unresolved threads')} on your text.`);

  const statuses = { resolved: 0, open: 0, accepted: 0, rejected: 0 };
  for (const entry of entries) {
    if (entry.event.type === 'thread-status-changed') statuses[payloadOf('thread-status-changed', entry.event.payload).status ?? 'resolved'] += 1;
  }
  const settled = [
    statuses.resolved && `${counted(statuses.resolved, 'thread')} resolved`,
    statuses.open && `${counted(statuses.open, 'thread')} reopened`,
    statuses.accepted && `${counted(statuses.accepted, 'suggestion')} accepted`,
    statuses.rejected && `${counted(statuses.rejected, 'suggestion')} rejected`,
  ].filter((phrase): phrase is string => typeof phrase === 'string');
  if (settled.length > 0) sentences.push(`${joinPhrases(settled)}.`);

  for (const entry of entries) {
    if (entry.event.type === 'version-named') sentences.push(entryText(entry, ''));
  }

  const byGroup = new Map<string, { name: string; joined: string[]; left: string[] }>();
  for (const entry of entries) {
    const type = entry.event.type;
    if (type !== 'member-joined' && type !== 'member-left') continue;
    const group = byGroup.get(entry.group.id) ?? { name: entry.group.name, joined: [], left: [] };
    byGroup.set(entry.group.id, group);
    const who = (entry.subject ?? entry.actor).name;
    const list = type === 'member-joined' ? group.joined : group.left;
    if (!list.includes(who)) list.push(who);
  }
  for (const group of byGroup.values()) {
    if (group.joined.length) sentences.push(`${joinNames(group.joined.reverse())} joined ${group.name}.`);
    if (group.left.length) sentences.push(`${joinNames(group.left.reverse())} left ${group.name}.`);
  }
  // Items that no sentence above sums up (a role change, say) are still news.
  return sentences.length > 0 ? sentences : [`${counted(entries.length, 'new update')}.`];
}

/** Several sessions' totals, sections merged by heading (most characters first, ties in first-seen order). */
function sumStats(all: readonly EditStats[]) {
  const sum = { charsAdded: 0, charsRemoved: 0, wordsAdded: 0, wordsRemoved: 0, sections: [] as EditSection[] };
  const sections = new Map<string | null, number>();
  for (const stats of [...all].reverse()) {
    sum.charsAdded += stats.charsAdded;
    sum.charsRemoved += stats.charsRemoved;
    sum.wordsAdded += stats.wordsAdded;
    sum.wordsRemoved += stats.wordsRemoved;
    for (const section of stats.sections) sections.set(section.heading, (sections.get(section.heading) ?? 0) + section.chars);
  }
  sum.sections = [...sections].map(([heading, chars]) => ({ heading, chars })).sort((a, b) => b.chars - a.chars);
  return sum;
}
