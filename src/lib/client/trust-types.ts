// Shapes of the trust features (profiles, messages, verification) as the browser receives them.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '$lib/server/router';

type Outputs = inferRouterOutputs<AppRouter>;

export type Profile = Outputs['user']['profile'];
export type ThreadMessage = Outputs['message']['list']['items'][number];
export type VerificationRequest = Outputs['verification']['mine']['requests'][number];
