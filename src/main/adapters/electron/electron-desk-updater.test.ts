/**
 * The desk's updater with the real electron-updater (AppImageUpdater, generic provider) against a
 * local feed on 127.0.0.1: found, verified, downloaded, installed; unsigned, wrongly signed and
 * corrupt updates refused; never an install while a sync runs. Only `electron` itself is fake.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UpdateStatus } from '../../../shared/model'
import { createManualClock } from '../../core/clock'
import { DeskError } from '../../core/errors/desk-error'
import { createMemoryLogger } from '../../logging/logger'
import { createElectronDeskUpdater, updateFailureMessage, type UpdateEngine } from './electron-desk-updater'
import {
  installFakePackagedApp,
  startUpdateFeed,
  updateKeyPair,
  type FakeInstall,
  type UpdateFeed,
} from './update-feed.test-helper'

const CURRENT = '0.1.0'
const NEXT = '0.2.0'
const release = updateKeyPair()
const stranger = updateKeyPair()

let feed: UpdateFeed
let install: FakeInstall
let syncs = 0

/** The new "AppImage": a script, so an install really replaces and runs it. */
function newAppImage(marker: string): Buffer {
  return Buffer.from(`#!/bin/sh\necho "installed ${NEXT}" > "${marker}"\n# ${'x'.repeat(64 * 1024)}\n`)
}

async function makeUpdater(opts: { startDelayMs?: number; everyMs?: number } = {}) {
  const { AppImageUpdater } = await import('electron-updater')
  const engine = new AppImageUpdater() as unknown as UpdateEngine
  const clock = createManualClock(Date.UTC(2026, 11, 1, 9, 0))
  const requestQuit = vi.fn()
  const updater = createElectronDeskUpdater({
    engine,
    publicKey: release.publicKey,
    currentVersion: CURRENT,
    clock,
    requestQuit,
    syncsRunning: () => syncs,
    log: createMemoryLogger(),
    ...opts,
  })
  const seen: UpdateStatus[] = []
  updater.subscribe((s) => seen.push(s))
  return { updater, engine, clock, requestQuit, seen }
}

beforeEach(async () => {
  syncs = 0
  feed = await startUpdateFeed({
    version: NEXT,
    body: Buffer.from('placeholder'),
    signWith: release.privateKeyPem,
  })
  install = installFakePackagedApp(feed.url, CURRENT)
  feed.setOptions({
    version: NEXT,
    body: newAppImage(join(install.dir, 'marker')),
    signWith: release.privateKeyPem,
  })
})

afterEach(async () => {
  install.restore()
  await feed.stop()
})

