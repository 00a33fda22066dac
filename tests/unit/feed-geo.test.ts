// The feed's geometry over the whole globe: the boxes of boundingBoxes hold every point of the search
// circle and are no wider than the circle (at high latitudes, across the ±180° meridian, and at the
// rounding edge where a circle reaches a pole or touches the meridian), and matchFeed keeps a task iff
// its distance is at most the radius. Centres are drawn uniformly over ±85° latitude and over all
// longitudes with extra weight next to ±180°; points are spread over the whole circle, edge included.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundingBoxes, haversineKm, matchFeed, type Box, type FilterableTask } from '$lib/domain/feed';

const SEED = 20_261_205;
const R = 6371.0088;
const RAD = Math.PI / 180;

interface Point {
	lat: number;
	lng: number;
}

/** Uniform in [min, max], both ends included (fc.double crowds its values near zero). */
const between = (min: number, max: number) =>
	fc.integer({ min: 0, max: 1_000_000_000 }).map((n) => min + ((max - min) * n) / 1_000_000_000);
const latitude = between(-85, 85);
const longitude = fc.oneof(
	between(-180, 180),
	fc.tuple(fc.boolean(), between(0, 10)).map(([east, off]) => (east ? 180 - off : -180 + off))
);
const radius = fc.oneof(between(0.1, 500), between(0.1, 10));
const bearing = between(0, 2 * Math.PI);
/** Fraction of the radius: area-uniform over the disc, or exactly on its edge. */
const fraction = fc.oneof({ weight: 4, arbitrary: between(0, 1).map(Math.sqrt) }, fc.constant(1));

const wrap = (lng: number) => ((lng + 540) % 360) - 180;

/**
 * The point `km` from `from` in direction `θ`, and its longitude step from `from`: rotated as a 3-D unit
 * vector, so that it stays exact next to the poles (where the usual asin formula loses half its digits).
 */
function destination(from: Point, km: number, θ: number): Point & { dLng: number } {
	const [d, φ, λ] = [km / R, from.lat * RAD, from.lng * RAD];
	const centre = [Math.cos(φ) * Math.cos(λ), Math.cos(φ) * Math.sin(λ), Math.sin(φ)];
	const north = [-Math.sin(φ) * Math.cos(λ), -Math.sin(φ) * Math.sin(λ), Math.cos(φ)];
	const east = [-Math.sin(λ), Math.cos(λ), 0];
	const [x, y, z] = [0, 1, 2].map(
		(i) => Math.cos(d) * centre[i]! + Math.sin(d) * (Math.cos(θ) * north[i]! + Math.sin(θ) * east[i]!)
	) as [number, number, number];
	const lng = Math.atan2(y, x) / RAD;
	return { lat: Math.atan2(z, Math.hypot(x, y)) / RAD, lng, dLng: wrap(lng - from.lng) };
}

/** The largest eastward longitude step of the circle's edge: sampled, then refined by golden section. */
function widestStep(center: Point, km: number): number {
	const step = (θ: number) => destination(center, km, θ).dLng;
	let best = 0;
	for (let i = 1; i < 360; i++) if (step((i * Math.PI) / 360) > step((best * Math.PI) / 360)) best = i;
	let [lo, hi] = [((best - 1) * Math.PI) / 360, ((best + 1) * Math.PI) / 360];
	const g = (Math.sqrt(5) - 1) / 2;
	for (let i = 0; i < 80; i++) {
		const [a, b] = [hi - g * (hi - lo), lo + g * (hi - lo)];
		if (step(a) < step(b)) lo = a;
		else hi = b;
	}
	return step((lo + hi) / 2);
}

const inside = (boxes: Box[], p: Point) =>
	boxes.some((b) => p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng);

