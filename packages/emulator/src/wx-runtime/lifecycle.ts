import type { WxAnyListener, WxAppHideOptions, WxAppShowOptions } from './types.js';

type HideListener = (options: WxAppHideOptions) => void;
type ShowListener = (options: WxAppShowOptions) => void;

/** The app's foreground/background state and the `onAppShow`/`onAppHide` listeners. */
export class AppLifecycle {
  visible = true;
  private readonly hideListeners: HideListener[] = [];
  private readonly showListeners: ShowListener[] = [];

  onHide(listener: HideListener): void {
    this.hideListeners.push(listener);
  }

  /** Without a listener, removes every hide listener (as `wx.offAppHide()` does). */
  offHide(listener?: WxAnyListener): void {
    remove(this.hideListeners, listener);
  }

  onShow(listener: ShowListener): void {
    this.showListeners.push(listener);
  }

  offShow(listener?: WxAnyListener): void {
    remove(this.showListeners, listener);
  }

  hide(options: WxAppHideOptions): void {
    this.visible = false;
    for (const listener of [...this.hideListeners]) listener(options);
  }

  show(options: WxAppShowOptions): void {
    this.visible = true;
    for (const listener of [...this.showListeners]) listener(options);
  }

  clear(): void {
    this.hideListeners.length = 0;
    this.showListeners.length = 0;
  }
}

function remove(list: unknown[], item: unknown): void {
  if (item === undefined) {
    list.length = 0;
    return;
  }
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}
