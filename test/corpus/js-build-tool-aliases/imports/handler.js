import { respond } from '#lib/respond';

export const main = async () => respond(200, 'ok');
