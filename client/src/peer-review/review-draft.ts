import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PeerReview, ReviewAnswer } from '../../../shared/schemas/peer-reviews';
import { callPeerReview } from './peer-review-endpoints';
import { peerReviewKeys } from './peer-review-queries';

/**
 * A review's draft as its writers type: kept here, and saved whole (PUT)
 * a moment after the last keystroke, so that a reload finds it. One save
 * runs at a time; a change made while one runs is saved after it. The
 * state says whether what is on screen is saved, being saved, waiting, or
 * failed to save (and so not yet safe to leave).
 */

export interface ReviewDraft {
  answers: ReviewAnswer[];
  overallComment: string;
}

export type SaveStatus = 'saved' | 'waiting' | 'saving' | 'failed';

/** The draft the review holds, with one answer per criterion (a rubric longer than the answers gets empty ones). */
export function draftOfReview(review: Pick<PeerReview, 'rubric' | 'answers' | 'overallComment'>): ReviewDraft {
  return {
    answers: review.rubric.criteria.map((_, index) => review.answers[index] ?? { level: null, comment: '' }),
    overallComment: review.overallComment,
  };
}

/** The draft with criterion `index`'s answer changed. */
export function withAnswer(draft: ReviewDraft, index: number, change: Partial<ReviewAnswer>): ReviewDraft {
  return { ...draft, answers: draft.answers.map((answer, i) => (i === index ? { ...answer, ...change } : answer)) };
}

export function useReviewDraft(review: PeerReview, delayMs = 800) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ReviewDraft>(() => draftOfReview(review));
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(draft);
  const version = useRef(0);
  const savedVersion = useRef(0);
  const running = useRef<Promise<unknown> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const reviewId = review.id;

  /** Saves what is on screen unless it is saved already; true once it is. */
  const save = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (running.current) await running.current.catch(() => undefined);
    if (savedVersion.current === version.current) return true;
    const sending = version.current;
    setStatus('saving');
    const request = callPeerReview('PUT /api/peer-reviews/:reviewId', { params: { reviewId }, body: latest.current });
    running.current = request;
    try {
      const answer = await request;
      savedVersion.current = sending;
      queryClient.setQueryData(peerReviewKeys.review(reviewId), answer);
    } catch (failure) {
      setError(failure);
      setStatus('failed');
      // A refusal (submitted by a teammate, past the due time) changes what the page may do: ask again.
      void queryClient.invalidateQueries({ queryKey: peerReviewKeys.review(reviewId) });
      return false;
    } finally {
      running.current = null;
    }
    if (savedVersion.current !== version.current) return save();
    setError(null);
    setStatus('saved');
    return true;
  }, [queryClient, reviewId]);

  const change = useCallback(
    (next: ReviewDraft) => {
      latest.current = next;
      version.current += 1;
      setDraft(next);
      setStatus('waiting');
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void save(), delayMs);
    },
    [save, delayMs],
  );

  // Leaving with changes not yet saved: the browser asks first, and a page that goes anyway sends
  // them as it goes (keepalive outlives the page); leaving the page within the app saves them.
  const unsaved = status !== 'saved';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    const sendAsItGoes = () => {
      if (savedVersion.current === version.current) return;
      void fetch(`/api/peer-reviews/${encodeURIComponent(reviewId)}`, {
        method: 'PUT',
        credentials: 'same-origin',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(latest.current),
      }).catch(() => undefined);
    };
    window.addEventListener('beforeunload', warn);
    window.addEventListener('pagehide', sendAsItGoes);
    return () => {
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('pagehide', sendAsItGoes);
    };
  }, [unsaved, reviewId]);
  useEffect(
    () => () => {
      if (savedVersion.current !== version.current) void save();
    },
    [save],
  );

  return { draft, change, save, status, error };
}