/** What is wrong with `boxes`: off the globe, NaN, inverted or zero-width, or missing the circle's edge. */
function faults(boxes: Box[], center: Point, km: number, edgeSamples = 0): string[] {
	const found: string[] = boxes.length ? [] : ['no box'];
	for (const b of boxes) {
		const onGlobe = -90 <= b.minLat && b.minLat < b.maxLat && b.maxLat <= 90;
		if (!onGlobe || !(-180 <= b.minLng && b.minLng < b.maxLng && b.maxLng <= 180)) {
			found.push(`malformed ${JSON.stringify(b)}`);
		}
	}
	for (let i = 0; i < edgeSamples; i++) {
		const p = destination(center, km, (2 * Math.PI * i) / edgeSamples);
		if (!inside(boxes, p)) found.push(`misses ${p.lat}, ${p.lng} of ${center.lat}, ${center.lng} ± ${km} km`);
	}
	return found;
}

const ulps = (x: number, n: number) => {
	const bits = new BigInt64Array(new Float64Array([x]).buffer);
	bits[0]! += BigInt(n);
	return new Float64Array(bits.buffer)[0]!;
};

describe('boundingBoxes over the globe', () => {
	it('hold every point of the circle, wherever it lies (property)', () => {
		fc.assert(
			fc.property(latitude, longitude, radius, bearing, fraction, (lat, lng, km, θ, f) => {
				const center = { lat, lng };
				const boxes = boundingBoxes(center, km);
				expect(faults(boxes, center, km)).toEqual([]);
				const p = destination(center, km * f, θ);
				expect(inside(boxes, p), `${p.lat}, ${p.lng}`).toBe(true);
			}),
			{ seed: SEED, numRuns: 1000 }
		);
	});

	it('are as wide as the circle and no wider, split at ±180° into two (property)', () => {
		fc.assert(
			fc.property(latitude, longitude, radius, (lat, lng, km) => {
				const boxes = boundingBoxes({ lat, lng }, km);
				expect(faults(boxes, { lat, lng }, km)).toEqual([]);
				// The circle's southmost and northmost points are due south and north of the centre.
				const dLat = km / R / RAD;
				for (const b of boxes) {
					expect(b.minLat).toBeLessThanOrEqual(lat - dLat);
					expect(b.minLat).toBeGreaterThanOrEqual(lat - dLat * 1.00001);
					expect(b.maxLat).toBeGreaterThanOrEqual(lat + dLat);
					expect(b.maxLat).toBeLessThanOrEqual(lat + dLat * 1.00001);
				}
				const half = widestStep({ lat, lng }, km);
				const width = boxes.reduce((sum, b) => sum + (b.maxLng - b.minLng), 0);
				expect(width).toBeGreaterThanOrEqual(2 * half * (1 - 1e-9));
				expect(width).toBeLessThanOrEqual(2 * half * (1 + 1e-4));
				expect(boxes).toHaveLength(Math.abs(lng) + half > 180 ? 2 : 1);
			}),
			{ seed: SEED + 1, numRuns: 500 }
		);
	});

	it('widen with latitude as 1 / cos(lat)', () => {
		// At 60° a parallel is half as long, so 100 km span about twice the longitude they do at the equator.
		const [equator] = boundingBoxes({ lat: 0, lng: 0 }, 100);
		const [sixty] = boundingBoxes({ lat: 60, lng: 0 }, 100);
		expect(equator!.maxLng).toBeCloseTo(100 / 111.195, 4);
		expect(sixty!.maxLng / equator!.maxLng).toBeCloseTo(2, 3);
		const [, west] = boundingBoxes({ lat: -60, lng: 179 }, 100);
		expect(west).toEqual(expect.objectContaining({ minLng: -180 }));
		expect(west!.maxLng).toBeCloseTo(179 + sixty!.maxLng - 360, 9);
	});

	it('open to all longitudes, once, exactly where a circle reaches a pole (rounding edge)', () => {
		// Two guards overlap here (the box reaching ±90°, and the circle being wider than its parallel);
		// which one fires within a few ulps of the edge latitude depends on rounding. Either way the answer
		// must be the documented single box over all longitudes, and it must hold the circle.
		const found: string[] = [];
		for (const km of [0.1, 10, 500, 9000]) {
			const edge = 90 - ((km / R) * 1.000001) / RAD;
			for (let n = -6; n <= 6; n++) {
				for (const lat of [ulps(edge, n), -ulps(edge, n)]) {
					const boxes = boundingBoxes({ lat, lng: 30 }, km);
					found.push(...faults(boxes, { lat, lng: 30 }, km, 72));
					const atPole = boxes.some((b) => b.minLat <= -90 || b.maxLat >= 90);
					if (atPole && (boxes.length !== 1 || boxes[0]!.minLng !== -180 || boxes[0]!.maxLng !== 180)) {
						found.push(`reaches a pole but not all longitudes at ${lat}, ${km} km`);
					}
				}
			}
		}
		expect(found).toEqual([]);
	});

	it('stay one box when the circle only touches ±180° (rounding edge)', () => {
		// A few ulps around the centre longitude whose circle's edge lands exactly on ±180°: no empty strip
		// of zero width on the far side of the meridian.
		const found: string[] = [];
		for (const km of [7, 500]) {
			for (const lat of [0, -70]) {
				const half = boundingBoxes({ lat, lng: 0 }, km)[0]!.maxLng;
				for (let n = -2; n <= 2; n++) {
					for (const lng of [ulps(-180 + half, n), -ulps(-180 + half, n)]) {
						found.push(...faults(boundingBoxes({ lat, lng }, km), { lat, lng }, km, 72));
					}
				}
			}
		}
		expect(found).toEqual([]);
	});
});

