import { describe, expect, it } from 'vitest'
import { updateSupport, type UpdateSupportFacts } from './update-support'

const installed: UpdateSupportFacts = {
  isPackaged: true,
  platform: 'linux',
  appImagePath: '/home/desk/Applications/faces-concur-desk-0.1.0-x86_64.AppImage',
  snap: undefined,
  packageType: null,
  hasFeedConfig: true,
  publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----',
}
const message = (facts: Partial<UpdateSupportFacts>) => {
  const s = updateSupport({ ...installed, ...facts })
  return s.supported ? 'supported' : s.message
}

describe('which copies update themselves', () => {
  it('updates an installed AppImage, NSIS install and macOS app', () => {
    expect(message({})).toBe('supported')
    expect(message({ platform: 'win32', appImagePath: undefined })).toBe('supported')
    expect(message({ platform: 'darwin', appImagePath: undefined })).toBe('supported')
  })

  it('says why not, and what to do instead, for every other copy', () => {
    expect(message({ isPackaged: false })).toMatch(/development run/)
    expect(message({ hasFeedConfig: false })).toMatch(/without an update feed/)
    expect(message({ publicKeyPem: ' ' })).toMatch(/no update signing key/)
    expect(message({ packageType: 'deb' })).toMatch(/installed from the \.deb package.*sudo apt install/)
    expect(message({ snap: '/snap/faces' })).toMatch(/snap store/)
    expect(message({ appImagePath: undefined })).toMatch(/Run the desk from its \.AppImage/)
  })
})
