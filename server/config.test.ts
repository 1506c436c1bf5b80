import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const provider = { id: 'school', name: 'School', issuer: 'https://id.school.example', clientId: 'c', clientSecret: 's' };
const platform = {
  issuer: 'https://canvas.example',
  clientId: '10000000000001',
  deploymentIds: ['1:abc'],
  authUrl: 'https://canvas.example/api/lti/authorize_redirect',
  tokenUrl: 'https://canvas.example/login/oauth2/token',
  jwksUrl: 'https://canvas.example/api/lti/security/jwks',
};

describe('parseConfig: ways in', () => {
  it('has no providers and no platforms by default', () => {
    const config = parseConfig({});
    expect(config.oidcProviders).toEqual([]);
    expect(config.ltiPlatforms).toEqual([]);
  });

  it('reads providers and platforms from JSON', () => {
    const config = parseConfig({ OIDC_PROVIDERS: JSON.stringify([provider]), LTI_PLATFORMS: JSON.stringify([platform]) });
    expect(config.oidcProviders).toEqual([provider]);
    expect(config.ltiPlatforms).toEqual([platform]);
  });

  it('reads TRUST_PROXY as a number of proxies', () => {
    expect(parseConfig({}).trustedProxies).toBe(0);
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustedProxies).toBe(1);
    expect(parseConfig({ TRUST_PROXY: '2' }).trustedProxies).toBe(2);
  });

  it.each([
    ['OIDC_PROVIDERS', '[{', 'must be JSON'],
    ['OIDC_PROVIDERS', JSON.stringify([{ ...provider, id: 'Has Spaces' }]), 'OIDC_PROVIDERS.0.id'],
    ['OIDC_PROVIDERS', JSON.stringify([provider, provider]), 'provider id school appears twice'],
    ['LTI_PLATFORMS', JSON.stringify([{ ...platform, deploymentIds: [] }]), 'LTI_PLATFORMS.0.deploymentIds'],
    ['LTI_PLATFORMS', JSON.stringify([{ ...platform, jwksUrl: 'not a url' }]), 'LTI_PLATFORMS.0.jwksUrl'],
    ['TRUST_PROXY', 'yes', 'TRUST_PROXY: must be true, false or a number of proxies'],
  ])('refuses %s=%s, naming the problem', (name, value, expected) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(expected);
  });
});
