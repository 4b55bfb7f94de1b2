// write-file-atomic 7 ships no type declarations; this is the part of its API the desk uses.
declare module 'write-file-atomic' {
  type Options = {
    fsync?: boolean
    encoding?: BufferEncoding
    mode?: number
    tmpfileCreated?: (tmp: string) => void
  }
  function writeFileAtomic(file: string, data: string | Uint8Array, options?: Options): Promise<void>
  export default writeFileAtomic
}
