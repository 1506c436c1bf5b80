import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { routeChunks } from './scripts/route-chunks.ts';

/**
 * The web client. `npm run build` writes it to dist/client, which the server
 * serves (server/http/client-assets.ts); `npm run dev` serves it from Vite on
 * :5173 and proxies the API and the sync socket to the server on :3000. The
 * proxy keeps the browser's Host header, so the server's origin check sees the
 * page's own origin.
 */
const server = 'http://localhost:3000';

/**
 * React Router's package exports point every import at its development build
 * (dev warnings on, ENABLE_DEV_WARNINGS = true), production builds included:
 * a known fault of its export map. The build takes its production build
 * instead, the same code without the warnings' checks and messages; both
 * entries move together, so the app and react-router/dom share one copy of
 * the router's context. The dev server keeps the warnings.
 */
function reactRouterProductionBuild() {
  const dist = join(dirname(createRequire(import.meta.url).resolve('react-router/package.json')), 'dist/production');
  return [
    { find: /^react-router$/, replacement: join(dist, 'index.mjs') },
    { find: /^react-router\/dom$/, replacement: join(dist, 'dom-export.mjs') },
  ];
}

export default defineConfig(({ command }) => ({
  root: 'client',
  resolve: { alias: command === 'build' ? reactRouterProductionBuild() : [] },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The document page (Tiptap, Yjs) is its own chunk; see client/src/app/routes.tsx.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the app imports at start-up is one file, the entry,
          // its modules run in import order. Left to itself the bundler put
          // each module that a lazy page shares (zod, the schemas, React)
          // into a chunk of its own, nine in all, and a chunk the entry
          // imports runs before any of the entry's own modules: setup that
          // main.tsx imports first (client/src/app/no-eval.ts) ran after the
          // schemas it was for. Lazy pages import what they share from the entry.
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: server },
      '/ws': { target: server, ws: true },
    },
  },
  plugins: [
    react(),
    routeChunks(),
    VitePWA({
      // Registered from our own module (client/src/app/service-worker.ts):
      // the Content-Security-Policy allows no inline script.
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: {
        name: 'Commonplace',
        short_name: 'Commonplace',
        description: 'Write together, give feedback, see who contributed what.',
        start_url: '/',
        display: 'standalone',
        background_color: '#f7f6f2',
        theme_color: '#2f5d50',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // The app shell: every page route opens offline from the precached index.html.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/ws\//, /^\/metrics/],
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // Reads fall back to the last answer when the network is gone, so a
            // document opens offline with its title and the reader's role. The
            // cache is cleared at sign-in and sign-out (client/src/api/offline-cache.ts).
            // Not the live streams of feedback and of the activity feed (Server-Sent Events): they never end, so they cannot be cached.
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.pathname.startsWith('/api/') &&
              url.pathname !== '/api/health' &&
              !url.pathname.endsWith('/threads/stream') &&
              url.pathname !== '/api/feed/stream',
            handler: 'NetworkFirst',
            options: {
              cacheName: 'commonplace-api',
              networkTimeoutSeconds: 10,
              expiration: { maxEntries: 200, maxAgeSeconds: 14 * 24 * 60 * 60 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
}));
