import { describe, expect, it } from 'vitest';
import {
  editorText,
  openContext,
  openPage,
  screenshot,
  typeAtEnd,
  twoWriters,
  useApp,
  waitForSyncStatus,
  waitForText,
  waitUntilOpensOffline,
} from './harness';

const app = useApp();

describe('writing offline', () => {
  it('keeps edits through a reload without a connection and merges them when it returns', async () => {
    const { docId, first, second } = await twoWriters(app, ['Ida Pfeiffer', 'Nellie Bly']);
    const { context: travellerContext, page: travellerPage } = first;
    const { user: stayer, page: stayerPage } = second;
    await typeAtEnd(travellerPage, 'Day one: left Vienna.');
    await waitForText(stayerPage, 'Day one: left Vienna.');

    // The app shell and the document's details must be cached before the network goes
    // (the service worker caches API reads once it controls the page).
    await waitUntilOpensOffline(travellerPage, docId);

    await travellerContext.setOffline(true);
    await waitForSyncStatus(travellerPage, 'offline');
    await typeAtEnd(travellerPage, ' Day two: no signal at sea.');
    await travellerPage.getByText('Offline · changes kept on this device').waitFor();
    await screenshot(travellerPage, 'document-offline');
    // Meanwhile the other writer keeps going online.
    await typeAtEnd(stayerPage, ' Meanwhile in New York.');
    await waitForSyncStatus(stayerPage, 'saved');

    // Reload while still offline: the service worker serves the page, IndexedDB the text.
    await travellerPage.reload();
    await waitForText(travellerPage, 'Day two: no signal at sea.');
    await waitForSyncStatus(travellerPage, 'offline');
    // It really is offline, and the page came from the service worker.
    expect(await travellerPage.evaluate(() => fetch('/api/health').then(() => 'reached', () => 'unreachable'))).toBe('unreachable');
    expect(await travellerPage.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await editorText(travellerPage)).toContain('Day one: left Vienna. Day two: no signal at sea.');

    // Back online: both end with the same text, including the offline edit.
    await travellerContext.setOffline(false);
    await waitForText(travellerPage, 'Meanwhile in New York.');
    await waitForText(stayerPage, 'Day two: no signal at sea.');
    await waitForSyncStatus(travellerPage, 'saved');
    await waitForSyncStatus(stayerPage, 'saved');
    const final = await editorText(travellerPage);
    expect(final).toContain('Day two: no signal at sea.');
    expect(final).toContain('Meanwhile in New York.');
    expect(await editorText(stayerPage)).toBe(final);

    // "Saved" meant stored: a fresh device with no local copy loads the same text from the server.
    const fresh = await openPage(await openContext(app, stayer), `/docs/${docId}`);
    await waitForSyncStatus(fresh, 'saved');
    expect(await editorText(fresh)).toBe(final);
  });
});
