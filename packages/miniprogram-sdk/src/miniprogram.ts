// The entry of `miniprogram_dist/index.js`: the npm entry, and the definition of `<report-form>`
// that the component's own file calls (Taro and uni-app, which bundle the npm entry, use the
// component from `miniprogram_dist`, so the npm entry does not carry it).
export * from './index.js';
export { defineReportForm } from './report-form/component.js';
