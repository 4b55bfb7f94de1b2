import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32, encodePng, ICON_FILES, renderIcon } from '../../../../build/generate-icons.mjs'

const BUILD = resolve(__dirname, '../../../../build')

describe('app icons', () => {
  it('are exactly what build/generate-icons.mjs draws, so they can be regenerated', () => {
    expect(ICON_FILES.map(([name]) => name)).toEqual([
      'icon.png',
      'icons/512x512.png',
      'icons/256x256.png',
      'tray.png',
    ])
    for (const [name, size] of ICON_FILES) {
      expect(readFileSync(join(BUILD, name)).equals(renderIcon(size)), name).toBe(true)
    }
  })

  it('computes the standard CRC-32 that PNG chunks carry', () => {
    expect(crc32(Buffer.from('IEND', 'ascii'))).toBe(0xae426082)
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926)
  })

  it('encodes RGBA pixels losslessly', () => {
    const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 40])
    const png = encodePng(2, 2, rgba)
    const idatAt = png.indexOf('IDAT')
    const length = png.readUInt32BE(idatAt - 4)
    const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + length))
    // Each row: filter byte 0, then 2 pixels x 4 bytes.
    expect([...raw]).toEqual([0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8)])
  })
})
