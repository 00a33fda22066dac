// What every procedure receives. Built per request by the SvelteKit endpoint, or by tests directly.
import type { AppConfig } from './config';
import type { Db } from '../db';
import type { DatabaseHealth } from '../db/health';
import type { Auth } from '../auth/sessions';
import type { PublicUser } from '../auth/users';
import type { FileStorage } from '../uploads/storage';

/** How a procedure sets or clears the session cookie (and sets the device cookie) without knowing HTTP. */
export interface SessionCookies {
	set(token: string, expiresAt: Date): void;
	clear(): void;
	setDevice(token: string): void;
}

export interface Context {
	db: Db;
	/** Whether the database answers (the running app's; tests may leave it out). */
	health?: DatabaseHealth;
	config: AppConfig;
	storage: FileStorage;
	auth: Auth;
	user: PublicUser | null;
	sessionId: string | null;
	clientAddress: string;
	/** The device cookie the browser sent: it signed in from here before (see auth/throttle.ts). */
	deviceToken: string | null;
	cookies: SessionCookies;
}
