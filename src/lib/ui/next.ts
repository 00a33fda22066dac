// In-site link targets. `?next=` comes from the address bar, so it is checked before anyone is sent there.
import type { ResolvedPathname } from '$app/types';

/** A `?next=` target that stays on this site: a path, never another origin ("//evil", "https://…"). */
export function safeNext(next: string | null | undefined, fallback = '/'): ResolvedPathname {
	const ok = !!next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
	return (ok ? next : fallback) as ResolvedPathname;
}
