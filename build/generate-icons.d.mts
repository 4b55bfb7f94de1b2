/** Types of the exports of generate-icons.mjs (for the test that the committed icons are its output). */
export function crc32(bytes: Uint8Array): number
export function encodePng(width: number, height: number, rgba: Buffer): Buffer
export function renderIcon(size: number): Buffer
export const ICON_FILES: ReadonlyArray<readonly [string, number]>
