import type { ReportFormSubmitDetail } from '../report-form-events.js';
import { collectFormId, type FormSubmitLike } from '../sink.js';
import type { SubscribeError } from '../subscribe/errors.js';
import { requestSubscribe } from '../subscribe/request.js';
import type { SubscribeTemplateRef } from '../subscribe/types.js';

/**
 * `<report-form>`: a `<form report-submit>` around your fields, with an optional submit button.
 * Emits `submit` with `{ value, formId }` (`formId` null for mock or failed ids) and `reset`;
 * every real formId also goes to the collector registered with `registerCollector`. With
 * `subscribe`, the same tap asks for those templates first, and `submit` carries the results.
 *
 * Defined here, called by `report-form-file.ts`: in `miniprogram_dist` the definition lives in
 * the SDK's `index.js`, where it gzips with the code it calls, and the component's own file is
 * one line.
 */
export const defineReportForm = () =>
  Component({
    options: { addGlobalClass: true },
    externalClasses: ['custom-class', 'button-class'],
    // The short form `name: Type` where WeChat's default for the type is the one we want
    // (false, 0, []): the same properties, fewer bytes.
    properties: {
      /** Text of the built-in submit button. */
      text: { type: String, value: '提交' },
      /** Button type: primary, default or warn. */
      type: { type: String, value: 'primary' },
      disabled: Boolean,
      loading: Boolean,
      /** Hide the built-in button when your slot brings its own `form-type="submit"` button. */
      showButton: { type: Boolean, value: true },
      /** Passed to the form's `report-submit-timeout` (ms to wait for a formId; 0 = WeChat's default). */
      reportSubmitTimeout: Number,
      /** Subscribe templates to ask for on submit: ids, or `{ id, longTerm }` (at most 3, one kind). */
      subscribe: Array,
      /** The kind of the `subscribe` ids given as strings. */
      subscribeLongTerm: Boolean,
    },
    methods: {
      onSubmit(event: FormSubmitLike) {
        const value = (event.detail && (event.detail.value as Record<string, unknown>)) || {};
        const detail: ReportFormSubmitDetail = { value, formId: collectFormId(event) };
        const { subscribe, subscribeLongTerm } = this.data as {
          subscribe: SubscribeTemplateRef[];
          subscribeLongTerm: boolean;
        };
        const emit = (
          results?: ReportFormSubmitDetail['subscriptions'],
          error?: SubscribeError,
        ) => {
          // Without `subscribe`, exactly `{ value, formId }`, as before subscribe messages.
          if (results !== undefined) detail.subscriptions = results;
          if (error) detail.subscribeError = error;
          this.triggerEvent('submit', detail);
        };
        if (!subscribe || !subscribe.length) return emit();
        // Asked now, synchronously in the submit handler: the tap is the gesture WeChat requires.
        requestSubscribe(subscribe, { longTerm: subscribeLongTerm }).then(emit, (error) =>
          emit(null, error),
        );
      },
      onReset() {
        this.triggerEvent('reset', {});
      },
    },
  });
