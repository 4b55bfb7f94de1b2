/** Why a store could not be opened as it is; the opener moves it aside and salvages what it can. */
export class StoreDamage extends Error {
  constructor(
    /** unreadable: not a database at all; corrupt: the integrity check failed; newer-schema: written by a newer desk; broken-schema: tables missing. */
    readonly kind: 'unreadable' | 'corrupt' | 'newer-schema' | 'broken-schema',
    message: string,
  ) {
    super(message)
    this.name = 'StoreDamage'
  }
}
