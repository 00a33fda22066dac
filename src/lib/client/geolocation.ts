// The device's position, rounded to five decimals (about a metre: as precise as a distance search needs,
// and short in a URL). Resolves null when the browser has no geolocation or the user refuses it.
export function currentPlace(options: PositionOptions = {}): Promise<{ lat: string; lng: string } | null> {
	if (typeof navigator === 'undefined' || !('geolocation' in navigator)) return Promise.resolve(null);
	return new Promise((done) => {
		navigator.geolocation.getCurrentPosition(
			(position) =>
				done({
					lat: position.coords.latitude.toFixed(5),
					lng: position.coords.longitude.toFixed(5)
				}),
			() => done(null),
			{ timeout: 15_000, ...options }
		);
	});
}
