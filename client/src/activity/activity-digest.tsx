import type { FeedItem } from '../../../shared/schemas/activity';
import { useFeed, useMarkSeen } from '../api/activity-queries';
import { ErrorPanel, InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { feedSections, unreadLabel, type GroupDigest } from './feed-cache';
import { FeedItemRow } from './feed-item-row';
import { OngoingItemRow } from './ongoing-item-row';
import { useLiveFeed } from './live-feed';
import { TeamHealth } from './team-health';
import '../styles/activity.css';

/**
 * The home page's "while you were away": the summary in sentences,
 * what needs the reader, then the rest by group and place, each item linking
 * to its exact place; kept live from the feed's stream while the page is open.
 */
export function ActivityDigest() {
  const feed = useFeed();
  const live = useLiveFeed();
  const markSeen = useMarkSeen();
  const data = feed.data;
  const sections = data ? feedSections(data) : null;
  const isFresh = (item: FeedItem) => live.fresh.has(item.id);
  const ongoing = data?.ongoing ?? [];
  // Sentences that tell of editing listed below as going on are not said twice.
  const writing = (sentence: string) => ongoing.some((item) => sentence.startsWith(`${item.actor.name} is writing in `));

  return (
    <aside className="home-activity panel activity-digest" aria-labelledby="activity-title" data-live-status={live.status}>
      <div className="digest-head">
        {/* A first visit has no "while you were away": the summary says what the team has done so far. */}
        <h2 id="activity-title">{data?.firstVisit && data.items.length === 0 ? 'Your team so far' : 'While you were away'}</h2>
        {data && (
          <span className={data.unread > 0 ? 'unread-count' : 'unread-count unread-none'} data-unread={data.unread}>
            {unreadLabel(data.unread)}
          </span>
        )}
      </div>
      {/* Announces what arrives while the page is open, once each. */}
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {live.latest ? `New activity: ${live.latest.text}` : ''}
      </p>
      {feed.isPending && <Loading label="Loading what happened…" />}
      {feed.isError && !data && <ErrorPanel error={feed.error} onRetry={() => void feed.refetch()} />}
      {data && sections && (
        <>
          {ongoing.length > 0 && (
            <section className="digest-ongoing" aria-labelledby="ongoing-title">
              <h3 id="ongoing-title">Writing now</h3>
              <ol className="feed-items">
                {ongoing.map((item) => (
                  <OngoingItemRow key={item.sessionId ?? item.id} item={item} />
                ))}
              </ol>
            </section>
          )}
          {data.items.length > 0 && data.sentences.length > 0 && (
            <div className="digest-summary">
              {data.sentences.map((sentence) => (
                <p key={sentence}>{sentence}</p>
              ))}
            </div>
          )}
          {data.items.length === 0 ? (
            // With nothing unseen, the server's summary says what there is to say (on a first visit, the team so far);
            // once everything shown is marked read here, nothing is new since this visit.
            <div className="digest-empty">
              {(data.sentences.length > 0 ? data.sentences : ['Nothing new since your last visit.'])
                .filter((sentence) => !writing(sentence))
                .map((sentence) => (
                  <p key={sentence}>{sentence}</p>
                ))}
            </div>
          ) : (
            <>
              {sections.needsYou.length > 0 && (
                <section className="digest-needs-you" aria-labelledby="needs-you-title">
                  <h3 id="needs-you-title">Needs you ({data.needsYou})</h3>
                  <ol className="feed-items">
                    {sections.needsYou.map((item) => (
                      <FeedItemRow key={item.id} item={item} fresh={isFresh(item)} />
                    ))}
                  </ol>
                </section>
              )}
              {sections.groups.map((group) => (
                <GroupActivity
                  key={group.group.id}
                  digest={group}
                  isFresh={isFresh}
                  busy={markSeen.isPending}
                  onMarkSeen={() => markSeen.mutate(group.group.id)}
                />
              ))}
              {data.hasMore && <p className="muted small">And more: mark these as read to see older items.</p>}
              <p className="digest-actions">
                <button type="button" className="button small" onClick={() => markSeen.mutate(undefined)} disabled={markSeen.isPending}>
                  Mark all as read
                </button>
              </p>
            </>
          )}
          {markSeen.isError && <InlineError error={markSeen.error} />}
          <TeamHealth health={data.health} />
        </>
      )}
    </aside>
  );
}

function GroupActivity({
  digest,
  isFresh,
  busy,
  onMarkSeen,
}: {
  digest: GroupDigest;
  isFresh: (item: FeedItem) => boolean;
  busy: boolean;
  onMarkSeen: () => void;
}) {
  const headingId = `digest-group-${digest.group.id}`;
  return (
    <section className="digest-group" aria-labelledby={headingId}>
      <div className="digest-group-head">
        <h3 id={headingId}>{digest.group.name}</h3>
        <button type="button" className="link-button small" onClick={onMarkSeen} disabled={busy}>
          Mark read<span className="visually-hidden"> in {digest.group.name}</span>
        </button>
      </div>
      {digest.places.map(({ key, place, items }) => (
        <div key={key} className="digest-place">
          {place.doc && (
            <h4>
              {place.project && <span className="muted">{place.project.name} / </span>}
              {place.doc.title}
            </h4>
          )}
          <ol className="feed-items">
            {items.map((item) => (
              <FeedItemRow key={item.id} item={item} fresh={isFresh(item)} />
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
