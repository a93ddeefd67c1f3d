import { toKoa } from '@wxtpl/server-sdk';
import { collect } from './wxtpl.js';

/** @param {import('egg').Application} app */
export default (app) => {
  app.router.post('/wxtpl/collect', toKoa(collect));
};
