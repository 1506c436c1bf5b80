import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientDist } from '../server/http/client-assets';

/**
 * The built client ships its libraries' production builds: no development
 * warnings checked on every render, no messages for developers. React picks
 * its build by NODE_ENV; React Router's export map always names its
 * development build, so vite.config.ts points the build at the production
 * one. Each marker below is a message only that library's development build
 * holds.
 */
const developmentOnly = [
  { library: 'React', marker: 'cannot be a child of' },
  { library: 'React Router', marker: 'You rendered descendant <Routes>' },
];

describe('the production build', () => {
  it('holds no library’s development build', () => {
    const assets = join(clientDist, 'assets');
    const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const found = scripts.flatMap((file) => {
      const code = readFileSync(join(assets, file), 'utf8');
      return developmentOnly.filter(({ marker }) => code.includes(marker)).map(({ library }) => `${library} in ${file}`);
    });
    expect(found).toEqual([]);
  });
});