describe('matchFeed with a place', () => {
	const at = (p: { lat: number | null; lng: number | null }): FilterableTask => ({
		id: '0190a000-0000-7000-8000-000000000001',
		title: 't',
		description: '',
		address: '',
		category: 'errand',
		bounty: 1n,
		startsAt: null,
		endsAt: null,
		createdAt: new Date('2026-12-01T00:00:00Z'),
		...p
	});

	it('keeps a task iff its distance is at most the radius, and reports that distance (property)', () => {
		fc.assert(
			fc.property(latitude, longitude, radius, bearing, between(0, 1.5), (lat, lng, km, θ, f) => {
				const d = km * f;
				const p = destination({ lat, lng }, d, θ);
				expect(haversineKm({ lat, lng }, p)).toBeCloseTo(d, 6);
				const match = matchFeed(at(p), { near: { lat, lng, radiusKm: km } });
				if (Math.abs(d - km) > 1e-6) expect(match !== null).toBe(d <= km);
				if (match) expect(match.distanceKm).toBeCloseTo(d, 6);
			}),
			{ seed: SEED + 2, numRuns: 1000 }
		);
	});

	it('keeps a task exactly on the edge of the circle (property)', () => {
		fc.assert(
			fc.property(latitude, longitude, latitude, longitude, (lat, lng, taskLat, taskLng) => {
				const d = haversineKm({ lat, lng }, { lat: taskLat, lng: taskLng });
				const match = matchFeed(at({ lat: taskLat, lng: taskLng }), { near: { lat, lng, radiusKm: d } });
				expect(match).toEqual({ distanceKm: d });
			}),
			{ seed: SEED + 3, numRuns: 300 }
		);
	});

	it('drops a task missing either coordinate, even next to the centre', () => {
		const near = { lat: 0, lng: 0, radiusKm: 1 };
		expect(matchFeed(at({ lat: 0, lng: 0 }), { near })).toEqual({ distanceKm: 0 });
		expect(matchFeed(at({ lat: null, lng: 0 }), { near })).toBeNull();
		expect(matchFeed(at({ lat: 0, lng: null }), { near })).toBeNull();
		expect(matchFeed(at({ lat: null, lng: null }), { near })).toBeNull();
		// Without a place to search around, a task without one is kept, with no distance.
		expect(matchFeed(at({ lat: null, lng: 0 }), {})).toEqual({ distanceKm: null });
	});
});
