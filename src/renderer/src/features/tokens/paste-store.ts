/**
 * The paste-tokens screen: the pasted text, a debounced live preview from main
 * ('tokens:preview': main parses, so the preview and the submit can never disagree), the two
 * choices ("create unknown entities", remembered on this machine; "exchange later", from the
 * setting until someone changes it here) and the outcome of the last submit. The text survives
 * switching screens.
 */
import { create } from 'zustand'
import type { RequestOutputs } from '../../../../shared/contract'
import { MAX_PASTE_CHARS, pasteTooBigMessage } from '../../../../shared/intake/paste-text'
import type { ParsedTokenBlock } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { useNowStore } from '../../lib/now-store'
import { readRememberedFlag, rememberFlag } from '../../lib/remembered'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from '../entities/entities-store'
import { notifyFailure, notifySuccess } from '../notifications/notify'
import { useSettingsStore } from '../settings/settings-store'
import { submitSummary } from './submit-outcome'
import { useTokensStore } from './tokens-store'

const CREATE_UNKNOWN_KEY = 'paste.create-unknown'

/** Quiet time after the last keystroke before the preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 300

type PasteState = {
  text: string
  preview:
    | { status: 'empty' }
    | { status: 'loading' }
    | { status: 'ready'; blocks: ParsedTokenBlock[] }
    | { status: 'failed'; problem: Problem }
  createUnknown: boolean
  /** "Exchange later" as chosen on this screen; null: the setting's default applies. */
  exchangeLater: boolean | null
  submit:
    | { status: 'idle' }
    | { status: 'sending' }
    | { status: 'done'; result: RequestOutputs['tokens:submit']; isExchangeLater: boolean }
    | { status: 'failed'; problem: Problem }
  setText: (text: string) => void
  setCreateUnknown: (value: boolean) => void
  setExchangeLater: (value: boolean) => void
  runPreview: () => Promise<void>
  submitTokens: () => Promise<void>
  clear: () => void
}

let debounce: ReturnType<typeof setTimeout> | null = null
let previewGeneration = 0

/** Paste screen state. */
export const usePasteStore = create<PasteState>((set, get) => ({
  text: '',
  preview: { status: 'empty' },
  createUnknown: readRememberedFlag(CREATE_UNKNOWN_KEY, false),
  exchangeLater: null,
  submit: { status: 'idle' },
  setText(text) {
    set({ text })
    if (debounce) clearTimeout(debounce)
    if (!text.trim()) {
      previewGeneration++
      return set({ preview: { status: 'empty' } })
    }
    if (text.length > MAX_PASTE_CHARS) {
      // Said at once, without a round trip; main applies the same limit to whatever it receives.
      previewGeneration++
      return set({
        preview: {
          status: 'failed',
          problem: { kind: 'invalid-input', message: pasteTooBigMessage(text.length) },
        },
      })
    }
    set({ preview: { status: 'loading' } })
    debounce = setTimeout(() => void get().runPreview(), PREVIEW_DEBOUNCE_MS)
  },
  setCreateUnknown(value) {
    rememberFlag(CREATE_UNKNOWN_KEY, value)
    set({ createUnknown: value })
  },
  setExchangeLater(value) {
    set({ exchangeLater: value })
  },
  async runPreview() {
    const mine = ++previewGeneration
    const text = get().text
    const r = await getDeskApi().call('tokens:preview', { text })
    if (mine !== previewGeneration) return
    set({ preview: r.ok ? { status: 'ready', blocks: r.value } : { status: 'failed', problem: r.problem } })
  },
  async submitTokens() {
    const isExchangeLater = effectiveExchangeLater(get().exchangeLater)
    set({ submit: { status: 'sending' } })
    const r = await getDeskApi().call('tokens:submit', {
      text: get().text,
      createUnknown: get().createUnknown,
      exchange: !isExchangeLater,
    })
    // The result is drawn on the paste screen; whoever left it while the exchange ran hears it here.
    const isAway = useNavStore.getState().route.screen !== 'tokens'
    const back = { action: { label: 'Open Paste tokens', route: { screen: 'tokens' as const } } }
    if (!r.ok) {
      if (isAway) notifyFailure('The tokens were not submitted', r.problem, back)
      return set({ submit: { status: 'failed', problem: r.problem } })
    }
    for (const t of r.value.accepted) useTokensStore.getState().upsert(t)
    for (const e of r.value.createdEntities) useEntitiesStore.getState().upsert(e)
    // The tokens now live in the desk: clear the text so the same paste cannot be submitted twice.
    if (debounce) clearTimeout(debounce)
    previewGeneration++
    set({
      submit: { status: 'done', result: r.value, isExchangeLater },
      text: '',
      preview: { status: 'empty' },
    })
    if (isAway) {
      const v = r.value
      const counts = {
        rejected: v.rejected.length,
        skipped: v.skipped.length,
        createdEntities: v.createdEntities.length,
      }
      notifySuccess(
        'Tokens submitted',
        submitSummary(v.accepted, counts, useNowStore.getState().nowMs).replace(' (see below)', ''),
        back,
      )
    }
  },
  clear() {
    if (debounce) clearTimeout(debounce)
    previewGeneration++
    set({ text: '', preview: { status: 'empty' }, submit: { status: 'idle' } })
  },
}))

/** Whether a submit now keeps the tokens pending: the screen's choice, else the setting. */
export function effectiveExchangeLater(choice: boolean | null): boolean {
  return choice ?? useSettingsStore.getState().settings?.exchangeLaterByDefault ?? false
}
