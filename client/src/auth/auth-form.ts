import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import type { User } from '../../../shared/schemas/auth';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { safeReturnPath, useSession, useStartSession } from './session';

/**
 * What the sign-in and sign-up forms share: values checked with the shared
 * schema before sending, server field errors shown beside the fields, and,
 * once signed in, the way back to where the person was going (`?next=`).
 */
export function useAuthForm<S extends z.ZodType<object>, V extends Record<string, string>>(
  schema: S,
  initial: V,
  send: (body: z.output<S>) => Promise<{ user: User }>,
) {
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const startSession = useStartSession();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async ({ user }) => {
      await startSession(user);
      navigate(next, { replace: true });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    mutation.mutate(parsed.data);
  };

  return {
    next,
    errors,
    mutation,
    submit,
    /** Already signed in (and not by this form): go on at once. */
    alreadySignedIn: !!session.data && !mutation.isPending && !mutation.isSuccess,
    /** What a TextField needs to show and edit one value of the form, with its error. */
    field: (name: keyof V & string) => ({
      name,
      value: values[name],
      error: errors[name],
      onChange: (event: ChangeEvent<HTMLInputElement>) => setValues((current) => ({ ...current, [name]: event.target.value })),
    }),
  };
}
