import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, nobodysHash, passwordHashing, verifyNobodysPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('hashes with argon2id at m=19456 KiB, t=2, p=1, salted per hash', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(second).not.toBe(first);
    expect(parseOptions(first)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(first).not.toContain('correct horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
  });

  it('treats a value that is no hash as matching nothing, without throwing', async () => {
    expect(await verifyPassword('!unusable', 'anything at all')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
  });

  it('asks for a rehash only when the parameters differ from today\'s', async () => {
    expect(needsRehash(await hashPassword('a password'))).toBe(false);
    const weaker = '$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';
    expect(needsRehash(weaker)).toBe(true);
    expect(needsRehash('!unusable')).toBe(false);
  });

  it('has a stand-in hash for unknown accounts that costs what a real verification costs', async () => {
    // Same parameters, so an unknown email takes as long as a wrong password.
    expect(needsRehash(nobodysHash)).toBe(false);
    expect(parseOptions(nobodysHash).algorithm).toBe(passwordHashing.algorithm);
    expect(await verifyNobodysPassword('password123')).toBe(false);
  });
});
