// Prepares a chosen file for a slow link: photos are downscaled on the phone (long side at most 1600 px,
// JPEG) before they are stored or sent, which turns a 4 MB camera picture into a few hundred KB. Other
// files, and images the browser cannot decode (HEIC on most browsers), are kept as they are.
export const MAX_PHOTO_SIDE = 1600;
const JPEG_QUALITY = 0.82;

export interface PreparedFile {
	name: string;
	type: string;
	bytes: ArrayBuffer;
}

export async function prepareFile(file: File): Promise<PreparedFile> {
	const original = { name: file.name || 'file', type: file.type, bytes: await file.arrayBuffer() };
	if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return original;
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file);
	} catch {
		return original;
	}
	const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
	if (scale === 1 && file.type === 'image/jpeg') {
		bitmap.close();
		return original;
	}
	const canvas = document.createElement('canvas');
	canvas.width = Math.round(bitmap.width * scale);
	canvas.height = Math.round(bitmap.height * scale);
	canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
	bitmap.close();
	const blob = await new Promise<Blob | null>((resolve) =>
		canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY)
	);
	// Keep whichever is smaller: a small PNG screenshot can be smaller than its JPEG.
	if (!blob || blob.size >= original.bytes.byteLength) return original;
	return {
		name: original.name.replace(/\.[^.]*$/, '') + '.jpg',
		type: 'image/jpeg',
		bytes: await blob.arrayBuffer()
	};
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
