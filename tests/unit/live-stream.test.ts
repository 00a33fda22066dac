// The live stream with an injected event source and clock: it reconnects with the shared backoff when
// the browser gives up, resumes after the last notification, drops repeats, times the toast out and
// tells watched tasks that changed; offline it holds no stream.
import { describe, expect, it } from 'vitest';
import { LiveStream, type StreamSource } from '$lib/client/live.svelte';
import { ManualClock } from './support/clock';

class FakeSource implements StreamSource {
	readyState = 0;
	closed = false;
	readonly #listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
	constructor(readonly url: string) {}
	addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
		this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
	}
	close() {
		this.closed = true;
		this.readyState = 2;
	}
	emit(type: string, data: unknown = {}) {
		for (const listener of this.#listeners.get(type) ?? []) {
			listener({ data: JSON.stringify(data) } as MessageEvent<string>);
		}
	}
}

function setUp() {
	const clock = new ManualClock();
	const sources: FakeSource[] = [];
	let online = true;
	const live = new LiveStream({
		open: (url) => {
			const source = new FakeSource(url);
			sources.push(source);
			return source;
		},
		online: () => online,
		clock,
		random: () => 1
	});
	return { clock, sources, live, setOnline: (value: boolean) => (online = value) };
}

const notification = (id: string) => ({
	notification: {
		id,
		kind: 'claimed',
		taskId: 't1',
		task: null,
		data: {},
		readAt: null,
		createdAt: '2026-12-03T10:00:00Z'
	},
	unread: 3
});

describe('LiveStream', () => {
	it('counts, toasts for 8 s and hears each notification once', () => {
		const { clock, sources, live } = setUp();
		const heard: string[] = [];
		live.onNotification((n) => heard.push(n.id));
		live.start({ id: 'u' });
		sources[0]!.emit('open');
		expect(live.connected).toBe(true);
		sources[0]!.emit('ready', { unread: 2, tasks: [] });
		expect(live.unread).toBe(2);
		sources[0]!.emit('notification', notification('n1'));
		sources[0]!.emit('notification', notification('n1'));
		expect(heard).toEqual(['n1']);
		expect(live.unread).toBe(3);
		expect(live.toast?.createdAt).toEqual(new Date('2026-12-03T10:00:00Z'));
		clock.advance(7_999);
		expect(live.toast?.id).toBe('n1');
		clock.advance(1);
		expect(live.toast).toBeNull();
	});

	it('reconnects after the browser gives up, backing off, and resumes after the last notification', () => {
		const { clock, sources, live } = setUp();
		live.start({ id: 'u' });
		sources[0]!.emit('notification', notification('n7'));
		live.dismissToast(); // its timer aside, only the reconnect's is left
		for (const [i, ceiling] of [4_000, 8_000, 16_000].entries()) {
			const source = sources[i]!;
			source.readyState = 2;
			source.emit('error');
			expect(live.connected).toBe(false);
			expect(clock.pending()).toEqual([ceiling]);
			clock.advance(ceiling);
			expect(sources).toHaveLength(i + 2);
		}
		expect(sources.at(-1)!.url).toBe('/api/events?since=n7');
		// A stream that opens resets the backoff.
		sources.at(-1)!.emit('open');
		sources.at(-1)!.readyState = 2;
		sources.at(-1)!.emit('error');
		expect(clock.pending()).toEqual([4_000]);
	});

	it('a CONNECTING error is left to the browser; offline closes the stream and online reopens it', () => {
		const { clock, sources, live, setOnline } = setUp();
		live.start({ id: 'u' });
		sources[0]!.emit('error');
		expect(clock.pending()).toEqual([]);
		setOnline(false);
		live.wentOffline();
		expect(sources[0]!.closed).toBe(true);
		live.lookedAt();
		expect(sources).toHaveLength(1);
		setOnline(true);
		live.wentOnline();
		expect(sources).toHaveLength(2);
	});

	it('tells a watched task when it changed, and compares statuses when the stream is ready', () => {
		const { clock, sources, live } = setUp();
		live.start({ id: 'u' });
		let changes = 0;
		live.watchTask('t1', { status: () => 'OPEN', changed: () => changes++ });
		clock.advance(50);
		const source = sources.at(-1)!;
		expect(source.url).toBe('/api/events?tasks=t1');
		source.emit('ready', { unread: 0, tasks: [{ id: 't1', status: 'OPEN' }] });
		expect(changes).toBe(0);
		source.emit('ready', { unread: 0, tasks: [{ id: 't1', status: 'CLAIMED' }] });
		source.emit('task', { id: 't1', status: 'CLAIMED' });
		source.emit('task', { id: 'other', status: 'CLAIMED' });
		expect(changes).toBe(2);
	});

	it('stop closes the stream and clears the toast; the server closing it waits for the tab', () => {
		const { sources, live } = setUp();
		const stop = live.start({ id: 'u' });
		sources[0]!.emit('closed');
		expect(sources[0]!.closed).toBe(true);
		live.lookedAt();
		expect(sources).toHaveLength(2);
		sources[1]!.emit('notification', notification('n2'));
		stop();
		expect(sources[1]!.closed).toBe(true);
		expect(live.toast).toBeNull();
	});
});
