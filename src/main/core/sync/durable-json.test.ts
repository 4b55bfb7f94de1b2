import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDurableSlot, readDurableJson, writeDurableJson } from './durable-json'

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'durable-json-'))

describe('durable JSON documents', () => {
  it('creates the folder, writes the document readable by the user only, and reads it back', async () => {
    const dir = await tmp()
    const file = join(dir, 'a', 'b', 'state.json')
    await writeDurableJson(file, { watermarkMs: 42 })
    expect(await readDurableJson(file, null)).toEqual({ watermarkMs: 42 })
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('creates the folder again when it was removed after an earlier write', async () => {
    const dir = await tmp()
    const file = join(dir, 'sync', 'x.json')
    await writeDurableJson(file, 1)
    await rm(join(dir, 'sync'), { recursive: true })
    await writeDurableJson(file, 2)
    expect(await readDurableJson(file, 0)).toBe(2)
  })

  it('returns the fallback for a missing file and throws on a corrupt one (never a silent reset)', async () => {
    const dir = await tmp()
    expect(await readDurableJson(join(dir, 'none.json'), 'fallback')).toBe('fallback')
    await writeFile(join(dir, 'bad.json'), '{"watermarkMs": 4')
    await expect(readDurableJson(join(dir, 'bad.json'), null)).rejects.toThrow(SyntaxError)
  })

  it('a slot coalesces saves and the latest value wins on disk', async () => {
    const dir = await tmp()
    const slot = createDurableSlot<number>(join(dir, 's.json'))
    await Promise.all([1, 2, 3, 4, 5].map((n) => slot.save(n)))
    await slot.idle()
    expect(JSON.parse(await readFile(slot.file, 'utf8'))).toBe(5)
  })
})
