// Runs the built app (`build/index.js`, made by `npm run build` before the e2e tier) as a child process on a
// free port, so that e2e tests drive exactly what `npm start` serves.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../src/lib/server/db/embedded.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const KILL_AFTER_MS = 10_000;
const OUTPUT_LIMIT = 20_000; // characters of the child's output kept for error messages

export interface RunningApp {
	baseUrl: string;
	/** The app's process (what `npm start` runs). */
	pid: number;
	/** What the app printed (the last 20 000 characters). */
	output(): string;
	/** Resolves when the process has ended, with how. */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Whether anything answers HTTP at `url`; any status, even an error page, means the server is listening.
 * No keep-alive (agent: false): an idle pooled connection would delay the app's exit on SIGTERM.
 */
function answers(url: string): Promise<boolean> {
	return new Promise((done) => {
		const request = get(url, { agent: false, timeout: 5_000 }, (response) => {
			response.resume();
			done(true);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => done(false));
	});
}

export async function startApp(opts: {
	databaseUrl: string;
	env?: Record<string, string>;
	/** Another build of the app (a folder inside the project, so that node_modules resolve). */
	buildDir?: string;
	/** A fixed port, e.g. to serve a second version on the origin a browser already knows. */
	port?: number;
}): Promise<RunningApp> {
	const port = opts.port ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const dataDir = await mkdtemp(join(tmpdir(), 'jiedan-e2e-app-'));
	// As `npm start` runs it (scripts/start.js: the build, with its settings), unless another build is asked for.
	const entry = opts.buildDir ? join(opts.buildDir, 'index.js') : join('scripts', 'start.js');
	const child = spawn(process.execPath, [entry], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: baseUrl,
			DATABASE_URL: opts.databaseUrl,
			DATA_DIR: dataDir,
			...opts.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	// 'close' comes after 'exit' once the output pipes are drained, so error messages are complete.
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
		child.once('close', (code, signal) => done({ code, signal }))
	);
	const running = () => child.exitCode === null && child.signalCode === null;

	const stop = async () => {
		if (running()) {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
			await exited;
			clearTimeout(killer);
		}
		await rm(dataDir, { recursive: true, force: true });
	};

	const deadline = Date.now() + READY_TIMEOUT_MS;
	for (;;) {
		if (!running()) {
			await stop();
			const how = child.signalCode ?? `code ${child.exitCode}`;
			throw new Error(`The app exited (${how}) before it was ready:\n${output}`);
		}
		const answered = await answers(`${baseUrl}/`);
		if (answered) return { baseUrl, pid: child.pid!, output: () => output, exited, stop };
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`The app did not answer on ${baseUrl} within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
		}
		await sleep(200);
	}
}
