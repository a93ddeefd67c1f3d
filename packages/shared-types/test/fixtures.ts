import { defineTemplate } from '../src/index.js';

/**
 * The template message of the runtime and the type tests: three keywords, the id of a real
 * account template.
 */
export const purchase = defineTemplate({
  id: 'wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc',
  title: '购买成功通知',
  keywords: { place: 'keyword1', time: 'keyword2', item: 'keyword3' },
});
