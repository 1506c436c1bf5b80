import { Hono } from 'hono';
import type { Domain } from '../../domain';
import { notFound } from '../../errors';
import type { AppEnv } from '../../http/env';
import { route } from '../../http/route';
import { escapeHtml } from './layout';
import { LogTransport } from './transport';

/**
 * GET /dev/mail: on a development machine without SMTP_URL, the last mails
 * the server "sent" (to the log), newest first, so a reset or notification
 * link can be followed. It does not exist in production or with SMTP_URL.
 */
export function devMailRoutes({ mail }: Pick<Domain, 'mail'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  route(app, 'GET /dev/mail', (c) => {
    const transport = mail.transport;
    if (process.env.NODE_ENV === 'production' || !(transport instanceof LogTransport)) throw notFound('This page');
    const items = transport.recent().map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to)} · ${escapeHtml(new Date(m.at).toISOString())} · ${escapeHtml(m.messageId)}</p><pre>${escapeHtml(m.text)}</pre></article>`,
    );
    return c.html(
      [
        '<!doctype html><html><head><meta charset="utf-8"><title>Mail (development)</title></head><body>',
        '<h1>Mail written to the log</h1>',
        '<p>No SMTP_URL is set, so mail is not sent; these are the last 50, newest first.</p>',
        items.length ? items.join('\n') : '<p>No mail yet.</p>',
        '</body></html>',
      ].join('\n'),
    );
  });
  return app;
}
