import { z } from 'zod';

/**
 * What reaches a member who is away, and how: each kind of notification
 * comes by mail at once (batched, a short delay after the first), only in
 * the digest, or not at all; the "while you were away" digest comes daily or
 * weekly at a local hour; quiet hours hold mail back until they end.
 */

/**
 * The kinds of notification a member controls one by one:
 * - `replies`: a reply in a thread they started or replied in;
 * - `mentions`: a thread or reply that mentions them;
 * - `suggestions`: a suggestion on text they wrote;
 * - `decisions`: a suggestion of theirs accepted or rejected;
 * - `reminders`: an assignment due soon that their team has not submitted
 *   (for instructors: the teams at risk).
 */
export const notificationKinds = ['replies', 'mentions', 'suggestions', 'decisions', 'reminders'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Immediately (by mail, batched), only in the digest, or never. */
export const deliveries = ['immediately', 'digest', 'off'] as const;
export type Delivery = (typeof deliveries)[number];

export const digestFrequencies = ['daily', 'weekly', 'off'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];

/** Every kind of mail a one-click unsubscribe can turn off: the notification kinds and the digest. */
export const mailKinds = [...notificationKinds, 'digest'] as const;
export type MailKind = (typeof mailKinds)[number];

const hour = z.number().int().min(0).max(23);

/** An IANA time zone name the runtime knows ("Europe/Paris"). */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (name) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: name });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not a known time zone' },
  );

const delivery = z.enum(deliveries);

export const notificationSettings = z.object({
  delivery: z.object({ replies: delivery, mentions: delivery, suggestions: delivery, decisions: delivery, reminders: delivery }),
  digest: z.object({
    frequency: z.enum(digestFrequencies),
    /** The local hour (0-23) it is sent at. */
    hour,
    /** For a weekly digest, the day: 0 is Sunday. */
    weekday: z.number().int().min(0).max(6),
  }),
  timeZone,
  /** Local hours during which no mail is sent (held until they end); null for none. start == end is refused. */
  quietHours: z
    .strictObject({ start: hour, end: hour })
    .refine((q) => q.start !== q.end, { message: 'must start and end at different hours' })
    .nullable(),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;

/** A change to some of the settings; what is left out stays. Unknown keys at any depth are refused, so a misspelt kind is an error, not a silent no-op. */
export const notificationSettingsPatch = z
  .object({
    delivery: notificationSettings.shape.delivery.partial().strict(),
    digest: notificationSettings.shape.digest.partial().strict(),
    timeZone,
    quietHours: notificationSettings.shape.quietHours,
  })
  .partial()
  .strict();
export type NotificationSettingsPatch = z.infer<typeof notificationSettingsPatch>;

/** What a member gets before choosing: everything at once, a daily digest at 8 in the morning, UTC. */
export const defaultNotificationSettings: NotificationSettings = {
  delivery: { replies: 'immediately', mentions: 'immediately', suggestions: 'immediately', decisions: 'immediately', reminders: 'immediately' },
  digest: { frequency: 'daily', hour: 8, weekday: 1 },
  timeZone: 'UTC',
  quietHours: null,
};
