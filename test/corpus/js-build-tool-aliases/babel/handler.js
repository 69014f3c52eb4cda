import { json } from '~shared/json';
import { html } from 'shared/html';

export const alias = async () => json({ ok: true });
export const root = async () => html('<p>hi</p>');
