// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, Suspense, type ComponentType, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Chunk, chunkComponent } from './chunk';

/** A page chunk whose import the test settles by hand. */
function manualChunk<Props extends object = object>() {
  type Module = { default: ComponentType<Props> };
  let settle!: { resolve: (module: Module) => void; reject: (error: Error) => void };
  const arrival = new Promise<Module>((resolve, reject) => (settle = { resolve, reject }));
  const load: Chunk<Module> = Object.assign(() => arrival.then((module) => (load.loaded = module)), { loaded: undefined });
  return { load, settle };
}

const DocumentPage = () => <h1>The document</h1>;

/** The route's error page, as far as this test needs it. */
class ErrorPage extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p role="alert">{this.state.error.message}</p> : this.props.children;
  }
}

/** Renders `Page` under a Suspense boundary that counts how often its fallback was drawn. */
function renderPage(Page: ComponentType) {
  const fallbacks = { drawn: 0 };
  const Fallback = () => {
    fallbacks.drawn += 1;
    return <p>Suspended</p>;
  };
  render(
    <ErrorPage>
      <Suspense fallback={<Fallback />}>
        <Page />
      </Suspense>
    </ErrorPage>,
  );
  return fallbacks;
}

afterEach(cleanup);

describe('chunkComponent', () => {
  it('shows its label until the chunk is here, then the page, and never suspends (React would hold the page back 300 ms after a fallback)', async () => {
    const { load, settle } = manualChunk();
    const fallbacks = renderPage(chunkComponent(load, 'Loading the editor…'));
    expect(screen.getByRole('status').textContent).toBe('Loading the editor…');
    await act(async () => settle.resolve({ default: DocumentPage }));
    expect(screen.getByRole('heading', { name: 'The document' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
    expect(fallbacks.drawn).toBe(0);
  });

  it('draws the page at once when its chunk came before (loaded at start-up, or on hovering a link)', async () => {
    const { load, settle } = manualChunk();
    settle.resolve({ default: DocumentPage });
    await load();
    renderPage(chunkComponent(load, 'Loading the editor…'));
    expect(screen.getByRole('heading', { name: 'The document' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('passes its props on to the component', async () => {
    const { load, settle } = manualChunk<{ team: string }>();
    const Section = chunkComponent(load, 'Loading teams…');
    render(<Section team="Team Otter" />);
    await act(async () => settle.resolve({ default: ({ team }) => <h2>{team}</h2> }));
    expect(screen.getByRole('heading', { name: 'Team Otter' })).toBeTruthy();
  });

  it('throws a chunk that failed to load to the error page', async () => {
    // React reports what an error boundary caught on the console: expected here, so kept out of the test's output.
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { load, settle } = manualChunk();
    const fallbacks = renderPage(chunkComponent(load, 'Loading the editor…'));
    await act(async () => settle.reject(new Error('Failed to fetch dynamically imported module')));
    expect(screen.getByRole('alert').textContent).toBe('Failed to fetch dynamically imported module');
    expect(fallbacks.drawn).toBe(0);
    expect(reported).toHaveBeenCalled();
    reported.mockRestore();
  });
});
