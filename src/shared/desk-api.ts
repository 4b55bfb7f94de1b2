/** The API the renderer sees, identical under Electron IPC and service-mode HTTP. */
import type { PushChannel, RequestChannel } from './channels'
import type { PushPayloads, RequestInput, RequestOutputs } from './contract'
import type { Result } from './result'

export interface DeskApi {
  /** Calls one request channel; never rejects: transport failures come back as a Result failure. */
  call<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutputs[C]>>
  /** Subscribes to one push channel; returns the unsubscribe function. */
  subscribe<P extends PushChannel>(channel: P, listener: (payload: PushPayloads[P]) => void): () => void
  /** Which transport carries the calls. */
  readonly transport: 'electron' | 'service'
}
