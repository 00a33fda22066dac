// What every procedure receives. Built per request by the SvelteKit endpoint (caller.ts), or by tests
// directly. The parts that live in features (sessions, file storage) are named here by what procedures
// need of them, so that core depends on no feature: auth/sessions.ts and uploads/storage.ts provide them.
import type { Readable } from 'node:stream';
import type { AppConfig } from './config';
import type { PublicUser } from './actor';
import type { Db } from '../db';
import type { DatabaseHealth } from '../db/health';

/** What every service needs: the database and the settings. */
export interface ServiceDeps {
	db: Db;
	config: AppConfig;
}

/** Sessions, as procedures use them (lucia, made in auth/sessions.ts). */
export interface SessionStore {
	createSession(userId: string, attributes: Record<never, never>): Promise<{ id: string; expiresAt: Date }>;
	invalidateSession(sessionId: string): Promise<void>;
}

/** Where uploaded bytes live (uploads/storage.ts: on local disk): partial uploads by id, files by sha256. */
export interface FileStore {
	writeChunk(uploadId: string, offset: number, bytes: Uint8Array): Promise<void>;
	partialFile(uploadId: string): string;
	sha256Of(path: string): Promise<string>;
	promote(uploadId: string, sha256: string): Promise<void>;
	discardPartial(uploadId: string): Promise<void>;
	read(sha256: string): Readable;
	deleteStored(sha256: string): Promise<void>;
	partials(): Promise<{ uploadId: string; modifiedAt: Date }[]>;
}

/** How a procedure sets or clears the session cookie (and sets the device cookie) without knowing HTTP. */
export interface SessionCookies {
	set(token: string, expiresAt: Date): void;
	clear(): void;
	setDevice(token: string): void;
}

export interface Context extends ServiceDeps {
	/** Whether the database answers (the running app's; tests may leave it out). */
	health?: DatabaseHealth;
	storage: FileStore;
	auth: SessionStore;
	user: PublicUser | null;
	sessionId: string | null;
	clientAddress: string;
	/** The device cookie the browser sent: it signed in from here before (see auth/throttle.ts). */
	deviceToken: string | null;
	cookies: SessionCookies;
}
