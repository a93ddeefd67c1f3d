export default () => ({
  keys: process.env.EGG_KEYS ?? 'recipe-egg-keys-not-for-production',
  // The collector posts JSON with a bearer session, not a form with a CSRF token.
  security: { csrf: { ignore: ['/wxtpl/collect'] } },
});
