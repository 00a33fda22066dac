// Local-disk file store under UPLOAD dir: partial uploads by upload id, finished files by sha256 (content
// addressed, so the same photo uploaded twice is stored once). Swap this module for an S3-compatible one
// when several servers share files.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStore } from '../core/context';

export class FileStorage implements FileStore {
	constructor(private readonly root: string) {}

	private partialPath(uploadId: string) {
		return join(this.root, 'partial', uploadId);
	}

	storedPath(sha256: string) {
		return join(this.root, 'sha256', sha256.slice(0, 2), sha256);
	}

	/** Writes bytes at `offset`, first cutting off anything past it (left by a chunk that was not confirmed). */
	async writeChunk(uploadId: string, offset: number, bytes: Uint8Array): Promise<void> {
		const path = this.partialPath(uploadId);
		await mkdir(dirname(path), { recursive: true });
		const handle = await open(path, 'a+');
		try {
			await handle.truncate(offset);
			await handle.write(bytes, 0, bytes.byteLength, offset);
			await handle.sync();
		} finally {
			await handle.close();
		}
	}

	partialFile(uploadId: string) {
		return this.partialPath(uploadId);
	}

	async sha256Of(path: string): Promise<string> {
		const hash = createHash('sha256');
		for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
		return hash.digest('hex');
	}

	/** Moves a finished upload to its content address (keeping an identical file already there). */
	async promote(uploadId: string, sha256: string): Promise<void> {
		const target = this.storedPath(sha256);
		await mkdir(dirname(target), { recursive: true });
		const exists = await stat(target).then(
			() => true,
			() => false
		);
		if (exists) await rm(this.partialPath(uploadId), { force: true });
		else await rename(this.partialPath(uploadId), target);
	}

	async discardPartial(uploadId: string): Promise<void> {
		await rm(this.partialPath(uploadId), { force: true });
	}

	read(sha256: string) {
		return createReadStream(this.storedPath(sha256));
	}

	/** Removes stored content (the caller made sure no file refers to it any more). */
	async deleteStored(sha256: string): Promise<void> {
		await rm(this.storedPath(sha256), { force: true });
	}

	/** The partial uploads on disk and when each was last written. */
	async partials(): Promise<{ uploadId: string; modifiedAt: Date }[]> {
		const folder = join(this.root, 'partial');
		const names = await readdir(folder).catch(() => [] as string[]);
		const found = await Promise.all(
			names.map(async (uploadId) => {
				const stats = await stat(join(folder, uploadId)).catch(() => null);
				return stats ? { uploadId, modifiedAt: stats.mtime } : null;
			})
		);
		return found.filter((entry) => entry !== null);
	}
}
