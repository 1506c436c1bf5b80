import { describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/close-codes';
import { stopReasonOf } from './sync-tracker';

describe('stopReasonOf', () => {
  it('stops for the final close codes and reconnects for the rest', () => {
    expect(stopReasonOf(closeCodes.sessionEnded)).toBe('session-ended');
    expect(stopReasonOf(closeCodes.accessRevoked)).toBe('access-revoked');
    expect(stopReasonOf(closeCodes.badMessage)).toBe('refused');
    expect(stopReasonOf(closeCodes.clientIdForged)).toBe('refused');
    for (const code of [1000, 1001, 1006, closeCodes.messageTooBig, closeCodes.storageFailed, closeCodes.roleChanged, closeCodes.tooSlow]) {
      expect(stopReasonOf(code)).toBeNull();
    }
  });
});
