// Shapes the browser keeps, inferred from the API so they cannot drift from it.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '$lib/server/router';

type Outputs = inferRouterOutputs<AppRouter>;

/** A task as sync.pull delivers it: the public view plus the viewer's relation to it. */
export type TaskView = Outputs['sync']['pull']['upserts'][number];
export type FeedItem = Outputs['task']['feed']['items'][number];
export type PushResult = Outputs['sync']['push']['results'][number];
