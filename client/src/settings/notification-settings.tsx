import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { notificationKinds, notificationSettings, type NotificationSettings as Settings } from '../../../shared/schemas/notifications';
import { callNotificationSettings } from '../api/notification-settings-endpoints';
import { ErrorPanel, InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import {
  browserTimeZone,
  Choice,
  deliveryLabels,
  frequencyLabels,
  HourSelect,
  kindLabels,
  timeZonesWith,
  weekdayNames,
} from './notification-settings-fields';
import './notification-settings.css';

export const notificationSettingsKey = ['notification-settings'] as const;

/** The id of the settings page's notifications section: mails link to `/settings#notifications`. */
export const notificationsAnchor = 'notifications';

const quietDefault = { start: 22, end: 7 };

/**
 * What reaches the member by mail and when: each kind immediately, in the
 * digest or not at all; the digest daily or weekly at a local hour; their
 * time zone; quiet hours that hold mail back. Loads the saved settings,
 * edits a copy, and saves all of it at once.
 */
export function NotificationSettings() {
  const settings = useQuery({ queryKey: notificationSettingsKey, queryFn: () => callNotificationSettings('GET /api/me/notification-settings') });
  const location = useLocation();
  const loaded = settings.isSuccess;

  // A mail's link lands here once the section has its height.
  useEffect(() => {
    if (loaded && location.hash === `#${notificationsAnchor}`) document.getElementById(notificationsAnchor)?.scrollIntoView?.();
  }, [loaded, location.hash]);

  if (settings.isPending) return <Loading label="Loading your notification settings…" />;
  if (settings.isError) return <ErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />;
  return <NotificationSettingsForm saved={settings.data} />;
}

/** The first problem of each field, by its dotted path ("quietHours", "digest.hour"). */
function problemsOf(draft: Settings): Record<string, string> {
  const parsed = notificationSettings.safeParse(draft);
  const problems: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) problems[issue.path.join('.')] ??= issue.message;
  return problems;
}

function NotificationSettingsForm({ saved }: { saved: Settings }) {
  const queryClient = useQueryClient();
  const zoneId = useId();
  // A member who never chose a zone has UTC, the server's default: their browser's zone is the likelier choice.
  const zonePreselected = saved.timeZone === 'UTC' && browserTimeZone() !== 'UTC';
  const [draft, setDraft] = useState<Settings>(() => (zonePreselected ? { ...saved, timeZone: browserTimeZone() } : saved));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: Settings) => callNotificationSettings('PATCH /api/me/notification-settings', { body }),
    onSuccess: (settings) => {
      queryClient.setQueryData(notificationSettingsKey, settings);
      setDraft(settings);
    },
  });

  const change = (next: (current: Settings) => Settings) => {
    save.reset();
    setProblems({});
    setDraft(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = problemsOf(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) save.mutate(draft);
  };

  const digestOff = draft.digest.frequency === 'off';
  const someInDigest = notificationKinds.some((kind) => draft.delivery[kind] === 'digest');
  const quietError = problems.quietHours ?? problems['quietHours.end'];

  return (
    <form className="notification-settings" onSubmit={submit} noValidate aria-label="Notification settings">
      <section aria-labelledby={`${zoneId}-mail`}>
        <h3 id={`${zoneId}-mail`}>By mail</h3>
        <p className="muted small">Immediately: a few minutes after, several in one mail, and only if you have not seen them in the app meanwhile.</p>
        {notificationKinds.map((kind) => (
          <Choice
            key={kind}
            legend={kindLabels[kind].label}
            explanation={kindLabels[kind].explanation}
            options={deliveryLabels}
            value={draft.delivery[kind]}
            onChange={(delivery) => change((current) => ({ ...current, delivery: { ...current.delivery, [kind]: delivery } }))}
          />
        ))}
      </section>

      <section aria-labelledby={`${zoneId}-digest`}>
        <h3 id={`${zoneId}-digest`}>Digest</h3>
        <Choice
          legend="The “while you were away” digest by mail"
          explanation="What happened in your groups since you last looked, sent only when there is something new."
          options={frequencyLabels}
          value={draft.digest.frequency}
          onChange={(frequency) => change((current) => ({ ...current, digest: { ...current.digest, frequency } }))}
        />
        {digestOff && someInDigest && <p className="hint">With the digest off, what you set to “In the digest” shows only in the app.</p>}
        <div className="field-row">
          <HourSelect
            label="Digest hour (your time)"
            value={draft.digest.hour}
            disabled={digestOff}
            onChange={(hour) => change((current) => ({ ...current, digest: { ...current.digest, hour } }))}
          />
          {draft.digest.frequency === 'weekly' && (
            <div className="field">
              <label htmlFor={`${zoneId}-weekday`}>Digest day</label>
              <select
                id={`${zoneId}-weekday`}
                value={draft.digest.weekday}
                onChange={(event) => {
                  const weekday = Number(event.target.value);
                  change((current) => ({ ...current, digest: { ...current.digest, weekday } }));
                }}
              >
                {weekdayNames.map((name, day) => (
                  <option key={name} value={day}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      </section>

      <section aria-labelledby={`${zoneId}-when`}>
        <h3 id={`${zoneId}-when`}>Time zone and quiet hours</h3>
        <div className="field">
          <label htmlFor={`${zoneId}-zone`}>Time zone</label>
          <select
            id={`${zoneId}-zone`}
            value={draft.timeZone}
            aria-describedby={zonePreselected ? `${zoneId}-zone-hint` : undefined}
            onChange={(event) => {
              const timeZone = event.target.value;
              change((current) => ({ ...current, timeZone }));
            }}
          >
            {timeZonesWith(draft.timeZone).map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          {zonePreselected && (
            <p className="hint" id={`${zoneId}-zone-hint`}>
              Your browser’s time zone. Save to use it for your digest and quiet hours.
            </p>
          )}
        </div>
        <label className="notification-quiet-toggle">
          <input
            type="checkbox"
            checked={draft.quietHours !== null}
            onChange={(event) => {
              const on = event.target.checked;
              change((current) => ({ ...current, quietHours: on ? quietDefault : null }));
            }}
          />{' '}
          Hold mail during quiet hours (it goes when they end)
        </label>
        {draft.quietHours && (
          <div className="field-row">
            <HourSelect
              label="Quiet from"
              value={draft.quietHours.start}
              onChange={(start) => change((current) => ({ ...current, quietHours: { ...quietDefault, ...current.quietHours, start } }))}
            />
            <HourSelect
              label="Quiet until"
              value={draft.quietHours.end}
              error={quietError}
              onChange={(end) => change((current) => ({ ...current, quietHours: { ...quietDefault, ...current.quietHours, end } }))}
            />
          </div>
        )}
      </section>

      {save.isError && <InlineError error={save.error} />}
      {save.isSuccess && <p role="status">Notification settings saved.</p>}
      <button type="submit" className="button primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save notification settings'}
      </button>
    </form>
  );
}
