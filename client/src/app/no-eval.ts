import { z } from 'zod';

/**
 * zod compiles object parsers with `new Function` when it finds eval
 * allowed, and finds out by trying once, as the first object schema is
 * built. Our Content-Security-Policy (script-src 'self', no 'unsafe-eval')
 * refuses it, so the try only files a violation on every page. Told not to
 * try, zod parses the way it would after the refusal.
 *
 * The shared schemas are built as their modules load, so this must run
 * before any of them: main.tsx imports it first, and the build keeps the
 * start-up modules in one file, in import order (vite.config.ts).
 */
z.config({ jitless: true });
