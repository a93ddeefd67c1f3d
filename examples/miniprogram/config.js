// @ts-check
// Where the example backend (examples/server) listens. In WeChat DevTools tick
// "Details → Local settings → Do not verify valid domain names" (project.config.json sets
// urlCheck: false) so http://127.0.0.1 is allowed; on a phone use your HTTPS domain.
module.exports = {
  apiBase: 'http://127.0.0.1:3000',
};