describe('the desk updater against a local update feed', () => {
  it('finds a signed update, downloads and verifies it, and offers "Restart to update"', async () => {
    const { updater, seen } = await makeUpdater()
    const status = await updater.check('user')
    expect(status).toMatchObject({ state: 'ready', currentVersion: CURRENT, availableVersion: NEXT })
    expect(status.message).toMatch(/downloaded and verified/)
    expect(status.lastCheckedAtMs).toBe(Date.UTC(2026, 11, 1, 9, 0))
    expect(seen.map((s) => s.state)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']))
    expect(feed.requests).toEqual(['/latest-linux.yml', `/${feed.fileName}`])
  })

  it('refuses an unsigned update before downloading a byte', async () => {
    feed.setOptions({ version: NEXT, body: newAppImage('/dev/null'), signWith: null })
    const { updater } = await makeUpdater()
    const status = await updater.check('user')
    expect(status.state).toBe('failed')
    expect(status.message).toMatch(/refused: .* is not signed with Umbrella's update key/)
    expect(feed.requests).toEqual(['/latest-linux.yml'])
    await expect(updater.install()).rejects.toThrow(/No update is ready/)
  })

  it('refuses an update signed with another key', async () => {
    feed.setOptions({ version: NEXT, body: newAppImage('/dev/null'), signWith: stranger.privateKeyPem })
    const { updater } = await makeUpdater()
    const status = await updater.check('user')
    expect(status).toMatchObject({ state: 'failed', availableVersion: NEXT })
    expect(status.message).toMatch(/does not match Umbrella's update key/)
    expect(feed.requests).not.toContain(`/${feed.fileName}`)
  })

  it('refuses a corrupt download (SHA-512 mismatch) and keeps nothing to install', async () => {
    feed.setOptions({
      version: NEXT,
      body: newAppImage(join(install.dir, 'marker')),
      signWith: release.privateKeyPem,
      corrupt: true,
    })
    const { updater } = await makeUpdater()
    const status = await updater.check('user')
    expect(status.state).toBe('failed')
    expect(status.message).toMatch(/damaged: its SHA-512 checksum does not match/)
    expect(feed.requests).toContain(`/${feed.fileName}`)
    expect(updater.takeOverQuit()).toBe(false)
    expect(existsSync(join(install.dir, 'marker'))).toBe(false)
  })

  it('says the desk is up to date when the feed has the running version', async () => {
    feed.setOptions({ version: CURRENT, body: newAppImage('/dev/null'), signWith: release.privateKeyPem })
    const { updater } = await makeUpdater()
    expect(await updater.check('user')).toMatchObject({
      state: 'up-to-date',
      availableVersion: null,
      message: `Version ${CURRENT} is the latest.`,
    })
  })

  it('says plainly when the update server cannot be reached', async () => {
    await feed.stop()
    const { updater } = await makeUpdater()
    const status = await updater.check('user')
    expect(status.state).toBe('failed')
    expect(status.message).toBe(
      'Could not reach the update server. Check the network connection; the desk checks again later.',
    )
  })

  it('joins a check already under way instead of asking the feed twice', async () => {
    const { updater } = await makeUpdater()
    const [a, b] = await Promise.all([updater.check('user'), updater.check('start')])
    expect(a.state).toBe('ready')
    expect(b.state).toBe('ready')
    expect(feed.requests.filter((p) => p === '/latest-linux.yml')).toHaveLength(1)
  })

  it('never installs while a sync runs, then restarts in order once none does', async () => {
    const { updater, engine, requestQuit } = await makeUpdater()
    await updater.check('user')
    syncs = 2
    expect(updater.status().syncsRunning).toBe(2)
    const refused = await updater.install().catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(DeskError)
    expect((refused as DeskError).message).toMatch(/2 syncs are running/)
    expect(requestQuit).not.toHaveBeenCalled()
    // Even a quit while syncs still run does not hand over to the installer.
    const quitAndInstall = vi.spyOn(engine, 'quitAndInstall').mockImplementation(() => {})
    expect(updater.takeOverQuit()).toBe(false)
    expect(quitAndInstall).not.toHaveBeenCalled()

    syncs = 0
    expect(await updater.install()).toMatchObject({ state: 'installing' })
    expect(requestQuit).toHaveBeenCalledTimes(1)
    // The shell stops the desk, then hands over: silent install, start the new version after.
    expect(updater.takeOverQuit()).toBe(true)
    expect(quitAndInstall).toHaveBeenCalledWith(true, true)
  })

  it('installs a ready update when the desk quits: the AppImage is replaced and run', async () => {
    const { updater } = await makeUpdater()
    await updater.check('user')
    expect(updater.takeOverQuit()).toBe(true)
    // electron-updater moved the verified download over the running AppImage's name and ran it.
    expect(readFileSync(join(install.dir, 'marker'), 'utf8')).toBe(`installed ${NEXT}\n`)
    expect(existsSync(install.appImagePath)).toBe(false)
    expect(existsSync(join(install.dir, feed.fileName))).toBe(true)
    await vi.waitFor(() => expect(install.app.quit).toHaveBeenCalledTimes(1))
  })

  it('checks at start and then periodically, on its clock, until stopped', async () => {
    const { updater, clock } = await makeUpdater({ startDelayMs: 20_000, everyMs: 60_000 })
    feed.setOptions({ version: CURRENT, body: newAppImage('/dev/null'), signWith: release.privateKeyPem })
    updater.start()
    await clock.advance(19_000)
    expect(feed.requests).toEqual([])
    await clock.advance(1_000)
    await vi.waitFor(() => expect(updater.status().state).toBe('up-to-date'))
    await clock.advance(60_000)
    await vi.waitFor(() => expect(feed.requests).toHaveLength(2))
    updater.stop()
    await clock.advance(120_000)
    expect(feed.requests).toHaveLength(2)
  })
})

describe('update failure messages', () => {
  it('maps electron-updater codes to what the user should know', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code })
    expect(updateFailureMessage(coded('ERR_UPDATER_INVALID_SIGNATURE'), '1.0.0')).toMatch(
      /^Version 1.0.0 was refused: it is not signed by Umbrella's code-signing certificate/,
    )
    expect(updateFailureMessage(new Error('HttpError: 404 Not Found'), null)).toMatch(/no update information/)
    expect(updateFailureMessage(new Error('boom\nstack'), null)).toBe(
      'The update check failed (Error: boom). The desk checks again later; the details are in the log.',
    )
  })
})
