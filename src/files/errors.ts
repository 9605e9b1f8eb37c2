/**
 * Why a notebook file could not be imported (or a notebook could not be exported).
 * `message` is meant for the user as is; `line` is 1-based, present when the
 * problem is at a specific line of a `.py` file.
 */
export class NotebookFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'NotebookFileError';
  }
}
