import type { TestProject } from 'vitest/node';
import { setupTestPostgres } from '../support/postgres';

export default function setup(project: TestProject) {
	return setupTestPostgres(project);
}
