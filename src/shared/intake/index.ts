/** Pure intake helpers shared by the renderer and the main process. */
export * from './case-composer'
export * from './format-time'
export * from './intake-window'
export * from './token-parser'
