// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { innerForm, mount, REAL_ID, sdk, settle, submitForm } from './support/simulate.js';

function sink() {
  const ids: string[] = [];
  return { ids, add: (id: string) => ids.push(id) };
}

afterEach(() => sdk.registerCollector(null));

describe('<report-form>', () => {
  it('renders a report-submit form around the slot, with the submit button', () => {
    const page = mount(
      '<report-form class="wxtpl-host" text="订阅通知" report-submit-timeout="{{300}}"><view class="field">姓名</view></report-form>',
    );
    const { host, form } = innerForm(page);
    const html = host.dom?.innerHTML ?? '';
    expect(html).toContain('姓名');
    expect(html).toContain('订阅通知');
    // The slot content stays the page's node, rendered inside the component's form.
    expect(page.querySelector('.field')?.dom?.textContent).toBe('姓名');
    expect(form.dom?.textContent).toContain('姓名');
    expect(form.data).toEqual({ reportSubmit: true, reportSubmitTimeout: 300 });
    const button = host.querySelector('.wxtpl-report-form__button');
    expect(button?.data).toMatchObject({ formType: 'submit', type: 'primary', disabled: false });
  });

  it('hides the button with show-button false and disables it while loading', () => {
    const hidden = mount('<report-form class="wxtpl-host" show-button="{{false}}" />');
    expect(innerForm(hidden).host.querySelector('.wxtpl-report-form__button')).toBeUndefined();
    const loading = mount('<report-form class="wxtpl-host" loading="{{true}}" type="warn" />');
    const button = innerForm(loading).host.querySelector('.wxtpl-report-form__button');
    expect(button?.data).toMatchObject({ loading: true, disabled: true, type: 'warn' });
  });

  it('emits submit with the value and the real formId, and hands the id to the collector', async () => {
    const collector = sink();
    sdk.registerCollector(collector);
    const details: unknown[] = [];
    const page = mount('<report-form class="wxtpl-host" bind:submit="onSubmit" />', {
      onSubmit(event: { detail: unknown }) {
        details.push(event.detail);
      },
    });
    innerForm(page).form.dispatchEvent('submit', {
      detail: { formId: REAL_ID, value: { name: '张三' } },
    });
    await settle();
    expect(details).toEqual([{ value: { name: '张三' }, formId: REAL_ID }]);
    expect(collector.ids).toEqual([REAL_ID]);
  });

  it('reports null for mock and failed ids and never hands them over', async () => {
    const collector = sink();
    sdk.registerCollector(collector);
    const formIds: unknown[] = [];
    const page = mount('<report-form class="wxtpl-host" bind:submit="onSubmit" />', {
      onSubmit(event: { detail: { formId: unknown } }) {
        formIds.push(event.detail.formId);
      },
    });
    const { form } = innerForm(page);
    form.dispatchEvent('submit', { detail: { formId: 'the formId is a mock one', value: {} } });
    form.dispatchEvent('submit', { detail: { formId: 'requestFormId:fail timeout', value: {} } });
    await settle();
    expect(formIds).toEqual([null, null]);
    expect(collector.ids).toEqual([]);
  });

  it('keeps ids submitted before the collector is registered and delivers them once', async () => {
    const page = mount('<report-form class="wxtpl-host" />');
    await submitForm(page, REAL_ID);
    const collector = sink();
    sdk.registerCollector(collector);
    sdk.registerCollector(collector);
    expect(collector.ids).toEqual([REAL_ID]);
  });

  it('serves two forms on one page, each to its own handler, both to the collector', async () => {
    const collector = sink();
    sdk.registerCollector(collector);
    const seen: string[] = [];
    const page = mount(
      `<report-form class="first" bind:submit="onFirst"><view>A</view></report-form>
       <report-form class="second" bind:submit="onSecond" text="B"><view>B</view></report-form>`,
      {
        onFirst(event: { detail: { formId: string } }) {
          seen.push(`first:${event.detail.formId}`);
        },
        onSecond(event: { detail: { formId: string } }) {
          seen.push(`second:${event.detail.formId}`);
        },
      },
    );
    innerForm(page, '.second').form.dispatchEvent('submit', {
      detail: { formId: 'id-2', value: {} },
    });
    innerForm(page, '.first').form.dispatchEvent('submit', {
      detail: { formId: 'id-1', value: {} },
    });
    await settle();
    expect(seen).toEqual(['second:id-2', 'first:id-1']);
    expect(collector.ids).toEqual(['id-2', 'id-1']);
  });

  it('survives a collector that throws: the page still gets its submit', async () => {
    sdk.registerCollector({
      add() {
        throw new Error('broken collector');
      },
    });
    const formIds: unknown[] = [];
    const page = mount('<report-form class="wxtpl-host" bind:submit="onSubmit" />', {
      onSubmit(event: { detail: { formId: unknown } }) {
        formIds.push(event.detail.formId);
      },
    });
    await submitForm(page, REAL_ID);
    expect(formIds).toEqual([REAL_ID]);
  });

  it('emits reset', async () => {
    let resets = 0;
    const page = mount('<report-form class="wxtpl-host" bind:reset="onReset" />', {
      onReset() {
        resets += 1;
      },
    });
    innerForm(page).form.dispatchEvent('reset', {});
    await settle();
    expect(resets).toBe(1);
  });
});

describe('<report-form> with the real collector', () => {
  it("lands a submitted formId in the collector's storage queue, mock ids never", async () => {
    const { createWxRuntime } = await import('@wxtpl/emulator');
    const phone = createWxRuntime({ emulatorUrl: 'http://127.0.0.1:9', appId: 'wxcomponent' });
    const collector = sdk.createCollector({
      endpoint: 'http://127.0.0.1:9/collect',
      wx: phone.wx,
      batchSize: 50,
      flushIntervalMs: 0,
    });
    sdk.registerCollector(collector);
    const page = mount('<report-form class="wxtpl-host" />');
    const { form } = innerForm(page);
    form.dispatchEvent('submit', { detail: { formId: REAL_ID, value: {} } });
    form.dispatchEvent('submit', { detail: { formId: 'the formId is a mock one', value: {} } });
    await settle();
    expect(collector.pending()).toBe(1);
    expect(phone.wx.getStorageSync('wxtpl:formIds')).toEqual([
      { formId: REAL_ID, createdAt: expect.any(Number) },
    ]);
    expect(phone.stats.requests).toBe(0);
    collector.destroy();
  });
});

describe('collectFormId', () => {
  it('hands a real id from a page-owned form to the collector and returns it', () => {
    const collector = sink();
    sdk.registerCollector(collector);
    expect(sdk.collectFormId({ detail: { formId: REAL_ID, value: {} } })).toBe(REAL_ID);
    expect(sdk.collectFormId({ detail: { formId: 'the formId is a mock one' } })).toBeNull();
    expect(sdk.collectFormId(undefined)).toBeNull();
    expect(collector.ids).toEqual([REAL_ID]);
  });
});
