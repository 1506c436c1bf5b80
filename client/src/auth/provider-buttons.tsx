import { schoolSignInStart, useSignInProviders } from './school-sign-in';
import './school-sign-in.css';

/**
 * "Sign in with <school>" for every provider the server is configured with,
 * above the password form. Plain links to the server's start route, which
 * redirects to the provider: the whole flow is the browser's own navigation.
 * Nothing at all (not even the divider) when there is no provider, or while
 * the list loads or fails: the password form works without them. The same
 * words on the sign-up page: a first school sign-in makes the account.
 */
export function ProviderButtons({ returnTo }: { returnTo: string }) {
  const providers = useSignInProviders();
  const list = providers.data ?? [];
  if (list.length === 0) return null;
  return (
    <>
      <ul className="provider-buttons" aria-label="School sign-in">
        {list.map((provider) => (
          <li key={provider.id}>
            <a className="button wide" href={schoolSignInStart(provider.id, { returnTo })}>
              Sign in with {provider.name}
            </a>
          </li>
        ))}
      </ul>
      <p className="auth-divider">or with your email</p>
    </>
  );
}
