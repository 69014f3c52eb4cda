import { json } from '@responses/json';

export const main = async () => json({ ok: true });
