// In-site link targets. `?next=` and `redirectTo` come from the address bar or a form, so they are resolved
// the way a browser would resolve them before anyone is sent there.
import type { ResolvedPathname } from '$app/types';

/**
 * A `?next=` target that stays on `origin`: resolved against it as a browser would (which drops tabs and
 * line breaks and reads `\` as `/`), it must land on the same origin, else `fallback`. The answer is the
 * path, query and fragment only, free of anything a Location header cannot carry.
 */
export function safeNext(next: string | null | undefined, origin: string, fallback = '/'): ResolvedPathname {
	if (!next || !next.startsWith('/')) return fallback as ResolvedPathname;
	let target: URL;
	try {
		target = new URL(next, origin);
	} catch {
		return fallback as ResolvedPathname;
	}
	if (target.origin !== new URL(origin).origin) return fallback as ResolvedPathname;
	return `${target.pathname}${target.search}${target.hash}` as ResolvedPathname;
}
