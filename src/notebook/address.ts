/** The notebook the page's address names (`#/notebook/<id>`), if any. */
export function notebookIdFromHash(hash: string): string | undefined {
  return /^#\/notebook\/(.+)$/.exec(hash)?.[1];
}

/** The Web Lock a tab holds while it has the notebook open (notebook-lock.ts). */
export function notebookLockName(notebookId: string): string {
  return `ripple-notebook:${notebookId}`;
}
