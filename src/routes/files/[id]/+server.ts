// Streams a stored handover file to those allowed to read it (see canReadFile); 404 to everyone else, so
// that file ids cannot be probed.
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { canReadFile } from '$lib/server/access/files';
import type { RequestHandler } from './$types';

/** RFC 8187 encoding for `filename*`: percent-encode everything but attr-chars. */
const encodeFilename = (name: string) =>
	encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) error(401, { message: 'Please sign in first.', key: 'unauthorized' });
	const { db, storage } = getRuntime();
	const file = await canReadFile(db, locals.user, params.id);
	if (!file) error(404, { message: 'This file was not found.', key: 'not_found' });
	const stream = storage.read(file.sha256);
	// Open before answering, so a file missing on disk is a 404 and not a broken 200.
	const opened = await new Promise<boolean>((resolve) => {
		stream.once('open', () => resolve(true));
		stream.once('error', () => resolve(false));
	});
	if (!opened) {
		stream.destroy();
		console.error(`File ${file.id} (${file.sha256}) is missing from storage.`);
		error(404, { message: 'This file was not found.', key: 'not_found' });
	}
	return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
		headers: {
			'Content-Type': file.mimeType,
			'Content-Length': String(file.size),
			'Content-Disposition': `inline; filename*=UTF-8''${encodeFilename(file.name)}`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, max-age=3600'
		}
	});
};
