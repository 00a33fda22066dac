// Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane).
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of nothing in particular, verified when the email is unknown so both paths take as long. */
let decoy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
	decoy ??= hashPassword('decoy password that no account has');
	await verifyPassword(await decoy, password);
}
