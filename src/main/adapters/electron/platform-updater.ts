/**
 * Picks the updater for this copy of the desk: electron-updater's own for the platform (NSIS,
 * AppImage, Squirrel.Mac) when updates apply, else an updater whose status says why not
 * (update-support.ts). The Ed25519 public key comes from the build: electron.vite.config.ts bakes
 * DESK_UPDATE_PUBLIC_KEY in, which the release workflow derives from its signing secret.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { app } from 'electron'
import { autoUpdater } from 'electron-updater'
import {
  createUnsupportedUpdater,
  type DeskUpdater,
  type UpdaterHooks,
} from '../../core/updates/desk-updater'
import { systemClock } from '../../core/clock'
import { createElectronDeskUpdater } from './electron-desk-updater'
import { parseUpdatePublicKey } from './update-signature'
import { updateSupport } from './update-support'

/** The public update key of this build ('' when the release had none). */
const BAKED_PUBLIC_KEY = process.env.DESK_UPDATE_PUBLIC_KEY ?? ''

function readPackageType(resourcesPath: string): string | null {
  const file = join(resourcesPath, 'package-type')
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null
}

/** The desk's updater for this copy. */
export function createPlatformUpdater(hooks: UpdaterHooks, version: string): DeskUpdater {
  const resourcesPath = process.resourcesPath ?? ''
  const support = updateSupport({
    isPackaged: app.isPackaged,
    platform: process.platform,
    appImagePath: process.env.APPIMAGE,
    snap: process.env.SNAP,
    packageType: app.isPackaged ? readPackageType(resourcesPath) : null,
    hasFeedConfig: app.isPackaged && existsSync(join(resourcesPath, 'app-update.yml')),
    publicKeyPem: BAKED_PUBLIC_KEY,
  })
  if (!support.supported) {
    hooks.log.info('updates: not for this copy', { reason: support.message })
    return createUnsupportedUpdater(version, support.message, hooks)
  }
  const publicKey = parseUpdatePublicKey(BAKED_PUBLIC_KEY)
  if (typeof publicKey === 'string') {
    hooks.log.error('updates: unusable update key', { reason: publicKey })
    return createUnsupportedUpdater(
      version,
      `Updates are off: ${publicKey}. Install new versions from the release page.`,
      hooks,
    )
  }
  return createElectronDeskUpdater({
    ...hooks,
    engine: autoUpdater,
    publicKey,
    currentVersion: version,
    clock: systemClock,
    requestQuit: () => app.quit(),
  })
}
