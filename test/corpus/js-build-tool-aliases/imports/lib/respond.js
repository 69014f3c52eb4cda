import { corsHeaders } from '#cors';

export const respond = (statusCode, body) => ({ statusCode, headers: corsHeaders, body });
