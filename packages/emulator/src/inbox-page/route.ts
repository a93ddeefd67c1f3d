import type { Handler } from '../http/context.js';
import { INBOX_PAGE_HTML } from './page.js';

/** `GET /`: the "service notifications" inbox page. */
export const handleInboxPage: Handler = () => ({
  status: 200,
  contentType: 'text/html; charset=utf-8',
  body: INBOX_PAGE_HTML,
});
