// The package entry, not a deep import: the mini-program build keeps this a `require('../index.js')`
// so the component and the app share one collector registry.
import { collectFormId, type FormSubmitLike } from '../index.js';

/**
 * `<report-form>`: a `<form report-submit>` around your fields, with an optional submit button.
 * Emits `submit` with `{ value, formId }` (`formId` null for mock or failed ids) and `reset`;
 * every real formId also goes to the collector registered with `registerCollector`.
 */
Component({
  options: { addGlobalClass: true },
  externalClasses: ['custom-class', 'button-class'],
  properties: {
    /** Text of the built-in submit button. */
    text: { type: String, value: '提交' },
    /** Button type: primary, default or warn. */
    type: { type: String, value: 'primary' },
    disabled: { type: Boolean, value: false },
    loading: { type: Boolean, value: false },
    /** Hide the built-in button when your slot brings its own `form-type="submit"` button. */
    showButton: { type: Boolean, value: true },
    /** Passed to the form's `report-submit-timeout` (ms to wait for a formId; 0 = WeChat's default). */
    reportSubmitTimeout: { type: Number, value: 0 },
  },
  methods: {
    onSubmit(event: FormSubmitLike) {
      const detail = event.detail ?? {};
      this.triggerEvent('submit', { value: detail.value ?? {}, formId: collectFormId(event) });
    },
    onReset() {
      this.triggerEvent('reset', {});
    },
  },
});
