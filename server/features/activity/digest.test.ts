import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, comment, createTeam, endSessions } from './test-activity';

/**
 * GET /api/feed/digest: the feed as an email in the mail layout, HTML and
 * plain text, with every string users wrote escaped, and absolute links.
 */
describe('GET /api/feed/digest', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ APP_ORIGIN: 'https://commonplace.example' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('renders the summary, what waits for the reader and the rest by place, escaping user text', async () => {
    const t = await createTeam(
      server,
      [
        ['Ines', 'instructor'],
        ['<img src=x onerror=alert(1)>', 'member'],
        ['Cy', 'member'],
      ],
      { title: '<b>Report</b> & "notes"', groupName: 'Team <script>' },
    );
    const cy = t.people.Cy!;
    const evil = t.people['<img src=x onerror=alert(1)>']!;
    const origin = 'https://commonplace.example';
    await t.writers.edit(cy, (f) => f.insert(0, [block('paragraph', 'Cy wrote this.')]));
    await t.writers.edit(evil, (f) => f.insert(1, [block('heading', '<h1>Methods</h1>'), block('paragraph', 'Some words here.')]));
    await endSessions(server);
    const thread = await comment(server, t, evil, `<script>alert("x")</script> @[Cy](${cy.user.id})`, 'Cy wrote');

    const response = await server.api('GET', '/api/feed/digest', { as: cy, headers: { origin } });
    expect(response.status).toBe(200);
    const { subject, html, text } = response.body;
    expect(subject).toBe('2 new updates in Commonplace, 1 for you');

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Report');
    expect(html).not.toContain('<h1>Methods');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; edited &lt;b&gt;Report&lt;/b&gt; &amp; &quot;notes&quot;: +4 words, in &lt;h1&gt;Methods&lt;/h1&gt;.');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; @Cy');
    expect(html).toContain('<h2 style="margin:20px 0 6px;font-size:16px;color:#57606a">Waiting for you</h2>');
    expect(html).toContain(`<a href="${origin}/docs/${t.docId}?thread=${thread.id}"`);
    expect(html).toContain(`Team &lt;script&gt; › Test project › &lt;b&gt;Report&lt;/b&gt; &amp; &quot;notes&quot;`);

    // The plain text says the same, unescaped, with the links written out.
    expect(text).toContain('<img src=x onerror=alert(1)> edited <b>Report</b> & "notes": +4 words, in <h1>Methods</h1>.');
    expect(text).toContain(`  ${origin}/docs/${t.docId}?thread=${thread.id}`);
    expect(text.startsWith('While you were away\n\n')).toBe(true);

    // In the one look of every mail: the product's name, the way back in, and a footer that says why.
    expect(html).toContain('>Commonplace</p>');
    expect(text).toContain(`Open Commonplace: ${origin}/`);
    expect(text).toContain('\n--\nThe news of your groups in Commonplace since your last visit.');
  });

  it('says when there is nothing new since the last visit', async () => {
    const t = await createTeam(server, [['Ines', 'instructor']]);
    await server.api('POST', '/api/feed/seen', { as: t.people.Ines, body: {} });
    const { body } = await server.api('GET', '/api/feed/digest', { as: t.people.Ines });
    expect(body.subject).toBe('Nothing new in Commonplace');
    expect(body.text).toContain('Nothing new since your last visit.');
  });

  it('on a first visit, says what the team has done so far, not "nothing new"', async () => {
    const t = await createTeam(server, [['Ines', 'instructor']], { groupName: 'Team Green' });
    const { body } = await server.api('GET', '/api/feed/digest', { as: t.people.Ines });
    expect(body.subject).toBe('Your team so far in Commonplace');
    expect(body.text.startsWith('Your team so far\n\nSince Team Green started: 1 document.\n')).toBe(true);
    expect(body.text).not.toContain('Nothing new');
  });
});
