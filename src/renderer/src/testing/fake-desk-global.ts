/**
 * Browser entry for screenshots and the UI benchmark: installs the in-memory fake as `window.desk`
 * (the Electron preload's slot), so the built renderer runs with no desk service behind it.
 * Options come from `window.__fakeDeskOptions`; `window.__fakeDesk` exposes the fake to the driver.
 */
import { createFakeDeskApi, type FakeDeskApi, type FakeDeskOptions } from './fake-desk-api'

declare global {
  interface Window {
    __fakeDeskOptions?: FakeDeskOptions
    __fakeDesk?: FakeDeskApi
  }
}

const fake = createFakeDeskApi(window.__fakeDeskOptions ?? {})
window.__fakeDesk = fake
window.desk = fake
