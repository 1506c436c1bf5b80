import { useId, useState, type FormEvent } from 'react';
import { InlineError } from '../ui/error-panel';

/** The largest cap offered; a course's teams are small groups. */
const maxCap = 50;

/**
 * Self-sign-up: whether learners in no team may pick one themselves, and
 * the most learners a team takes that way. Off, an instructor places
 * everyone. The saved value shows until the instructor changes it.
 */
export function SelfSignupSetting({
  cap,
  pending,
  error,
  onSave,
}: {
  cap: number | null;
  pending: boolean;
  error: unknown;
  onSave: (cap: number | null) => void;
}) {
  const sizeId = useId();
  const hintId = useId();
  const [on, setOn] = useState(cap !== null);
  const [size, setSize] = useState(String(cap ?? 4));
  const sizeNumber = Number(size);
  const sizeValid = Number.isInteger(sizeNumber) && sizeNumber >= 1 && sizeNumber <= maxCap;
  const wanted = on ? sizeNumber : null;
  const changed = wanted !== cap;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (on && !sizeValid) return;
    onSave(wanted);
  };

  return (
    <form className="self-signup" aria-label="Self-sign-up" onSubmit={submit} noValidate>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(event) => setOn(event.target.checked)} aria-describedby={hintId} />
        Let learners in no team join one themselves
      </label>
      {on && (
        <div className="field self-signup-size">
          <label htmlFor={sizeId}>Most learners per team</label>
          <input
            id={sizeId}
            type="number"
            inputMode="numeric"
            min={1}
            max={maxCap}
            value={size}
            aria-invalid={sizeValid ? undefined : true}
            onChange={(event) => setSize(event.target.value)}
          />
        </div>
      )}
      <button type="submit" className="button small" disabled={pending || !changed || (on && !sizeValid)}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      <p className="hint" id={hintId}>
        {cap === null ? 'Now off: you place every learner.' : `Now on: a team takes at most ${cap} learners this way.`}
      </p>
      <InlineError error={error} />
    </form>
  );
}
