import { ok } from '../lib';
export const handler = async () => ok({ id: 1 });
