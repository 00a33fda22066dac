/** The `aria-describedby` of a field: the ids of its hint and error that are shown, or none. */
export const describedBy = (...ids: (string | false | null | undefined)[]): string | undefined =>
	ids.filter(Boolean).join(' ') || undefined;
