import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('takes the entry the trusted proxy added, not the one the client wrote', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the address it saw.
    expect(clientAddress('6.6.6.6, 203.0.113.7', 1, '10.0.0.2')).toBe('203.0.113.7');
  });

  it('counts several trusted proxies from the right', () => {
    expect(clientAddress('6.6.6.6, 203.0.113.7, 10.0.0.5', 2, '10.0.0.2')).toBe('203.0.113.7');
  });

  it('uses the socket when no proxy is trusted, or the chain is shorter than the proxies', () => {
    expect(clientAddress('6.6.6.6', 0, '198.51.100.1')).toBe('198.51.100.1');
    expect(clientAddress('203.0.113.7', 2, '10.0.0.2')).toBe('10.0.0.2');
    expect(clientAddress(' , ', 1, '10.0.0.2')).toBe('10.0.0.2');
    expect(clientAddress(undefined, 1, undefined)).toBe('unknown');
  });
});
