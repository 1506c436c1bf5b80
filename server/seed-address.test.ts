import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { appAddress } from './seed-address';

const addressFor = (env: Record<string, string>) => appAddress(parseConfig(env));

describe('the address the seed prints', () => {
  it('follows PORT, not a fixed 3000', () => {
    expect(addressFor({})).toBe('http://localhost:3000');
    expect(addressFor({ PORT: '8080' })).toBe('http://localhost:8080');
  });

  it('is APP_ORIGIN when set, whatever the port', () => {
    expect(addressFor({ PORT: '8080', APP_ORIGIN: 'https://write.example.edu/' })).toBe('https://write.example.edu');
  });

  it('names the address a server bound to one interface listens on', () => {
    expect(addressFor({ HOST: '127.0.0.1', PORT: '4000' })).toBe('http://127.0.0.1:4000');
    expect(addressFor({ HOST: '::1', PORT: '4000' })).toBe('http://[::1]:4000');
    expect(addressFor({ HOST: '::', PORT: '4000' })).toBe('http://localhost:4000');
  });

  it('admits it cannot know a port picked at start (PORT=0)', () => {
    expect(addressFor({ PORT: '0' })).toBeNull();
  });
});
