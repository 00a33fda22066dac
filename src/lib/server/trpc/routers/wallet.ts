import { getWallet } from '../../wallet';
import { authedProcedure, router } from '../init';

export const walletRouter = router({
	get: authedProcedure.query(({ ctx }) => getWallet(ctx, ctx.actor))
});
