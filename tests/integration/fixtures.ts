// Inputs the integration tests share.
import type { PublishInput } from '$lib/domain/schemas/task';

export const taskInput = (overrides: Partial<PublishInput> = {}): PublishInput => ({
	title: '修理厨房水龙头 Fix the kitchen tap',
	description: 'The tap drips; replace the washer. 水龙头漏水，需要更换垫圈。',
	category: 'household',
	address: '上海市浦东新区世纪大道 100 号',
	bounty: 20_000n,
	...overrides
});
