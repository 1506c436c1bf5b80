import type { ClassTeamRecord } from '../assignments/class-view';
import { type MailContent, renderMail } from '../mail/layout';

/** How long before a team's due time a reminder goes: two days, then one. */
export type ReminderStep = '48h' | '24h';

export const reminderSteps: Record<ReminderStep, { beforeMs: number; words: string }> = {
  '48h': { beforeMs: 48 * 60 * 60 * 1000, words: '2 days' },
  '24h': { beforeMs: 24 * 60 * 60 * 1000, words: '24 hours' },
};

/** Where a mail's links go and how it can be turned off. */
export interface ReminderLinks {
  origin: string;
  unsubscribeUrl: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  /** The same reminder in the notification inbox: one sentence and the app path it opens. */
  inbox: { text: string; path: string };
}

/** A due time as the reader's clock shows it ("Friday 5 March 2027 at 17:00"). */
export function localDueTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(at);
}

function footer(links: ReminderLinks, reason: string): Pick<MailContent, 'reason' | 'settingsUrl' | 'unsubscribeUrl'> {
  return { reason, settingsUrl: `${links.origin}/settings#notifications`, unsubscribeUrl: links.unsubscribeUrl };
}

/** The reminder to a learner whose team has not submitted: the due time on their clock and the way to the team's copy. */
export function learnerReminder(
  reminder: { assignmentId: string; title: string; team: ClassTeamRecord; step: ReminderStep; timeZone: string },
  links: ReminderLinks,
): RenderedMail {
  const { title, team, step } = reminder;
  const heading = `${title} is due in ${reminderSteps[step].words}`;
  const place = team.docId ? `/docs/${team.docId}` : `/assignments/${reminder.assignmentId}`;
  const written = team.words === 0 ? 'Nothing is written in your team’s copy yet.' : `Your team’s copy has ${team.words} words so far.`;
  const { html, text } = renderMail({
    heading,
    paragraphs: [
      `${team.team.name} has not submitted ${title} yet. It is due ${localDueTime(team.dueAt, reminder.timeZone)}.`,
      written,
    ],
    action: { label: team.docId ? 'Open your team’s copy' : 'Open the assignment', url: links.origin + place },
    ...footer(links, 'You get this because your team has not submitted an assignment that is due soon.'),
  });
  return { subject: `Reminder: ${heading}`, html, text, inbox: { text: `${heading}, and ${team.team.name} has not submitted it yet.`, path: place } };
}

/** What the summary says of a team at risk: how far it got. */
function teamLine(team: ClassTeamRecord): string {
  const written = team.words === 0 ? 'nothing written yet' : `${team.words} words written`;
  const quiet = team.members.filter((member) => member.quiet).map((member) => member.name);
  return `${team.team.name}: not submitted, ${written}${quiet.length > 0 ? `; quiet lately: ${quiet.join(', ')}` : ''}`;
}

/** The summary to an instructor: the teams that have not submitted, with how much each has written, least first. */
export function instructorSummary(
  summary: { assignmentId: string; title: string; teams: readonly ClassTeamRecord[]; dueAt: number; step: ReminderStep; timeZone: string },
  links: ReminderLinks,
): RenderedMail {
  const { title, teams, step } = summary;
  const atRisk = [...teams].sort((a, b) => a.words - b.words || a.team.name.localeCompare(b.team.name));
  const count = atRisk.length === 1 ? '1 team has' : `${atRisk.length} teams have`;
  const heading = `${count} not submitted ${title}`;
  const { html, text } = renderMail({
    heading,
    paragraphs: [`${title} is due in ${reminderSteps[step].words}, ${localDueTime(summary.dueAt, summary.timeZone)}. Their learners were reminded.`],
    sections: [
      {
        title: 'Teams at risk',
        items: atRisk.map((team) => ({ text: teamLine(team), url: links.origin + (team.docId ? `/docs/${team.docId}` : `/assignments/${summary.assignmentId}`) })),
      },
    ],
    action: { label: 'Open the class view', url: `${links.origin}/assignments/${summary.assignmentId}` },
    ...footer(links, 'You get this because you teach a course with an assignment due soon that some teams have not submitted.'),
  });
  return { subject: `Reminder: ${heading}`, html, text, inbox: { text: `${heading}, due in ${reminderSteps[step].words}.`, path: `/assignments/${summary.assignmentId}` } };
}
