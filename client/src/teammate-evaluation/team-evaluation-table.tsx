import { dimensionLevels, dimensions, type InstructorEvaluation } from '../../../shared/schemas/teammate-evaluation';
import { averageText, flagLabel, flagText, shareText } from './evaluation-words';

type TeamSummary = InstructorEvaluation['teams'][number];

/**
 * One team's evaluation for its instructors: per member the ratings'
 * figures (average by others, self, factor, flags in words) beside what
 * Commonplace measured in the team's copy (share of the text, editing
 * sessions, feedback given and received), a row marked where the two
 * disagree strongly, and below it everyone's ratings with their comments.
 */
export function TeamEvaluationTable({ summary }: { summary: TeamSummary }) {
  const names = new Map(summary.members.map((member) => [member.user.id, member.user.name]));
  const titleId = `team-evaluation-${summary.team.id}`;
  return (
    <section className="team-evaluation" aria-labelledby={titleId}>
      <h3 id={titleId}>{summary.team.name}</h3>
      <p className="muted small">
        {summary.open ? 'Open' : 'Not open yet'} · team average by others {averageText(summary.teamAverage)} ·{' '}
        {summary.members.filter((member) => member.submitted).length} of {summary.members.length} sent
      </p>
      <div className="evaluation-scroll">
        <table className="class-table evaluation-table">
          <caption className="visually-hidden">Teammate evaluation of {summary.team.name}, beside the measured contribution</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">By others</th>
              <th scope="col">Self</th>
              <th scope="col">Factor</th>
              <th scope="col">Flags</th>
              <th scope="col">Share of text</th>
              <th scope="col">Sessions</th>
              <th scope="col">Feedback given / received</th>
              <th scope="col">Grade</th>
            </tr>
          </thead>
          <tbody>
            {summary.members.map((member) => (
              <MemberRows key={member.user.id} member={member} />
            ))}
          </tbody>
        </table>
      </div>
      {summary.cliques.length > 0 && (
        <p className="small">
          Rating each other high and the rest low: {summary.cliques.map((clique) => clique.map((userId) => names.get(userId) ?? 'someone').join(' and ')).join('; ')}.
        </p>
      )}
      {summary.formerMembers.length > 0 && (
        <p className="muted small">No longer in the team, their ratings do not count: {summary.formerMembers.map((user) => user.name).join(', ')}.</p>
      )}
      {summary.ratings.length > 0 && (
        <details className="evaluation-ratings">
          <summary>Every rating and comment ({summary.ratings.length})</summary>
          <table className="class-table">
            <caption className="visually-hidden">Ratings of {summary.team.name} as sent</caption>
            <thead>
              <tr>
                <th scope="col">By</th>
                <th scope="col">Of</th>
                {dimensions.map((dimension) => (
                  <th scope="col" key={dimension}>
                    {dimensionLevels[dimension].title}
                  </th>
                ))}
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {summary.ratings.map((rating) => (
                <tr key={`${rating.rater.id} ${rating.ratee.id}`}>
                  <td>{rating.rater.name}</td>
                  <td>{rating.rater.id === rating.ratee.id ? 'Self' : rating.ratee.name}</td>
                  {dimensions.map((dimension) => (
                    <td key={dimension}>{rating.scores[dimension]}</td>
                  ))}
                  <td>{rating.comment ?? <span className="muted">–</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

function MemberRows({ member }: { member: TeamSummary['members'][number] }) {
  const measured = member.measured;
  return (
    <>
      <tr data-member={member.user.name} data-disagrees={member.disagrees !== null || undefined}>
        <th scope="row">
          {member.user.name}
          {!member.submitted && <span className="muted small block">Not sent</span>}
        </th>
        <td data-cell="by-others">
          {averageText(member.byOthers)}
          {member.raters > 0 && <span className="muted small block">{member.raters} rated</span>}
        </td>
        <td data-cell="self">{averageText(member.self)}</td>
        <td data-cell="factor">{member.factor === null ? '–' : member.factor.toFixed(2)}</td>
        <td data-cell="flags">
          {member.flags.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="plain-list evaluation-flags">
              {member.flags.map((flag) => (
                <li key={flag}>
                  <strong>{flagLabel[flag]}</strong>
                  <span className="small block">{flagText[flag]}</span>
                </li>
              ))}
            </ul>
          )}
        </td>
        <td data-cell="share">
          {shareText(measured?.share ?? null)}
          {measured && <span className="muted small block">{measured.surviving} characters</span>}
        </td>
        <td data-cell="sessions">{measured ? measured.sessions : '–'}</td>
        <td data-cell="feedback">{measured ? `${measured.feedbackGiven} / ${measured.feedbackReceived}` : '–'}</td>
        <td data-cell="grade">
          {member.grade ? (
            <>
              {member.grade.adjusted} / {member.grade.scoreMaximum}
              <span className="muted small block">
                team {member.grade.teamGrade} × {member.grade.factor === null ? 'no factor' : member.grade.factor.toFixed(4)}
              </span>
            </>
          ) : (
            <span className="muted">–</span>
          )}
        </td>
      </tr>
      {member.disagrees !== null && (
        <tr className="disagreement-row">
          <td colSpan={9} role="note">
            <strong>Ratings and measured contribution disagree:</strong> {member.disagrees}
          </td>
        </tr>
      )}
    </>
  );
}
