/**
 * Whether this copy of the desk can update itself, and if not, what the user should do instead.
 * electron-updater replaces an AppImage, runs the NSIS installer or hands a zip to Squirrel.Mac;
 * anything else (a development run, a .deb install, a build without a feed or update key) is
 * said plainly in Settings → Updates instead of failing at the first check.
 */

/** Facts about the running copy. */
export type UpdateSupportFacts = Readonly<{
  isPackaged: boolean
  platform: NodeJS.Platform
  /** `APPIMAGE`: set by the AppImage runtime to the file being run. */
  appImagePath: string | undefined
  /** Set inside a snap. */
  snap: string | undefined
  /** Contents of resources/package-type (electron-builder writes it for deb/rpm/pacman). */
  packageType: string | null
  /** resources/app-update.yml exists (release builds only; it names the feed). */
  hasFeedConfig: boolean
  /** The Ed25519 public key baked in at build time; empty when the release had no update key. */
  publicKeyPem: string
}>

/** Supported, or the sentence Settings shows. */
export type UpdateSupport = { supported: true } | { supported: false; message: string }

/** Decides whether updates apply to this copy. */
export function updateSupport(facts: UpdateSupportFacts): UpdateSupport {
  const no = (message: string): UpdateSupport => ({ supported: false, message })
  if (!facts.isPackaged)
    return no('This is a development run of the desk. Installed copies check for updates by themselves.')
  if (!facts.hasFeedConfig)
    return no(
      'This copy was built without an update feed (not by the release workflow). Install new versions from the release page.',
    )
  if (!facts.publicKeyPem.trim())
    return no(
      'This copy carries no update signing key, so it cannot verify updates and does not install them. Install new versions from the release page.',
    )
  if (facts.platform === 'linux') {
    if (facts.snap) return no('This copy was installed as a snap: the snap store updates it.')
    if (facts.packageType === 'deb' || facts.packageType === 'rpm' || facts.packageType === 'pacman')
      return no(
        `This copy was installed from the .${facts.packageType} package. Install new versions the same way (for a .deb: sudo apt install ./faces-concur-desk-<version>-amd64.deb), or use the AppImage, which updates itself.`,
      )
    if (!facts.appImagePath)
      return no('Updates apply to the AppImage. Run the desk from its .AppImage file to update it in place.')
  }
  return { supported: true }
}
