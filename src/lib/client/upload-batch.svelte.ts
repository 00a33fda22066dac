// Progress of a few files sent one after the other while the user watches (identity documents, message
// photos), for a progress list.
import { onlineUploadApi, uploadNow } from './upload';

export interface UploadItem {
	key: string;
	name: string;
	size: number;
	sent: number;
	done: boolean;
}

export class UploadBatch {
	items = $state<UploadItem[]>([]);
	running = $state(false);

	/** Uploads the files in order and returns their stored ids; throws the first failure. */
	async run(files: File[], chunkSize: number): Promise<string[]> {
		const api = onlineUploadApi(chunkSize);
		this.items = files.map((file, i) => ({
			key: `${i}:${file.name}`,
			name: file.name,
			size: file.size,
			sent: 0,
			done: false
		}));
		this.running = true;
		try {
			const ids: string[] = [];
			for (const [i, file] of files.entries()) {
				const stored = await uploadNow(api, file, (sent, size) => {
					const item = this.items[i];
					if (item) Object.assign(item, { sent, size });
				});
				const item = this.items[i];
				if (item) Object.assign(item, { done: true, name: stored.name });
				ids.push(stored.fileId);
			}
			return ids;
		} finally {
			this.running = false;
		}
	}

	clear(): void {
		this.items = [];
	}
}
